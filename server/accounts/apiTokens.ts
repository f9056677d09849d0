import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Knex } from 'knex';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { recordAudit } from '../audit/record';
import { TOKEN_SCOPES, type ApiTokenViewT, type CreateApiTokenInput, type CreatedApiTokenT, type TokenScope } from '../contract/apiTokens';
import { toDate, toIso } from '../db/values';
import { errors } from '../http/errors';
import { adminOrgIds, type Actor } from '../http/policy';
import { consumeOrRefuse } from '../http/rateLimit';
import { msg } from '../messages';

/**
 * An organisation's service tokens (issue 19). The secret is 32 random bytes behind a `pt_`
 * prefix that makes a leaked one easy to recognise in logs and code; it is stored only as its
 * sha256, which is enough for a secret nobody can guess (no password-style slow hash: there
 * is nothing to brute-force, and a lookup costs one indexed read).
 */
const SECRET_PREFIX = 'pt_';
/** How much of the secret the list shows, so an admin can tell which script holds which token. */
const SHOWN_PREFIX = 10;

/** Requests per token per minute: a nightly export or an enrolment run needs a few dozen. */
export const TOKEN_REQUESTS_PER_MINUTE = 120;
export const createTokenLimiter = () => new RateLimiterMemory({ points: TOKEN_REQUESTS_PER_MINUTE, duration: 60, keyPrefix: 'api-token' });

const digest = (secret: string) => createHash('sha256').update(secret).digest();

type TokenRow = {
  id: string;
  org_id: string;
  name: string;
  scopes_json: string;
  secret_hash: string;
  prefix: string;
  created_by: string | null;
  created_at: Date | number;
  expires_at: Date | number;
  last_used_at: Date | number | null;
  revoked_at: Date | number | null;
};

const scopesOf = (row: TokenRow): TokenScope[] =>
  (JSON.parse(row.scopes_json) as string[]).filter((s): s is TokenScope => (TOKEN_SCOPES as readonly string[]).includes(s));

function view(row: TokenRow, now: Date): ApiTokenViewT {
  const expiresAt = toDate(row.expires_at)!;
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    scopes: scopesOf(row),
    prefix: row.prefix,
    createdAt: toIso(row.created_at)!,
    createdBy: row.created_by,
    expiresAt: expiresAt.toISOString(),
    lastUsedAt: toIso(row.last_used_at),
    revokedAt: toIso(row.revoked_at),
    status: row.revoked_at !== null ? 'revoked' : expiresAt.getTime() <= now.getTime() ? 'expired' : 'active',
  };
}

/** Only the organisation's own admins; any other organisation's id is "not found" (see chooseOrg). */
function assertAdminOf(actor: Actor, orgId: string): void {
  if (!adminOrgIds(actor).has(orgId)) throw errors.notFound(msg('notFound.organisation'));
}

export async function listTokens(db: Knex, actor: Actor, orgId: string, now: Date): Promise<ApiTokenViewT[]> {
  assertAdminOf(actor, orgId);
  const rows: TokenRow[] = await db('api_tokens').where({ org_id: orgId }).orderBy('created_at', 'desc').orderBy('id');
  return rows.map((r) => view(r, now));
}

/** Creates a token and returns its secret: the only time it leaves the server. */
export async function createToken(db: Knex, actor: Actor, orgId: string, input: CreateApiTokenInput, now: Date): Promise<CreatedApiTokenT> {
  assertAdminOf(actor, orgId);
  const secret = SECRET_PREFIX + randomBytes(32).toString('base64url');
  const id = randomUUID();
  const expiresAt = new Date(now.getTime() + input.expiresInDays * 86_400_000);
  const row = {
    id,
    org_id: orgId,
    name: input.name,
    scopes_json: JSON.stringify(input.scopes),
    secret_hash: digest(secret).toString('hex'),
    prefix: secret.slice(0, SHOWN_PREFIX),
    created_by: actor.id,
    created_at: now,
    expires_at: expiresAt,
    last_used_at: null,
    revoked_at: null,
  };
  await db.transaction(async (trx) => {
    await trx('api_tokens').insert(row);
    await recordAudit(
      trx,
      { actor, orgId, action: 'apiToken.created', target: { kind: 'apiToken', id }, detail: { name: input.name, scopes: input.scopes, expiresAt: expiresAt.toISOString() } },
      now,
    );
  });
  return { token: view(row, now), secret };
}

