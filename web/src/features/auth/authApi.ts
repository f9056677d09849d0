import { api } from '../../app/api';
import type { ChangePasswordInput, IssuedResetLinkT, LoginInput, SessionViewT } from '../../../../server/contract/accounts';
import type { Locale } from '../../../../server/contract/constants';

export const authApi = api.injectEndpoints({
  endpoints: (build) => ({
    /** The signed-in session, or null when nobody is signed in. */
    getSession: build.query<SessionViewT | null, void>({
      async queryFn(_arg, _api, _extra, baseQuery) {
        const result = await baseQuery('/session');
        if (result.error?.status === 401) return { data: null };
        if (result.error) return { error: result.error };
        return { data: result.data as SessionViewT };
      },
    }),
    signIn: build.mutation<SessionViewT, LoginInput>({
      // The login answer has no role list; the session view is the one source of truth for it.
      async queryFn(body, _api, _extra, baseQuery) {
        const login = await baseQuery({ url: '/session', method: 'POST', body });
        if (login.error) return { error: login.error };
        const session = await baseQuery('/session');
        if (session.error) return { error: session.error };
        return { data: session.data as SessionViewT };
      },
      async onQueryStarted(_arg, { dispatch, queryFulfilled }) {
        try {
          const { data } = await queryFulfilled;
          dispatch(authApi.util.upsertQueryEntries([{ endpointName: 'getSession', arg: undefined, value: data }]));
        } catch {
          // the form shows the error
        }
      },
    }),
    signOut: build.mutation<null, void>({
      query: () => ({ url: '/session', method: 'DELETE' }),
    }),
    /** Remembers the interface language on the server, so every device of the person follows it. */
    saveLocale: build.mutation<{ locale: Locale }, Locale>({
      query: (locale) => ({ url: '/me/locale', method: 'PUT', body: { locale } }),
      async onQueryStarted(locale, { dispatch, queryFulfilled }) {
        try {
          await queryFulfilled;
          dispatch(
            authApi.util.updateQueryData('getSession', undefined, (session) => {
              if (session) session.user.locale = locale;
            }),
          );
        } catch {
          // Kept in this browser only; the next switch tries again.
        }
      },
    }),
    /** The person's own password; the server ends their other sessions. */
    changePassword: build.mutation<null, ChangePasswordInput>({
      query: (body) => ({ url: '/me/password', method: 'PUT', body }),
      async onQueryStarted(_arg, { dispatch, queryFulfilled }) {
        try {
          await queryFulfilled;
          dispatch(
            authApi.util.updateQueryData('getSession', undefined, (session) => {
              if (session) session.user.mustChangePassword = false;
            }),
          );
        } catch {
          // the form shows the error
        }
      },
    }),
    /** "Forgot password": the answer is the same whether the address has an account or not. */
    requestPasswordReset: build.mutation<{ accepted: true }, { email: string }>({
      query: (body) => ({ url: '/password-resets', method: 'POST', body }),
    }),
    resetPassword: build.mutation<null, { token: string; password: string }>({
      query: (body) => ({ url: '/password-resets/redeem', method: 'POST', body }),
    }),
    /** An admin's reset link for a member, shown once. */
    issueResetLink: build.mutation<IssuedResetLinkT, string>({
      query: (userId) => ({ url: `/users/${userId}/password-reset`, method: 'POST' }),
    }),
  }),
});

export const {
  useGetSessionQuery,
  useSignInMutation,
  useSaveLocaleMutation,
  useChangePasswordMutation,
  useRequestPasswordResetMutation,
  useResetPasswordMutation,
  useIssueResetLinkMutation,
} = authApi;
