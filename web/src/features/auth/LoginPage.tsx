import { useState, type FormEvent } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useAppSelector } from '../../app/hooks';
import { fieldMessage, toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { Field } from '../../components/Field';
import { Logo } from '../../components/Logo';
import { usePageHeading } from '../../components/Page';
import { useGetSessionQuery, useSignInMutation } from './authApi';
import { selectEndReason } from './authSlice';
import type { SessionEndReason } from './session';
import './auth.css';

export type LoginState = { from?: { pathname: string; search: string; hash: string } } | null;

const END_NOTICE: Record<SessionEndReason, string> = {
  'signed-out': 'You have signed out.',
  'signed-out-elsewhere': 'You were signed out in another window. Sign in again to continue.',
  expired: 'Your session has ended. Sign in again to continue.',
};

/** Where to go after signing in: the page that sent the user here, or home. */
function destination(state: LoginState): string {
  const from = state?.from;
  if (!from || from.pathname.startsWith('/login')) return '/';
  return `${from.pathname}${from.search}${from.hash}`;
}

export function LoginPage() {
  const headingRef = usePageHeading('Sign in');
  const location = useLocation();
  const { data: session } = useGetSessionQuery();
  const [signIn, { isLoading, error }] = useSignInMutation();
  const endReason = useAppSelector(selectEndReason);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  if (session) return <Navigate to={destination(location.state as LoginState)} replace />;

  const problem = toProblem(error);
  const emailError = problem?.fields.email && fieldMessage('Email', problem.fields.email);
  const passwordError = problem?.fields.password && fieldMessage('Password', problem.fields.password);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (isLoading) return;
    void signIn({ email, password });
  };

  return (
    <div className="auth-screen">
      <main id="main" className="auth-card">
        <p className="auth-card__brand">
          <Logo size={32} />
          <span>Practicum</span>
        </p>
        <h1 ref={headingRef} tabIndex={-1} className="auth-card__title">
          Sign in
        </h1>
        <p className="auth-card__lead">Simulated work practice for vocational schools and their partner companies.</p>

        {endReason && !problem ? <Banner tone="info">{END_NOTICE[endReason]}</Banner> : null}
        {problem ? (
          <div className="banner banner--error" role="alert">
            <div className="banner__body">
              {Object.keys(problem.fields).length > 0 ? 'Check your email address and password.' : problem.message}
            </div>
          </div>
        ) : null}

        <form className="form" onSubmit={onSubmit} noValidate aria-label="Sign in">
          <Field id="login-email" label="Email address" error={emailError || undefined}>
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
          <Field id="login-password" label="Password" error={passwordError || undefined}>
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
            {isLoading ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
        <p className="auth-card__help">
          No account yet? Accounts are created by the Practicum administrator of your school or company.
        </p>
      </main>
    </div>
  );
}
