import { api } from '../../app/api';
import type { CreateOrgInput, CreateUserInput, OrgViewT, Role, UserViewT } from '../../../../server/contract/accounts';
import type { PartnershipView, ProposePartnershipInput, UpdatePartnershipInput } from '../../../../server/contract/partnerships';

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
  }),
});

export const {
  useListUsersQuery,
  useCreateUserMutation,
  useListOrgsQuery,
  useCreateOrgMutation,
  useListPartnershipsQuery,
  useProposePartnershipMutation,
  useUpdatePartnershipMutation,
  useSetSolutionSharingMutation,
} = adminApi;
