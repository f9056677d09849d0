import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { SessionViewT } from '../../server/contract/accounts';
import type { Handover } from './app/App';
import { preloadSignedInHome } from './app/homePreload';
import { initI18n, loadAllCatalogs } from './app/i18n';
import { whenIdle } from './app/preload';
import { SignInScreen } from './features/auth/SignInScreen';
import './app/appStyles';
import './styles.css';

/**
 * The entry is the sign-in page's JavaScript (issue 18: under 150 kB, web/bundle-budgets.json):
 * React, i18next and the sign-in form. The app (store, router, every page) is a chunk of its own,
 * fetched at once on any other address, and on /login while the person types or when they are
 * signed in.
 */
const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
const root = createRoot(container);

const signInFirst = /^\/login\/?$/.test(window.location.pathname);
let app: Promise<typeof import('./app/App')> | null = null;
const loadApp = () => {
  app ??= import('./app/App').catch((error: unknown) => {
    // A failed download (offline for a moment) is tried again by the next caller.
    app = null;
    throw error;
  });
  return app;
};
// Fetched beside the catalogs, not after them.
if (!signInFirst) void loadApp().catch(() => undefined);

function startApp(handover?: Handover): Promise<void> {
  return loadApp().then(({ mountApp }) => mountApp(root, handover));
}

const signedIn = (session: SessionViewT) => startApp({ session });
const leave = (to: string, session: SessionViewT | null | undefined) => {
  startApp({ session, to }).catch(() => window.location.assign(to));
};

function render() {
  if (signInFirst) {
    root.render(
      <StrictMode>
        <SignInScreen onSignedIn={signedIn} onLeave={leave} />
      </StrictMode>,
    );
    // The app, its frame and home page come next: fetched while the person types.
    whenIdle(() => {
      void loadApp().catch(() => undefined);
      preloadSignedInHome();
    });
  } else {
    startApp().catch((error: unknown) => console.error('The app did not load', error));
  }
}

// The first paint waits for the chosen language's catalogs (small chunks), so no English flashes
// before Chinese; should they fail to load, the interface still renders (i18next shows English
// fallbacks or keys) rather than a blank page.
initI18n().then(render, (error: unknown) => {
  console.error('Translations did not load', error);
  render();
});
// The other features' catalogs, for the pages after this one (each lazy page also waits for them).
whenIdle(() => void loadAllCatalogs());
