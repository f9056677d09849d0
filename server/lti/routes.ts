import type { Request, Response } from 'express';
import { parse as parseCookie } from 'cookie';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { cookieOptions } from '../accounts/routes';
import { SESSION_COOKIE } from '../accounts/sessions';
import type { CookieOptions } from 'express';
import { LtiJwks, LtiLoginInput, LtiOrgParams, LtiRegistrationBody, LtiRegistrationEnvelope, LtiRegistrationList, LtiRegistrationParams, type LtiLoginInputT } from '../contract/lti';
import type { AppDeps } from '../deps';
import { currentLocale } from '../http/locale';
import { access } from '../http/policy';
import { consumeOrRefuse } from '../http/rateLimit';
import { route, type AnyRoute } from '../http/routes';
import { parseInput } from '../http/validate';
import { msg } from '../messages';
import { LtiRefusal, type LtiRefusalReason } from './claims';
import { toolJwks } from './keys';
import { finishLaunch, PENDING_MS, startLogin, stateCookieName, type LtiDeps } from './launch';
import { ltiRefusalPage } from './page';
import { PlatformKeys } from './platformKeys';
import { createRegistration, deleteRegistration, listRegistrations } from './registrations';

export const LAUNCH_PATH = '/lti/launch';
/**
 * Logins an address may start per minute: each keeps two rows for ten minutes, so an anonymous
 * flood must not fill the tables; generous, because a whole class opens the link at once from
 * behind the school's one address.
 */
export const LTI_LOGINS_PER_MINUTE = 300;

/** One platform-key cache per app (tests run several apps in one process). */
const keysOf = new WeakMap<AppDeps, PlatformKeys>();
export function ltiDeps(deps: AppDeps): LtiDeps {
  let platformKeys = keysOf.get(deps);
  if (!platformKeys) keysOf.set(deps, (platformKeys = new PlatformKeys()));
  return { db: deps.db, sessions: deps.sessions, clock: deps.clock, logger: deps.logger, platformKeys };
}

/** Where the platform posts the id_token: the canonical public origin, else (development, tests) the origin asked, if it is ours. */
function launchUri(deps: AppDeps, req: Request): string {
  const configured = deps.config.publicOrigins[0];
  if (configured) return `${configured}${LAUNCH_PATH}`;
  const asked = `${req.protocol}://${req.get('host') ?? ''}`;
  return `${deps.origins.allows(asked) ? asked : (deps.origins.list()[0] ?? 'http://localhost')}${LAUNCH_PATH}`;
}

/**
 * The state cookie must come back on the platform's cross-site form post, which only a
 * SameSite=None cookie does, and browsers take SameSite=None only with Secure, i.e. over TLS
 * (behind TLS with TRUST_PROXY, req.secure is true). Over plain http (development, tests) a
 * Secure cookie would never be stored, so there it is Lax: a platform on another port of the
 * same host is same-site, and tests carry the cookie themselves.
 */
function stateCookie(req: Request, expires?: Date): CookieOptions {
  return { httpOnly: true, secure: req.secure, sameSite: req.secure ? 'none' : 'lax', path: '/lti', ...(expires ? { expires } : {}) };
}

const formOf = (req: Request): Record<string, string> => Object.fromEntries(new URLSearchParams(Buffer.isBuffer(req.body) ? req.body.toString('utf8') : ''));

const REFUSAL_STATUS: Partial<Record<LtiRefusalReason, number>> = { unknownRegistration: 404, noRole: 403, notMember: 403, disabled: 403 };

/**
 * LTI 1.3 launch core (issue 20). The /lti/* routes are posted cross-site by the platform, so
 * they sit outside /api and its Origin check (server/app.ts): the id_token's signature, the
 * single-use nonce and the state bound to the browser's cookie are their proof instead.
 */
