import { Suspense, useEffect, useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useMatches } from 'react-router';
import { sortRoles } from '../../app/format';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { Banner, LoadState } from '../../components/Banner';
import { Logo } from '../../components/Logo';
import { connectRealtime, disconnectRealtime, signOut } from '../auth/session';
import { useSession } from '../auth/useSession';
import { ConnectionIndicator } from '../connection/ConnectionIndicator';
import { selectLinkRefusal } from '../connection/connectionSlice';
import { LanguageSwitcher } from './LanguageSwitcher';
import { useChooseAndSaveLocale, useSessionLocale } from './useSessionLocale';
import './shell.css';

/**
 * Route handle the layout reads: the page fills the window (no width limit, no footer), like a
 * desktop tool. Declared here, by its reader, so the router imports the layout and not back.
 */
export type RouteHandle = { fullBleed?: boolean };

function skipToMain(event: MouseEvent<HTMLAnchorElement>) {
  // Focus instead of following the hash, which would add a history entry to the router.
  event.preventDefault();
  document.getElementById('main')?.focus();
}

/** The signed-in frame: top navigation, who is signed in, the live link, and the page. */
export function Layout() {
  const { t } = useTranslation('shell');
  const session = useSession();
  const dispatch = useAppDispatch();
  const [signOutFailed, setSignOutFailed] = useState(false);
  const refusal = useAppSelector(selectLinkRefusal);
  const roles = sortRoles(session.roles);
  const isAdmin = roles.includes('admin') || session.operator;
  const isTeacher = roles.includes('teacher');
  const isReviewer = roles.includes('reviewer');
  const isAuthor = roles.includes('author');
  // Training bases are run by an enterprise's administrators.
  const runsBases = session.user.memberships.some((m) => m.role === 'admin' && m.orgKind === 'enterprise');
  // A reviewer who leads review in any enterprise is shown as a lead reviewer.
  const leads = session.user.memberships.some((m) => m.role === 'reviewer' && m.lead);
  const roleNames = [
    ...(session.operator ? [t('roles.operator')] : []),
    ...roles.map((r) => (r === 'reviewer' && leads ? t('roles.leadReviewer') : t(`roles.${r}`))),
  ];
  useSessionLocale(session);
  const chooseAndSave = useChooseAndSaveLocale();
  const fullBleed = useMatches().some((m) => (m.handle as RouteHandle | undefined)?.fullBleed);

  useEffect(() => {
    connectRealtime(dispatch);
    return () => disconnectRealtime();
  }, [dispatch, session.user.id]);

  const onSignOut = async () => {
    setSignOutFailed(false);
    const ok = await dispatch(signOut()).unwrap();
    if (!ok) setSignOutFailed(true);
  };

  return (
    <div className={`shell${fullBleed ? ' shell--full' : ''}`}>
      <a href="#main" className="skip-link" onClick={skipToMain}>
        {t('skipLink')}
      </a>
      <header className="topbar">
        <div className="topbar__inner">
          <Link to="/" className="brand">
            <Logo />
            <span>Practicum</span>
          </Link>
          <nav className="nav" aria-label={t('nav.label')}>
            <ul>
              <li>
                <NavLink to="/" end>
                  {t('nav.home')}
                </NavLink>
              </li>
              {isTeacher ? (
                <li>
                  <NavLink to="/courses">{t('nav.courses')}</NavLink>
                </li>
              ) : null}
              {isTeacher ? (
                <li>
                  <NavLink to="/placements">{t('nav.placements')}</NavLink>
                </li>
              ) : null}
              {runsBases ? (
                <li>
                  <NavLink to="/training-bases">{t('nav.trainingBases')}</NavLink>
                </li>
              ) : null}
              {isAuthor || isReviewer ? (
                <li>
                  <NavLink to="/authoring">{t('nav.authoring')}</NavLink>
                </li>
              ) : null}
              {isReviewer ? (
                <li>
                  <NavLink to="/reviews">{t('nav.reviews')}</NavLink>
                </li>
              ) : null}
              {isAdmin ? (
                <>
                  <li>
                    <NavLink to="/admin/users">{t('nav.users')}</NavLink>
                  </li>
                  <li>
                    <NavLink to="/admin/orgs">{t('nav.orgs')}</NavLink>
                  </li>
                  <li>
                    <NavLink to="/admin/account-imports">{t('nav.accountImports')}</NavLink>
                  </li>
                  <li>
                    <NavLink to="/admin/audit">{t('nav.audit')}</NavLink>
                  </li>
                  <li>
                    <NavLink to="/admin/xapi">{t('nav.xapi')}</NavLink>
                  </li>
                </>
              ) : null}
            </ul>
          </nav>
          <div className="account">
            <ConnectionIndicator />
            <LanguageSwitcher onChoose={chooseAndSave} />
            <p className="account__who">
              {/* The name opens the person's account page (password): no extra width on a phone's header. */}
              <Link to="/account" className="account__name">
                <span className="visually-hidden">{t('account.link')}: </span>
                <span>{session.user.name}</span>
              </Link>
              <span className="account__roles">
                <span className="visually-hidden">{t('account.rolesPrefix')}</span>
                {roleNames.join(' · ')}
              </span>
              {/* Under the name, not beside it: the phone header has no room for another item. */}
              <NavLink to="/notifications" className="account__link">
                {t('account.notifications')}
              </NavLink>
            </p>
            <button type="button" className="btn btn--quiet" onClick={() => void onSignOut()}>
              {t('signOut')}
            </button>
          </div>
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        {refusal ? <Banner tone="error">{t('liveOff', { reason: refusal })}</Banner> : null}
        {signOutFailed ? (
          <Banner tone="error" onDismiss={() => setSignOutFailed(false)}>
            {t('signOutFailed')}
          </Banner>
        ) : null}
        {/* Each page is a chunk of its own (router.tsx): the frame stays while the page's code arrives. */}
        <Suspense fallback={<LoadState problem={null} isLoading loading={t('loading.page')} />}>
          <Outlet />
        </Suspense>
      </main>
      {fullBleed ? null : (
        <footer className="footer">
          <p>{t('footer')}</p>
        </footer>
      )}
    </div>
  );
}
