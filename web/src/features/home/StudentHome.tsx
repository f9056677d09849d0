import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { SessionViewT } from '../../../../server/contract/accounts';
import { StudentAssignments } from '../assignments/StudentAssignments';
import { LogbookReminders } from '../logbook/LogbookReminders';
import { StudentTalentPanel } from '../talent/StudentInvitations';
import { StudentPlacements } from '../placements/StudentPlacements';
import { RoleSection } from './RoleSection';
import { StudentFeedback } from './StudentFeedback';

export function StudentHome({ session }: { session: SessionViewT }) {
  const { t } = useTranslation('home');
  return (
    <RoleSection role="student" title={t('student.title')} session={session}>
      <LogbookReminders as="student" userId={session.user.id} />
      <div className="panel">
        <h3 className="panel__title">{t('student.assignments')}</h3>
        <StudentAssignments />
      </div>
      <StudentPlacements session={session} />
      <div className="panel-grid panel-grid--after">
        <div className="panel">
          <h3 className="panel__title">{t('student.competencies')}</h3>
          <p className="muted">{t('student.competenciesText')}</p>
          <p className="stat__links">
            <Link to="/record">{t('student.record')}</Link>
          </p>
        </div>
        <div className="panel">
          <h3 className="panel__title">{t('student.feedback')}</h3>
          <StudentFeedback />
        </div>
        <StudentTalentPanel />
      </div>
    </RoleSection>
  );
}
