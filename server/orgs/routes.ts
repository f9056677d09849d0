import { CreateOrgBody } from '../contract/accounts';
import { access } from '../http/policy';
import { route, type AnyRoute } from '../http/routes';
import type { AppDeps } from '../app';
import * as orgs from './service';

export function orgRoutes(deps: AppDeps): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/orgs',
      access: access.roles('admin'),
      summary: 'List schools and enterprises with member counts and partners',
      handler: async () => ({ orgs: await orgs.listOrgs(deps.db) }),
    }),
    route({
      method: 'post',
      path: '/api/orgs',
      access: access.roles('admin'),
      summary: 'Create a school or an enterprise',
      body: CreateOrgBody,
      status: 201,
      handler: async ({ body }) => ({ org: await orgs.createOrg(deps.db, body, deps.clock()) }),
    }),
  ];
}
