import type { FetchBaseQueryError } from '@reduxjs/toolkit/query';
import i18next from 'i18next';
import type { LoginInput, SessionViewT } from '../../../../server/contract/accounts';
import type { SsoOrgT } from '../../../../server/contract/sso';

/**
 * The sign-in page's three requests with plain fetch, for its own entry (SignInScreen.tsx), which
 * stays without Redux and RTK Query (a third of the page's JavaScript: issue 18). Failures have
 * fetchBaseQuery's shape, so toProblem words them as everywhere else; authApi.ts and ssoApi.ts
 * make the same requests inside the app.
 */
export type Answer<T> = { data: T } | { error: FetchBaseQueryError };

async function call<T>(path: string, body?: unknown): Promise<Answer<T>> {
  // The interface language, as api.ts sends it: the server words its errors in it.
  const headers = new Headers();
  if (i18next.language) headers.set('Accept-Language', i18next.language);
  if (body !== undefined) headers.set('Content-Type', 'application/json');
  let response: Response;
  let text: string;
  try {
    response = await fetch(`/api${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    text = await response.text();
  } catch (error) {
    return { error: { status: 'FETCH_ERROR', error: String(error) } };
  }
  let data: unknown = null;
  try {
    if (text) data = JSON.parse(text);
  } catch (error) {
    return { error: { status: 'PARSING_ERROR', originalStatus: response.status, data: text, error: String(error) } };
  }
  return response.ok ? { data: data as T } : { error: { status: response.status, data } };
}

/** The signed-in session, or null when nobody is signed in (authApi's getSession). */
export async function fetchSession(): Promise<Answer<SessionViewT | null>> {
  const answer = await call<SessionViewT>('/session');
  return 'error' in answer && answer.error.status === 401 ? { data: null } : answer;
}

/** Signs in, then reads the session view, which has the roles (authApi's signIn). */
export async function requestSignIn(credentials: LoginInput): Promise<Answer<SessionViewT>> {
  const login = await call<unknown>('/session', credentials);
  if ('error' in login) return login;
  return call<SessionViewT>('/session');
}

/** Organisations that sign in through their own identity provider (ssoApi's listSsoOrgs). */
export async function fetchSsoOrgs(): Promise<SsoOrgT[] | undefined> {
  const answer = await call<{ orgs: SsoOrgT[] }>('/sso/orgs');
  return 'data' in answer ? answer.data.orgs : undefined;
}
