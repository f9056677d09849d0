import { Link } from 'react-router';
import type { StudentFeedbackItem } from '../../../../server/contract/review';
import { formatAgo, formatDateTime, formatScore, plural } from '../../app/format';
import { toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { EmptyState } from '../../components/EmptyState';
import { useServerNow } from '../connection/useServerNow';
import { useGetReleasedReviewsQuery } from '../reviews/reviewsApi';
import './StudentFeedback.css';

const SHOWN = 3;

/** The student's newest released reviews: what, the score, the start of what the reviewer wrote, and the way to the rest. */
export function StudentFeedback() {
  const { data, error, isLoading } = useGetReleasedReviewsQuery({ limit: SHOWN }, { refetchOnMountOrArgChange: true });
  const now = useServerNow(60_000);
  const problem = toProblem(error);
  if (isLoading) return <p className="muted">Loading your feedback…</p>;
  if (problem) return <Banner tone="error">{problem.message}</Banner>;
  if (!data || data.items.length === 0) {
    return <EmptyState title="No feedback yet">When a reviewer from a partner company assesses your work, their feedback appears here.</EmptyState>;
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
          {plural(data.total - data.items.length, 'older review')}: open {data.total - data.items.length === 1 ? 'it' : 'them'} with “View result” on the assignment.
        </p>
      ) : null}
    </>
  );
}

function FeedbackItem({ item, now }: { item: StudentFeedbackItem; now: number }) {
  const titleId = `feedback-${item.attemptId}`;
  return (
    <li className="feedback-item" aria-labelledby={titleId}>
      <h4 id={titleId} className="feedback-item__title">
        {item.scenario.title}
      </h4>
      <p className="feedback-item__meta">
        {item.assignment.title !== item.scenario.title ? `${item.assignment.title} · ` : ''}reviewed{' '}
        <time dateTime={item.releasedAt} title={formatDateTime(item.releasedAt)}>
          {formatAgo(item.releasedAt, now)}
        </time>
      </p>
      <p className="feedback-item__score">
        Final score <strong>{formatScore(item.finalScore)}</strong>
        {item.reviewScore !== null ? <span className="muted"> · review {formatScore(item.reviewScore)}</span> : null}
      </p>
      {item.excerpt ? (
        <blockquote className="feedback-item__quote">
          <p>{item.excerpt}</p>
        </blockquote>
      ) : (
        <p className="muted">The reviewer left no overall comment.</p>
      )}
      <p className="feedback-item__links">
        <Link to={`/attempts/${item.attemptId}`}>
          {item.truncated ? 'Read all the feedback' : 'Open the feedback'}
          <span className="visually-hidden"> on {item.scenario.title}</span>
        </Link>
        {item.lineComments > 0 ? <span className="muted">{plural(item.lineComments, 'comment')} on lines of your work</span> : null}
      </p>
    </li>
  );
}
