import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation } from 'react-router';
import { useAppSelector } from '../../app/hooks';
import { preloadSignedInHome } from '../../app/homePreload';
import { whenIdle } from '../../app/preload';
import { toProblem } from '../../app/problem';
import { SsoSignIn } from '../sso/SsoSignIn';
import { useGetSessionQuery, useSignInMutation } from './authApi';
import { selectEndReason } from './authSlice';
import { AuthCard } from './AuthCard';
import { SignInForm } from './SignInForm';

export type LoginState = { from?: { pathname: string; search: string; hash: string } } | null;

/** Where to go after signing in: the page that sent the user here, or home. */
function destination(state: LoginState): string {
  const from = state?.from;
  if (!from || from.pathname.startsWith('/login')) return '/';
  return `${from.pathname}${from.search}${from.hash}`;
}

/**
 * Sign-in inside the app: after signing out, or when a page found nobody signed in. A visit that
 * starts at /login draws SignInScreen.tsx instead (no store, no router: issue 18), which hands
 * over to this page, signed in, so the redirect below happens in one place.
 */
export function LoginPage() {
  const { t } = useTranslation('auth');
  // The frame and home page come next: fetched while the person types (pages are lazy chunks).
  useEffect(() => whenIdle(preloadSignedInHome), []);
  const location = useLocation();
  const { data: session } = useGetSessionQuery();
  const [signIn, { isLoading, error }] = useSignInMutation();
  const endReason = useAppSelector(selectEndReason);

  if (session) return <Navigate to={destination(location.state as LoginState)} replace />;

  return (
    <AuthCard title={t('signIn.title')}>
      <SignInForm
        busy={isLoading}
        problem={toProblem(error)}
        endReason={endReason}
        onSignIn={(credentials) => void signIn(credentials)}
        forgotLink={<Link to="/forgot-password">{t('signIn.forgot')}</Link>}
        sso={<SsoSignIn />}
      />
    </AuthCard>
  );
}
