import { useTranslation } from 'react-i18next';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useAppSelector } from '../../app/hooks';
import { toProblem } from '../../app/problem';
import { useGetSessionQuery } from './authApi';
import { selectEndReason } from './authSlice';
import type { AccountState } from './AccountPage';
import type { LoginState } from './LoginPage';
import { SessionContext } from './useSession';

/** Lets signed-in users through; everyone else goes to sign in and comes back here afterwards. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { t } = useTranslation('auth');
  const { data: session, isLoading, error, refetch } = useGetSessionQuery();
  const location = useLocation();
  const endReason = useAppSelector(selectEndReason);

  if (isLoading) {
    return (
      <div className="splash" role="status">
        {t('session.loading')}
      </div>
    );
  }
  if (error) {
    return (
      <div className="splash">
        <div className="banner banner--error" role="alert">
          <div className="banner__body">{toProblem(error)?.message}</div>
        </div>
        <button type="button" className="btn" onClick={() => void refetch()}>
          {t('session.retry')}
        </button>
      </div>
    );
  }
  if (!session) {
    // After "Sign out" the next person starts at home, not on the last user's page.
    const state: LoginState = endReason === 'signed-out' ? null : { from: location };
    return <Navigate to="/login" replace state={state} />;
  }
  // A password someone else chose (an admin, a class list) is replaced before anything else.
  if (session.user.mustChangePassword && location.pathname !== '/account') {
    const state: AccountState = { mustChange: true };
    return <Navigate to="/account" replace state={state} />;
  }
  return <SessionContext value={session}>{children}</SessionContext>;
}
