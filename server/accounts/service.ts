import type { Knex } from 'knex';
import type { UserViewT } from '../contract/accounts';
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
  if (!user || !ok || user.disabled === true || user.disabled === 1) throw errors.invalidCredentials();
  await deps.limiter.succeeded(attempt);
  // Told only to someone who knew the password, so it reveals nothing about who has an account.
  if (user.platform_role !== 'operator') {
    const blockedBy = await passwordSignInBlockedBy(deps.db, user.id);
    if (blockedBy) throw new AppError('forbidden', msg('sso.passwordSignInOff', { org: blockedBy.orgName }), { ssoOrg: blockedBy.slug });
  }
  const session = await deps.sessions.create(user.id, meta);
  return { ...session, userId: user.id };
}

export async function getUser(db: Knex, id: string): Promise<UserViewT> {
  const row = await repo.findUserById(db, id);
  if (!row) throw errors.notFound(msg('notFound.user'));
  const memberships = await repo.membershipsOf(db, [id]);
  return repo.presentUser(row, memberships.get(id) ?? []);
}
