import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { SessionStore } from '../accounts/sessions';
import { recordAudit } from '../audit/record';
import type { LtiLoginInputT } from '../contract/lti';
import { toDate } from '../db/values';
import { deploymentsOf, type RegistrationRow } from './registrations';
import type { PlatformKeys } from './platformKeys';
import { CLAIM, LtiRefusal, type LtiRefusalReason } from './claims';
import { provision } from './provision';

/** How long a person may take at the platform between the login and the launch. */
export const PENDING_MS = 10 * 60_000;
/** Clock difference tolerated between platform and tool on exp and iat. */
export const SKEW_SECONDS = 60;
/** An id_token issued longer ago than this is refused even if its exp is later. */
export const MAX_TOKEN_AGE_SECONDS = 10 * 60;

export type LtiDeps = { db: Knex; sessions: SessionStore; clock: () => Date; logger: Logger; platformKeys: PlatformKeys };

/** The browser's proof that it started the login: a cookie named for the state (several launches may run at once, one per frame). */
export const stateCookieName = (state: string) => `practicum_lti_${state}`;

const random = () => randomBytes(24).toString('base64url');

/**
 * OIDC third-party initiated login: finds the registration the platform names (issuer, and the
 * client id when it sends one), keeps a state and a nonce for the launch, and says where to send
 * the browser: the platform's authorization endpoint with the parameters LTI 1.3 asks for.
 */
export async function startLogin(deps: LtiDeps, input: LtiLoginInputT, redirectUri: string): Promise<{ state: string; url: URL }> {
  const query = deps.db('lti_registrations').where({ issuer: input.iss });
  if (input.client_id) query.andWhere({ client_id: input.client_id });
  const found = (await query.limit(2)) as RegistrationRow[];
  // Without a client id the issuer must name one registration: guessing among several would let one platform's login pass for another's.
  if (found.length !== 1) throw new LtiRefusal('unknownRegistration');
  const registration = found[0]!;
  if (input.lti_deployment_id && !deploymentsOf(registration).includes(input.lti_deployment_id)) throw new LtiRefusal('deployment');
  const now = deps.clock();
  const expiresAt = new Date(now.getTime() + PENDING_MS);
  const state = random();
  const nonce = random();
  await deps.db.transaction(async (trx) => {
    await trx('lti_states').where('expires_at', '<', now).delete();
    await trx('lti_nonces').where('expires_at', '<', now).delete();
    await trx('lti_states').insert({ state, registration_id: registration.id, expires_at: expiresAt });
    await trx('lti_nonces').insert({ nonce, registration_id: registration.id, state, expires_at: expiresAt, used_at: null });
  });
  const url = new URL(registration.auth_login_url);
  const params: Record<string, string> = {
    scope: 'openid',
    response_type: 'id_token',
    response_mode: 'form_post',
    prompt: 'none',
    client_id: registration.client_id,
    redirect_uri: redirectUri,
    login_hint: input.login_hint,
    state,
    nonce,
  };
  if (input.lti_message_hint) params.lti_message_hint = input.lti_message_hint;
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return { state, url };
}

export type Launched = { token: string; expiresAt: Date; userId: string; orgId: string; courseId: string | null; role: 'student' | 'teacher' };

/**
 * The launch, checked as the 1EdTech Security Framework asks: the state the browser carries back
 * (its cookie) names a login of ours; the id_token is signed by the registration's platform (its
 * JWKS, fetched again once for an unknown kid), issued by its issuer for its client id (azp too
 * when there are several audiences), current (exp, iat, small skew), carries a nonce we issued
 * and nobody used, a deployment the registration lists, and is a 1.3.0 resource link launch.
 * Then the person is linked or provisioned in the registration's school and signed in.
 */
