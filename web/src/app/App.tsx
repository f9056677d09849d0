import { StrictMode } from 'react';
import type { Root } from 'react-dom/client';
import { Provider } from 'react-redux';
import { RouterProvider } from 'react-router/dom';
import type { SessionViewT } from '../../../server/contract/accounts';
import { authApi } from '../features/auth/authApi';
import { router } from './router';
import { store } from './store';

/** What the sign-in entry (SignInScreen.tsx) already knows when it hands over to the app. */
export type Handover = {
  /** The session it read or made (null: nobody is signed in); the app does not ask again. */
  session?: SessionViewT | null;
  /** A page to go to first (a link it followed), as a navigation within the app. */
  to?: string;
};

/**
 * The whole app: store, router and every page, a chunk of its own (main.tsx loads it at once
 * everywhere but on a visit that starts at /login). Renders into the root the sign-in entry drew.
 */
export function mountApp(root: Root, handover: Handover = {}): void {
  if (handover.session !== undefined) {
    store.dispatch(authApi.util.upsertQueryEntries([{ endpointName: 'getSession', arg: undefined, value: handover.session }]));
  }
  if (handover.to) void router.navigate(handover.to);
  root.render(
    <StrictMode>
      <Provider store={store}>
        <RouterProvider router={router} />
      </Provider>
    </StrictMode>,
  );
}
