import type { CreateTargetedInput, TargetedRow } from '../../../../server/contract/profiles';
import { api } from '../../app/api';

/** Targeted education (针对性培养) of a course after placements (issue 16). */
const targetedBase = api.enhanceEndpoints({ addTagTypes: ['Targeted'] });

export const targetedApi = targetedBase.injectEndpoints({
  endpoints: (build) => ({
    listTargeted: build.query<TargetedRow[], string>({
      query: (courseId) => `/courses/${courseId}/targeted-education`,
      transformResponse: (r: { students: TargetedRow[] }) => r.students,
      providesTags: (_r, _e, courseId) => [{ type: 'Targeted', id: courseId }],
    }),
    createTargeted: build.mutation<TargetedRow, { courseId: string } & CreateTargetedInput>({
      query: ({ courseId, ...body }) => ({ url: `/courses/${courseId}/targeted-education`, method: 'POST', body }),
      transformResponse: (r: { student: TargetedRow }) => r.student,
      // The practice is a new assignment of the course, too.
      invalidatesTags: (_r, error, { courseId }) => (error ? [] : [{ type: 'Targeted', id: courseId }, 'Course', 'Assignment']),
    }),
  }),
});

export const { useListTargetedQuery, useCreateTargetedMutation } = targetedApi;
