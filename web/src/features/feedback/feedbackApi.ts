import { api } from '../../app/api';
import type { AssignedScenario, CommentInput, CommentView, EnterpriseInsights, SubjectKind, ThreadView } from '../../../../server/contract/feedback';

export type ThreadKey = { kind: SubjectKind; subjectId: string };

const threadTag = ({ kind, subjectId }: ThreadKey) => ({ type: 'Thread' as const, id: `${kind}:${subjectId}` });
const threadUrl = ({ kind, subjectId }: ThreadKey) => `/threads/${kind}/${encodeURIComponent(subjectId)}`;

const feedbackBase = api.enhanceEndpoints({ addTagTypes: ['Thread', 'Insights', 'AssignedScenarios'] });

/** The feedback channel: an enterprise's insights, the scenarios a course can cite, and comment threads. */
export const feedbackApi = feedbackBase.injectEndpoints({
  endpoints: (build) => ({
    getInsights: build.query<EnterpriseInsights, string | undefined>({
      query: (enterpriseId) => ({ url: '/enterprise-insights', params: enterpriseId ? { enterpriseId } : {} }),
      providesTags: (_r, _e, enterpriseId) => [{ type: 'Insights', id: enterpriseId ?? 'mine' }],
    }),

    listAssignedScenarios: build.query<AssignedScenario[], string>({
      query: (courseId) => `/courses/${courseId}/assigned-scenarios`,
      transformResponse: (r: { scenarios: AssignedScenario[] }) => r.scenarios,
      providesTags: (_r, _e, courseId) => [{ type: 'AssignedScenarios', id: courseId }],
    }),

    getThread: build.query<ThreadView, ThreadKey>({
      query: threadUrl,
      transformResponse: (r: { thread: ThreadView }) => r.thread,
      providesTags: (_r, _e, key) => [threadTag(key)],
    }),

    postComment: build.mutation<CommentView, ThreadKey & CommentInput>({
      query: ({ kind, subjectId, ...body }) => ({ url: threadUrl({ kind, subjectId }), method: 'POST', body }),
      transformResponse: (r: { comment: CommentView }) => r.comment,
      invalidatesTags: (_r, error, key) => (error ? [] : [threadTag(key)]),
    }),
  }),
});

export const { useGetInsightsQuery, useListAssignedScenariosQuery, useGetThreadQuery, usePostCommentMutation } = feedbackApi;