export function ltiRoutes(deps: AppDeps): AnyRoute[] {
  const lti = ltiDeps(deps);
  const logins = new RateLimiterMemory({ points: LTI_LOGINS_PER_MINUTE, duration: 60, keyPrefix: 'lti-login' });
  const refuse = (res: Response, err: unknown) => {
    if (!(err instanceof LtiRefusal)) throw err;
    res.status(REFUSAL_STATUS[err.reason] ?? 400).type('html').send(ltiRefusalPage(err.reason, currentLocale()));
  };
  const login = async (req: Request, res: Response, input: LtiLoginInputT) => {
    await consumeOrRefuse(logins, req.ip ?? 'unknown', (seconds) => msg('http.rateLimited', { seconds }));
    try {
      const { state, url } = await startLogin(lti, input, launchUri(deps, req));
      res.cookie(stateCookieName(state), state, stateCookie(req, new Date(deps.clock().getTime() + PENDING_MS)));
      res.redirect(303, url.href);
    } catch (err) {
      refuse(res, err);
    }
  };
  return [
    route({
      method: 'get',
      path: '/api/orgs/:orgId/lti/registrations',
      access: access.roles('admin', 'operator'),
      summary: 'The LTI 1.3 platforms registered for the organisation',
      params: LtiOrgParams,
      response: LtiRegistrationList,
      handler: async ({ actor, params }) => ({ registrations: await listRegistrations(deps.db, actor!, params.orgId) }),
    }),
    route({
      method: 'post',
      path: '/api/orgs/:orgId/lti/registrations',
      access: access.roles('admin', 'operator'),
      summary: 'Register an LTI 1.3 platform for a school by hand (issuer, client id, endpoints, deployments)',
      params: LtiOrgParams,
      body: LtiRegistrationBody,
      response: LtiRegistrationEnvelope,
      status: 201,
      handler: async ({ actor, params, body, req }) => ({
        registration: await createRegistration(deps.db, actor!, params.orgId, body, { ip: req.ip }, deps.clock()),
      }),
    }),
    route({
      method: 'delete',
      path: '/api/orgs/:orgId/lti/registrations/:id',
      access: access.roles('admin', 'operator'),
      summary: 'Remove an LTI 1.3 platform registration (its links go; accounts and courses stay)',
      params: LtiRegistrationParams,
      status: 204,
      handler: async ({ actor, params, req }) => {
        await deleteRegistration(deps.db, actor!, params.orgId, params.id, { ip: req.ip }, deps.clock());
      },
    }),
    route({
      method: 'get',
      path: '/lti/jwks',
      access: access.public,
      summary: 'The tool’s public signing keys (JWKS) for LTI platforms',
      response: LtiJwks,
      handler: async () => toolJwks(deps.db, deps.sealer, deps.clock()),
    }),
    route({
      method: 'get',
      path: '/lti/login',
      access: access.public,
      summary: 'LTI 1.3 third-party initiated login: redirects to the platform’s authorization endpoint with state and nonce',
      query: LtiLoginInput,
      status: 303,
      handler: async ({ query, req, res }) => login(req, res, query),
    }),
    route({
      method: 'post',
      path: '/lti/login',
      access: access.public,
      summary: 'LTI 1.3 third-party initiated login, posted as a form',
      rawBody: '16kb',
      status: 303,
      handler: async ({ req, res }) => login(req, res, parseInput(LtiLoginInput, formOf(req), 'body')),
    }),
    route({
      method: 'post',
      path: LAUNCH_PATH,
      access: access.public,
      summary: 'LTI 1.3 resource link launch (form post of id_token and state): verifies, links or provisions the person, signs in',
      rawBody: '64kb',
      status: 303,
      handler: async ({ req, res, actor }) => {
        const form = formOf(req);
        const cookies = parseCookie(req.get('cookie') ?? '');
        if (form.state) res.clearCookie(stateCookieName(form.state), stateCookie(req));
        try {
          const launched = await finishLaunch(lti, form, cookies, { ip: req.ip ?? 'unknown', userAgent: req.get('user-agent') });
          // As with a password: the browser's previous session ends, one cookie, one live session.
          if (actor) await deps.sessions.destroy(actor.sessionId);
          res.cookie(SESSION_COOKIE, launched.token, cookieOptions(req, launched.expiresAt));
          // Teachers land on the course; students on their home page, which lists its assignments.
          res.redirect(303, launched.courseId && launched.role === 'teacher' ? `/courses/${launched.courseId}` : '/');
        } catch (err) {
          refuse(res, err);
        }
      },
    }),
  ];
}
