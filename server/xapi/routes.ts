import { IdParams } from '../contract/accounts';
import { OrgIdParams } from '../contract/sso';
import { XapiQueueView, XapiSettingsBody, XapiSettingsView } from '../contract/xapi';
import type { AppDeps } from '../deps';
import { access } from '../http/policy';
import { route, type AnyRoute } from '../http/routes';
import { exportCourse } from './export';
import { queueState } from './outbox';
import { administeredOrg } from '../orgs/administered';
import { presentSettings, putSettings, settingsRow } from './settings';

/** An organisation admin's LRS settings and queue; a course's statements as NDJSON. */
export function xapiRoutes(deps: AppDeps): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/orgs/:orgId/xapi',
      access: access.roles('admin', 'operator'),
      summary: 'The organisation’s learning record store connection (the password only as "set")',
      params: OrgIdParams,
      response: XapiSettingsView,
      handler: async ({ actor, params }) => {
        await administeredOrg(deps.db, actor!, params.orgId);
        return presentSettings(await settingsRow(deps.db, params.orgId, deps.clock()));
      },
    }),
    route({
      method: 'put',
      path: '/api/orgs/:orgId/xapi',
      access: access.roles('admin', 'operator'),
      summary: 'Set the LRS endpoint and Basic credentials statements are forwarded to, and switch forwarding on or off',
      params: OrgIdParams,
      body: XapiSettingsBody,
      response: XapiSettingsView,
      handler: ({ actor, params, body, req }) => putSettings(deps.db, deps.sealer, actor!, params.orgId, body, { ip: req.ip }, deps.clock()),
    }),
    route({
      method: 'get',
      path: '/api/orgs/:orgId/xapi/queue',
      access: access.roles('admin', 'operator'),
      summary: 'The forwarding queue: statements pending, sent and failing, with the last errors',
      params: OrgIdParams,
      response: XapiQueueView,
      handler: async ({ actor, params }) => {
        await administeredOrg(deps.db, actor!, params.orgId);
        return queueState(deps.db, params.orgId);
      },
    }),
    route({
      method: 'post',
      path: '/api/orgs/:orgId/xapi/queue/retry',
      access: access.roles('admin', 'operator'),
      summary: 'Make every waiting statement due now (after the LRS is back), instead of at its back-off time',
      params: OrgIdParams,
      response: XapiQueueView,
      handler: async ({ actor, params }) => {
        await administeredOrg(deps.db, actor!, params.orgId);
        await deps.db('xapi_outbox').where({ org_id: params.orgId, status: 'pending' }).update({ next_attempt_at: deps.clock() });
        return queueState(deps.db, params.orgId);
      },
    }),
    route({
      method: 'get',
      path: '/api/courses/:id/xapi-statements',
      access: access.roles('teacher', 'admin'),
      summary: 'The course’s xAPI 1.0.3 statements as newline-delimited JSON (a teacher of the course, an admin of its school), streamed',
      params: IdParams,
      produces: 'application/x-ndjson',
      handler: ({ actor, params, res }) => exportCourse(deps, actor!, params.id, res),
    }),
  ];
}
