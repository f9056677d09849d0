import { randomBytes, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { hashPassword } from '../accounts/passwords';
import { recordAudit } from '../audit/record';
import { toBool } from '../db/values';
import type { SsoRole } from '../contract/sso';
import type { SsoConfig } from './config';

/** Why a sign-in through the provider was refused; each has a message in both catalogs (sso.refused.*). */
export const REFUSALS = ['notConfigured', 'expired', 'providerError', 'verification', 'noEmail', 'noRole', 'otherOrganisation', 'notMember', 'disabled', 'roleMismatch', 'emailUnverified'] as const;
export type RefusalReason = (typeof REFUSALS)[number];

export class SsoRefusal extends Error {
  /** The language the person started in, once the pending sign-in is known: the refusal page uses it. */
  locale?: string;
  constructor(
    readonly reason: RefusalReason,
    /** For the log, never the page: what the library or provider said. */
    override readonly cause?: unknown,
  ) {
    super(`sso sign-in refused: ${reason}`);
  }
}

type Claims = Record<string, unknown>;

const text = (claims: Claims, name: string): string | undefined => {
  if (!name) return undefined;
  const v = claims[name];
  if (typeof v === 'string' && v.trim()) return v.trim();
  if (typeof v === 'number') return String(v);
  return undefined;
};

/** The provider's role claim (a string or a list of them) through the mapping; the first mapped value wins. */
function mappedRole(config: SsoConfig, claims: Claims): SsoRole | null {
  const raw = config.claims.role ? claims[config.claims.role] : undefined;
  const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  for (const v of values) {
    const role = config.claims.roleValues[String(v)];
    if (role) return role;
  }
  return config.claims.defaultRole;
}

export type Linked = { userId: string; email: string; how: 'subject' | 'email' | 'created' };

/**
 * The Practicum account for the provider's person, within the organisation only: by (issuer,
 * subject) once linked; on the first sign-in by e-mail among the organisation's members (then
 * linked); else a new account with the mapped role and class. An e-mail that belongs to a
 * person outside the organisation is refused, never taken over.
 */
export async function linkAccount(db: Knex, config: SsoConfig, issuer: string, claims: Claims, now: Date): Promise<Linked> {
  const subject = String(claims.sub);
  const className = text(claims, config.claims.class)?.slice(0, 100);
  const known = await db('sso_identities').where({ org_id: config.orgId, issuer, subject }).first('id', 'user_id');
  if (known) {
    const user = await memberUser(db, known.user_id as string, config.orgId);
    if (!user) throw new SsoRefusal('notMember');
    if (user.disabled) throw new SsoRefusal('disabled');
    await db.transaction(async (trx) => {
      await trx('sso_identities').where({ id: known.id }).update({ last_used_at: now });
      await updateClass(trx, user.id, config.orgId, className);
    });
    return { userId: user.id, email: user.email, how: 'subject' };
  }

  const email = text(claims, config.claims.email)?.toLowerCase();
  if (!email || !/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 254) throw new SsoRefusal('noEmail');
  const existing = await db('users').where({ email }).first('id');
  if (existing) {
    // Linking hands an existing account to whoever holds this subject: only on an address the
    // provider vouches for. A provider that sends no email_verified at all is trusted as configured.
    if (claims.email_verified === false) throw new SsoRefusal('emailUnverified');
    const user = await memberUser(db, existing.id as string, config.orgId);
    if (!user) throw new SsoRefusal('otherOrganisation');
    if (user.disabled) throw new SsoRefusal('disabled');
    await db.transaction(async (trx) => {
      await insertIdentity(trx, user.id, config.orgId, issuer, subject, now);
      await updateClass(trx, user.id, config.orgId, className);
    });
    return { userId: user.id, email, how: 'email' };
  }

  const role = mappedRole(config, claims);
  if (!role) throw new SsoRefusal('noRole');
  const org = await db('organizations').where({ id: config.orgId }).first('kind');
  const needsSchool = role === 'student' || role === 'teacher';
  if ((org?.kind === 'school') !== needsSchool) throw new SsoRefusal('roleMismatch');
  // Nobody knows this password: the account signs in through the provider (or after a reset).
  const passwordHash = await hashPassword(randomBytes(32).toString('base64url'));
  const userId = randomUUID();
  const name = (text(claims, config.claims.name) ?? email).slice(0, 200);
  await db.transaction(async (trx) => {
    await trx('users').insert({ id: userId, email, name, password_hash: passwordHash, disabled: false, created_at: now, updated_at: now });
    await trx('memberships').insert({
      id: randomUUID(),
      user_id: userId,
      org_id: config.orgId,
      role,
      lead: false,
      class_name: role === 'student' ? (className ?? null) : null,
      created_at: now,
    });
    await insertIdentity(trx, userId, config.orgId, issuer, subject, now);
    // The organisation's admins see who their provider brought in, as for any account created.
    await recordAudit(trx, { actor: null, actorLabel: 'sso', orgId: config.orgId, action: 'user.created', target: { kind: 'user', id: userId }, detail: { via: 'sso', issuer, role, className: className ?? null } }, now);
  });
  return { userId, email, how: 'created' };
}

async function memberUser(db: Knex, userId: string, orgId: string): Promise<{ id: string; email: string; disabled: boolean } | null> {
  const row = await db('users as u')
    .join('memberships as m', 'm.user_id', 'u.id')
    .where({ 'u.id': userId, 'm.org_id': orgId })
    .first('u.id', 'u.email', 'u.disabled');
  return row ? { id: row.id as string, email: row.email as string, disabled: toBool(row.disabled as boolean | number) } : null;
}

function insertIdentity(trx: Knex.Transaction, userId: string, orgId: string, issuer: string, subject: string, now: Date) {
  return trx('sso_identities').insert({ id: randomUUID(), user_id: userId, org_id: orgId, issuer, subject: subject.slice(0, 255), created_at: now, last_used_at: now });
}

/** Students move classes each year; the provider is the school's record of it. */
async function updateClass(trx: Knex.Transaction, userId: string, orgId: string, className: string | undefined) {
  if (!className) return;
  await trx('memberships').where({ user_id: userId, org_id: orgId, role: 'student' }).update({ class_name: className });
}
