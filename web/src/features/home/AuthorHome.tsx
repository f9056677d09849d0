import { Link } from 'react-router';
import type { SessionViewT } from '../../../../server/contract/accounts';
import { EmptyState } from '../../components/EmptyState';
import { RoleSection } from './RoleSection';

export function AuthorHome({ session }: { session: SessionViewT }) {
  const company = session.user.memberships.find((m) => m.role === 'author')?.orgName ?? 'your company';
  return (
    <RoleSection role="author" title="Scenario authoring" session={session}>
      <div className="panel">
        <h3 className="panel__title">Scenarios</h3>
        <EmptyState title="No scenarios yet">
          Work scenarios you write for {company} will be listed here, from first draft to published.
        </EmptyState>
      </div>
      <div className="panel panel-grid--after">
        <h3 className="panel__title">Results from schools</h3>
        <p className="muted">Which competencies students most often miss on your scenarios, anonymised, and what teachers changed because of them.</p>
        <p className="stat__links">
          <Link to="/insights">Scenario insights</Link>
        </p>
      </div>
    </RoleSection>
  );
}
