import type { SessionViewT } from '../../../../server/contract/accounts';
import { EmptyState } from '../../components/EmptyState';
import { RoleSection } from './RoleSection';

export function TeacherHome({ session }: { session: SessionViewT }) {
  return (
    <RoleSection role="teacher" title="My teaching" session={session}>
      <div className="panel">
        <h3 className="panel__title">Courses</h3>
        <EmptyState title="No courses yet">
          Courses you teach will appear here. From a course you will assign scenarios and follow your students’ attempts.
        </EmptyState>
      </div>
    </RoleSection>
  );
}
