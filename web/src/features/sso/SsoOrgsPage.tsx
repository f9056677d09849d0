import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { orgKindLabel } from '../../app/format';
import { toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { Page } from '../../components/Page';
import { useListOrgsQuery } from '../admin/adminApi';

/** The organisations the caller administers, each with its single sign-on settings. */
export function SsoOrgsPage() {
  const { t } = useTranslation('sso');
  const { data, error } = useListOrgsQuery();
  const problem = toProblem(error);
  return (
    <Page title={t('orgs.title')} intro={t('orgs.intro')}>
      {problem ? <Banner tone="error">{problem.message}</Banner> : null}
      {data ? (
        <ul className="plain-list">
          {data.orgs.map((o) => (
            <li key={o.id}>
              <Link to={`/admin/orgs/${o.id}/sso`}>{o.name}</Link> <span className="muted">{orgKindLabel(o.kind)}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </Page>
  );
}
