import type { Knex } from 'knex';
import type { UserViewT } from '../contract/accounts';
import type { AuditAction } from '../contract/audit';
import { recordAudit, recordAuditForOrgs, type AuditEntry } from '../audit/record';
import { AppError, errors } from '../http/errors';
import { msg } from '../messages';
import { passwordSignInBlockedBy } from '../sso/config';
import type { LoginLimiter } from './loginLimiter';
import { burnVerifyTime, verifyPassword } from './passwords';
import * as repo from './repo';
import type { SessionStore } from './sessions';

export type AccountsDeps = { db: Knex; sessions: SessionStore; limiter: LoginLimiter; clock: () => Date };

export async function login(
  deps: AccountsDeps,
  input: { email: string; password: string },
  meta: { ip: string; userAgent?: string },
): Promise<{ token: string; expiresAt: Date; userId: string }> {
  // Counted as a failure from here on, unless the password turns out right.
  const attempt = await deps.limiter.begin(input.email, meta.ip);
  const user = await repo.findUserByEmail(deps.db, input.email);
  const ok = user ? await verifyPassword(user.password_hash, input.password) : (await burnVerifyTime(input.password), false);
  // A disabled account answers exactly like a wrong password: no account enumeration.
  if (!user || !ok || user.disabled === true || user.disabled === 1) {
    // The log says why; the caller is told only "wrong e-mail or password".
    const reason = !user ? 'unknownEmail' : !ok ? 'wrongPassword' : 'disabled';
    await auditUser(deps.db, user?.id ?? null, 'session.signInFailed', { actor: null, actorLabel: input.email, ip: meta.ip, detail: { reason } }, deps.clock());
    throw errors.invalidCredentials();
  }
  await deps.limiter.succeeded(attempt);
  // Told only to someone who knew the password, so it reveals nothing about who has an account.
  if (user.platform_role !== 'operator') {
    const blockedBy = await passwordSignInBlockedBy(deps.db, user.id);
    if (blockedBy) throw new AppError('forbidden', msg('sso.passwordSignInOff', { org: blockedBy.orgName }), { ssoOrg: blockedBy.slug });
  }
  const session = await deps.sessions.create(user.id, meta);
  const now = deps.clock();
  await deps.db('users').where({ id: user.id }).update({ last_sign_in_at: now });
  await auditUser(deps.db, user.id, 'session.signIn', { actor: user, ip: meta.ip }, now);
  return { ...session, userId: user.id };
}

/** The organisations whose admins read entries about a person (none for an operator without roles). */
export async function orgIdsOf(db: Knex | Knex.Transaction, userId: string): Promise<string[]> {
  const rows: { org_id: string }[] = await db('memberships').where({ user_id: userId }).distinct('org_id');
  return rows.map((r) => r.org_id);
}

/**
 * Records an action about a person once for each of their organisations, so each one's admins
 * read it; a person of no organisation (or nobody, for an unknown e-mail) goes to the operator's log.
 */
export async function auditUser(
  db: Knex | Knex.Transaction,
  userId: string | null,
  action: AuditAction,
  entry: Omit<AuditEntry, 'orgId' | 'action' | 'target'>,
  now: Date,
): Promise<void> {
  const full = { ...entry, action, ...(userId ? { target: { kind: 'user', id: userId } } : {}) };
  const orgIds = userId ? await orgIdsOf(db, userId) : [];
  if (orgIds.length === 0) await recordAudit(db, { ...full, orgId: null }, now);
  else await recordAuditForOrgs(db, orgIds, full, now);
}

export async function getUser(db: Knex, id: string): Promise<UserViewT> {
  const row = await repo.findUserById(db, id);
  if (!row) throw errors.notFound(msg('notFound.user'));
  const memberships = await repo.membershipsOf(db, [id]);
  return repo.presentUser(row, memberships.get(id) ?? []);
}
