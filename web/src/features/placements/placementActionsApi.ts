import type { SessionViewT } from '../../../../server/contract/accounts';
import type { CreatedInvitation, InvitationPreview, MentorCandidate, UpdatePlacementInput } from '../../../../server/contract/mentors';
import type { CreateBaseInput, CreatePlacementInput, PlacementView, TrainingBaseView, UpdateBaseInput } from '../../../../server/contract/placements';
import { authApi } from '../auth/authApi';
import { placementsApi } from './placementsApi';

/** Running placements: bases, placing, the lifecycle, the enterprise mentor and the invitation link (issue 16). */
export const placementActionsApi = placementsApi.injectEndpoints({
  endpoints: (build) => ({
    listTrainingBases: build.query<TrainingBaseView[], void>({
      query: () => '/training-bases',
      transformResponse: (r: { bases: TrainingBaseView[] }) => r.bases,
      providesTags: ['TrainingBase'],
    }),
    createTrainingBase: build.mutation<TrainingBaseView, CreateBaseInput>({
      query: (body) => ({ url: '/training-bases', method: 'POST', body }),
      transformResponse: (r: { base: TrainingBaseView }) => r.base,
      invalidatesTags: ['TrainingBase'],
    }),
    updateTrainingBase: build.mutation<TrainingBaseView, { id: string } & UpdateBaseInput>({
      query: ({ id, ...body }) => ({ url: `/training-bases/${id}`, method: 'PATCH', body }),
      transformResponse: (r: { base: TrainingBaseView }) => r.base,
      invalidatesTags: ['TrainingBase', 'Placement'],
    }),
    createPlacement: build.mutation<PlacementView, CreatePlacementInput>({
      query: (body) => ({ url: '/placements', method: 'POST', body }),
      transformResponse: (r: { placement: PlacementView }) => r.placement,
      invalidatesTags: ['Placement'],
    }),
    updatePlacement: build.mutation<PlacementView, { id: string } & UpdatePlacementInput>({
      query: ({ id, ...body }) => ({ url: `/placements/${id}`, method: 'PATCH', body }),
      transformResponse: (r: { placement: PlacementView }) => r.placement,
      invalidatesTags: ['Placement'],
    }),
    mentorCandidates: build.query<MentorCandidate[], string>({
      query: (id) => `/placements/${id}/mentor-candidates`,
      transformResponse: (r: { mentors: MentorCandidate[] }) => r.mentors,
    }),
    nameMentor: build.mutation<PlacementView, { id: string; userId: string }>({
      query: ({ id, userId }) => ({ url: `/placements/${id}/enterprise-mentor`, method: 'PUT', body: { userId } }),
      transformResponse: (r: { placement: PlacementView }) => r.placement,
      invalidatesTags: ['Placement'],
    }),
    inviteMentor: build.mutation<CreatedInvitation, { id: string; name: string; email: string }>({
      query: ({ id, ...body }) => ({ url: `/placements/${id}/mentor-invitations`, method: 'POST', body }),
      transformResponse: (r: { invitation: CreatedInvitation }) => r.invitation,
    }),
    getMentorInvitation: build.query<InvitationPreview, string>({
      query: (token) => `/mentor-invitations/${encodeURIComponent(token)}`,
      transformResponse: (r: { invitation: InvitationPreview }) => r.invitation,
    }),
    acceptMentorInvitation: build.mutation<SessionViewT, { token: string; password?: string }>({
      query: ({ token, ...body }) => ({ url: `/mentor-invitations/${encodeURIComponent(token)}/accept`, method: 'POST', body }),
      // The answer is the new session: the shell opens with it, as after signing in.
      async onQueryStarted(_arg, { dispatch, queryFulfilled }) {
        try {
          const { data } = await queryFulfilled;
          dispatch(authApi.util.upsertQueryEntries([{ endpointName: 'getSession', arg: undefined, value: data }]));
          dispatch(placementsApi.util.invalidateTags(['Placement']));
        } catch {
          // the page shows the error
        }
      },
    }),
  }),
});

export const {
  useListTrainingBasesQuery,
  useCreateTrainingBaseMutation,
  useUpdateTrainingBaseMutation,
  useCreatePlacementMutation,
  useUpdatePlacementMutation,
  useMentorCandidatesQuery,
  useNameMentorMutation,
  useInviteMentorMutation,
  useGetMentorInvitationQuery,
  useAcceptMentorInvitationMutation,
} = placementActionsApi;
