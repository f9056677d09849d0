import type { PlacementGapsView, PutRoleProfileInput, RoleProfilesView } from '../../../../server/contract/profiles';
import { api } from '../../app/api';

/** Requirement profiles (岗位能力要求) and a placement's gap to its profile (issue 16). */
const profilesBase = api.enhanceEndpoints({ addTagTypes: ['RoleProfile', 'PlacementGap'] });

export const profilesApi = profilesBase.injectEndpoints({
  endpoints: (build) => ({
    getRoleProfiles: build.query<RoleProfilesView, string | undefined>({
      query: (enterpriseId) => ({ url: '/role-profiles', params: enterpriseId ? { enterpriseId } : {} }),
      providesTags: ['RoleProfile'],
    }),
    putRoleProfile: build.mutation<RoleProfilesView, PutRoleProfileInput>({
      query: (body) => ({ url: '/role-profiles', method: 'PUT', body }),
      // Every placement's gap may now be measured against another profile.
      invalidatesTags: (_r, error) => (error ? [] : ['RoleProfile', 'PlacementGap']),
    }),
    getPlacementGaps: build.query<PlacementGapsView, string>({
      query: (placementId) => `/placements/${placementId}/gaps`,
      providesTags: (_r, _e, id) => [{ type: 'PlacementGap', id }, 'PlacementGap'],
    }),
  }),
});

export const { useGetRoleProfilesQuery, usePutRoleProfileMutation, useGetPlacementGapsQuery } = profilesApi;
