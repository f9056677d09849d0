import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { SessionViewT } from '../../../../server/contract/accounts';
import { formatDay } from '../../app/format';
import { StatusBadge } from './StatusActions';
import { useListPlacementsQuery } from './placementsApi';
import './placements.css';

/** A student's own placements on their home page, each opening its page (logbook, assessments); nothing when there are none. */
export function StudentPlacements({ session }: { session: SessionViewT }) {
  const { t } = useTranslation('placements');
  const { data } = useListPlacementsQuery();
  const mine = (data ?? []).filter((p) => p.student.id === session.user.id && p.status !== 'cancelled');
  if (mine.length === 0) return null;
  return (
    <div className="panel student-placements">
      <h3 className="panel__title">{t('student.title')}</h3>
      <ul className="placement-list">
        {mine.map((p) => (
          <li key={p.id}>
            <Link to={`/placements/${p.id}`}>{t('card.where', { role: p.role, base: p.base.name, enterprise: p.base.enterprise.name })}</Link>{' '}
            <StatusBadge status={p.status} />
            <br />
            {t('detail.periodValue', { start: formatDay(p.startsOn), end: formatDay(p.endsOn) })}
          </li>
        ))}
      </ul>
    </div>
  );
}
