import { Link } from 'react-router';
import type { SessionViewT } from '../../../../server/contract/accounts';
import { plural } from '../../app/format';
import { toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { EmptyState } from '../../components/EmptyState';
import { useGetAuthoringHomeQuery } from '../authoring/authoringApi';
import { RoleSection } from './RoleSection';

export function AuthorHome({ session }: { session: SessionViewT }) {
  const companies = session.user.memberships.filter((m) => m.role === 'author' && m.orgKind === 'enterprise');
  return (
    <RoleSection role="author" title="Scenario authoring" session={session}>
      <div className="panel-grid">
        {companies.map((c) => (
          <ScenariosCard key={c.orgId} enterpriseId={c.orgId} company={c.orgName} several={companies.length > 1} />
        ))}
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

/** How far the company's scenarios are: published, being written, and the drafts to go back to. */
function ScenariosCard({ enterpriseId, company, several }: { enterpriseId: string; company: string; several: boolean }) {
  const { data, error } = useGetAuthoringHomeQuery(enterpriseId);
  const problem = toProblem(error);
  const href = several ? `/authoring?enterprise=${enterpriseId}` : '/authoring';
  const scenarios = data?.scenarios ?? [];
  const published = scenarios.filter((s) => s.versions.length > 0).length;
  const drafts = scenarios.filter((s) => s.draft);
  return (
    <div className="panel stat">
      <h3 className="panel__title">{several ? `Scenarios: ${company}` : 'Scenarios'}</h3>
      {problem ? <Banner tone="error">{problem.message}</Banner> : null}
      {data && scenarios.length === 0 ? (
        <EmptyState title="No scenarios yet">Work scenarios you write for {company} will be listed here, from first draft to published.</EmptyState>
      ) : null}
      {data && scenarios.length > 0 ? (
        <>
          <p className="stat__value">{published}</p>
          <p className="stat__detail">
            {published === 1 ? 'scenario published' : 'scenarios published'}
            {drafts.length > 0 ? `, ${plural(drafts.length, 'draft')} in progress` : ''}
          </p>
          {drafts.length > 0 ? (
            <ul className="author-drafts">
              {drafts.slice(0, 3).map((s) => (
                <li key={s.id}>
                  <Link to={`/authoring/drafts/${s.draft!.id}`}>Continue the draft of {s.title}</Link>
                </li>
              ))}
            </ul>
          ) : null}
        </>
      ) : null}
      {!data && !problem ? <p className="stat__detail">Loading…</p> : null}
      <p className="stat__links">
        <Link to={href}>Open Authoring</Link>
      </p>
    </div>
  );
}
