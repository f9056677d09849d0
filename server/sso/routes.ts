import type { Request } from 'express';
import { parse as parseCookie } from 'cookie';
import { z } from 'zod';
import { cookieOptions } from '../accounts/routes';
import { SESSION_COOKIE } from '../accounts/sessions';
import { isLocale, type Locale } from '../contract/constants';
import { OrgIdParams, OrgSlugParams, SsoConfigBody, SsoConfigEnvelope, SsoOrgList } from '../contract/sso';
import type { AppDeps } from '../deps';
import { currentLocale } from '../http/locale';
import { access } from '../http/policy';
import { consumeOrRefuse } from '../http/rateLimit';
import { msg } from '../messages';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { route, type AnyRoute } from '../http/routes';
import { SsoClients } from './clients';
import { getConfig, listSsoOrgs, present, putConfig } from './config';
import { finishSignIn, PENDING_MS, SSO_COOKIE, startSignIn, type SsoDeps } from './flow';
import { SsoRefusal, type RefusalReason } from './link';
import { refusalPage } from './page';

const CALLBACK_PATH = '/api/sso/callback';

/** One discovery cache per app (tests run several apps in one process). */
const clientsOf = new WeakMap<AppDeps, SsoClients>();
function ssoDeps(deps: AppDeps): SsoDeps {
  let clients = clientsOf.get(deps);
  if (!clients) clientsOf.set(deps, (clients = new SsoClients(deps.config.ssoAllowHttpIssuers)));
  return { db: deps.db, sessions: deps.sessions, clock: deps.clock, logger: deps.logger, clients, sealer: deps.sealer };
}

/**
 * Where the provider sends people back: the canonical public origin (PUBLIC_ORIGINS) in
 * production; without it (development, tests) the origin the request came to, if it is one of ours.
 */
function redirectUri(deps: AppDeps, req?: Request): string {
  const configured = deps.config.publicOrigins[0];
  if (configured) return `${configured}${CALLBACK_PATH}`;
  const asked = req ? `${req.protocol}://${req.get('host') ?? ''}` : undefined;
  const origin = asked && deps.origins.allows(asked) ? asked : (deps.origins.list()[0] ?? 'http://localhost');
  return `${origin}${CALLBACK_PATH}`;
}

/** A broken or replayed flow is a bad request; a person the organisation does not let in is forbidden. */
const REFUSAL_STATUS: Partial<Record<RefusalReason, number>> = { notConfigured: 404, expired: 400, verification: 400, providerError: 502 };

const flowCookie = (req: Request, expires?: Date) => ({ ...cookieOptions(req, expires), path: '/api/sso' });
const StartQuery = z.object({ lang: z.string().max(16).optional() });

/** Sign-ins an address may start per minute: each keeps a row for ten minutes, so an anonymous flood must not fill the table. */
export const SSO_STARTS_PER_MINUTE = 20;

export function ssoRoutes(deps: AppDeps): AnyRoute[] {
  const sso = ssoDeps(deps);
  const starts = new RateLimiterMemory({ points: SSO_STARTS_PER_MINUTE, duration: 60, keyPrefix: 'sso-start' });
  const refuse = (res: import('express').Response, err: unknown, locale: Locale) => {
    if (!(err instanceof SsoRefusal)) throw err;
    res.status(REFUSAL_STATUS[err.reason] ?? 403).type('html').send(refusalPage(err.reason, locale));
  };
  return [
    route({
      method: 'get',
      path: '/api/sso/orgs',
      access: access.public,
      summary: 'Organisations whose people sign in through their own identity provider (slug and name, for the sign-in page)',
      response: SsoOrgList,
      handler: async () => ({ orgs: await listSsoOrgs(deps.db) }),
    }),
    route({
      method: 'get',
      path: '/api/orgs/:orgId/sso',
      access: access.roles('admin', 'operator'),
      summary: 'The organisation’s identity provider settings (the client secret only as "set")',
      params: OrgIdParams,
      response: SsoConfigEnvelope,
      handler: async ({ actor, params, req }) => ({ sso: present(params.orgId, await getConfig(deps.db, deps.sealer, actor!, params.orgId), redirectUri(deps, req)) }),
    }),
    route({
      method: 'put',
      path: '/api/orgs/:orgId/sso',
      access: access.roles('admin', 'operator'),
      summary: 'Set the organisation’s identity provider, claim mapping and whether its members may still sign in with a password',
      params: OrgIdParams,
      body: SsoConfigBody,
      response: SsoConfigEnvelope,
      handler: async ({ actor, params, body, req }) => {
        const saved = await putConfig(deps.db, deps.sealer, actor!, params.orgId, body, { ip: req.ip }, deps.clock());
        return { sso: present(params.orgId, saved, redirectUri(deps, req)) };
      },
    }),
    route({
      method: 'get',
      path: '/api/sso/:orgSlug/start',
      access: access.public,
      summary: 'Begin signing in through the organisation’s identity provider: redirects there (PKCE, state and nonce kept on the server)',
      params: OrgSlugParams,
      query: StartQuery,
      status: 303,
      handler: async ({ params, query, req, res }) => {
        const locale = isLocale(query.lang) ? query.lang : currentLocale();
        await consumeOrRefuse(starts, req.ip ?? 'unknown', (seconds) => msg('http.rateLimited', { seconds }));
        try {
          const { handle, url } = await startSignIn(sso, params.orgSlug, redirectUri(deps, req), locale);
          res.cookie(SSO_COOKIE, handle, flowCookie(req, new Date(deps.clock().getTime() + PENDING_MS)));
          res.redirect(303, url.href);
        } catch (err) {
          refuse(res, err, locale);
        }
      },
    }),
    route({
      method: 'get',
      path: CALLBACK_PATH,
      access: access.public,
      summary: 'Where the identity provider sends the person back: checks state, nonce and PKCE, links or creates the account, signs in',
      status: 303,
      handler: async ({ req, res, actor }) => {
        const uri = redirectUri(deps, req);
        const handle = parseCookie(req.get('cookie') ?? '')[SSO_COOKIE];
        res.clearCookie(SSO_COOKIE, flowCookie(req));
        try {
          const signedIn = await finishSignIn(sso, handle, new URL(req.originalUrl, uri), uri, { ip: req.ip ?? 'unknown', userAgent: req.get('user-agent') });
          // As with a password: the browser's previous session ends, one cookie, one live session.
          if (actor) await deps.sessions.destroy(actor.sessionId);
          res.cookie(SESSION_COOKIE, signedIn.token, cookieOptions(req, signedIn.expiresAt));
          res.redirect(303, '/');
        } catch (err) {
          refuse(res, err, err instanceof SsoRefusal && isLocale(err.locale) ? err.locale : currentLocale());
        }
      },
    }),
  ];
}
