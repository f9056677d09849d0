import { useState } from 'react';
import { Link } from 'react-router';
import type { OrgViewT } from '../../../../server/contract/accounts';
import { formatDate, ORG_KIND_LABEL, plural } from '../../app/format';
import { toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { EmptyState } from '../../components/EmptyState';
import { Page } from '../../components/Page';
import { useSession } from '../auth/useSession';
import { useListOrgsQuery } from './adminApi';
import { PartnershipsSection } from './PartnershipsSection';
import { useCreatedNotice } from './useCreatedNotice';
import './admin.css';

function matches(org: OrgViewT, term: string): boolean {
  const t = term.toLowerCase();
  return org.name.toLowerCase().includes(t) || org.slug.includes(t);
}

export function OrgsPage() {
  const { operator } = useSession();
  const { data, error, isLoading, isFetching } = useListOrgsQuery();
  const [term, setTerm] = useState('');
  const [created, dismissCreated] = useCreatedNotice();
  const problem = toProblem(error);
  // The API lists every organisation at once; there are tens, not thousands.
  const orgs = data?.orgs.filter((o) => matches(o, term.trim())) ?? [];

  return (
    <Page
      title="Organisations"
      intro={operator ? 'Every school and company on this installation.' : 'The organisations you administer, and the partnerships between schools and companies.'}
      actions={
        operator ? (
          <Link to="/admin/orgs/new" className="btn btn--primary">
            New organisation
          </Link>
        ) : null
      }
    >
      {created ? (
        <Banner tone="success" onDismiss={dismissCreated}>
          Created organisation <strong>{created.name}</strong>
          {created.detail ? ` (${created.detail})` : ''}. You can now add users to it.
        </Banner>
      ) : null}

      <form className="filters" role="search" aria-label="Filter organisations" onSubmit={(e) => e.preventDefault()}>
        <div className="field filters__search">
          <label className="field__label" htmlFor="orgs-q">
            Search by name or slug
          </label>
          <input id="orgs-q" className="input" type="search" value={term} onChange={(e) => setTerm(e.target.value)} autoComplete="off" />
        </div>
      </form>

      {problem ? <Banner tone="error">{problem.message}</Banner> : null}

      <p className="result-count" aria-live="polite">
        {isLoading ? 'Loading organisations…' : data ? plural(orgs.length, 'organisation') + (term.trim() ? ' match your search' : '') : ''}
      </p>

      {data && orgs.length === 0 ? (
        <EmptyState title={term.trim() ? 'No organisations match' : 'No organisations yet'}>
          {term.trim() ? 'Try another name or slug.' : operator ? 'Create the first school with “New organisation”.' : 'You administer no organisation; the platform operators add you to one.'}
        </EmptyState>
      ) : null}

      {orgs.length > 0 ? (
        <div className="table-wrap" role="region" aria-label="Organisations" tabIndex={0}>
          <table className="table" aria-busy={isFetching || undefined}>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col" className="table__num">
                  Members
                </th>
                <th scope="col" className="hide-narrow">
                  Partners
                </th>
                <th scope="col" className="hide-narrow">
                  Added
                </th>
              </tr>
            </thead>
            <tbody>
              {orgs.map((org) => (
                <tr key={org.id}>
                  <th scope="row" className="table__name">
                    {org.name}
                    <span className="table__sub table__sub--mono">{org.slug}</span>
                  </th>
                  <td>
                    <span className={`kind-badge kind-badge--${org.kind}`}>{ORG_KIND_LABEL[org.kind]}</span>
                  </td>
                  <td className="table__num">{org.memberCount}</td>
                  <td className="hide-narrow">
                    {org.partners.length === 0 ? (
                      <span className="muted">None</span>
                    ) : (
                      <ul className="plain-list">
                        {org.partners.map((p) => (
                          <li key={p.id}>
                            {p.name}
                            {p.status !== 'active' ? <span className="muted"> ({p.status})</span> : null}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td className="table__date hide-narrow">{formatDate(org.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      <PartnershipsSection />
    </Page>
  );
}
