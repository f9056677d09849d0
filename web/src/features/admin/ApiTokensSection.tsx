import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiTokenViewT, TokenScope } from '../../../../server/contract/apiTokens';
import { formatDate, formatDateTime } from '../../app/format';
import { fieldMessage, toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { Field } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { useSession } from '../auth/useSession';
import { useCreateApiTokenMutation, useListApiTokensQuery, useRevokeApiTokenMutation } from './adminApi';
import './ApiTokensSection.css';

/** The contract's TOKEN_SCOPES, spelled out: the web imports types only from the contract (no zod in the bundle). */
const SCOPES: TokenScope[] = ['reports:read', 'enrolments:write', 'evidence:read', 'frameworks:write'];
const EXPIRIES = [7, 30, 90, 180, 365];

/**
 * API tokens for scripts (issue 19), one block per organisation the caller administers: make
 * one (its secret shown this once), see when each was last used, revoke it.
 */
export function ApiTokensSection() {
  const { t } = useTranslation('admin');
  const session = useSession();
  const orgs = session.user.memberships.filter((m) => m.role === 'admin');
  if (orgs.length === 0) return null;
  return (
    <section className="section" aria-labelledby="api-tokens-title">
      <h2 id="api-tokens-title" className="section__title">
        {t('apiTokens.title')}
      </h2>
      <p className="section__intro">{t('apiTokens.intro')}</p>
      {orgs.map((m) => (
        <OrgTokens key={m.orgId} orgId={m.orgId} orgName={m.orgName} named={orgs.length > 1} />
      ))}
    </section>
  );
}

function OrgTokens({ orgId, orgName, named }: { orgId: string; orgName: string; named: boolean }) {
  const { t } = useTranslation('admin');
  const list = useListApiTokensQuery(orgId);
  const [revoke, revoking] = useRevokeApiTokenMutation();
  const [confirming, setConfirming] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const problem = toProblem(list.error) ?? toProblem(revoking.error);

  const onRevoke = async (token: ApiTokenViewT) => {
    const result = await revoke({ orgId, tokenId: token.id });
    setConfirming(null);
    if (!('error' in result)) setNotice(t('apiTokens.revoked', { name: token.name }));
  };

  return (
    <div className="api-tokens">
      {named ? <h3>{orgName}</h3> : null}
      {problem ? <Banner tone="error">{problem.message}</Banner> : null}
      {notice ? (
        <Banner tone="success" onDismiss={() => setNotice(null)}>
          {notice}
        </Banner>
      ) : null}
      <CreateTokenForm orgId={orgId} orgName={orgName} named={named} />
      {list.data && list.data.length === 0 ? <p className="muted">{t('apiTokens.none')}</p> : null}
      {list.data && list.data.length > 0 ? (
        <ul className="api-tokens__list" aria-label={named ? t('apiTokens.listFor', { name: orgName }) : t('apiTokens.list')}>
          {list.data.map((token) => (
            <li key={token.id} className={`api-tokens__item api-tokens__item--${token.status}`}>
              <div className="api-tokens__head">
                <strong className="api-tokens__name">{token.name}</strong>
                <code className="api-tokens__prefix">{token.prefix}…</code>
                <span className={`api-tokens__status api-tokens__status--${token.status}`}>{t(`apiTokens.status.${token.status}`)}</span>
              </div>
              <p className="api-tokens__scopes">{token.scopes.map((s) => t(`apiTokens.scope.${scopeKey(s)}`)).join(t('apiTokens.separator'))}</p>
              <p className="muted api-tokens__dates">
                {token.revokedAt ? t('apiTokens.revokedOn', { date: formatDate(token.revokedAt) }) : t('apiTokens.expires', { date: formatDate(token.expiresAt) })}
                {t('apiTokens.separator')}
                {token.lastUsedAt ? t('apiTokens.lastUsed', { date: formatDateTime(token.lastUsedAt) }) : t('apiTokens.neverUsed')}
              </p>
              {token.status !== 'revoked' ? (
                confirming === token.id ? (
                  <div className="api-tokens__confirm" role="group" aria-label={t('apiTokens.confirm', { name: token.name })}>
                    <span>{t('apiTokens.confirm', { name: token.name })}</span>
                    <button type="button" className="btn btn--danger btn--small" aria-disabled={revoking.isLoading || undefined} onClick={() => void onRevoke(token)}>
                      {t('apiTokens.revokeYes')}
                    </button>
                    <button type="button" className="btn btn--quiet btn--small" onClick={() => setConfirming(null)}>
                      {t('apiTokens.revokeNo')}
                    </button>
                  </div>
                ) : (
                  <button type="button" className="btn btn--quiet btn--small" onClick={() => setConfirming(token.id)} aria-label={t('apiTokens.revokeNamed', { name: token.name })}>
                    {t('apiTokens.revoke')}
                  </button>
                )
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** `reports:read` → `reportsRead`: a message key cannot hold a colon. */
const scopeKey = (scope: TokenScope) => scope.replace(/:(\w)/, (_, c: string) => c.toUpperCase());

function CreateTokenForm({ orgId, orgName, named }: { orgId: string; orgName: string; named: boolean }) {
  const { t } = useTranslation('admin');
  const [create, creating] = useCreateApiTokenMutation();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<TokenScope[]>([]);
  const [days, setDays] = useState('90');
  const [secret, setSecret] = useState<{ name: string; value: string } | null>(null);
  const problem = toProblem(creating.error);
  const errorFor = (field: string, label: string) => {
    const message = problem?.fields[`body.${field}`];
    return message ? fieldMessage(label, message) : undefined;
  };
  const id = (what: string) => `api-token-${orgId}-${what}`;

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (creating.isLoading) return;
    const result = await create({ orgId, body: { name: name.trim(), scopes, expiresInDays: Number(days) } });
    if ('data' in result && result.data) {
      setSecret({ name: result.data.token.name, value: result.data.secret });
      setName('');
      setScopes([]);
    }
  };

  const toggle = (scope: TokenScope, on: boolean) => setScopes((s) => (on ? [...s.filter((x) => x !== scope), scope] : s.filter((x) => x !== scope)));
  const scopesError = errorFor('scopes', t('apiTokens.scopesLabel'));

  return (
    <form className="form form--card" onSubmit={(e) => void onSubmit(e)} aria-label={named ? t('apiTokens.createFor', { name: orgName }) : t('apiTokens.create')} noValidate>
      {secret ? (
        <div className="api-tokens__secret" role="status">
          <p>{t('apiTokens.secretOnce', { name: secret.name })}</p>
          <code className="api-tokens__secret-value">{secret.value}</code>
          <button type="button" className="btn btn--quiet btn--small" onClick={() => setSecret(null)}>
            {t('apiTokens.secretDone')}
          </button>
        </div>
      ) : null}
      {problem && Object.keys(problem.fields).length === 0 ? <Banner tone="error">{problem.message}</Banner> : null}
      <Field id={id('name')} label={t('apiTokens.nameLabel')} hint={t('apiTokens.nameHint')} error={errorFor('name', t('apiTokens.nameLabel'))}>
        {(control) => <input {...control} className="input" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} autoComplete="off" />}
      </Field>
      <fieldset className={`fieldset${scopesError ? ' field--invalid' : ''}`} aria-describedby={scopesError ? id('scopes-error') : undefined}>
        <legend className="fieldset__legend field__label">{t('apiTokens.scopesLabel')}</legend>
        {scopesError ? (
          <p className="field__error" id={id('scopes-error')}>
            {scopesError}
          </p>
        ) : null}
        {SCOPES.map((scope) => (
          <label key={scope} className="check">
            <input type="checkbox" checked={scopes.includes(scope)} onChange={(e) => toggle(scope, e.target.checked)} />
            <span>
              <code>{scope}</code> {t(`apiTokens.scopeHint.${scopeKey(scope)}`)}
            </span>
          </label>
        ))}
      </fieldset>
      <Field id={id('expiry')} label={t('apiTokens.expiryLabel')}>
        {(control) => (
          <select {...control} className="input" value={days} onChange={(e) => setDays(e.target.value)}>
            {EXPIRIES.map((n) => (
              <option key={n} value={String(n)}>
                {t('apiTokens.days', { count: n })}
              </option>
            ))}
          </select>
        )}
      </Field>
      <FormActions busy={creating.isLoading} label={t('apiTokens.submit')} busyLabel={t('apiTokens.submitting')} />
    </form>
  );
}
