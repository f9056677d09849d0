import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PASSWORD_MIN } from '../../app/format';
import { fieldMessage, toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { Field } from '../../components/Field';
import { useResetPasswordMutation } from './authApi';
import { AuthCard } from './AuthCard';

/**
 * The token arrives in the fragment (`#token=…`), which browsers never send to a server or put in
 * a Referer; it is read once and taken out of the address bar, so the history keeps no usable link.
 */
function takeToken(): string {
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
  if (token) window.history.replaceState(window.history.state, '', window.location.pathname);
  return token;
}

export function ResetPasswordPage() {
  const { t } = useTranslation('auth');
  const [token] = useState(takeToken);
  const [reset, state] = useResetPasswordMutation();
  const [password, setPassword] = useState('');
  const problem = toProblem(state.error);
  const passwordError = problem?.fields.password && fieldMessage(t('reset.password'), problem.fields.password);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (state.isLoading) return;
    void reset({ token, password });
  };

  return (
    <AuthCard title={t('reset.title')}>
      {state.isSuccess ? (
        <>
          <Banner tone="success">{t('reset.done')}</Banner>
          <p>
            <Link to="/login" className="btn btn--primary btn--block">
              {t('signIn.submit')}
            </Link>
          </p>
        </>
      ) : !token ? (
        <Banner tone="error">{t('reset.noToken')}</Banner>
      ) : (
        <>
          <p className="auth-card__lead">{t('reset.lead')}</p>
          {problem && !passwordError ? <Banner tone="error">{problem.message}</Banner> : null}
          <form className="form" onSubmit={onSubmit} noValidate aria-label={t('reset.title')}>
            <Field id="reset-password" label={t('reset.password')} hint={t('password.hint', { min: PASSWORD_MIN })} error={passwordError || undefined}>
              {(control) => (
                <input {...control} className="input" type="password" name="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
              )}
            </Field>
            <button type="submit" className="btn btn--primary btn--block" aria-disabled={state.isLoading || undefined}>
              {state.isLoading ? t('reset.saving') : t('reset.submit')}
            </button>
          </form>
        </>
      )}
      <p className="auth-card__help">
        <Link to="/forgot-password">{t('reset.askNew')}</Link> · <Link to="/login">{t('backToSignIn')}</Link>
      </p>
    </AuthCard>
  );
}
