import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LogEntryView } from '../../../../server/contract/logbook';
import { LOG_COMMENT_MAX } from '../../../../server/contract/logbook';
import { formatDateTime, formatNumber } from '../../app/format';
import { toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { Field } from '../../components/Field';
import { Attachments } from './Attachments';
import { useCommentWeekMutation, useConfirmWeekMutation } from './logbookApi';

/** A week as written, its comment history and, for the enterprise mentor on a submitted week, confirm or comment. */
export function WeekView({ placementId, entry, canReview }: { placementId: string; entry: LogEntryView; canReview: boolean }) {
  const { t } = useTranslation('logbook');
  const [confirm, confirming] = useConfirmWeekMutation();
  const [comment, commenting] = useCommentWeekMutation();
  const [text, setText] = useState('');
  const problem = toProblem(confirming.error) ?? toProblem(commenting.error);
  const reviewing = canReview && entry.status === 'submitted';
  const id = (name: string) => `review-${entry.week}-${name}`;
  const busy = confirming.isLoading || commenting.isLoading;

  return (
    <div className="logbook-week__view">
      <dl className="logbook-facts">
        <dt>{t('field.hours')}</dt>
        <dd>{entry.hours === null ? '—' : t('hoursValue', { hours: formatNumber(entry.hours, 2) })}</dd>
        <dt>{t('field.tasks')}</dt>
        <dd className="logbook-text">{entry.tasks || '—'}</dd>
        <dt>{t('field.learned')}</dt>
        <dd className="logbook-text">{entry.learned || '—'}</dd>
        <dt>{t('field.problems')}</dt>
        <dd className="logbook-text">{entry.problems || '—'}</dd>
      </dl>
      <h4 className="logbook-subheading">{t('attachments.title')}</h4>
      <Attachments placementId={placementId} week={entry.week} attachments={entry.attachments} />
      {entry.confirmedAt ? <p className="muted">{t('confirmedBy', { name: entry.confirmedBy?.name ?? '', at: formatDateTime(entry.confirmedAt) })}</p> : null}
      <Comments entry={entry} />
      {problem ? <Banner tone="error">{problem.message}</Banner> : null}
      {reviewing ? (
        <div className="logbook-review">
          <div className="logbook-actions">
            <button type="button" className="btn btn--primary" disabled={busy} onClick={() => void confirm({ placementId, week: entry.week, revision: entry.revision })}>
              {t('review.confirm')}
            </button>
          </div>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (!text.trim()) return;
              void comment({ placementId, week: entry.week, body: text.trim() })
                .unwrap()
                .then(() => setText(''))
                .catch(() => undefined);
            }}
          >
            <Field id={id('comment')} label={t('review.commentLabel')} hint={t('review.commentHint')}>
              {(c) => <textarea {...c} className="logbook-input" rows={3} maxLength={LOG_COMMENT_MAX} value={text} onChange={(e) => setText(e.target.value)} />}
            </Field>
            <div className="logbook-actions">
              <button type="submit" className="btn" disabled={busy || !text.trim()}>
                {t('review.return')}
              </button>
            </div>
          </form>
        </div>
      ) : null}
    </div>
  );
}

export function Comments({ entry }: { entry: LogEntryView }) {
  const { t } = useTranslation('logbook');
  if (entry.comments.length === 0) return null;
  return (
    <>
      <h4 className="logbook-subheading">{t('comments')}</h4>
      <ol className="logbook-comments">
        {entry.comments.map((c) => (
          <li key={c.id} className="logbook-comments__item">
            <p className="logbook-text">{c.body}</p>
            <p className="muted">{t('commentBy', { name: c.author.name, at: formatDateTime(c.createdAt) })}</p>
          </li>
        ))}
      </ol>
    </>
  );
}
