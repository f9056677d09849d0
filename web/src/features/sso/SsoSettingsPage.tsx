import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { SsoConfigViewT, SsoRole } from '../../../../server/contract/sso';
import { formatDate, roleLabel } from '../../app/format';
import { fieldMessage, toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { Field } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { Page } from '../../components/Page';
import { useGetSsoQuery, usePutSsoMutation } from './ssoApi';
import './sso.css';

/** The contract's SSO_ROLES, spelled out: the web imports types only from the contract (no zod in the bundle). */
const SSO_ROLES: SsoRole[] = ['student', 'teacher', 'author', 'reviewer', 'mentor'];

type Form = {
  enabled: boolean;
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  email: string;
  name: string;
  role: string;
  className: string;
  roleValues: string;
  defaultRole: SsoRole | '';
  passwordSignInDisabled: boolean;
};

/** `{ pupil: "student" }` ⇄ one `pupil = student` per line: short to read, short to write. */
const roleLines = (values: Record<string, string>) => Object.entries(values).map(([k, v]) => `${k} = ${v}`).join('\n');
function parseRoleLines(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const at = line.lastIndexOf('=');
    if (at > 0) out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return out;
}

const toForm = (v: SsoConfigViewT): Form => ({
  enabled: v.enabled,
  issuer: v.issuer,
  clientId: v.clientId,
  clientSecret: '',
  scopes: v.scopes,
  email: v.claims.email,
  name: v.claims.name,
  role: v.claims.role,
  className: v.claims.class,
  roleValues: roleLines(v.claims.roleValues),
  defaultRole: v.claims.defaultRole ?? '',
  passwordSignInDisabled: v.passwordSignInDisabled,
});

/** An organisation's identity provider, under the organisation admin area (its admins and the operator). */
export function SsoSettingsPage() {
  const { t } = useTranslation('sso');
  const { orgId = '' } = useParams();
  const { data, error: loadError } = useGetSsoQuery(orgId);
  const [save, { isLoading, error, isSuccess, reset }] = usePutSsoMutation();
  const [form, setForm] = useState<Form | null>(null);
  useEffect(() => {
    if (data) setForm(toForm(data));
  }, [data]);

  const problem = toProblem(error) ?? toProblem(loadError);
  const errorFor = (field: string, label: string) => {
    const message = problem?.fields[`body.${field}`];
    return message ? fieldMessage(label, message) : undefined;
  };
  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    reset();
    setForm((f) => (f ? { ...f, [key]: value } : f));
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!form || isLoading) return;
    void save({
      orgId,
      body: {
        enabled: form.enabled,
        issuer: form.issuer,
        clientId: form.clientId,
        ...(form.clientSecret ? { clientSecret: form.clientSecret } : {}),
        scopes: form.scopes,
        claims: {
          email: form.email,
          name: form.name,
          role: form.role,
          class: form.className,
          roleValues: parseRoleLines(form.roleValues) as Record<string, SsoRole>,
          defaultRole: form.defaultRole || null,
        },
        passwordSignInDisabled: form.passwordSignInDisabled,
      },
    });
  };

  const text = (key: keyof Form, field: string, label: string, hint?: string, type = 'text') => (
    <Field id={`sso-${key}`} label={label} hint={hint} error={errorFor(field, label)}>
      {(control) => (
        <input {...control} className="input" type={type} autoComplete="off" spellCheck={false} value={form![key] as string} onChange={(e) => set(key, e.target.value)} />
      )}
    </Field>
  );

  return (
    <Page title={t('settings.title')} intro={t('settings.intro')}>
      <div className="form-layout sso-settings">
        <p className="back-link">
          <Link to="/admin/orgs">{t('settings.back')}</Link>
        </p>
        {problem ? <Banner tone="error">{Object.keys(problem.fields).length > 0 ? t('settings.checkFields') : problem.message}</Banner> : null}
        {isSuccess ? <Banner tone="success">{t('settings.saved')}</Banner> : null}
        {data && form ? (
          <form className="form form--card" onSubmit={onSubmit} noValidate aria-label={t('settings.title')}>
            <p className="sso-settings__uri">
              {t('settings.redirectUri')} <code>{data.redirectUri}</code>
            </p>
            <label className="sso-check">
              <input type="checkbox" checked={form.enabled} onChange={(e) => set('enabled', e.target.checked)} />
              <span className="sso-check__label">{t('settings.enabled')}</span>
            </label>
            {text('issuer', 'issuer', t('settings.issuer'), t('settings.issuerHint'), 'url')}
            {text('clientId', 'clientId', t('settings.clientId'))}
            {text('clientSecret', 'clientSecret', t('settings.clientSecret'), data.clientSecretSet ? t('settings.secretSet') : t('settings.secretNotSet'), 'password')}
            {text('scopes', 'scopes', t('settings.scopes'), t('settings.scopesHint'))}
            <fieldset className="fieldset">
              <legend className="fieldset__legend">{t('settings.claims')}</legend>
              {text('email', 'claims.email', t('settings.claimEmail'))}
              {text('name', 'claims.name', t('settings.claimName'))}
              {text('role', 'claims.role', t('settings.claimRole'), t('settings.claimOptional'))}
              {text('className', 'claims.class', t('settings.claimClass'), t('settings.claimOptional'))}
              <Field id="sso-roleValues" label={t('settings.roleValues')} hint={t('settings.roleValuesHint', { roles: SSO_ROLES.join(', ') })} error={errorFor('claims.roleValues', t('settings.roleValues'))}>
                {(control) => <textarea {...control} className="input" value={form.roleValues} onChange={(e) => set('roleValues', e.target.value)} />}
              </Field>
              <Field id="sso-defaultRole" label={t('settings.defaultRole')} hint={t('settings.defaultRoleHint')}>
                {(control) => (
                  <select {...control} className="input" value={form.defaultRole} onChange={(e) => set('defaultRole', e.target.value as SsoRole | '')}>
                    <option value="">{t('settings.noDefaultRole')}</option>
                    {SSO_ROLES.map((r) => (
                      <option key={r} value={r}>
                        {roleLabel(r)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            </fieldset>
            <label className="sso-check">
              <input type="checkbox" checked={form.passwordSignInDisabled} onChange={(e) => set('passwordSignInDisabled', e.target.checked)} />
              <span>
                <span className="sso-check__label">{t('settings.passwordOff')}</span>
                <span className="sso-check__hint">{errorFor('passwordSignInDisabled', t('settings.passwordOff')) ?? t('settings.passwordOffHint')}</span>
              </span>
            </label>
            {data.updatedAt ? <p className="muted">{t('settings.updatedAt', { date: formatDate(data.updatedAt) })}</p> : null}
            <FormActions busy={isLoading} label={t('settings.save')} busyLabel={t('settings.saving')} cancelTo="/admin/orgs" />
          </form>
        ) : null}
      </div>
    </Page>
  );
}
