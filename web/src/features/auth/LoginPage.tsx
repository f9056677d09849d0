import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation } from 'react-router';
import { useAppSelector } from '../../app/hooks';
import { preloadSignedInHome } from '../../app/homePreload';
import { whenIdle } from '../../app/preload';
import { fieldMessage, toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { Field } from '../../components/Field';
import { SsoSignIn } from '../sso/SsoSignIn';
import { useGetSessionQuery, useSignInMutation } from './authApi';
import { selectEndReason } from './authSlice';
import { AuthCard } from './AuthCard';

export type LoginState = { from?: { pathname: string; search: string; hash: string } } | null;

/** Where to go after signing in: the page that sent the user here, or home. */
function destination(state: LoginState): string {
  const from = state?.from;
  if (!from || from.pathname.startsWith('/login')) return '/';
  return `${from.pathname}${from.search}${from.hash}`;
}

export function LoginPage() {
  const { t } = useTranslation('auth');
  // The frame and home page come next: fetched while the person types (pages are lazy chunks).
  useEffect(() => whenIdle(preloadSignedInHome), []);
  const location = useLocation();
  const { data: session } = useGetSessionQuery();
  const [signIn, { isLoading, error }] = useSignInMutation();
  const endReason = useAppSelector(selectEndReason);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  if (session) return <Navigate to={destination(location.state as LoginState)} replace />;

  const problem = toProblem(error);
  const emailError = problem?.fields.email && fieldMessage(t('signIn.field.email'), problem.fields.email);
  const passwordError = problem?.fields.password && fieldMessage(t('signIn.field.password'), problem.fields.password);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (isLoading) return;
    void signIn({ email, password });
  };

  return (
    <AuthCard title={t('signIn.title')}>
      <p className="auth-card__lead">{t('signIn.lead')}</p>

      {endReason && !problem ? <Banner tone="info">{t(`ended.${endReason}`)}</Banner> : null}
      {problem ? (
        <div className="banner banner--error" role="alert">
          <div className="banner__body">
            {Object.keys(problem.fields).length > 0 ? t('signIn.checkFields') : problem.message}
          </div>
        </div>
      ) : null}

      <form className="form" onSubmit={onSubmit} noValidate aria-label={t('signIn.title')}>
        <Field id="login-email" label={t('signIn.email')} error={emailError || undefined}>
          {(control) => (
            <input
              {...control}
              className="input"
              type="email"
              name="email"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          )}
        </Field>
        <Field id="login-password" label={t('signIn.password')} error={passwordError || undefined}>
          {(control) => (
            <input
              {...control}
              className="input"
              type="password"
              name="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="btn btn--primary btn--block" aria-disabled={isLoading || undefined}>
          {isLoading ? t('signIn.submitting') : t('signIn.submit')}
        </button>
      </form>
      <p className="auth-card__forgot">
        <Link to="/forgot-password">{t('signIn.forgot')}</Link>
      </p>
      <SsoSignIn />
      <p className="auth-card__help">
        {t('signIn.help')}
      </p>
    </AuthCard>
  );
}
