import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { PlacementView } from '../../../../server/contract/placements';
import { useListPlacementsQuery } from '../placements/placementsApi';
import { useGetLogbookQuery } from './logbookApi';
import './logbook.css';

/**
 * In-app reminders on the home pages: for a student, their placements' weeks not logged yet
 * (and weeks returned to amend); for an enterprise mentor, their mentees' weeks waiting for
 * confirmation. Says nothing when there is nothing to do.
 */
export function LogbookReminders({ as, userId }: { as: 'student' | 'mentor'; userId: string }) {
  const { t } = useTranslation('logbook');
  const { data } = useListPlacementsQuery();
  const mine = (data ?? []).filter((p) => p.status !== 'cancelled' && (as === 'student' ? p.student.id === userId : p.enterpriseMentor?.id === userId));
  if (mine.length === 0) return null;
  return (
    <section className="panel logbook-reminders" aria-labelledby={`logbook-reminders-${as}`}>
      <h3 id={`logbook-reminders-${as}`} className="panel__title">
        {t('reminders.title')}
      </h3>
      <ul className="logbook-reminders__list">
        {mine.map((p) => (
          <Reminder key={p.id} placement={p} as={as} />
        ))}
      </ul>
    </section>
  );
}

function Reminder({ placement, as }: { placement: PlacementView; as: 'student' | 'mentor' }) {
  const { t } = useTranslation('logbook');
  const { data: book } = useGetLogbookQuery(placement.id);
  if (!book) return null;
  const returned = book.entries.filter((e) => e.status === 'returned').length;
  const waiting = book.entries.filter((e) => e.status === 'submitted').length;
  const text =
    as === 'student'
      ? t('reminders.student', { missing: book.missing.length, returned, base: placement.base.name })
      : t('reminders.mentor', { waiting, missing: book.missing.length, name: placement.student.name });
  const nothing = as === 'student' ? book.missing.length === 0 && returned === 0 : waiting === 0 && book.missing.length === 0;
  return (
    <li className="logbook-reminders__item">
      <Link className="logbook-reminders__link" to={`/placements/${placement.id}/logbook`}>
        {nothing ? t('reminders.upToDate', { name: as === 'student' ? placement.base.name : placement.student.name }) : text}
      </Link>
    </li>
  );
}
