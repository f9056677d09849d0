import { useTranslation } from 'react-i18next';
import type { DeliveredEvent } from '../../../server/contract/workspace';
import { formatDateTime } from '../app/format';
import { Markdown } from './Markdown';

type Props = {
  events: DeliveredEvent[];
  unread: Set<string>;
  /** Messages still to come, in words, when the author announces them. */
  coming?: string[];
};

/** Messages from the simulated company, newest first; new ones are marked until seen. */
export function Inbox({ events, unread, coming = [] }: Props) {
  const { t } = useTranslation('workspace');
  const channelLabel: Record<string, string> = { email: t('inbox.channel.email'), chat: t('inbox.channel.chat'), phone: t('inbox.channel.phone'), ticket: t('inbox.channel.ticket') };
  const upcoming =
    coming.length > 0 ? (
      <section className="inbox-upcoming" aria-labelledby="inbox-upcoming">
        <h3 id="inbox-upcoming" className="inbox-upcoming__title">
          {t('inbox.comingUp')}
        </h3>
        <ul>
          {coming.map((text, i) => (
            <li key={i}>{text}</li>
          ))}
        </ul>
      </section>
    ) : null;
  if (events.length === 0) {
    return (
      <>
        {upcoming}
        <p className="muted inbox__empty">{t('inbox.empty')}</p>
      </>
    );
  }
  return (
    <>
      {upcoming}
      <ol className="inbox">
        {[...events].reverse().map((event) => (
          <li key={event.id} className={`message${unread.has(event.id) ? ' message--new' : ''}`}>
            <article aria-labelledby={`message-${event.id}`}>
              <header className="message__header">
                <h3 id={`message-${event.id}`} className="message__subject">
                  {unread.has(event.id) ? <span className="tag tag--new">{t('inbox.new')}</span> : null}
                  {event.subject}
                </h3>
                <p className="message__meta">
                  <strong>{event.from}</strong> · {channelLabel[event.channel] ?? event.channel} · <time dateTime={event.deliveredAt}>{formatDateTime(event.deliveredAt)}</time>
                </p>
              </header>
              <Markdown>{event.body}</Markdown>
            </article>
          </li>
        ))}
      </ol>
    </>
  );
}
