import type {
  AssessmentContentT,
  AssessmentKind,
  AssessmentReminder,
  AssessmentView,
  PlacementAssessmentsView,
} from '../../../../server/contract/assessments';
import { api } from '../../app/api';

/** Workplace assessments of a placement (issue 16). Draft saves go through the autosave queue (assessmentDraft.ts). */
const assessmentsBase = api.enhanceEndpoints({ addTagTypes: ['PlacementAssessments', 'AssessmentReminders'] });

type PointArgs = { placementId: string; kind: AssessmentKind };

export const assessmentsApi = assessmentsBase.injectEndpoints({
  endpoints: (build) => ({
    getAssessments: build.query<PlacementAssessmentsView, string>({
      query: (placementId) => `/placements/${placementId}/assessments`,
      transformResponse: (r: { assessments: PlacementAssessmentsView }) => r.assessments,
      providesTags: (_r, _e, id) => [{ type: 'PlacementAssessments', id }],
    }),
    setPoint: build.mutation<unknown, PointArgs & { dueOn: string }>({
      query: ({ placementId, kind, dueOn }) => ({ url: `/placements/${placementId}/assessments/${kind}`, method: 'PUT', body: { dueOn } }),
      invalidatesTags: (_r, _e, a) => [{ type: 'PlacementAssessments', id: a.placementId }, 'AssessmentReminders'],
    }),
    saveAssessment: build.mutation<AssessmentView, PointArgs & { baseRevision: number; content: AssessmentContentT }>({
      query: ({ placementId, kind, baseRevision, content }) => ({ url: `/placements/${placementId}/assessments/${kind}/mine`, method: 'PUT', body: { baseRevision, content } }),
      transformResponse: (r: { assessment: AssessmentView }) => r.assessment,
      // No refetch per keystroke: the page keeps its own copy while editing.
    }),
    signAssessment: build.mutation<AssessmentView, PointArgs & { revision: number }>({
      query: ({ placementId, kind, revision }) => ({ url: `/placements/${placementId}/assessments/${kind}/mine/sign`, method: 'POST', body: { revision } }),
      transformResponse: (r: { assessment: AssessmentView }) => r.assessment,
      invalidatesTags: (_r, _e, a) => [{ type: 'PlacementAssessments', id: a.placementId }, 'AssessmentReminders'],
    }),
    newVersion: build.mutation<AssessmentView, PointArgs>({
      query: ({ placementId, kind }) => ({ url: `/placements/${placementId}/assessments/${kind}/mine/versions`, method: 'POST' }),
      transformResponse: (r: { assessment: AssessmentView }) => r.assessment,
      invalidatesTags: (_r, _e, a) => [{ type: 'PlacementAssessments', id: a.placementId }, 'AssessmentReminders'],
    }),
    assessmentReminders: build.query<AssessmentReminder[], void>({
      query: () => '/assessment-reminders',
      transformResponse: (r: { reminders: AssessmentReminder[] }) => r.reminders,
      providesTags: ['AssessmentReminders'],
    }),
  }),
});

export const {
  useGetAssessmentsQuery,
  useSetPointMutation,
  useSaveAssessmentMutation,
  useSignAssessmentMutation,
  useNewVersionMutation,
  useAssessmentRemindersQuery,
} = assessmentsApi;
