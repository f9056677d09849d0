import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { MembershipViewT, OrgViewT, Role, UserViewT } from '../../../../server/contract/accounts';
import { formatDate, inSentence, leadReviewerLabel, membershipLabel, operatorLabel, roleLabel, ROLE_ORG_KIND, ROLES } from '../../app/format';
import { fieldMessage, toProblem } from '../../app/problem';
import { Banner, OutcomeBanners } from '../../components/Banner';
import { Dialog, DialogActions } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { Page } from '../../components/Page';
import { IssueResetLink, LastSignIn } from '../auth/IssueResetLink';
import { useSession } from '../auth/useSession';
import { PersonalDataSection } from '../privacy/PersonalDataSection';
import './UserPage.css';
import { useGetUserQuery, useGrantMembershipMutation, useListOrgsQuery, useRemoveMembershipMutation, useUpdateUserMutation } from './adminApi';

/**
 * One person, as the admin of their organisation sees them: their roles there (given and
 * taken away here), and their account (disabled here when it belongs to no one else).
 * Changes reach the person at once: a removed role closes what it let them follow live.
 */
export function UserPage() {
  const { t } = useTranslation('admin');
  const { userId = '' } = useParams();
  const user = useGetUserQuery(userId);
  const problem = toProblem(user.error);
  return (
    <Page title={user.data?.name ?? t('user.title')} intro={user.data ? user.data.email : undefined}>
      <p className="back-link">
        <Link to="/admin/users">{t('backToUsers')}</Link>
      </p>
      {problem ? <Banner tone="error">{problem.message}</Banner> : null}
      {user.isLoading ? <p className="muted">{t('loading')}</p> : null}
      {user.data ? <UserDetail user={user.data} /> : null}
    </Page>
  );
}

function UserDetail({ user }: { user: UserViewT }) {
  const { t } = useTranslation('admin');
  const session = useSession();
  const [remove, removing] = useRemoveMembershipMutation();
  const [update, updating] = useUpdateUserMutation();
  const [confirming, setConfirming] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const problem = toProblem(removing.error) ?? toProblem(updating.error);
  const self = user.id === session.user.id;

  const onRemove = async (m: MembershipViewT) => {
    if (removing.isLoading) return;
    const result = await remove({ userId: user.id, membershipId: m.id });
    if ('data' in result && result.data) setNotice(t('user.removed', { name: user.name, role: inSentence(membershipLabel(m)), org: m.orgName }));
  };
  const onDisable = async (disabled: boolean) => {
    if (updating.isLoading) return;
    const result = await update({ id: user.id, disabled });
    setConfirming(false);
    if ('data' in result && result.data) setNotice(disabled ? t('user.disabled', { name: user.name }) : t('user.enabled', { name: user.name }));
  };

  return (
    <>
      <OutcomeBanners notice={notice} onDismiss={() => setNotice(null)} problem={problem} />

      <section className="section" aria-labelledby="user-account">
        <h2 id="user-account" className="section__title">
          {t('user.account')}
        </h2>
        <p className="user-account">
          {user.disabled ? <span className="status status--off">{t('status.disabled')}</span> : <span className="status status--on">{t('status.active')}</span>}
          {user.operator ? <span className="role-badge role-badge--operator">{operatorLabel()}</span> : null}
          <span className="muted">{t('user.added', { date: formatDate(user.createdAt) })}</span>
          <LastSignIn user={user} />
        </p>
        {self ? null : user.disabled ? (
          <button type="button" className="btn" aria-disabled={updating.isLoading || undefined} onClick={() => void onDisable(false)}>
            {t('user.enable')}
          </button>
        ) : (
          <button type="button" className="btn btn--danger" onClick={() => setConfirming(true)}>
            {t('user.disable')}
          </button>
        )}
        <IssueResetLink key={user.id} user={user} />
      </section>

      <section className="section" aria-labelledby="user-roles">
        <h2 id="user-roles" className="section__title">
          {t('user.roles')}
        </h2>
        {user.memberships.length === 0 ? <p className="muted">{t('user.none')}</p> : null}
        <ul className="plain-list user-roles" aria-label={t('roles')}>
          {user.memberships.map((m) => (
            <li key={m.id}>
              <span className={`role-badge role-badge--${m.role}`}>{membershipLabel(m)}</span>{' '}
              <span className="membership-list__org">{m.orgName}</span>{' '}
              <button type="button" className="btn btn--small btn--quiet" aria-disabled={removing.isLoading || undefined} onClick={() => void onRemove(m)}>
                {t('user.remove')}
                <span className="visually-hidden">{t('user.removeSr', { role: inSentence(membershipLabel(m)), org: m.orgName })}</span>
              </button>
            </li>
          ))}
        </ul>
        <GrantForm user={user} onGranted={setNotice} />
      </section>

      <PersonalDataSection user={user} self={self} />

      <Dialog
        open={confirming}
        title={t('user.disableTitle', { name: user.name })}
        onClose={() => setConfirming(false)}
        busy={updating.isLoading}
        initialFocus="disable-cancel"
        actions={<DialogActions busy={updating.isLoading} tone="danger" label={t('user.disableConfirm')} busyLabel={t('user.disabling')} onConfirm={() => void onDisable(true)} onCancel={() => setConfirming(false)} cancelId="disable-cancel" />}
      >
        <p>{t('user.disableText')}</p>
      </Dialog>
    </>
  );
}

