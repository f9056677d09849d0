import type { Request } from 'express';
import { ChangePasswordBody, CompleteResetBody, IdParams, IssuedResetLink, RequestResetBody, ResetAccepted } from '../contract/accounts';
import type { AppDeps } from '../deps';
import { normalizeOrigin } from '../http/origin';
import { access } from '../http/policy';
import { route, type AnyRoute } from '../http/routes';
import { LoginLimiter } from './loginLimiter';
import { changePassword, completeReset, issueResetLink, requestReset } from './passwordReset';

/**
 * Where a link in an e-mail or handed over points: the canonical public URL (the first of
 * PUBLIC_ORIGINS), else the origin the request came from when it is one of ours (development),
 * else the address the server listens on.
 */
export function publicBase(deps: Pick<AppDeps, 'config' | 'origins'>, req: Request): string {
  if (deps.config.publicOrigins[0]) return deps.config.publicOrigins[0];
  const origin = req.get('origin');
  if (origin && deps.origins.allows(origin)) return normalizeOrigin(origin)!;
  return deps.origins.list()[0] ?? `${req.protocol}://${req.get('host')}`;
}

const ipOf = (req: Request) => req.ip ?? 'unknown';

export function passwordRoutes(deps: AppDeps): AnyRoute[] {
  // Its own counters (same rules as sign-in): asking for links must not slow a school's sign-ins.
  const resetLimiter = new LoginLimiter({ clock: deps.clock, ...(deps.redis ? { redis: deps.redis } : {}), keyPrefix: 'practicum:reset' });
  const passwordDeps = { ...deps, resetLimiter };
  return [
    route({
      method: 'put',
      path: '/api/me/password',
      access: access.authenticated,
      summary: 'Change one’s own password (the current one is required); every other session of the person ends',
      body: ChangePasswordBody,
      status: 204,
      handler: async ({ actor, body, req }) => {
        await changePassword(deps, actor!, body, { ip: ipOf(req), sessionId: actor!.sessionId });
      },
    }),
    route({
      method: 'post',
      path: '/api/password-resets',
      access: access.public,
      summary: 'Forgot password: e-mails a one-time link valid for an hour; the same answer whether the address has an account or not',
      body: RequestResetBody,
      response: ResetAccepted,
      status: 202,
      handler: async ({ body, req }) => {
        // Counted, never forgiven: each request may send an e-mail.
        await resetLimiter.begin(body.email, ipOf(req));
        await requestReset(deps, body.email, publicBase(deps, req), { ip: ipOf(req) });
        return { accepted: true };
      },
    }),
    route({
      method: 'post',
      path: '/api/password-resets/redeem',
      access: access.public,
      summary: 'Set a new password with a reset link’s token (once); every session of the person ends',
      body: CompleteResetBody,
      status: 204,
      handler: async ({ body, req }) => {
        await completeReset(passwordDeps, body.token, body.password, { ip: ipOf(req) });
      },
    }),
    route({
      method: 'post',
      path: '/api/users/:id/password-reset',
      access: access.roles('admin', 'operator'),
      summary: 'Issue a reset link for a member, valid 7 days, to hand over in person; shown once',
      response: IssuedResetLink,
      params: IdParams,
      status: 201,
      handler: ({ actor, params, req }) => issueResetLink(deps, actor!, params.id, publicBase(deps, req), { ip: ipOf(req) }),
    }),
  ];
}
