import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { PASSWORD_MIN } from '../../app/format';
import { fieldMessage, toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { Field } from '../../components/Field';
import { Page } from '../../components/Page';
import { useChangePasswordMutation } from './authApi';
import { useSession } from './useSession';
import './auth.css';

/** What RequireAuth hands over when it sends someone here to choose their own password first. */
export type AccountState = { mustChange?: boolean } | null;

/**
 * The signed-in person's account: who they are and a new password. Changing it signs out every
 * other device (the server ends those sessions and closes their live connections).
 */
export function AccountPage() {
  const { t } = useTranslation('auth');
  const session = useSession();
  const location = useLocation();
  const [change, state] = useChangePasswordMutation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [done, setDone] = useState(false);
  const problem = toProblem(state.error);
  const currentError = problem?.fields.current && fieldMessage(t('account.current'), problem.fields.current);
  const nextError = problem?.fields.next && fieldMessage(t('account.next'), problem.fields.next);
  const mustChange = session.user.mustChangePassword || (location.state as AccountState)?.mustChange === true;

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (state.isLoading) return;
    setDone(false);
    const result = await change({ current, next });
    if (!('error' in result)) {
      setDone(true);
      setCurrent('');
      setNext('');
    }
  };

  return (
    <Page title={t('account.title')} intro={`${session.user.name} · ${session.user.email}`}>
      {mustChange && !done ? <Banner tone="info">{t('account.mustChange')}</Banner> : null}
      {done ? <Banner tone="success">{t('account.changed')}</Banner> : null}
      {problem && !currentError && !nextError ? <Banner tone="error">{problem.message}</Banner> : null}
      <section className="section account-password" aria-labelledby="account-password">
        <h2 id="account-password" className="section__title">
          {t('account.password')}
        </h2>
        <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="account-password">
          <Field id="account-current" label={t('account.current')} error={currentError || undefined}>
            {(control) => (
              <input {...control} className="input" type="password" name="current" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />
            )}
          </Field>
          <Field id="account-next" label={t('account.next')} hint={t('password.hint', { min: PASSWORD_MIN })} error={nextError || undefined}>
            {(control) => <input {...control} className="input" type="password" name="next" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} />}
          </Field>
          <p className="muted">{t('account.othersSignedOut')}</p>
          <div>
            <button type="submit" className="btn btn--primary" aria-disabled={state.isLoading || undefined}>
              {state.isLoading ? t('account.saving') : t('account.save')}
            </button>
          </div>
        </form>
      </section>
    </Page>
  );
}
