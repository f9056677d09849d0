import type { AppDeps } from '../deps';
import { IdParams } from '../contract/accounts';
import {
  AssignedScenariosResponse,
  CommentBody,
  CommentResponse,
  EnterpriseInsightsResponse,
  InsightsQuery,
  ThreadParams,
  ThreadResponse,
  type ThreadCommented,
} from '../contract/feedback';
import { access } from '../http/policy';
import { route, type AnyRoute } from '../http/routes';
import { INSIGHT_ROLES, subjectOf, threadRoom } from './policy';
import { ServerEvents } from '../contract/realtime';
import { assignedScenarios, enterpriseInsights, postComment, readThread } from './service';

/** The feedback channel: what an enterprise learns from schools, and the threads where both sides talk. */
export function feedbackRoutes(deps: AppDeps): AnyRoute[] {
  const { db } = deps;
  return [
    route({
      method: 'get',
      path: '/api/enterprise-insights',
      access: access.roles(...INSIGHT_ROLES),
      summary: 'Anonymised results of the enterprise’s scenarios across schools, with the adjustment notes citing them',
      query: InsightsQuery,
      response: EnterpriseInsightsResponse,
      handler: ({ actor, query }) => enterpriseInsights(db, actor!, query.enterpriseId),
    }),
    route({
      method: 'get',
      path: '/api/courses/:id/assigned-scenarios',
      access: access.roles('teacher'),
      summary: 'The scenarios a course has assigned, for an adjustment to cite',
      params: IdParams,
      response: AssignedScenariosResponse,
      handler: async ({ actor, params }) => ({ scenarios: await assignedScenarios(db, actor!, params.id) }),
    }),
    // Any signed-in caller gets past the route: who may see a thread depends on its subject (policy.ts), and everyone else gets 404.
    route({
      method: 'get',
      path: '/api/threads/:kind/:subjectId',
      access: access.authenticated,
      summary: 'A comment thread on a course report section or a scenario version',
      params: ThreadParams,
      response: ThreadResponse,
      handler: async ({ actor, params }) => ({ thread: await readThread(db, actor!, subjectOf(params.kind, params.subjectId)) }),
    }),
    route({
      method: 'post',
      path: '/api/threads/:kind/:subjectId',
      access: access.authenticated,
      summary: 'Comment on a report section or a scenario version, or reply to a comment (10 a minute and 200 a day per user; 429 with Retry-After beyond)',
      params: ThreadParams,
      body: CommentBody,
      response: CommentResponse,
      status: 201,
      handler: async ({ actor, params, body }) => {
        const subject = subjectOf(params.kind, params.subjectId);
        const comment = await postComment(db, actor!, subject, body, deps.clock(), deps.commentLimiter);
        // Everyone with the thread open (thread.join) sees the comment arrive.
        deps.publisher.toRoom(threadRoom(subject), ServerEvents.threadCommented, { kind: subject.kind, subjectId: subject.subjectId, comment } satisfies ThreadCommented);
        return { comment };
      },
    }),
  ];
}
