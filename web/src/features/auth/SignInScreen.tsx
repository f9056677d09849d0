import { useEffect, useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionViewT } from '../../../../server/contract/accounts';
import type { SsoOrgT } from '../../../../server/contract/sso';
import { toProblem, type Problem } from '../../app/problem';
import { currentHistoryKey, isFirstPage } from '../../components/firstPage';
import { SsoChoice } from '../sso/SsoChoice';
import { AuthCardFrame } from './AuthCardFrame';
import { SignInForm } from './SignInForm';
import { fetchSession, fetchSsoOrgs, requestSignIn } from './signInRequests';

type Props = {
  /** Starts the app, signed in as `session`: its sign-in page then goes where the person was headed. */
  onSignedIn: (session: SessionViewT) => Promise<void>;
  /** Starts the app on another page (forgot password), with what is known of the session. */
  onLeave: (path: string, session: SessionViewT | null | undefined) => void;
};

/**
 * The sign-in page of a visit that starts at /login (main.tsx), without the store, the router
 * and the feature code: only what the form needs (issue 18: the page loaded 167 kB of JavaScript,
 * a third of it Redux and RTK Query, a sixth the router). It checks the session like the app's
 * LoginPage does, and hands over to the app once someone is signed in.
 */
export function SignInScreen({ onSignedIn, onLeave }: Props) {
  const { t } = useTranslation('auth');
  const [session, setSession] = useState<SessionViewT | null | undefined>(undefined);
  const [orgs, setOrgs] = useState<SsoOrgT[] | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const title = t('signIn.title');

  useEffect(() => {
    // This page is the visit's first: the page after sign-in takes focus, as after a navigation.
    isFirstPage(currentHistoryKey());
    let active = true;
    void fetchSession().then((answer) => {
      if (!active || !('data' in answer)) return;
      setSession(answer.data);
      if (answer.data) void onSignedIn(answer.data);
    });
    void fetchSsoOrgs().then((list) => {
      if (active) setOrgs(list);
    });
    return () => {
      active = false;
    };
  }, [onSignedIn]);

  useEffect(() => {
    document.title = `${title} · Practicum`;
  }, [title]);

  const signIn = async (credentials: { email: string; password: string }) => {
    setBusy(true);
    const answer = await requestSignIn(credentials);
    if ('error' in answer) {
      setProblem(toProblem(answer.error));
      setBusy(false);
      return;
    }
    // Busy until the app shows the next page; should its code not arrive, say so here.
    await onSignedIn(answer.data).catch((error: unknown) => {
      setProblem(toProblem({ status: 'FETCH_ERROR', error: String(error) }));
      setBusy(false);
    });
  };

  const forgot = (event: MouseEvent<HTMLAnchorElement>) => {
    // A new tab or window loads the page itself; a plain click stays in this one.
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    onLeave('/forgot-password', session);
  };

  return (
    <AuthCardFrame title={title}>
      <SignInForm
        busy={busy}
        problem={problem}
        endReason={null}
        onSignIn={(credentials) => void signIn(credentials)}
        forgotLink={
          <a href="/forgot-password" onClick={forgot}>
            {t('signIn.forgot')}
          </a>
        }
        sso={<SsoChoice orgs={orgs} />}
      />
    </AuthCardFrame>
  );
}
