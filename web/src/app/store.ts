import { combineSlices, configureStore, createListenerMiddleware } from '@reduxjs/toolkit';
import { setupListeners } from '@reduxjs/toolkit/query';
import { authApi } from '../features/auth/authApi';
import { authSlice } from '../features/auth/authSlice';
import { endSession } from '../features/auth/session';
import { connectionSlice } from '../features/connection/connectionSlice';
import { api, sessionLost } from './api';

/** Slices of lazily loaded pages (the workspace) declare themselves here and inject on load. */
export interface LazyLoadedSlices {}

export const rootReducer = combineSlices(api, authSlice, connectionSlice).withLazyLoadedSlices<LazyLoadedSlices>();
export type RootState = ReturnType<typeof rootReducer>;

const selectSession = authApi.endpoints.getSession.select();

export function makeStore(preloadedState?: Partial<RootState>) {
  const listeners = createListenerMiddleware();
  listeners.startListening({
    actionCreator: sessionLost,
    effect: async (_action, { dispatch, getState }) => {
      if (selectSession(getState() as RootState).data) await dispatch(endSession('expired'));
    },
  });
  const store = configureStore({
    reducer: rootReducer,
    preloadedState,
    middleware: (getDefault) => getDefault().prepend(listeners.middleware).concat(api.middleware),
  });
  setupListeners(store.dispatch);
  return store;
}

export const store = makeStore();

export type AppStore = ReturnType<typeof makeStore>;
export type AppDispatch = AppStore['dispatch'];
