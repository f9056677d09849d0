import type { DeliveredEvent } from '../../../server/contract/workspace';
import { formatDateTime } from '../app/format';
import { Markdown } from './Markdown';

const CHANNEL_LABEL: Record<string, string> = { email: 'E-mail', chat: 'Chat', phone: 'Phone', ticket: 'Ticket' };

type Props = {
  events: DeliveredEvent[];
  unread: Set<string>;
  /** Messages still to come, in words, when the author announces them. */
  coming?: string[];
};

/** Messages from the simulated company, newest first; new ones are marked until seen. */
export function Inbox({ events, unread, coming = [] }: Props) {
  const upcoming =
    coming.length > 0 ? (
      <section className="inbox-upcoming" aria-labelledby="inbox-upcoming">
        <h3 id="inbox-upcoming" className="inbox-upcoming__title">
          Coming up
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
        <p className="muted inbox__empty">No messages yet. Colleagues may write to you during the scenario; new messages appear here.</p>
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
                  {unread.has(event.id) ? <span className="tag tag--new">New</span> : null}
                  {event.subject}
                </h3>
                <p className="message__meta">
                  {CHANNEL_LABEL[event.channel] ?? event.channel} from <strong>{event.from}</strong> · <time dateTime={event.deliveredAt}>{formatDateTime(event.deliveredAt)}</time>
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
