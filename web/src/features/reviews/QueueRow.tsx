import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { QueueItemView } from '../../../../server/contract/review';
import { formatAgo, formatDateTime, formatScore, formatTime } from '../../app/format';
import { itemState, modeLabel } from './labels';
import { namesOf } from './ModerationNotice';
import { StudentRef, studentLabel } from './StudentRef';

type RowProps = { item: QueueItemView; now: number; userId: string; isNew: boolean; claiming: boolean; onClaim: () => void };

/** Who settles an item in moderation, in a few words under its status. */
function ModeratorLine({ moderation, userId }: { moderation: NonNullable<QueueItemView['moderation']>; userId: string }) {
  const { t } = useTranslation('reviews');
  const mine = moderation.people.some((p) => p.id === userId);
  if (moderation.by === 'nobody') return <span className="tag tag--flagged">{t('row.nobody')}</span>;
  if (moderation.by === 'scoring-lead') {
    return <span className="table__sub">{t('row.scoringLead', { who: mine ? 'you' : 'others', names: namesOf(moderation.people) })}</span>;
  }
  return (
    <span className="table__sub">
      {mine && moderation.people.length === 1
        ? t('row.youSettle')
        : t('row.settledBy', { who: mine ? 'you' : 'others', names: namesOf(moderation.people.filter((p) => p.id !== userId)) })}
    </span>
  );
}

/** One submission in the review queue: who, what, when, how far its reviews are, and what the caller can do with it. */
export function QueueRow({ item, now, userId, isNew, claiming, onClaim }: RowProps) {
  const { t } = useTranslation('reviews');
  const state = itemState(item);
  const who = studentLabel(item.student);
  const href = `/reviews/items/${item.id}`;
  let action;
  if (item.mine?.status === 'claimed') {
    action = (
      <Link to={href} className="btn btn--small btn--primary">
        {t('row.continue')}
        <span className="visually-hidden">{t('row.continueHidden', { student: who })}</span>
      </Link>
    );
  } else if (item.status === 'open' && !item.mine && !item.claimedByOther) {
    action = (
      <button type="button" className="btn btn--small btn--primary" onClick={() => !claiming && onClaim()} aria-disabled={claiming || undefined}>
        {claiming ? t('claiming') : t('row.claim')}
        <span className="visually-hidden">{t('row.ofStudent', { student: who })}</span>
      </button>
    );
  } else if (item.status === 'moderation' && item.moderation?.people.some((p) => p.id === userId)) {
    action = (
      <Link to={href} className="btn btn--small btn--primary">
        {t('row.moderate')}
        <span className="visually-hidden">{t('row.ofStudent', { student: who })}</span>
      </Link>
    );
  } else {
    action = (
      <Link to={href} className="btn btn--small">
        {t('row.view')}
        <span className="visually-hidden">{t('row.ofStudent', { student: who })}</span>
      </Link>
    );
  }
  return (
    <tr data-item={item.id} className={isNew ? 'row--new' : undefined}>
      <th scope="row" className="table__name table__name--wrap">
        {isNew ? <span className="tag tag--new">{t('row.new')}</span> : null}
        <StudentRef student={item.student} />
      </th>
      <td>
        {item.scenario.title}
        <span className="table__sub">{t('row.version', { version: item.scenario.version })}</span>
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
        <span className="table__sub">{modeLabel(item.mode)}</span>
      </td>
      <td>
        <span className={`pill pill--${state.tone}`}>{state.label}</span>
        {item.calibration ? <span className="tag tag--calibration">{t('calibrationTag')}</span> : null}
        {item.moderation ? <ModeratorLine moderation={item.moderation} userId={userId} /> : null}
        {item.mine?.status === 'claimed' && item.mine.claimExpiresAt ? (
<span className="table__sub">{t('row.until', { time: formatTime(item.mine.claimExpiresAt) })}</span>
        ) : null}
      </td>
      <td className="table__action">{action}</td>
    </tr>
  );
}
