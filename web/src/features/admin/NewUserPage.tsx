import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { OrgKind, OrgViewT, Role } from '../../../../server/contract/accounts';
import { leadReviewerLabel, PASSWORD_MIN, roleLabel, ROLE_ORG_KIND, ROLES } from '../../app/format';
import { fieldMessage, toProblem } from '../../app/problem';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { Field } from '../../components/Field';
import { EmailField } from '../auth/EmailField';
import { Page } from '../../components/Page';
import { useCreateUserMutation, useListOrgsQuery } from './adminApi';
import type { CreatedNotice } from './useCreatedNotice';
import { FormActions } from '../../components/FormActions';

/** `reviewer-lead` is the reviewer role with the lead flag: one choice in the list, two fields on the wire. */
type RoleChoice = Role | 'reviewer-lead';
type MembershipDraft = { key: number; orgId: string; role: RoleChoice | '' };

function rolesFor(kind: OrgKind | undefined): Role[] {
  return ROLES.filter((r) => kind === undefined || ROLE_ORG_KIND[r] === null || ROLE_ORG_KIND[r] === kind);
}

const KINDS: OrgKind[] = ['school', 'enterprise'];

let nextKey = 1;

export function NewUserPage() {
  const { t } = useTranslation('admin');
  const FIELD_LABELS: Record<string, string> = { name: t('newUser.fullName'), email: t('newUser.email'), password: t('newUser.passwordField'), memberships: t('roles') };
  const navigate = useNavigate();
  const orgs = useListOrgsQuery();
  const [createUser, { isLoading, error }] = useCreateUserMutation();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [showPassword, setShowPassword] = useState(false);
  const [memberships, setMemberships] = useState<MembershipDraft[]>([{ key: nextKey++, orgId: '', role: '' }]);

  const orgById = new Map((orgs.data?.orgs ?? []).map((o) => [o.id, o] as const));
  const problem = toProblem(error);

  /** The message shown next to a field, in words that fit there. */
  const errorFor = (field: string): string | undefined => {
    const message = problem?.fields[field];
    if (!message) return undefined;
    const row = /^memberships\.(\d+)\.(orgId|role)$/.exec(field);
    if (row) {
      const draft = memberships[Number(row[1])];
      if (row[2] === 'orgId') return draft?.orgId ? fieldMessage(t('organisation'), message) : t('newUser.chooseOrgError');
      return draft?.role ? fieldMessage(t('role'), message) : t('newUser.chooseRoleError');
    }
    return fieldMessage(FIELD_LABELS[field] ?? field, message);
  };

  const summary: SummaryItem[] = problem
    ? Object.keys(problem.fields).map((field) => {
        const row = /^memberships\.(\d+)\.(orgId|role)$/.exec(field);
        const target = row
          ? `member-${row[1]}-${row[2] === 'orgId' ? 'org' : 'role'}`
          : field === 'memberships'
            ? 'member-0-org'
            : FIELD_LABELS[field]
              ? `user-${field}`
              : undefined;
        return { text: errorFor(field) ?? field, target };
      })
    : [];

  const updateRow = (index: number, change: Partial<MembershipDraft>) => {
    setMemberships((rows) =>
      rows.map((row, i) => {
        if (i !== index) return row;
        const next = { ...row, ...change };
        // A role the chosen organisation cannot hold is cleared rather than sent.
        const kind = orgById.get(next.orgId)?.kind;
        if (next.role && !rolesFor(kind).includes(next.role === 'reviewer-lead' ? 'reviewer' : next.role)) next.role = '';
        return next;
      }),
    );
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (isLoading) return;
    const result = await createUser({
      name,
      email,
      password,
      memberships: memberships.map((m) => (m.role === 'reviewer-lead' ? { orgId: m.orgId, role: 'reviewer' as Role, lead: true } : { orgId: m.orgId, role: m.role as Role })),
    });
    if ('data' in result && result.data) {
      const state: CreatedNotice = { created: { name: result.data.user.name, detail: result.data.user.email } };
      await navigate('/admin/users', { state });
    }
  };

  return (
    <Page title={t('newUser.title')} intro={t('newUser.intro')}>
      <div className="form-layout form-layout--wide">
        <p className="back-link">
          <Link to="/admin/users">{t('backToUsers')}</Link>
        </p>
        {problem ? (
          <ErrorSummary
            focusKey={error}
            items={summary}
            message={summary.length === 0 ? problem.message : undefined}
          />
        ) : null}
        <form className="form form--card" onSubmit={(e) => void onSubmit(e)} noValidate aria-label={t('newUser.title')}>
          <Field id="user-name" label={t('newUser.fullName')} error={errorFor('name')}>
            {(control) => (
              <input {...control} className="input" name="name" autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} />
            )}
          </Field>
          <EmailField id="user-email" label={t('newUser.email')} hint={t('newUser.emailHint')} error={errorFor('email')} value={email} onChange={setEmail} autoComplete="off" />
          <Field
            id="user-password"
            label={t('newUser.password')}
            hint={t('newUser.passwordHint', { min: PASSWORD_MIN })}
            error={errorFor('password')}
          >
            {(control) => (
              <div className="input-with-button">
                <input
                  {...control}
                  className="input"
                  type={showPassword ? 'text' : 'password'}
                  name="new-password"
                  autoComplete="new-password"
                  value={password}
                  onChange={(e) => setPassword(e.target.value)}
                />
                <button type="button" className="btn" aria-pressed={showPassword} onClick={() => setShowPassword((s) => !s)}>
                  {showPassword ? t('newUser.hide') : t('newUser.show')}
                  <span className="visually-hidden">{t('newUser.passwordSr')}</span>
                </button>
              </div>
            )}
          </Field>

          <fieldset className={`fieldset${errorFor('memberships') ? ' field--invalid' : ''}`} aria-describedby="memberships-hint">
            <legend className="fieldset__legend">{t('roles')}</legend>
            <p className="field__hint" id="memberships-hint">
              {t('newUser.rolesHint')}
            </p>
            {errorFor('memberships') ? <p className="field__error">{errorFor('memberships')}</p> : null}
            {orgs.error ? <p className="field__error">{t('newUser.orgsFailed', { message: toProblem(orgs.error)?.message ?? '' })}</p> : null}
            <ol className="membership-rows">
              {memberships.map((row, index) => (
                <MembershipRow
                  key={row.key}
                  index={index}
                  row={row}
                  orgs={orgs.data?.orgs ?? []}
                  kind={orgById.get(row.orgId)?.kind}
                  orgError={errorFor(`memberships.${index}.orgId`)}
                  roleError={errorFor(`memberships.${index}.role`)}
                  onChange={(change) => updateRow(index, change)}
                  onRemove={memberships.length > 1 ? () => setMemberships((rows) => rows.filter((_, i) => i !== index)) : undefined}
                />
              ))}
            </ol>
            <button
              type="button"
              className="btn btn--quiet"
              onClick={() => setMemberships((rows) => [...rows, { key: nextKey++, orgId: '', role: '' }])}
            >
              {t('newUser.addRole')}
            </button>
          </fieldset>

          <FormActions busy={isLoading} label={t('newUser.submit')} busyLabel={t('newUser.submitting')} cancelTo="/admin/users" />
        </form>
      </div>
    </Page>
  );
}