/** Revoking twice is harmless: the first revocation stands, with its time and author. */
export async function revokeToken(db: Knex, actor: Actor, orgId: string, tokenId: string, now: Date): Promise<void> {
  assertAdminOf(actor, orgId);
  await db.transaction(async (trx) => {
    const row: TokenRow | undefined = await trx('api_tokens').where({ id: tokenId, org_id: orgId }).first();
    if (!row) throw errors.notFound(msg('notFound.apiToken'));
    if (row.revoked_at !== null) return;
    await trx('api_tokens').where({ id: tokenId }).update({ revoked_at: now, revoked_by: actor.id });
    await recordAudit(trx, { actor, orgId, action: 'apiToken.revoked', target: { kind: 'apiToken', id: tokenId }, detail: { name: row.name } }, now);
  });
}

/**
 * The service actor behind a Bearer secret, or null when the secret is unknown, expired or
 * revoked. The row is found by the hash's index; the hashes are then compared in constant time
 * all the same, so no answer depends on how many leading characters matched.
 */
export async function resolveToken(db: Knex, secret: string, now: Date): Promise<Actor | null> {
  if (!secret.startsWith(SECRET_PREFIX) || secret.length > 100) return null;
  const hash = digest(secret);
  const row: TokenRow | undefined = await db('api_tokens').where({ secret_hash: hash.toString('hex') }).first();
  if (!row || !timingSafeEqual(Buffer.from(row.secret_hash, 'hex'), hash)) return null;
  if (row.revoked_at !== null || toDate(row.expires_at)!.getTime() <= now.getTime()) return null;
  return {
    id: row.id,
    // What the audit log shows as the actor: the token, recognisable by the prefix its admin saw.
    email: `api-token:${row.prefix}`,
    name: row.name,
    sessionId: '',
    memberships: [],
    roles: new Set(),
    operator: false,
    token: { id: row.id, orgId: row.org_id, scopes: scopesOf(row) },
  };
}

/** One point of the token's budget per request, or 429 with how long to wait. */
export async function consumeTokenBudget(limiter: RateLimiterMemory, actor: Actor): Promise<void> {
  await consumeOrRefuse(limiter, actor.token!.id, (wait) => msg('apiToken.rateLimited', { limit: limiter.points, wait }));
}

/**
 * Counts a use of `route` by the token in the current minute. The minute's first use of a
 * route also writes the token's last use and one audit entry (`apiToken.used`, naming the
 * route): every use is on record, as a count per minute, without an audit entry per request.
 */
export async function recordTokenUse(db: Knex, actor: Actor, route: string, now: Date): Promise<void> {
  const tokenId = actor.token!.id;
  const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  const key = { token_id: tokenId, route, minute };
  const counted = await db('api_token_uses').where(key).increment('count', 1);
  if (counted > 0) return;
  await db.transaction(async (trx) => {
    // Two first uses at once: the second finds the row and counts on it instead.
    const inserted = await trx('api_token_uses').insert({ ...key, count: 1 }).onConflict(['token_id', 'route', 'minute']).ignore().returning('token_id');
    if (inserted.length === 0) {
      await trx('api_token_uses').where(key).increment('count', 1);
      return;
    }
    await trx('api_tokens').where({ id: tokenId }).update({ last_used_at: now });
    await recordAudit(trx, { actor, orgId: actor.token!.orgId, action: 'apiToken.used', target: { kind: 'apiToken', id: tokenId }, detail: { route } }, now);
  });
}

/** How long the per-minute counts are kept: long enough to answer "what did this script do last term?" in part, short enough not to grow without end. */
export const USES_KEPT_DAYS = 90;

/** Removes use counts older than USES_KEPT_DAYS; run by the server's periodic sweep. */
export async function sweepTokenUses(db: Knex, now: Date): Promise<number> {
  return db('api_token_uses').where('minute', '<', new Date(now.getTime() - USES_KEPT_DAYS * 86_400_000)).delete();
}
