import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { ChangePasswordInput, IssuedResetLinkT } from '../contract/accounts';
import { isLocale, type Locale } from '../contract/constants';
import { ServerEvents } from '../contract/realtime';
import { toDate } from '../db/values';
import { errors } from '../http/errors';
import type { Actor } from '../http/policy';
import { invalidField } from '../http/validate';
import { enqueueMail } from '../mail/outbox';
import { msg, render } from '../messages';
import type { Publisher } from '../realtime/publisher';
import { managedUser, scopeOf } from './admin';
import type { LoginLimiter } from './loginLimiter';
import { assertPasswordAllowed } from './passwordPolicy';
import { hashPassword, verifyPassword } from './passwords';
import { findUserByEmail, findUserById, orgLocaleOf, type UserRow } from './repo';
import { auditUser } from './service';

/**
 * Changing and resetting passwords. A reset link carries 32 random bytes; only their SHA-256 is
 * stored, it is used once, and a newer link for the person revokes the older ones. A link asked
 * for by e-mail lasts an hour; one an admin issues to hand over in person lasts a week (many
 * students have no address the school trusts). Setting a password any of these ways ends the
 * person's other sessions and closes their sockets: whoever knew the old one is out.
 */

export const EMAIL_LINK_MS = 60 * 60_000;
export const ADMIN_LINK_MS = 7 * 86_400_000;
/** A second "forgot password" within this time sends no second e-mail (no mail-bombing). */
const RESEND_AFTER_MS = 60_000;

export type PasswordDeps = { db: Knex; clock: () => Date; publisher: Publisher; limiter: LoginLimiter };
type Meta = { ip: string; sessionId?: string };

const digest = (token: string) => createHash('sha256').update(token).digest('hex');
export const resetLink = (base: string, token: string) => `${base}/reset-password#token=${token}`;

/**
 * Sets the hash (computed before the transaction: argon2 takes a while and SQLite has one
 * writer) and ends sessions (all, or all but `keepSessionId`); returns the ended session ids.
 */
async function setPassword(trx: Knex.Transaction, userId: string, passwordHash: string, now: Date, keepSessionId?: string): Promise<string[]> {
  await trx('users').where({ id: userId }).update({ password_hash: passwordHash, password_changed_at: now, must_change_password: false, updated_at: now });
  const others = trx('sessions').where({ user_id: userId });
  if (keepSessionId) others.whereNot({ id: keepSessionId });
  const ended: string[] = (await others.clone().select('id')).map((r: { id: string }) => r.id);
  await others.delete();
  // Any link still out there would undo what was just chosen.
  await trx('password_resets').where({ user_id: userId }).whereNull('used_at').whereNull('revoked_at').update({ revoked_at: now });
  return ended;
}

export async function changePassword(deps: PasswordDeps, actor: Actor, input: ChangePasswordInput, meta: Meta): Promise<void> {
  // Guessing the current password from a borrowed session is slowed like guessing at sign-in.
  const ticket = await deps.limiter.begin(actor.email, meta.ip);
  const user = (await findUserById(deps.db, actor.id))!;
  if (!(await verifyPassword(user.password_hash, input.current))) throw invalidField('body.current', msg('accounts.currentPasswordWrong'));
  await deps.limiter.succeeded(ticket);
  assertPasswordAllowed('body.next', input.next, user);
  const passwordHash = await hashPassword(input.next);
  const now = deps.clock();
  const ended = await deps.db.transaction(async (trx) => {
    const ids = await setPassword(trx, user.id, passwordHash, now, meta.sessionId);
    await auditUser(trx, user.id, 'password.changed', { actor, ip: meta.ip, detail: { sessionsEnded: ids.length } }, now);
    return ids;
  });
  for (const id of ended) deps.publisher.endSession(id, ServerEvents.sessionEnded, { reason: 'password-changed' });
}

/** A new link for the person; older unused ones stop working. Returns the raw token (never stored). */
async function newToken(trx: Knex.Transaction, userId: string, kind: 'email' | 'admin', issuedBy: string | null, now: Date, lifeMs: number): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + lifeMs);
  await trx('password_resets').where({ user_id: userId }).whereNull('used_at').whereNull('revoked_at').update({ revoked_at: now });
  await trx('password_resets').insert({ id: randomUUID(), user_id: userId, token_hash: digest(token), kind, issued_by: issuedBy, created_at: now, expires_at: expiresAt, used_at: null, revoked_at: null });
  return { token, expiresAt };
}

async function localeFor(db: Knex, user: UserRow): Promise<Locale> {
  if (isLocale(user.locale)) return user.locale;
  return (await orgLocaleOf(db, user.id)) ?? 'en';
}

