import { api } from '../../app/api';
import type { AttemptView, StudentAssignmentView } from '../../../../server/contract/workspace';

/** The student's side: assignments on the dashboard and the attempts behind them. */
export const assignmentsApi = api.injectEndpoints({
  endpoints: (build) => ({
    listMyAssignments: build.query<StudentAssignmentView[], void>({
      query: () => '/assignments',
      transformResponse: (r: { assignments: StudentAssignmentView[] }) => r.assignments,
      providesTags: ['Assignment'],
    }),
    startAttempt: build.mutation<AttemptView, string>({
      query: (assignmentId) => ({ url: `/assignments/${assignmentId}/attempts`, method: 'POST' }),
      transformResponse: (r: { attempt: AttemptView }) => r.attempt,
      invalidatesTags: ['Assignment'],
      async onQueryStarted(_id, { dispatch, queryFulfilled }) {
        try {
          const { data } = await queryFulfilled;
          // The workspace opens on this state without a second request.
          void dispatch(assignmentsApi.util.upsertQueryData('getAttempt', data.id, data));
        } catch {
          // the dashboard shows the error
        }
      },
    }),
    getAttempt: build.query<AttemptView, string>({
      query: (id) => `/attempts/${id}`,
      transformResponse: (r: { attempt: AttemptView }) => r.attempt,
      providesTags: (_r, _e, id) => [{ type: 'Attempt', id }],
    }),
    submitAttempt: build.mutation<AttemptView, string>({
      query: (id) => ({ url: `/attempts/${id}/submission`, method: 'POST' }),
      transformResponse: (r: { attempt: AttemptView }) => r.attempt,
      invalidatesTags: ['Assignment'],
      async onQueryStarted(id, { dispatch, queryFulfilled }) {
        try {
          const { data } = await queryFulfilled;
          void dispatch(assignmentsApi.util.upsertQueryData('getAttempt', id, data));
        } catch {
          // the dialog shows the error
        }
      },
    }),
  }),
});

export const { useListMyAssignmentsQuery, useStartAttemptMutation, useGetAttemptQuery, useSubmitAttemptMutation } = assignmentsApi;
