import { api } from '../../app/api';
import { onConnected, onServerEvent, request } from '../../app/socket';
import type { AssignedScenario, CommentInput, CommentView, EnterpriseInsights, SubjectKind, ThreadCommented, ThreadView } from '../../../../server/contract/feedback';
import { ClientEvents, ServerEvents } from '../../../../server/contract/realtime';
import { addComment, sameThread } from './threadCache';

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

    /**
     * A thread, loaded over HTTP and then kept current by its room: `thread.join` on every
     * connection socket.io could not recover, `thread.commented` adds each new comment. A join
     * made after the thread loaded (a reconnect) reloads it, for what came while offline.
     */
    getThread: build.query<ThreadView, ThreadKey>({
      query: threadUrl,
      transformResponse: (r: { thread: ThreadView }) => r.thread,
      providesTags: (_r, _e, key) => [threadTag(key)],
      async onCacheEntryAdded(key, { updateCachedData, cacheDataLoaded, cacheEntryRemoved, dispatch }) {
        let loaded = false;
        const early: CommentView[] = [];
        const reload = () => dispatch(feedbackApi.util.invalidateTags([threadTag(key)]));
        const add = (comment: CommentView) => {
          let result = 'added';
          updateCachedData((draft) => void (result = addComment(draft, comment)));
          if (result === 'orphan') reload();
        };
        const offs = [
          onServerEvent<ThreadCommented>(ServerEvents.threadCommented, (event) => {
            if (!sameThread(event, key)) return;
            if (loaded) add(event.comment);
            else early.push(event.comment);
          }),
          onConnected((recovered) => {
            if (recovered) return; // rooms kept, missed events replayed
            const joinedAfterLoad = loaded;
            void request(ClientEvents.threadJoin, key).then((ack) => {
              if (ack.ok && joinedAfterLoad) reload();
            });
          }),
        ];
        try {
          await cacheDataLoaded;
          loaded = true;
          for (const comment of early.splice(0)) add(comment);
        } catch {
          // the entry went away before it loaded
        }
        await cacheEntryRemoved;
        for (const off of offs) off();
      },
    }),

    postComment: build.mutation<CommentView, ThreadKey & CommentInput>({
      query: ({ kind, subjectId, ...body }) => ({ url: threadUrl({ kind, subjectId }), method: 'POST', body }),
      transformResponse: (r: { comment: CommentView }) => r.comment,
      // Shown from the answer at once; the room's echo of it is then recognised and skipped.
      async onQueryStarted({ kind, subjectId }, { dispatch, queryFulfilled }) {
        try {
          const { data } = await queryFulfilled;
          dispatch(feedbackApi.util.updateQueryData('getThread', { kind, subjectId }, (draft) => void addComment(draft, data)));
        } catch {
          // the form shows the error
        }
      },
    }),
  }),
});

export const { useGetInsightsQuery, useListAssignedScenariosQuery, useGetThreadQuery, usePostCommentMutation } = feedbackApi;
