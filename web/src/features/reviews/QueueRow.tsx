import { Link } from 'react-router';
import type { QueueItemView } from '../../../../server/contract/review';
import { formatAgo, formatDateTime, formatScore } from '../../app/format';
import { itemState, MODE_LABEL } from './labels';
import { namesOf } from './ModerationNotice';
import { StudentRef, studentLabel } from './StudentRef';

type RowProps = { item: QueueItemView; now: number; userId: string; isNew: boolean; claiming: boolean; onClaim: () => void };

/** Who settles an item in moderation, in a few words under its status. */
function ModeratorLine({ moderation, userId }: { moderation: NonNullable<QueueItemView['moderation']>; userId: string }) {
  const mine = moderation.people.some((p) => p.id === userId);
  if (moderation.by === 'nobody') return <span className="tag tag--flagged">Nobody can settle it</span>;
  if (moderation.by === 'scoring-lead') {
    return (
      <span className="table__sub">
        No independent moderator: {mine ? 'you' : namesOf(moderation.people)} may settle it with a note
      </span>
    );
  }
  return <span className="table__sub">{mine && moderation.people.length === 1 ? 'You settle it' : `Settled by ${mine ? 'you or ' : ''}${namesOf(moderation.people.filter((p) => p.id !== userId))}`}</span>;
}

/** One submission in the review queue: who, what, when, how far its reviews are, and what the caller can do with it. */
export function QueueRow({ item, now, userId, isNew, claiming, onClaim }: RowProps) {
  const state = itemState(item);
  const who = studentLabel(item.student);
  const href = `/reviews/items/${item.id}`;
  let action;
  if (item.mine?.status === 'claimed') {
    action = (
      <Link to={href} className="btn btn--small btn--primary">
        Continue<span className="visually-hidden"> reviewing {who}</span>
      </Link>
    );
  } else if (item.status === 'open' && !item.mine && !item.claimedByOther) {
    action = (
      <button type="button" className="btn btn--small btn--primary" onClick={() => !claiming && onClaim()} aria-disabled={claiming || undefined}>
        {claiming ? 'Claiming…' : 'Claim'}
        <span className="visually-hidden"> the submission of {who}</span>
      </button>
    );
  } else if (item.status === 'moderation' && item.moderation?.people.some((p) => p.id === userId)) {
    action = (
      <Link to={href} className="btn btn--small btn--primary">
        Moderate<span className="visually-hidden"> the submission of {who}</span>
      </Link>
    );
  } else {
    action = (
      <Link to={href} className="btn btn--small">
        View<span className="visually-hidden"> the submission of {who}</span>
      </Link>
    );
  }
  return (
    <tr data-item={item.id} className={isNew ? 'row--new' : undefined}>
      <th scope="row" className="table__name table__name--wrap">
        {isNew ? <span className="tag tag--new">New</span> : null}
        <StudentRef student={item.student} />
      </th>
      <td>
        {item.scenario.title}
        <span className="table__sub">Version {item.scenario.version}</span>
        {/* On narrow screens the assignment column folds in under the scenario. */}
        <span className="table__sub only-narrow">{item.assignment.title}</span>
      </td>
      <td className="hide-narrow">
        {item.assignment.title}
        {item.assignment.course ? <span className="table__sub">{item.assignment.course}</span> : null}
      </td>
      <td className="table__date">
        <time dateTime={item.submittedAt} title={formatDateTime(item.submittedAt)}>
          {formatAgo(item.submittedAt, now)}
        </time>
      </td>
      <td className="table__num hide-narrow">{formatScore(item.autoScore)}</td>
      <td className="table__num">
        {item.reviewsIn}/{item.reviewsNeeded}
        <span className="table__sub">{MODE_LABEL[item.mode]}</span>
      </td>
      <td>
        <span className={`pill pill--${state.tone}`}>{state.label}</span>
        {item.calibration ? <span className="tag tag--calibration">Calibration</span> : null}
        {item.moderation ? <ModeratorLine moderation={item.moderation} userId={userId} /> : null}
        {item.mine?.status === 'claimed' && item.mine.claimExpiresAt ? (
          <span className="table__sub">
            until{' '}
            {new Date(item.mine.claimExpiresAt).toLocaleTimeString(undefined, {
              hour: '2-digit',
              minute: '2-digit',
            })}
          </span>
        ) : null}
      </td>
      <td className="table__action">{action}</td>
    </tr>
  );
}