function GrantForm({ user, onGranted }: { user: UserViewT; onGranted: (notice: string) => void }) {
  const { t } = useTranslation('admin');
  const orgs = useListOrgsQuery();
  const [grant, { isLoading, error }] = useGrantMembershipMutation();
  const [orgId, setOrgId] = useState('');
  // 'reviewer-lead' is the reviewer role with the lead flag: one choice here, two fields on the wire.
  const [role, setRole] = useState<Role | 'reviewer-lead' | ''>('');
  const problem = toProblem(error);
  const org: OrgViewT | undefined = orgs.data?.orgs.find((o) => o.id === orgId);
  const roles = ROLES.filter((r) => !org || ROLE_ORG_KIND[r] === null || ROLE_ORG_KIND[r] === org.kind);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (isLoading || !orgId || !role) return;
    const lead = role === 'reviewer-lead';
    const result = await grant({ userId: user.id, orgId, role: lead ? 'reviewer' : role, ...(lead ? { lead } : {}) });
    if ('data' in result && result.data) {
      onGranted(t('user.granted', { name: user.name, role: inSentence(lead ? leadReviewerLabel() : roleLabel(role)), org: org?.name ?? '' }));
      setRole('');
    }
  };

  return (
    <form className="form form--card user-grant" onSubmit={(e) => void onSubmit(e)} aria-label={t('user.grant')} noValidate>
      <h3>{t('user.grant')}</h3>
      {problem && Object.keys(problem.fields).length === 0 ? <Banner tone="error">{problem.message}</Banner> : null}
      <Field id="grant-org" label={t('organisation')} error={problem?.fields.orgId ? fieldMessage(t('organisation'), problem.fields.orgId) : undefined}>
        {(control) => (
          <select {...control} className="input" value={orgId} onChange={(e) => setOrgId(e.target.value)}>
            <option value="">{t('chooseOrg')}</option>
            {orgs.data?.orgs.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="grant-role" label={t('role')} error={problem?.fields.role ? fieldMessage(t('role'), problem.fields.role) : undefined}>
        {(control) => (
          <select {...control} className="input" value={role} onChange={(e) => setRole(e.target.value as Role | 'reviewer-lead' | '')}>
            <option value="">{t('chooseRole')}</option>
            {roles.flatMap((r) => [
              <option key={r} value={r}>
                {roleLabel(r)}
              </option>,
              ...(r === 'reviewer'
                ? [
                    <option key="reviewer-lead" value="reviewer-lead">
                      {t('leadReviewerOption', { label: leadReviewerLabel() })}
                    </option>,
                  ]
                : []),
            ])}
          </select>
        )}
      </Field>
      <FormActions busy={isLoading} label={t('user.grantSubmit')} busyLabel={t('user.saving')} />
    </form>
  );
}
