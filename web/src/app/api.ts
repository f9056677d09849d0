import { createAction } from '@reduxjs/toolkit';
import i18next from 'i18next';
import { createApi, fetchBaseQuery, type BaseQueryFn, type FetchArgs, type FetchBaseQueryError } from '@reduxjs/toolkit/query/react';

/** An API call found the session gone (expired, signed out elsewhere); the store signs the client out. */
export const sessionLost = createAction('session/lost');

const rawBaseQuery = fetchBaseQuery({
  baseUrl: '/api',
  credentials: 'same-origin',
  // The interface language, not the browser's: texts the server chooses (a competency's
  // title, a scenario's brief) come in the language the reader switched to.
  prepareHeaders: (headers) => {
    if (i18next.language) headers.set('Accept-Language', i18next.language);
    return headers;
  },
});

/** For these a 401 is an answer ("not signed in", "wrong password"), not a lost session. */
const SESSION_ENDPOINTS = new Set(['getSession', 'signIn', 'signOut']);

const baseQuery: BaseQueryFn<string | FetchArgs, unknown, FetchBaseQueryError> = async (args, api, extra) => {
  const result = await rawBaseQuery(args, api, extra);
  if (result.error?.status === 401 && !SESSION_ENDPOINTS.has(api.endpoint)) api.dispatch(sessionLost());
  return result;
};

/** The one RTK Query API; features add their endpoints with `api.injectEndpoints`. */
export const api = createApi({
  reducerPath: 'api',
  baseQuery,
  tagTypes: ['User', 'Org', 'Assignment', 'Attempt', 'Course', 'ScenarioVersion'],
  endpoints: () => ({}),
});
