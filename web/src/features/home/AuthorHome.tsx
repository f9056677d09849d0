import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { SessionViewT } from '../../../../server/contract/accounts';
import { toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { EmptyState } from '../../components/EmptyState';
import { useGetAuthoringHomeQuery } from '../authoring/authoringApi';
import { RoleSection } from './RoleSection';

export function AuthorHome({ session }: { session: SessionViewT }) {
  const { t } = useTranslation('home');
  const companies = session.user.memberships.filter((m) => m.role === 'author' && m.orgKind === 'enterprise');
  return (
    <RoleSection role="author" title={t('author.title')} session={session}>
      <div className="panel-grid">
        {companies.map((c) => (
          <ScenariosCard key={c.orgId} enterpriseId={c.orgId} company={c.orgName} several={companies.length > 1} />
        ))}
      </div>
      <div className="panel panel-grid--after">
        <h3 className="panel__title">{t('author.results')}</h3>
        <p className="muted">{t('author.resultsText')}</p>
        <p className="stat__links">
          <Link to="/insights">{t('author.insights')}</Link>
        </p>
      </div>
    </RoleSection>
  );
}

/** How far the company's scenarios are: published, being written, and the drafts to go back to. */
function ScenariosCard({ enterpriseId, company, several }: { enterpriseId: string; company: string; several: boolean }) {
  const { t } = useTranslation('home');
  const { data, error } = useGetAuthoringHomeQuery(enterpriseId);
  const problem = toProblem(error);
  const href = several ? `/authoring?enterprise=${enterpriseId}` : '/authoring';
  const scenarios = data?.scenarios ?? [];
  const published = scenarios.filter((s) => s.versions.length > 0).length;
  const drafts = scenarios.filter((s) => s.draft);
  return (
    <div className="panel stat">
      <h3 className="panel__title">{several ? t('author.scenariosOf', { company }) : t('author.scenarios')}</h3>
      {problem ? <Banner tone="error">{problem.message}</Banner> : null}
      {data && scenarios.length === 0 ? (
        <EmptyState title={t('author.noneYet')}>{t('author.noneYetText', { company })}</EmptyState>
      ) : null}
      {data && scenarios.length > 0 ? (
        <>
          <p className="stat__value">{published}</p>
          <p className="stat__detail">
            {t('author.published', { published, drafts: drafts.length })}
          </p>
          {drafts.length > 0 ? (
            <ul className="author-drafts">
              {drafts.slice(0, 3).map((s) => (
                <li key={s.id}>
                  <Link to={`/authoring/drafts/${s.draft!.id}`}>{t('author.continueDraft', { title: s.title })}</Link>
                </li>
              ))}
            </ul>
          ) : null}
        </>
      ) : null}
      {!data && !problem ? <p className="stat__detail">{t('loading')}</p> : null}
      <p className="stat__links">
        <Link to={href}>{t('author.open')}</Link>
      </p>
    </div>
  );
}
