import { Link } from 'react-router';
import type { SessionViewT } from '../../../../server/contract/accounts';
import { StudentAssignments } from '../assignments/StudentAssignments';
import { RoleSection } from './RoleSection';
import { StudentFeedback } from './StudentFeedback';

export function StudentHome({ session }: { session: SessionViewT }) {
  return (
    <RoleSection role="student" title="My practice" session={session}>
      <div className="panel">
        <h3 className="panel__title">Assignments</h3>
        <StudentAssignments />
      </div>
      <div className="panel-grid panel-grid--after">
        <div className="panel">
          <h3 className="panel__title">Competencies</h3>
          <p className="muted">How your graded work builds each competency, with the evidence behind every score.</p>
          <p className="stat__links">
            <Link to="/record">My competency record</Link>
          </p>
        </div>
        <div className="panel">
          <h3 className="panel__title">Feedback</h3>
          <StudentFeedback />
        </div>
      </div>
    </RoleSection>
  );
}
