import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { PlacementView } from '../../../../server/contract/placements';
import { formatDay, formatNumber } from '../../app/format';
import { MentorPanel } from './MentorPanel';
import { StatusActions, StatusBadge } from './StatusActions';

/**
 * One placement in a list: who, where, when, its mentors, and (for those who run it) the status
 * moves and the enterprise mentor, folded away until opened.
 */
export function PlacementCard({ placement: p, manage }: { placement: PlacementView; manage: { status: boolean; mentor: boolean } }) {
  const { t } = useTranslation('placements');
  const open = p.status === 'planned' || p.status === 'active';
  return (
    <li className="placement-card panel">
      <h3 className="placement-card__title">
        <Link to={`/placements/${p.id}`}>{p.student.name}</Link> <StatusBadge status={p.status} />
      </h3>
      <p>{t('card.where', { role: p.role, base: p.base.name, enterprise: p.base.enterprise.name })}</p>
      <p>{t('card.when', { start: formatDay(p.startsOn), end: formatDay(p.endsOn), hours: formatNumber(p.weeklyHours, 0) })}</p>
      <p>{t('card.mentors', { school: p.teacher.name, enterprise: p.enterpriseMentor?.name ?? '', named: p.enterpriseMentor ? 'yes' : 'no' })}</p>
      {open && (manage.status || manage.mentor) ? (
        <details className="placement-card__manage">
          <summary>{t('card.manage')}</summary>
          {manage.status ? <StatusActions placement={p} /> : null}
          {manage.mentor ? <MentorPanel placement={p} /> : null}
        </details>
      ) : null}
    </li>
  );
}