type RowProps = {
  index: number;
  row: MembershipDraft;
  orgs: OrgViewT[];
  kind: OrgKind | undefined;
  orgError: string | undefined;
  roleError: string | undefined;
  onChange: (change: Partial<MembershipDraft>) => void;
  onRemove: (() => void) | undefined;
};

function MembershipRow({ index, row, orgs, kind, orgError, roleError, onChange, onRemove }: RowProps) {
  const { t } = useTranslation('admin');
  const n = index + 1;
  return (
    <li className="membership-row">
      <Field id={`member-${index}-org`} label={t('newUser.orgN', { n })} error={orgError}>
        {(control) => (
          <select {...control} className="input" value={row.orgId} onChange={(e) => onChange({ orgId: e.target.value })}>
            <option value="">{t('chooseOrg')}</option>
            {KINDS.map((k) => {
              const ofKind = orgs.filter((o) => o.kind === k);
              return ofKind.length > 0 ? (
                <optgroup key={k} label={k === 'school' ? t('newUser.schools') : t('newUser.enterprises')}>
                  {ofKind.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
                </optgroup>
              ) : null;
            })}
          </select>
        )}
      </Field>
      <Field id={`member-${index}-role`} label={t('newUser.roleN', { n })} error={roleError}>
        {(control) => (
          <select {...control} className="input" value={row.role} onChange={(e) => onChange({ role: e.target.value as RoleChoice | '' })}>
            <option value="">{t('chooseRole')}</option>
            {rolesFor(kind).flatMap((r) => [
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
      {onRemove ? (
        <button type="button" className="btn btn--quiet membership-row__remove" onClick={onRemove}>
          {t('newUser.remove')}
          <span className="visually-hidden">{t('newUser.removeSr', { n })}</span>
        </button>
      ) : null}
    </li>
  );
}
