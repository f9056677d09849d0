import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { SessionViewT } from '../../../../server/contract/accounts';
import { useListOrgsQuery, useListUsersQuery } from '../admin/adminApi';
import { ModerationAlerts } from '../reviews/ModerationAlerts';
import { TalentLinks } from '../talent/TalentLinks';
import { RoleSection } from './RoleSection';

/**
 * Administration on the home page: for an organisation's admin, the people and the
 * organisations they run; for a platform operator, the whole installation.
 */
export function AdminHome({ session, operator = false }: { session: SessionViewT; operator?: boolean }) {
  const { t } = useTranslation('home');
  const users = useListUsersQuery({ limit: 1, offset: 0 });
  const orgs = useListOrgsQuery();
  const schools = orgs.data?.orgs.filter((o) => o.kind === 'school').length;
  const enterprises = orgs.data?.orgs.filter((o) => o.kind === 'enterprise').length;
  // An enterprise's admins hear of reviews nobody independent can moderate (they see no student work).
  const runs = operator ? [] : session.user.memberships.filter((m) => m.role === 'admin' && m.orgKind === 'enterprise');
  return (
    <RoleSection role={operator ? 'operator' : 'admin'} title={operator ? t('admin.installation') : t('admin.title')} session={session}>
      {runs.map((m) => (
        <ModerationAlerts key={m.orgId} enterpriseId={m.orgId} enterpriseName={m.orgName} audience="admin" userId={session.user.id} />
      ))}
      <div className="panel-grid">
        <div className="panel stat">
          <h3 className="panel__title">{operator ? t('admin.users') : t('admin.people')}</h3>
          <p className="stat__value">{users.data ? users.data.total : users.error ? '—' : '…'}</p>
          <p className="stat__links">
            <Link to="/admin/users">{t('admin.manageUsers')}</Link>
            <Link to="/admin/users/new">{t('admin.createUser')}</Link>
          </p>
        </div>
        <div className="panel stat">
          <h3 className="panel__title">{operator ? t('admin.orgs') : t('admin.yourOrgs')}</h3>
          <p className="stat__value">{orgs.data ? orgs.data.orgs.length : orgs.error ? '—' : '…'}</p>
          {orgs.data ? (
            <p className="stat__detail">
              {t('admin.kinds', { schools: schools ?? 0, enterprises: enterprises ?? 0 })}
            </p>
          ) : null}
          <p className="stat__links">
            <Link to="/admin/orgs">{operator ? t('admin.manageOrgs') : t('admin.orgsAndPartnerships')}</Link>
            {operator ? <Link to="/admin/orgs/new">{t('admin.createOrg')}</Link> : null}
          </p>
        </div>
        {runs.length > 0 ? (
          <div className="panel stat">
            <h3 className="panel__title">{t('admin.roleProfiles')}</h3>
            <p className="stat__detail">{t('admin.roleProfilesHint')}</p>
            <p className="stat__links">
              <Link to="/role-profiles">{t('admin.roleProfilesLink')}</Link>
            </p>
          </div>
        ) : null}
        {operator ? null : <TalentLinks session={session} role="admin" />}
      </div>
    </RoleSection>
  );
}
