import { Trans, useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { StudentFeedbackItem } from '../../../../server/contract/review';
import { formatAgo, formatDateTime, formatScore } from '../../app/format';
import { toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { EmptyState } from '../../components/EmptyState';
import { useServerNow } from '../connection/useServerNow';
import { useGetReleasedReviewsQuery } from '../reviews/reviewsApi';
import './StudentFeedback.css';

const SHOWN = 3;

/** The student's newest released reviews: what, the score, the start of what the reviewer wrote, and the way to the rest. */
export function StudentFeedback() {
  const { t } = useTranslation('home');
  const { data, error, isLoading } = useGetReleasedReviewsQuery({ limit: SHOWN }, { refetchOnMountOrArgChange: true });
  const now = useServerNow(60_000);
  const problem = toProblem(error);
  if (isLoading) return <p className="muted">{t('feedback.loading')}</p>;
  if (problem) return <Banner tone="error">{problem.message}</Banner>;
  if (!data || data.items.length === 0) {
    return <EmptyState title={t('feedback.noneYet')}>{t('feedback.noneYetText')}</EmptyState>;
  }
  return (
    <>
      <ul className="feedback-list">
        {data.items.map((item) => (
          <FeedbackItem key={item.attemptId} item={item} now={now} />
        ))}
      </ul>
      {data.total > data.items.length ? (
        <p className="muted feedback-list__more">
          {t('feedback.older', { count: data.total - data.items.length })}
        </p>
      ) : null}
    </>
  );
}

function FeedbackItem({ item, now }: { item: StudentFeedbackItem; now: number }) {
  const { t } = useTranslation('home');
  const titleId = `feedback-${item.attemptId}`;
  return (
    <li className="feedback-item" aria-labelledby={titleId}>
      <h4 id={titleId} className="feedback-item__title">
        {item.scenario.title}
      </h4>
      <p className="feedback-item__meta">
        {item.assignment.title !== item.scenario.title ? t('feedback.reviewedIn', { assignment: item.assignment.title }) : t('feedback.reviewed')}{' '}
        <time dateTime={item.releasedAt} title={formatDateTime(item.releasedAt)}>
          {formatAgo(item.releasedAt, now)}
        </time>
      </p>
      <p className="feedback-item__score">
        <Trans t={t} i18nKey="feedback.finalScore" values={{ score: formatScore(item.finalScore) }} components={{ strong: <strong /> }} />
        {item.reviewScore !== null ? <span className="muted">{t('feedback.review', { score: formatScore(item.reviewScore) })}</span> : null}
      </p>
      {item.excerpt ? (
        <blockquote className="feedback-item__quote">
          <p>{item.excerpt}</p>
        </blockquote>
      ) : (
        <p className="muted">{t('feedback.noComment')}</p>
      )}
      <p className="feedback-item__links">
        <Link to={`/attempts/${item.attemptId}`}>
          {item.truncated ? t('feedback.readAll') : t('feedback.open')}
          <span className="visually-hidden">{t('feedback.onSr', { title: item.scenario.title })}</span>
        </Link>
        {item.lineComments > 0 ? <span className="muted">{t('feedback.lineComments', { count: item.lineComments })}</span> : null}
      </p>
    </li>
  );
}
