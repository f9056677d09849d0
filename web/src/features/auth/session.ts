import { createAsyncThunk } from '@reduxjs/toolkit';
import { api } from '../../app/api';
import type { RealtimeHandlers } from '../../app/socket';
import { clockSynced, linkRefused, linkStatusChanged } from '../connection/connectionSlice';
import { authApi } from './authApi';

export type SessionEndReason = 'signed-out' | 'signed-out-elsewhere' | 'expired';

type Dispatch = (action: unknown) => unknown;

// socket.io-client is not needed to sign in, so the sign-in page does not download it: the
// socket module arrives with the first connection (issue 18). `wanted` keeps a stop that comes
// while the module is on its way (a quick sign-out, React's double effects) from being undone.
let socketModule: typeof import('../../app/socket') | null = null;
let wanted = false;

function startRealtime(handlers: RealtimeHandlers): void {
  wanted = true;
  if (socketModule) return socketModule.startRealtime(handlers);
  void import('../../app/socket').then((loaded) => {
    socketModule = loaded;
    if (wanted) loaded.startRealtime(handlers);
  });
}

function stopRealtime(): void {
  wanted = false;
  socketModule?.stopRealtime();
}

/** Forgets everything the signed-in user saw: socket, cached server data, the session itself. */
export const endSession = createAsyncThunk('auth/endSession', (_reason: SessionEndReason, { dispatch }) => {
  stopRealtime();
  dispatch(linkStatusChanged('off'));
  dispatch(api.util.resetApiState());
  dispatch(authApi.util.upsertQueryEntries([{ endpointName: 'getSession', arg: undefined, value: null }]));
});

/** Returns false when the server could not be told; the user then stays signed in. */
export const signOut = createAsyncThunk('auth/signOut', async (_: void, { dispatch }) => {
  // Closed first, so this tab does not hear its own "session.ended".
  stopRealtime();
  const result = await dispatch(authApi.endpoints.signOut.initiate());
  const failed = 'error' in result && result.error !== undefined && !('status' in result.error && result.error.status === 401);
  if (failed) {
    connectRealtime(dispatch);
    return false;
  }
  await dispatch(endSession('signed-out'));
  return true;
});

export function realtimeHandlers(dispatch: Dispatch): RealtimeHandlers {
  return {
    onStatus: (status) => dispatch(linkStatusChanged(status)),
    onClockSynced: (offsetMs) => dispatch(clockSynced({ offsetMs, at: Date.now() })),
    onSessionEnded: (reason) => dispatch(endSession(reason === 'signed-out' ? 'signed-out-elsewhere' : 'expired')),
    // New roles: read the session again (menus, pages allowed; a page whose role is gone says
    // so) and what pages show from the server.
    onRefused: (message) => dispatch(linkRefused(message)),
    onAccessChanged: () => {
      dispatch(authApi.endpoints.getSession.initiate(undefined, { forceRefetch: true }));
      dispatch(api.util.invalidateTags(['User', 'Org', 'Assignment', 'Attempt', 'Course', 'ScenarioVersion']));
    },
  };
}

export function connectRealtime(dispatch: Dispatch): void {
  startRealtime(realtimeHandlers(dispatch));
}

export function disconnectRealtime(): void {
  stopRealtime();
}
