import type { CookieOptions, Request } from 'express';
import { CreateUserBody, IdParams, ListUsersQuery, LoginBody, type SessionViewT } from '../contract/accounts';
import { ServerEvents } from '../contract/realtime';
import { access } from '../http/policy';
import { route, type AnyRoute } from '../http/routes';
import type { AppDeps } from '../app';
import * as accounts from './service';
import { SESSION_COOKIE } from './sessions';

function cookieOptions(req: Request, expires?: Date): CookieOptions {
  // Secure follows the request: behind HTTPS (with TRUST_PROXY) the cookie never travels in clear.
  return { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/', ...(expires ? { expires } : {}) };
}

export function accountRoutes(deps: AppDeps): AnyRoute[] {
  return [
    route({
      method: 'post',
      path: '/api/session',
      access: access.public,
      summary: 'Sign in with email and password; sets the session cookie',
      body: LoginBody,
      handler: async ({ body, req, res, actor }) => {
        const { token, expiresAt, userId } = await accounts.login(deps, body, {
          ip: req.ip ?? 'unknown',
          userAgent: req.get('user-agent'),
        });
        // The browser's previous session ends here: one cookie, one live session.
        if (actor) await deps.sessions.destroy(actor.sessionId);
        res.cookie(SESSION_COOKIE, token, cookieOptions(req, expiresAt));
        const user = await accounts.getUser(deps.db, userId);
        const session: SessionViewT = { user, roles: [...new Set(user.memberships.map((m) => m.role))], expiresAt: expiresAt.toISOString() };
        return session;
      },
    }),
    route({
      method: 'get',
      path: '/api/session',
      access: access.authenticated,
      summary: 'The signed-in user, their roles and when the session ends',
      handler: async ({ actor, req }): Promise<SessionViewT> => ({
        user: await accounts.getUser(deps.db, actor!.id),
        roles: [...actor!.roles],
        expiresAt: req.sessionExpiresAt!.toISOString(),
      }),
    }),
    route({
      method: 'delete',
      path: '/api/session',
      access: access.authenticated,
      summary: 'Sign out: ends the session on the server and clears the cookie',
      status: 204,
      handler: async ({ actor, req, res }) => {
        await deps.sessions.destroy(actor!.sessionId);
        deps.publisher.endSession(actor!.sessionId, ServerEvents.sessionEnded, { reason: 'signed-out' });
        res.clearCookie(SESSION_COOKIE, cookieOptions(req));
      },
    }),
    route({
      method: 'get',
      path: '/api/users',
      access: access.roles('admin'),
      summary: 'List users with their roles (search, filter by organisation or role)',
      query: ListUsersQuery,
      handler: ({ query }) => accounts.listUsers(deps.db, query),
    }),
    route({
      method: 'post',
      path: '/api/users',
      access: access.roles('admin'),
      summary: 'Create a user with roles in organisations',
      body: CreateUserBody,
      status: 201,
      handler: async ({ body }) => ({ user: await accounts.createUser(deps, body) }),
    }),
    route({
      method: 'get',
      path: '/api/users/:id',
      access: access.roles('admin'),
      summary: 'One user with their roles',
      params: IdParams,
      handler: async ({ params }) => ({ user: await accounts.getUser(deps.db, params.id) }),
    }),
  ];
}
