import { ApiTokenIdParams, ApiTokenList, ApiTokenParams, CreateApiTokenBody, CreatedApiToken } from '../contract/apiTokens';
import { access } from '../http/policy';
import { route, type AnyRoute } from '../http/routes';
import type { AppDeps } from '../deps';
import { createToken, listTokens, revokeToken } from './apiTokens';

/**
 * An organisation's API tokens, managed by its own admins only (another organisation's id is
 * 404; the platform operator manages none: tokens act inside one organisation). No token
 * reaches these routes: they name no token scope.
 */
export function apiTokenRoutes(deps: AppDeps): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/orgs/:orgId/api-tokens',
      access: access.roles('admin'),
      summary: 'The organisation’s API tokens: name, scopes, expiry, last use, revocation (never the secret)',
      params: ApiTokenParams,
      response: ApiTokenList,
      handler: async ({ actor, params }) => ({ tokens: await listTokens(deps.db, actor!, params.orgId, deps.clock()) }),
    }),
    route({
      method: 'post',
      path: '/api/orgs/:orgId/api-tokens',
      access: access.roles('admin'),
      summary: 'Create an API token with a name, scopes and an expiry; the answer carries the secret, shown this once',
      params: ApiTokenParams,
      body: CreateApiTokenBody,
      response: CreatedApiToken,
      status: 201,
      handler: ({ actor, params, body }) => createToken(deps.db, actor!, params.orgId, body, deps.clock()),
    }),
    route({
      method: 'delete',
      path: '/api/orgs/:orgId/api-tokens/:tokenId',
      access: access.roles('admin'),
      summary: 'Revoke an API token: it stops working at once; its row and audit entries stay',
      params: ApiTokenIdParams,
      status: 204,
      handler: ({ actor, params }) => revokeToken(deps.db, actor!, params.orgId, params.tokenId, deps.clock()),
    }),
  ];
}
