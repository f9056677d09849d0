import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import * as oidc from 'openid-client';
import { recordAudit } from '../audit/record';
import { toDate } from '../db/values';
import type { SessionStore } from '../accounts/sessions';
import { configBySlug, loadConfig } from './config';
import type { Sealer } from '../secrets/sealer';
import type { SsoClients } from './clients';
import { linkAccount, SsoRefusal } from './link';

/** The browser's handle on a sign-in in progress: only as long as a person takes at the provider. */
export const SSO_COOKIE = 'practicum_sso';
export const PENDING_MS = 10 * 60_000;

export type SsoDeps = { db: Knex; sessions: SessionStore; clock: () => Date; logger: Logger; clients: SsoClients; sealer: Sealer };

const digest = (handle: string) => createHash('sha256').update(handle).digest('hex');

/**
 * Begins a sign-in through the organisation's provider: PKCE (S256), state and nonce are drawn
 * here and kept on the server under a random handle the browser carries in a cookie; the
 * browser is sent to the provider's authorization endpoint.
 */
export async function startSignIn(deps: SsoDeps, slug: string, redirectUri: string, locale: string | null): Promise<{ handle: string; url: URL }> {
  const found = await configBySlug(deps.db, deps.sealer, slug);
  if (!found) throw new SsoRefusal('notConfigured');
  const client = await deps.clients.get(found.config).catch((err: unknown) => {
    throw new SsoRefusal('providerError', err);
  });
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const handle = randomBytes(32).toString('base64url');
  const now = deps.clock();
  await deps.db('sso_pending').where('expires_at', '<', now).delete();
  await deps.db('sso_pending').insert({
    id: digest(handle),
    org_id: found.org.id,
    state,
    nonce,
    code_verifier: codeVerifier,
    locale,
    expires_at: new Date(now.getTime() + PENDING_MS),
  });
  const url = oidc.buildAuthorizationUrl(client, {
    redirect_uri: redirectUri,
    scope: found.config.scopes,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { handle, url };
}

export type SignedIn = { token: string; expiresAt: Date; userId: string; orgId: string };

/**
 * Finishes a sign-in: the pending entry is used up whatever happens; openid-client checks the
 * state, exchanges the code with the PKCE verifier and verifies the ID token (signature by the
 * provider's current keys, issuer, audience, expiry, nonce). Then the account is linked or
 * created and a session begins exactly as a password sign-in's does.
 */
export async function finishSignIn(
  deps: SsoDeps,
  handle: string | undefined,
  currentUrl: URL,
  redirectUri: string,
  meta: { ip: string; userAgent?: string },
): Promise<SignedIn> {
  const now = deps.clock();
  const pending = handle ? await deps.db('sso_pending').where({ id: digest(handle) }).first() : undefined;
  if (!pending) throw new SsoRefusal('expired');
  await deps.db('sso_pending').where({ id: pending.id }).delete();
  if (toDate(pending.expires_at)!.getTime() <= now.getTime()) throw new SsoRefusal('expired');
  const orgId = pending.org_id as string;
  const config = await loadConfig(deps.db, deps.sealer, orgId);
  if (!config?.enabled) throw new SsoRefusal('notConfigured');

  try {
    const client = await deps.clients.get(config).catch((err: unknown) => {
      throw new SsoRefusal('providerError', err);
    });
    if (currentUrl.searchParams.has('error')) throw new SsoRefusal('providerError', currentUrl.searchParams.get('error'));
    const tokens = await oidc
      .authorizationCodeGrant(
        client,
        currentUrl,
        { expectedState: pending.state as string, expectedNonce: pending.nonce as string, pkceCodeVerifier: pending.code_verifier as string, idTokenExpected: true },
        { redirect_uri: redirectUri },
      )
      .catch((err: unknown) => {
        throw new SsoRefusal('verification', err);
      });
    const idClaims = tokens.claims()!;
    let claims: Record<string, unknown> = { ...idClaims };
    // Most providers put profile claims in userinfo for the code flow, not in the ID token.
    if (client.serverMetadata().userinfo_endpoint) {
      const info = await oidc.fetchUserInfo(client, tokens.access_token, idClaims.sub).catch((err: unknown) => {
        throw new SsoRefusal('verification', err);
      });
      claims = { ...info, ...idClaims };
    }
    const linked = await linkAccount(deps.db, config, idClaims.iss, claims, now);
    const session = await deps.sessions.create(linked.userId, meta);
    await deps.db.transaction(async (trx) => {
      await trx('users').where({ id: linked.userId }).update({ last_sign_in_at: now });
      await recordAudit(
        trx,
        { actor: { id: linked.userId, email: linked.email }, orgId, action: 'sso.signIn', target: { kind: 'user', id: linked.userId }, ip: meta.ip, detail: { issuer: idClaims.iss, how: linked.how } },
        now,
      );
    });
    return { ...session, userId: linked.userId, orgId };
  } catch (err) {
    const refusal = err instanceof SsoRefusal ? err : new SsoRefusal('verification', err);
    refusal.locale = (pending.locale as string | null) ?? undefined;
    deps.logger.warn({ orgId, reason: refusal.reason, cause: describe(refusal.cause) }, 'sso sign-in refused');
    await recordAudit(deps.db, { actor: null, actorLabel: 'sso', orgId, action: 'sso.signIn', ip: meta.ip, detail: { refused: refusal.reason, cause: describe(refusal.cause) } }, now);
    throw refusal;
  }
}

/** What went wrong, for the log and the audit entry: the error and what it wraps (openid-client nests the detail). */
function describe(cause: unknown): string | undefined {
  if (cause === undefined || cause === null) return undefined;
  const parts: string[] = [];
  let e: unknown = cause;
  for (let depth = 0; e !== undefined && e !== null && depth < 3; depth++) {
    // Only errors' own words: a library's cause object may carry the token's claims.
    if (!(e instanceof Error)) {
      if (typeof e === 'string') parts.push(e);
      break;
    }
    const { code, error } = e as { code?: string; error?: string };
    parts.push([code ?? e.name, error, e.message].filter(Boolean).join(': '));
    e = e.cause;
  }
  return parts.join(' <- ').slice(0, 500);
}
