import { api } from '../../app/api';
import type { CreateOrgInput, CreateUserInput, OrgViewT, Role, UserViewT } from '../../../../server/contract/accounts';

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
  }),
});

export const { useListUsersQuery, useCreateUserMutation, useListOrgsQuery, useCreateOrgMutation } = adminApi;
