import { api } from '../../app/api';
import type { CreateOrgInput, CreateUserInput, DirectoryOrgT, GrantMembershipInput, OrgViewT, Role, UpdateUserInput, UserViewT } from '../../../../server/contract/accounts';
import type { PartnershipView, ProposePartnershipInput, UpdatePartnershipInput } from '../../../../server/contract/partnerships';
import type { ErasurePolicyT } from '../../../../server/contract/privacy';
import type { RetentionView } from '../../../../server/contract/retention';
import type { ApiTokenViewT, CreateApiTokenInput, CreatedApiTokenT } from '../../../../server/contract/apiTokens';

export type UserFilter = { q?: string; orgId?: string; role?: Role; limit: number; offset: number };

export const adminApi = api.injectEndpoints({
  endpoints: (build) => ({
    listUsers: build.query<{ users: UserViewT[]; total: number }, UserFilter>({
      query: (filter) => ({ url: '/users', params: filter }),
      providesTags: ['User'],
    }),
    createUser: build.mutation<{ user: UserViewT }, CreateUserInput>({
      query: (body) => ({ url: '/users', method: 'POST', body }),
      // Member counts on organisations change too.
      invalidatesTags: ['User', 'Org'],
    }),
    getUser: build.query<UserViewT, string>({
      query: (id) => `/users/${id}`,
      transformResponse: (r: { user: UserViewT }) => r.user,
      providesTags: (_r, _e, id) => [{ type: 'User', id }],
    }),
    updateUser: build.mutation<UserViewT, { id: string } & UpdateUserInput>({
      query: ({ id, ...body }) => ({ url: `/users/${id}`, method: 'PATCH', body }),
      transformResponse: (r: { user: UserViewT }) => r.user,
      invalidatesTags: ['User'],
    }),
    grantMembership: build.mutation<UserViewT, { userId: string } & GrantMembershipInput>({
      query: ({ userId, ...body }) => ({ url: `/users/${userId}/memberships`, method: 'POST', body }),
      transformResponse: (r: { user: UserViewT }) => r.user,
      invalidatesTags: ['User', 'Org'],
    }),
    removeMembership: build.mutation<UserViewT, { userId: string; membershipId: string }>({
      query: ({ userId, membershipId }) => ({ url: `/users/${userId}/memberships/${membershipId}`, method: 'DELETE' }),
      transformResponse: (r: { user: UserViewT }) => r.user,
      invalidatesTags: ['User', 'Org'],
    }),
    /** Every organisation's name and kind: whom a partnership can be proposed to. */
    orgDirectory: build.query<DirectoryOrgT[], void>({
      query: () => '/org-directory',
      transformResponse: (r: { orgs: DirectoryOrgT[] }) => r.orgs,
      providesTags: ['Org'],
    }),
    listOrgs: build.query<{ orgs: OrgViewT[] }, void>({
      query: () => '/orgs',
      providesTags: ['Org'],
    }),
    createOrg: build.mutation<{ org: OrgViewT }, CreateOrgInput>({
      query: (body) => ({ url: '/orgs', method: 'POST', body }),
      invalidatesTags: ['Org'],
    }),
    // Partnerships show on the organisations list too, so they share its tag.
    listPartnerships: build.query<PartnershipView[], void>({
      query: () => '/partnerships',
      transformResponse: (r: { partnerships: PartnershipView[] }) => r.partnerships,
      providesTags: ['Org'],
    }),
    proposePartnership: build.mutation<PartnershipView, ProposePartnershipInput>({
      query: (body) => ({ url: '/partnerships', method: 'POST', body }),
      transformResponse: (r: { partnership: PartnershipView }) => r.partnership,
      invalidatesTags: ['Org'],
    }),
    updatePartnership: build.mutation<PartnershipView, { id: string } & UpdatePartnershipInput>({
      query: ({ id, ...body }) => ({ url: `/partnerships/${id}`, method: 'PATCH', body }),
      transformResponse: (r: { partnership: PartnershipView }) => r.partnership,
      invalidatesTags: ['Org'],
    }),
    setSolutionSharing: build.mutation<PartnershipView, { id: string; sharesSolutions: boolean }>({
      query: ({ id, ...body }) => ({ url: `/partnerships/${id}/sharing`, method: 'PUT', body }),
      transformResponse: (r: { partnership: PartnershipView }) => r.partnership,
      invalidatesTags: ['Org'],
    }),
    getRetention: build.query<RetentionView, string>({
      query: (orgId) => `/orgs/${orgId}/retention`,
      transformResponse: (r: { retention: RetentionView }) => r.retention,
      providesTags: (_r, _e, orgId) => [{ type: 'Org', id: `retention:${orgId}` }],
    }),
    setRetention: build.mutation<RetentionView, { orgId: string; months: number | null }>({
      query: ({ orgId, months }) => ({ url: `/orgs/${orgId}/retention`, method: 'PUT', body: { months } }),
      transformResponse: (r: { retention: RetentionView }) => r.retention,
      invalidatesTags: (_r, _e, { orgId }) => [{ type: 'Org', id: `retention:${orgId}` }],
    }),
    getErasurePolicy: build.query<ErasurePolicyT, string>({
      query: (orgId) => `/orgs/${orgId}/erasure-policy`,
      providesTags: (_r, _e, orgId) => [{ type: 'Org', id: `erasure:${orgId}` }],
    }),
    setErasurePolicy: build.mutation<ErasurePolicyT, { orgId: string; keepsScores: boolean }>({
      query: ({ orgId, keepsScores }) => ({ url: `/orgs/${orgId}/erasure-policy`, method: 'PUT', body: { keepsScores } }),
      invalidatesTags: (_r, _e, { orgId }) => [{ type: 'Org', id: `erasure:${orgId}` }],
    }),
    listApiTokens: build.query<ApiTokenViewT[], string>({
      query: (orgId) => `/orgs/${orgId}/api-tokens`,
      transformResponse: (r: { tokens: ApiTokenViewT[] }) => r.tokens,
      providesTags: (_r, _e, orgId) => [{ type: 'Org', id: `tokens:${orgId}` }],
    }),
    createApiToken: build.mutation<CreatedApiTokenT, { orgId: string; body: CreateApiTokenInput }>({
      query: ({ orgId, body }) => ({ url: `/orgs/${orgId}/api-tokens`, method: 'POST', body }),
      invalidatesTags: (_r, _e, { orgId }) => [{ type: 'Org', id: `tokens:${orgId}` }],
    }),
    revokeApiToken: build.mutation<void, { orgId: string; tokenId: string }>({
      query: ({ orgId, tokenId }) => ({ url: `/orgs/${orgId}/api-tokens/${tokenId}`, method: 'DELETE' }),
      invalidatesTags: (_r, _e, { orgId }) => [{ type: 'Org', id: `tokens:${orgId}` }],
    }),
  }),
});

export const {
  useListUsersQuery,
  useCreateUserMutation,
  useGetUserQuery,
  useUpdateUserMutation,
  useGrantMembershipMutation,
  useRemoveMembershipMutation,
  useOrgDirectoryQuery,
  useListOrgsQuery,
  useCreateOrgMutation,
  useListPartnershipsQuery,
  useProposePartnershipMutation,
  useUpdatePartnershipMutation,
  useSetSolutionSharingMutation,
  useGetRetentionQuery,
  useGetErasurePolicyQuery,
  useSetErasurePolicyMutation,
  useSetRetentionMutation,
  useListApiTokensQuery,
  useCreateApiTokenMutation,
  useRevokeApiTokenMutation,
} = adminApi;
