import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { OrgViewT } from '../../../../server/contract/accounts';
import { formatDate, inSentence, orgKindLabel } from '../../app/format';
import { toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { EmptyState } from '../../components/EmptyState';
import { Page } from '../../components/Page';
import { useSession } from '../auth/useSession';
import { useListOrgsQuery } from './adminApi';
import { PartnershipsSection } from './PartnershipsSection';
import { RetentionSection } from './RetentionSection';
import { ErasurePolicySection } from './ErasurePolicySection';
import { ApiTokensSection } from './ApiTokensSection';
import { useCreatedNotice } from './useCreatedNotice';
import './admin.css';

function matches(org: OrgViewT, term: string): boolean {
  const lower = term.toLowerCase();
  return org.name.toLowerCase().includes(lower) || org.slug.includes(lower);
}

export function OrgsPage() {
  const { t } = useTranslation('admin');
  const { operator } = useSession();
  const { data, error, isLoading, isFetching } = useListOrgsQuery();
  const [term, setTerm] = useState('');
  const [created, dismissCreated] = useCreatedNotice();
  const problem = toProblem(error);
  // The API lists every organisation at once; there are tens, not thousands.
  const orgs = data?.orgs.filter((o) => matches(o, term.trim())) ?? [];

  return (
    <Page
      title={t('orgs.title')}
      intro={operator ? t('orgs.introOperator') : t('orgs.intro')}
      actions={
        operator ? (
          <Link to="/admin/orgs/new" className="btn btn--primary">
            {t('orgs.newOrg')}
          </Link>
        ) : null
      }
    >
      {created ? (
        <Banner tone="success" onDismiss={dismissCreated}>
          <Trans
            t={t}
            i18nKey="orgs.created"
            values={{ name: created.name, kind: created.detail === 'school' || created.detail === 'enterprise' ? inSentence(orgKindLabel(created.detail)) : (created.detail ?? '') }}
            components={{ strong: <strong /> }}
          />
        </Banner>
      ) : null}

      <form className="filters" role="search" aria-label={t('orgs.filter')} onSubmit={(e) => e.preventDefault()}>
        <div className="field filters__search">
          <label className="field__label" htmlFor="orgs-q">
            {t('orgs.search')}
          </label>
          <input id="orgs-q" className="input" type="search" value={term} onChange={(e) => setTerm(e.target.value)} autoComplete="off" />
        </div>
      </form>

      {problem ? <Banner tone="error">{problem.message}</Banner> : null}

      <p className="result-count" aria-live="polite">
        {isLoading ? t('loadingOrgs') : data ? t('orgs.count', { count: orgs.length, filtered: term.trim() ? 'yes' : 'no' }) : ''}
      </p>

      {data && orgs.length === 0 ? (
        <EmptyState title={term.trim() ? t('orgs.noneMatch') : t('orgs.noneYet')}>
          {term.trim() ? t('orgs.noneMatchText') : operator ? t('orgs.noneYetOperator') : t('orgs.noneYetText')}
        </EmptyState>
      ) : null}

      {orgs.length > 0 ? (
        <div className="table-wrap" role="region" aria-label={t('orgs.table')} tabIndex={0}>
          <table className="table" aria-busy={isFetching || undefined}>
            <thead>
              <tr>
                <th scope="col">{t('orgs.name')}</th>
                <th scope="col">{t('orgs.kind')}</th>
                <th scope="col" className="table__num">
                  {t('orgs.members')}
                </th>
                <th scope="col" className="hide-narrow">
                  {t('orgs.partners')}
                </th>
                <th scope="col" className="hide-narrow">
                  {t('orgs.added')}
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
                    <span className={`kind-badge kind-badge--${org.kind}`}>{orgKindLabel(org.kind)}</span>
                  </td>
                  <td className="table__num">{org.memberCount}</td>
                  <td className="hide-narrow">
                    {org.partners.length === 0 ? (
                      <span className="muted">{t('orgs.none')}</span>
                    ) : (
                      <ul className="plain-list">
                        {org.partners.map((p) => (
                          <li key={p.id}>
                            {p.name}
                            {p.status !== 'active' ? <span className="muted">{t('orgs.partnerStatus', { status: p.status === 'proposed' ? t('partnerships.status.proposed') : t('partnerships.status.ended') })}</span> : null}
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
      <RetentionSection />
      <ErasurePolicySection />
      <ApiTokensSection />
    </Page>
  );
}
