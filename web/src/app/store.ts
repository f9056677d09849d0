import { combineSlices, configureStore, createListenerMiddleware } from '@reduxjs/toolkit';
import { setupListeners } from '@reduxjs/toolkit/query';
import i18next from 'i18next';
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

/**
 * Data whose text the server chose in the reader's language (competency titles in records,
 * reports, modules and insights) is fetched again when the language switches; the rest of the
 * page switches without any request.
 */
const SERVER_WORDED = ['CompetencyReport', 'CompetencyRecord', 'Framework', 'Insights', 'Course'] as const;
i18next.on('languageChanged', () => {
  store.dispatch(api.util.invalidateTags([...SERVER_WORDED] as unknown as Parameters<typeof api.util.invalidateTags>[0]));
});

export type AppStore = ReturnType<typeof makeStore>;
export type AppDispatch = AppStore['dispatch'];