/**
 * "Forgot password": e-mails a link when the address is an enabled account's. The caller is
 * told nothing either way (the route answers 202 always), so it cannot find out who has an account.
 */
export async function requestReset(deps: PasswordDeps, email: string, base: string, meta: Meta): Promise<void> {
  const user = await findUserByEmail(deps.db, email);
  if (!user || user.disabled === true || user.disabled === 1) return;
  const now = deps.clock();
  const recent = await deps.db('password_resets').where({ user_id: user.id, kind: 'email' }).where('created_at', '>', new Date(now.getTime() - RESEND_AFTER_MS)).first('id');
  if (recent) return;
  const locale = await localeFor(deps.db, user);
  await deps.db.transaction(async (trx) => {
    const { token } = await newToken(trx, user.id, 'email', null, now, EMAIL_LINK_MS);
    const link = resetLink(base, token);
    await enqueueMail(
      trx,
      {
        userId: user.id,
        to: user.email,
        kind: 'passwordReset',
        locale,
        subject: render(msg('accounts.resetMail.subject'), locale),
        text: render(msg('accounts.resetMail.text', { name: user.name, link, minutes: EMAIL_LINK_MS / 60_000 }), locale),
      },
      now,
    );
    await auditUser(trx, user.id, 'password.resetRequested', { actor: null, actorLabel: email, ip: meta.ip }, now);
  });
}

/** An admin's link for a member, shown once to hand over in person. */
export async function issueResetLink(deps: PasswordDeps, actor: Actor, userId: string, base: string, meta: Meta): Promise<IssuedResetLinkT> {
  const scope = scopeOf(actor);
  const { row, memberships } = await managedUser(deps.db, scope, userId);
  // A link takes the whole account over: not for someone who also belongs to another organisation.
  if (!scope.all && memberships.some((m) => !scope.orgIds.includes(m.orgId))) throw errors.forbidden(msg('accounts.resetForeign'));
  if (row.disabled === true || row.disabled === 1) throw errors.conflict(msg('accounts.resetDisabled'));
  const now = deps.clock();
  const { token, expiresAt } = await deps.db.transaction(async (trx) => {
    const issued = await newToken(trx, userId, 'admin', actor.id, now, ADMIN_LINK_MS);
    await auditUser(trx, userId, 'password.resetIssued', { actor, ip: meta.ip, detail: { expiresAt: issued.expiresAt.toISOString() } }, now);
    return issued;
  });
  return { link: resetLink(base, token), expiresAt: expiresAt.toISOString() };
}

type ResetRow = { id: string; user_id: string; expires_at: Date | number; used_at: unknown; revoked_at: unknown };

/** Unknown, malformed, used, revoked, expired, or a disabled account's: one answer for all. */
const invalidLink = () => errors.notFound(msg('accounts.resetLinkInvalid'));

async function liveReset(db: Knex, token: string, now: Date): Promise<{ reset: ResetRow; user: UserRow }> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) throw invalidLink();
  const reset: ResetRow | undefined = await db('password_resets').where({ token_hash: digest(token) }).first();
  if (!reset || reset.used_at || reset.revoked_at || toDate(reset.expires_at)!.getTime() <= now.getTime()) throw invalidLink();
  const user = await findUserById(db, reset.user_id);
  if (!user || user.disabled === true || user.disabled === 1) throw invalidLink();
  return { reset, user };
}

/** Sets the password a link was for; every session of the person ends (they sign in afresh). */
export async function completeReset(deps: PasswordDeps & { resetLimiter: LoginLimiter }, token: string, password: string, meta: Meta): Promise<void> {
  // Guessing tokens is slowed like guessing passwords; a good token is forgiven.
  const ticket = await deps.resetLimiter.begin('password-reset-link', meta.ip);
  const now = deps.clock();
  const { reset, user } = await liveReset(deps.db, token, now);
  await deps.resetLimiter.succeeded(ticket);
  assertPasswordAllowed('body.password', password, user);
  const passwordHash = await hashPassword(password);
  await deps.db.transaction(async (trx) => {
    // Claimed here, so a link opened twice at once sets one password.
    const claimed = await trx('password_resets').where({ id: reset.id }).whereNull('used_at').whereNull('revoked_at').update({ used_at: now });
    if (claimed !== 1) throw invalidLink();
    const ended = await setPassword(trx, user.id, passwordHash, now);
    await auditUser(trx, user.id, 'password.reset', { actor: user, ip: meta.ip, detail: { sessionsEnded: ended.length } }, now);
  });
  deps.publisher.endUser(user.id, ServerEvents.sessionEnded, { reason: 'password-reset' });
}