export async function finishLaunch(
  deps: LtiDeps,
  form: { id_token?: string; state?: string },
  cookies: Record<string, string | undefined>,
  meta: { ip: string; userAgent?: string },
): Promise<Launched> {
  const now = deps.clock();
  let registration: RegistrationRow | undefined;
  try {
    const state = form.state ?? '';
    const pending = state ? await deps.db('lti_states').where({ state }).first() : undefined;
    if (!pending || toDate(pending.expires_at)!.getTime() <= now.getTime()) throw new LtiRefusal('state');
    // The cookie is what ties the launch to the browser that started the login (no login CSRF).
    if (cookies[stateCookieName(state)] !== state) throw new LtiRefusal('state');
    registration = (await deps.db('lti_registrations').where({ id: pending.registration_id }).first()) as RegistrationRow | undefined;
    if (!registration) throw new LtiRefusal('unknownRegistration');
    if (!form.id_token) throw new LtiRefusal('claims');

    const claims = await verifyIdToken(deps, registration, form.id_token, now);
    if (typeof claims.sub !== 'string' || !claims.sub) throw new LtiRefusal('claims');
    if (claims[CLAIM.messageType] !== 'LtiResourceLinkRequest' || claims[CLAIM.version] !== '1.3.0') throw new LtiRefusal('message');
    const deployment = claims[CLAIM.deploymentId];
    if (typeof deployment !== 'string' || !deploymentsOf(registration).includes(deployment)) throw new LtiRefusal('deployment');
    // Single use, and only with the login it was issued for: a replayed id_token (same login or a new one) finds none to use.
    const used = await deps.db('lti_nonces')
      .where({ nonce: typeof claims.nonce === 'string' ? claims.nonce : '', registration_id: registration.id, state })
      .whereNull('used_at')
      .where('expires_at', '>', now)
      .update({ used_at: now });
    if (used !== 1) throw new LtiRefusal('replay');
    await deps.db('lti_states').where({ state }).delete();

    const linked = await provision(deps.db, registration, claims, now);
    const session = await deps.sessions.create(linked.userId, meta);
    await deps.db.transaction(async (trx) => {
      await trx('users').where({ id: linked.userId }).update({ last_sign_in_at: now });
      await recordAudit(
        trx,
        {
          actor: { id: linked.userId, email: linked.email },
          orgId: registration!.org_id,
          action: 'lti.signIn',
          target: { kind: 'user', id: linked.userId },
          ip: meta.ip,
          detail: { registrationId: registration!.id, issuer: registration!.issuer, how: linked.how, courseId: linked.courseId },
        },
        now,
      );
    });
    return { ...session, userId: linked.userId, orgId: registration.org_id, courseId: linked.courseId, role: linked.role };
  } catch (err) {
    const refusal = err instanceof LtiRefusal ? err : new LtiRefusal('claims', err);
    if (!(err instanceof LtiRefusal) && !(err instanceof joseErrors.JOSEError)) throw err;
    const cause = refusal.cause instanceof Error ? `${(refusal.cause as { code?: string }).code ?? refusal.cause.name}: ${refusal.cause.message}`.slice(0, 300) : undefined;
    deps.logger.warn({ registrationId: registration?.id, reason: refusal.reason, cause }, 'lti launch refused');
    if (registration) {
      await recordAudit(deps.db, { actor: null, actorLabel: 'lti', orgId: registration.org_id, action: 'lti.signIn', ip: meta.ip, detail: { refused: refusal.reason, cause: cause ?? null } }, now);
    }
    throw refusal;
  }
}

async function verifyIdToken(deps: LtiDeps, registration: RegistrationRow, idToken: string, now: Date): Promise<JWTPayload> {
  try {
    const { payload } = await jwtVerify(idToken, deps.platformKeys.resolver(registration.jwks_url, now), {
      algorithms: ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'PS256'],
      issuer: registration.issuer,
      audience: registration.client_id,
      currentDate: now,
      clockTolerance: SKEW_SECONDS,
      maxTokenAge: MAX_TOKEN_AGE_SECONDS,
      requiredClaims: ['exp', 'iat', 'nonce'],
    });
    // With several audiences the authorised party must be us; when present at all it must be us.
    const several = Array.isArray(payload.aud) && payload.aud.length > 1;
    if ((several || payload.azp !== undefined) && payload.azp !== registration.client_id) throw new LtiRefusal('audience');
    return payload;
  } catch (err) {
    if (err instanceof LtiRefusal) throw err;
    throw new LtiRefusal(reasonOf(err), err);
  }
}

function reasonOf(err: unknown): LtiRefusalReason {
  if (err instanceof joseErrors.JWTExpired) return 'expired';
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    if (err.claim === 'iss') return 'issuer';
    if (err.claim === 'aud') return 'audience';
    if (err.claim === 'iat' || err.claim === 'nbf' || err.claim === 'exp') return 'expired';
    return 'claims';
  }
  return 'signature';
}
