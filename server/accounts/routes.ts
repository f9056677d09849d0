import type { CookieOptions, Request } from 'express';
import {
  CreateUserBody,
  GrantMembershipBody,
  IdParams,
  ListUsersQuery,
  LocaleBody,
  LocaleView,
  LoginBody,
  MembershipParams,
  SessionView,
  UpdateUserBody,
  UserEnvelope,
  UserList,
  type SessionViewT,
} from '../contract/accounts';
import { ServerEvents } from '../contract/realtime';
import { access } from '../http/policy';
import { route, type AnyRoute } from '../http/routes';
import type { AppDeps } from '../deps';
import * as accounts from './service';
import { auditUser } from './service';
import * as admin from './admin';
import { passwordRoutes } from './passwordRoutes';
import { orgLocaleOf, setLocale } from './repo';
import { SESSION_COOKIE } from './sessions';

export function cookieOptions(req: Request, expires?: Date): CookieOptions {
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
      response: SessionView,
      handler: async ({ body, req, res, actor }) => {
        const { token, expiresAt, userId } = await accounts.login(deps, body, {
          ip: req.ip ?? 'unknown',
          userAgent: req.get('user-agent'),
        });
        // The browser's previous session ends here: one cookie, one live session.
        if (actor) await deps.sessions.destroy(actor.sessionId);
        res.cookie(SESSION_COOKIE, token, cookieOptions(req, expiresAt));
        const user = await accounts.getUser(deps.db, userId);
        const session: SessionViewT = {
          user,
          roles: [...new Set(user.memberships.map((m) => m.role))],
          operator: user.operator,
          orgLocale: await orgLocaleOf(deps.db, userId),
          expiresAt: expiresAt.toISOString(),
        };
        return session;
      },
    }),
    route({
      method: 'get',
      path: '/api/session',
      access: access.authenticated,
      summary: 'The signed-in user, their roles and when the session ends',
      response: SessionView,
      handler: async ({ actor, req }): Promise<SessionViewT> => ({
        user: await accounts.getUser(deps.db, actor!.id),
        roles: [...actor!.roles],
        operator: actor!.operator,
        orgLocale: await orgLocaleOf(deps.db, actor!.id),
        expiresAt: req.sessionExpiresAt!.toISOString(),
      }),
    }),
    route({
      method: 'put',
      path: '/api/me/locale',
      access: access.authenticated,
      summary: 'Remember the signed-in person’s interface language (every device follows it)',
      body: LocaleBody,
      response: LocaleView,
      handler: async ({ actor, body }) => {
        await setLocale(deps.db, actor!.id, body.locale, deps.clock());
        return { locale: body.locale };
      },
    }),
    route({
      method: 'delete',
      path: '/api/session',
      access: access.authenticated,
      summary: 'Sign out: ends the session on the server and clears the cookie',
      status: 204,
      handler: async ({ actor, req, res }) => {
        await deps.sessions.destroy(actor!.sessionId);
        await auditUser(deps.db, actor!.id, 'session.signOut', { actor, ip: req.ip ?? null }, deps.clock());
        deps.publisher.endSession(actor!.sessionId, ServerEvents.sessionEnded, { reason: 'signed-out' });
        res.clearCookie(SESSION_COOKIE, cookieOptions(req));
      },
    }),
    route({
      method: 'get',
      path: '/api/users',
      access: access.roles('admin', 'operator'),
      summary: 'List the people of the organisations the caller administers (every user, for an operator); search, filter by organisation or role',
      query: ListUsersQuery,
      response: UserList,
      handler: ({ actor, query }) => admin.listUsers(deps.db, actor!, query),
    }),
    route({
      method: 'post',
      path: '/api/users',
      access: access.roles('admin', 'operator'),
      summary: 'Create a user with roles in organisations the caller administers',
      response: UserEnvelope,
      body: CreateUserBody,
      status: 201,
      handler: async ({ actor, body }) => ({ user: await admin.createUser(deps, actor!, body) }),
    }),
    route({
      method: 'get',
      path: '/api/users/:id',
      access: access.roles('admin', 'operator'),
      summary: 'One person of the caller’s organisations, with their roles there',
      response: UserEnvelope,
      params: IdParams,
      handler: async ({ actor, params }) => ({ user: await admin.getUser(deps.db, actor!, params.id) }),
    }),
    route({
      method: 'patch',
      path: '/api/users/:id',
      access: access.roles('admin', 'operator'),
      summary: 'Disable or enable an account (disabling ends its sessions and sockets at once)',
      response: UserEnvelope,
      params: IdParams,
      body: UpdateUserBody,
      handler: async ({ actor, params, body }) => ({ user: await admin.updateUser(deps, actor!, params.id, body) }),
    }),
    route({
      method: 'post',
      path: '/api/users/:id/memberships',
      access: access.roles('admin', 'operator'),
      summary: 'Give a person of the caller’s organisations another role there',
      response: UserEnvelope,
      params: IdParams,
      body: GrantMembershipBody,
      status: 201,
      handler: async ({ actor, params, body }) => ({ user: await admin.grantMembership(deps, actor!, params.id, body) }),
    }),
    route({
      method: 'delete',
      path: '/api/users/:id/memberships/:membershipId',
      access: access.roles('admin', 'operator'),
      summary: 'Take a role away; the person’s live sockets leave what it let them follow at once',
      response: UserEnvelope,
      params: MembershipParams,
      handler: async ({ actor, params }) => ({ user: await admin.removeMembership(deps, actor!, params.id, params.membershipId) }),
    }),
    ...passwordRoutes(deps),
  ];
}
