import { useEffect, useState, type MouseEvent } from 'react';
import { Link, NavLink, Outlet, useMatches } from 'react-router';
import { OPERATOR_LABEL, roleLabelFor, sortRoles } from '../../app/format';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { stopRealtime } from '../../app/socket';
import { Banner } from '../../components/Banner';
import { Logo } from '../../components/Logo';
import { connectRealtime, signOut } from '../auth/session';
import { useSession } from '../auth/useSession';
import { ConnectionIndicator } from '../connection/ConnectionIndicator';
import { selectLinkRefusal } from '../connection/connectionSlice';
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
  const session = useSession();
  const dispatch = useAppDispatch();
  const [signOutFailed, setSignOutFailed] = useState(false);
  const refusal = useAppSelector(selectLinkRefusal);
  const roles = sortRoles(session.roles);
  const isAdmin = roles.includes('admin') || session.operator;
  const isTeacher = roles.includes('teacher');
  const isReviewer = roles.includes('reviewer');
  const isAuthor = roles.includes('author');
  const fullBleed = useMatches().some((m) => (m.handle as RouteHandle | undefined)?.fullBleed);

  useEffect(() => {
    connectRealtime(dispatch);
    return () => stopRealtime();
  }, [dispatch, session.user.id]);

  const onSignOut = async () => {
    setSignOutFailed(false);
    const ok = await dispatch(signOut()).unwrap();
    if (!ok) setSignOutFailed(true);
  };

  return (
    <div className={`shell${fullBleed ? ' shell--full' : ''}`}>
      <a href="#main" className="skip-link" onClick={skipToMain}>
        Skip to main content
      </a>
      <header className="topbar">
        <div className="topbar__inner">
          <Link to="/" className="brand">
            <Logo />
            <span>Practicum</span>
          </Link>
          <nav className="nav" aria-label="Main">
            <ul>
              <li>
                <NavLink to="/" end>
                  Home
                </NavLink>
              </li>
              {isTeacher ? (
                <li>
                  <NavLink to="/courses">Courses</NavLink>
                </li>
              ) : null}
              {isAuthor || isReviewer ? (
                <li>
                  <NavLink to="/authoring">Authoring</NavLink>
                </li>
              ) : null}
              {isReviewer ? (
                <li>
                  <NavLink to="/reviews">Reviews</NavLink>
                </li>
              ) : null}
              {isAdmin ? (
                <>
                  <li>
                    <NavLink to="/admin/users">Users</NavLink>
                  </li>
                  <li>
                    <NavLink to="/admin/orgs">Organisations</NavLink>
                  </li>
                </>
              ) : null}
            </ul>
          </nav>
          <div className="account">
            <ConnectionIndicator />
            <p className="account__who">
              <span className="account__name">{session.user.name}</span>
              <span className="account__roles">
                <span className="visually-hidden">Roles: </span>
                {[...(session.operator ? [OPERATOR_LABEL] : []), ...roles.map((r) => roleLabelFor(r, session.user.memberships))].join(' · ')}
              </span>
            </p>
            <button type="button" className="btn btn--quiet" onClick={() => void onSignOut()}>
              Sign out
            </button>
          </div>
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        {refusal ? <Banner tone="error">Live updates are off. {refusal}</Banner> : null}
        {signOutFailed ? (
          <Banner tone="error" onDismiss={() => setSignOutFailed(false)}>
            Could not sign out because the server did not answer. Check your connection and try again.
          </Banner>
        ) : null}
        <Outlet />
      </main>
      {fullBleed ? null : (
        <footer className="footer">
          <p>Practicum · simulated work practice for vocational education</p>
        </footer>
      )}
    </div>
  );
}
