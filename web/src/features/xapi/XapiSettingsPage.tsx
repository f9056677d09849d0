import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { formatDate, formatDateTime } from '../../app/format';
import { fieldMessage, toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { Field } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { Page } from '../../components/Page';
import { useGetXapiQuery, useGetXapiQueueQuery, usePutXapiMutation, useRetryXapiQueueMutation } from './xapiApi';
import './xapi.css';

type Form = { enabled: boolean; identifyByEmail: boolean; endpoint: string; username: string; password: string };

/** A school's LRS connection and the state of its forwarding queue (its admins and the operator). */
export function XapiSettingsPage() {
  const { t } = useTranslation('xapi');
  const { orgId = '' } = useParams();
  const { data, error: loadError } = useGetXapiQuery(orgId);
  // The queue moves while the page is open: read it again every half minute.
  const { data: queue } = useGetXapiQueueQuery(orgId, { pollingInterval: 30_000 });
  const [save, { isLoading, error, isSuccess, reset }] = usePutXapiMutation();
  const [retry, { isLoading: retrying }] = useRetryXapiQueueMutation();
  const [form, setForm] = useState<Form | null>(null);
  useEffect(() => {
    if (data) setForm({ enabled: data.enabled, identifyByEmail: data.identifyByEmail, endpoint: data.endpoint ?? '', username: data.username ?? '', password: '' });
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
    void save({ orgId, body: { enabled: form.enabled, identifyByEmail: form.identifyByEmail, endpoint: form.endpoint.trim() || null, username: form.username || null, ...(form.password ? { password: form.password } : {}) } });
  };
  const text = (key: 'endpoint' | 'username' | 'password', label: string, hint?: string, type = 'text') => (
    <Field id={`xapi-${key}`} label={label} hint={hint} error={errorFor(key, label)}>
      {(control) => <input {...control} className="input" type={type} autoComplete="off" spellCheck={false} value={form![key]} onChange={(e) => set(key, e.target.value)} />}
    </Field>
  );

  return (
    <Page title={t('settings.title')} intro={t('settings.intro')}>
      <div className="form-layout">
        <p className="back-link">
          <Link to="/admin/xapi">{t('settings.back')}</Link>
        </p>
        {problem ? <Banner tone="error">{Object.keys(problem.fields).length > 0 ? t('settings.checkFields') : problem.message}</Banner> : null}
        {isSuccess ? <Banner tone="success">{t('settings.saved')}</Banner> : null}
        {data && form ? (
          <form className="form form--card" onSubmit={onSubmit} noValidate aria-label={t('settings.title')}>
            <label className="xapi-check">
              <input type="checkbox" checked={form.enabled} onChange={(e) => set('enabled', e.target.checked)} />
              <span>{t('settings.enabled')}</span>
            </label>
            {text('endpoint', t('settings.endpoint'), t('settings.endpointHint'), 'url')}
            {text('username', t('settings.username'))}
            {text('password', t('settings.password'), data.passwordSet ? t('settings.passwordSet') : t('settings.passwordNotSet'), 'password')}
            <fieldset className="xapi-identity">
              <legend>{t('settings.identity')}</legend>
              <label className="xapi-check">
                <input type="checkbox" checked={form.identifyByEmail} aria-describedby="xapi-identity-hint" onChange={(e) => set('identifyByEmail', e.target.checked)} />
                <span>{t('settings.identifyByEmail')}</span>
              </label>
              <p id="xapi-identity-hint" className="muted">
                {form.identifyByEmail ? t('settings.identifyByEmailOn') : t('settings.identifyByEmailOff')}
              </p>
            </fieldset>
            <p className="muted">{t('settings.updatedAt', { date: formatDate(data.updatedAt) })}</p>
            <FormActions busy={isLoading} label={t('settings.save')} busyLabel={t('settings.saving')} cancelTo="/admin/xapi" />
          </form>
        ) : null}
        {queue ? (
          <section className="form--card xapi-queue-card" aria-labelledby="xapi-queue-title">
            <h2 id="xapi-queue-title">{t('queue.title')}</h2>
            <dl className="xapi-queue">
              <dt>{t('queue.pending')}</dt>
              <dd>{queue.pending}</dd>
              <dt>{t('queue.failing')}</dt>
              <dd>{queue.failing}</dd>
              <dt>{t('queue.sent')}</dt>
              <dd>{queue.sent}</dd>
              <dt>{t('queue.lastSent')}</dt>
              <dd>{queue.lastSentAt ? formatDateTime(queue.lastSentAt) : t('queue.never')}</dd>
            </dl>
            {queue.failures.length > 0 ? (
              <>
                <h3>{t('queue.failures')}</h3>
                <ul className="plain-list xapi-failures">
                  {queue.failures.map((f) => (
                    <li key={f.statementId}>
                      <code>{f.lastError}</code> <span className="muted">{t('queue.tries', { count: f.attempts, date: formatDateTime(f.nextAttemptAt) })}</span>
                    </li>
                  ))}
                </ul>
                <button type="button" className="btn" disabled={retrying} onClick={() => void retry(orgId)}>
                  {t('queue.retry')}
                </button>
              </>
            ) : null}
          </section>
        ) : null}
      </div>
    </Page>
  );
}
