import { Link } from 'react-router';
import type { ReviewAlert } from '../../../../server/contract/review';
import { formatAgo, formatDateTime, inSentence, leadReviewerLabel } from '../../app/format';
import { useServerNow } from '../connection/useServerNow';
import { useGetReviewAlertsQuery } from './reviewsApi';
import { namesOf } from './ModerationNotice';
import './ModerationAlerts.css';

type Props = {
  /** Undefined when the caller works for one enterprise: the server knows which. */
  enterpriseId: string | undefined;
  enterpriseName: string;
  /** Admins are sent to add a reviewer; leads who scored the work may settle it. */
  audience: 'admin' | 'lead';
  userId: string;
};

/**
 * Disagreements nobody independent can settle, for an enterprise's admins and lead reviewers,
 * live: the panel appears the moment one is stranded and goes when it is settled. Empty, it
 * shows nothing but its (silent) live region.
 */
export function ModerationAlerts({ enterpriseId, enterpriseName, audience, userId }: Props) {
  const { data } = useGetReviewAlertsQuery({ enterpriseId });
  const now = useServerNow(60_000);
  const total = data?.total ?? 0;
  const headingId = `moderation-alerts-${enterpriseId ?? 'mine'}`;
  return (
    <div aria-live="polite">
      {data && total > 0 ? (
        <section className="panel moderation-alerts" aria-labelledby={headingId}>
          <h3 id={headingId} className="panel__title">
            {total === 1 ? '1 review waits' : `${total} reviews wait`} for a moderator at {enterpriseName}
          </h3>
          <p>
            Two reviewers disagreed and nobody who did not score the work is left to settle it, so the student waits.{' '}
            {audience === 'admin'
              ? 'Add a reviewer, who then settles it independently, or make one of the reviewers who scored it a lead reviewer.'
              : 'A lead reviewer who scored it may settle it with a note on the record; or ask an administrator to add a reviewer.'}
          </p>
          <ul className="moderation-alerts__list">
            {data.items.map((a) => (
              <AlertRow key={a.itemId} alert={a} audience={audience} userId={userId} now={now} />
            ))}
          </ul>
          {data.items.length < total ? <p className="muted">The oldest {data.items.length} are listed.</p> : null}
          {audience === 'admin' ? (
            <p className="stat__links">
              <Link to="/admin/users/new">Add a reviewer</Link>
              <Link to="/admin/users?role=reviewer">Reviewers and their roles</Link>
            </p>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}

function AlertRow({ alert, audience, userId, now }: { alert: ReviewAlert; audience: Props['audience']; userId: string; now: number }) {
  const scorers = alert.scorers.map((s) => ({ name: s.id === userId ? 'you' : s.lead ? `${s.name} (${inSentence(leadReviewerLabel())})` : s.name }));
  const mayModerate = audience === 'lead' && alert.by === 'scoring-lead' && alert.scorers.some((s) => s.id === userId && s.lead);
  return (
    <li className="moderation-alerts__item">
      <span className="moderation-alerts__what">
        {alert.scenario.title}
        {alert.assignment.title !== alert.scenario.title ? ` · ${alert.assignment.title}` : ''}
      </span>
      <span className="table__sub">
        Scored by {namesOf(scorers)}; waiting since <time dateTime={alert.waitingSince} title={formatDateTime(alert.waitingSince)}>{formatAgo(alert.waitingSince, now)}</time>.{' '}
        {alert.by === 'nobody' ? 'No lead reviewer scored it, so nobody can settle it yet.' : null}
      </span>
      {mayModerate ? (
        <Link to={`/reviews/items/${alert.itemId}`} className="btn btn--small btn--primary">
          Settle it with a note<span className="visually-hidden">: {alert.scenario.title}</span>
        </Link>
      ) : null}
    </li>
  );
}
