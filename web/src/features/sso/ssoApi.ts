import { api } from '../../app/api';
import type { SsoConfigInputT, SsoConfigViewT, SsoOrgT } from '../../../../server/contract/sso';

export const ssoApi = api.injectEndpoints({
  endpoints: (build) => ({
    /** Public: organisations whose people sign in through their own identity provider. */
    listSsoOrgs: build.query<SsoOrgT[], void>({
      query: () => '/sso/orgs',
      transformResponse: (r: { orgs: SsoOrgT[] }) => r.orgs,
      providesTags: ['Org'],
    }),
    getSso: build.query<SsoConfigViewT, string>({
      query: (orgId) => `/orgs/${orgId}/sso`,
      transformResponse: (r: { sso: SsoConfigViewT }) => r.sso,
      providesTags: (_r, _e, orgId) => [{ type: 'Org', id: `sso-${orgId}` }],
    }),
    putSso: build.mutation<SsoConfigViewT, { orgId: string; body: SsoConfigInputT }>({
      query: ({ orgId, body }) => ({ url: `/orgs/${orgId}/sso`, method: 'PUT', body }),
      transformResponse: (r: { sso: SsoConfigViewT }) => r.sso,
      invalidatesTags: (_r, _e, { orgId }) => [{ type: 'Org', id: `sso-${orgId}` }, 'Org'],
    }),
  }),
});

export const { useListSsoOrgsQuery, useGetSsoQuery, usePutSsoMutation } = ssoApi;

