import type { SessionViewT } from '../../../../server/contract/accounts';
import { EmptyState } from '../../components/EmptyState';
import { RoleSection } from './RoleSection';

export function StudentHome({ session }: { session: SessionViewT }) {
  return (
    <RoleSection role="student" title="My practice" session={session}>
      <div className="panel-grid">
        <div className="panel">
          <h3 className="panel__title">Assignments</h3>
          <EmptyState title="No assignments yet">Your teacher will assign scenarios to your course; they will appear here.</EmptyState>
        </div>
        <div className="panel">
          <h3 className="panel__title">Feedback</h3>
          <EmptyState title="No feedback yet">
            When a reviewer from a partner company assesses your work, their feedback appears here.
          </EmptyState>
        </div>
      </div>
    </RoleSection>
  );
}
