import { IdParams } from '../contract/accounts';
import { AttemptResponse, MonitorResponse, StudentAssignmentsResponse } from '../contract/attempts';
import { LangQuery } from '../contract/workspace';
import { askedLocale } from '../http/locale';
import { access } from '../http/policy';
import { route, type AnyRoute } from '../http/routes';
import type { AppDeps } from '../deps';
import * as attempts from './service';
import { monitor } from './monitor';

export function attemptRoutes(deps: AppDeps): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/assignments',
      access: access.roles('student'),
      summary: 'The student’s assignments with their status (the dashboard)',
      response: StudentAssignmentsResponse,
      handler: async ({ actor }) => ({ assignments: await attempts.studentAssignments(deps, actor!, askedLocale()) }),
    }),
    route({
      method: 'post',
      path: '/api/assignments/:id/attempts',
      access: access.roles('student'),
      summary: 'Start an attempt (or return the one in progress)',
      params: IdParams,
      query: LangQuery,
      status: 201,
      response: AttemptResponse,
      handler: async ({ actor, params, query }) => ({ attempt: await attempts.startAttempt(deps, actor!, params.id, askedLocale(query.lang)) }),
    }),
    route({
      method: 'get',
      path: '/api/assignments/:id/monitor',
      access: access.roles('teacher'),
      summary: 'The live table of an assignment’s attempts (then follow monitor.updated)',
      params: IdParams,
      response: MonitorResponse,
      handler: ({ actor, params }) => monitor(deps, actor!, params.id),
    }),
    route({
      method: 'get',
      path: '/api/attempts/:id',
      access: access.roles('student', 'teacher'),
      summary: 'An attempt as its student (or their teacher) may see it',
      params: IdParams,
      query: LangQuery,
      response: AttemptResponse,
      handler: async ({ actor, params, query }) => ({ attempt: await attempts.attemptView(deps, actor!, params.id, askedLocale(query.lang)) }),
    }),
    route({
      method: 'post',
      path: '/api/attempts/:id/submission',
      access: access.roles('student'),
      summary: 'Submit the attempt: every check runs on the last saved files',
      params: IdParams,
      response: AttemptResponse,
      handler: async ({ actor, params }) => ({ attempt: await attempts.submitAttempt(deps, actor, params.id, 'student') }),
    }),
  ];
}
