import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDay } from '../../app/format';
import { useAssessmentRemindersQuery } from './assessmentsApi';

/** On a mentor's or teacher's home: the assessments due from them that they have not signed off. */
export function AssessmentReminders() {
  const { t } = useTranslation('assessments');
  const { data } = useAssessmentRemindersQuery();
  if (!data || data.length === 0) return null;
  return (
    <div className="panel assess-reminders">
      <h3 className="panel__title">{t('reminders.title')}</h3>
      <ul>
        {data.map((r) => (
          <li key={`${r.placementId}-${r.kind}`}>
            <Link to={`/placements/${r.placementId}/assessments`}>{t('reminders.item', { student: r.student.name, kind: r.kind, due: formatDay(r.dueOn) })}</Link>{' '}
            <span className="muted">{t(`reminders.state.${r.state}`)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
