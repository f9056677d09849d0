import { createAsyncThunk } from '@reduxjs/toolkit';
import { api } from '../../app/api';
import { startRealtime, stopRealtime, type RealtimeHandlers } from '../../app/socket';
import { clockSynced, linkRefused, linkStatusChanged } from '../connection/connectionSlice';
import { authApi } from './authApi';

export type SessionEndReason = 'signed-out' | 'signed-out-elsewhere' | 'expired';

type Dispatch = (action: unknown) => unknown;

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
