import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { Page } from '../../components/Page';
import { useListOrgsQuery } from '../admin/adminApi';

/** The schools the caller administers, each with its learning record store connection (only schools have courses). */
export function XapiOrgsPage() {
  const { t } = useTranslation('xapi');
  const { data, error } = useListOrgsQuery();
  const problem = toProblem(error);
  const schools = data?.orgs.filter((o) => o.kind === 'school') ?? [];
  return (
    <Page title={t('orgs.title')} intro={t('orgs.intro')}>
      {problem ? <Banner tone="error">{problem.message}</Banner> : null}
      {data ? (
        schools.length > 0 ? (
          <ul className="plain-list">
            {schools.map((o) => (
              <li key={o.id}>
                <Link to={`/admin/orgs/${o.id}/xapi`}>{o.name}</Link>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('orgs.none')}</p>
        )
      ) : null}
    </Page>
  );
}
