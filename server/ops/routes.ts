import { RetentionBody, RetentionEnvelope, RetentionParams } from '../contract/retention';
import { access } from '../http/policy';
import { route, type AnyRoute } from '../http/routes';
import type { AppDeps } from '../deps';
import { getRetention, setRetention } from './retention';

/** A school admin's retention setting (issue 17); the daily job is started by the server process. */
export function retentionRoutes(deps: AppDeps): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/orgs/:orgId/retention',
      access: access.roles('admin'),
      summary: 'How long the school keeps finished courses’ attempts, and how many attempts the setting concerns (the school’s admins)',
      params: RetentionParams,
      response: RetentionEnvelope,
      handler: async ({ actor, params }) => ({ retention: await getRetention(deps.db, actor!, params.orgId, deps.clock()) }),
    }),
    route({
      method: 'put',
      path: '/api/orgs/:orgId/retention',
      access: access.roles('admin'),
      summary: 'Set how many months after a course ends its attempts’ work is kept (null: keep it); a daily job applies it',
      params: RetentionParams,
      body: RetentionBody,
      response: RetentionEnvelope,
      handler: async ({ actor, params, body, req }) => ({ retention: await setRetention(deps.db, actor!, params.orgId, body.months, deps.clock(), req.ip ?? null) }),
    }),
  ];
}
