import type { Knex } from 'knex';
import type { CreateUserInput, ListUsersInput, UserViewT } from '../contract/accounts';
import { ROLE_ORG_KIND } from '../contract/constants';
import { errors } from '../http/errors';
import type { LoginLimiter } from './loginLimiter';
import { burnVerifyTime, hashPassword, verifyPassword } from './passwords';
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
  const session = await deps.sessions.create(user.id, meta);
  return { ...session, userId: user.id };
}

export async function getUser(db: Knex, id: string): Promise<UserViewT> {
  const row = await repo.findUserById(db, id);
  if (!row) throw errors.notFound('User');
  const memberships = await repo.membershipsOf(db, [id]);
  return repo.presentUser(row, memberships.get(id) ?? []);
}

export async function listUsers(db: Knex, filter: ListUsersInput): Promise<{ users: UserViewT[]; total: number }> {
  const { rows, total } = await repo.listUsers(db, filter);
  const memberships = await repo.membershipsOf(
    db,
    rows.map((r) => r.id),
  );
  return { users: rows.map((r) => repo.presentUser(r, memberships.get(r.id) ?? [])), total };
}

export async function createUser(deps: Pick<AccountsDeps, 'db' | 'clock'>, input: CreateUserInput): Promise<UserViewT> {
  if (await repo.findUserByEmail(deps.db, input.email)) {
    throw errors.conflict(`A user with email ${input.email} already exists.`, [{ field: 'body.email', message: 'is taken' }]);
  }
  const orgIds = [...new Set(input.memberships.map((m) => m.orgId))];
  const orgs: { id: string; kind: 'school' | 'enterprise'; name: string }[] = await deps.db('organizations')
    .whereIn('id', orgIds)
    .select('id', 'kind', 'name');
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const problems = input.memberships.flatMap((m, i) => {
    const org = byId.get(m.orgId);
    if (!org) return [{ field: `body.memberships.${i}.orgId`, message: 'no such organisation' }];
    const needed = ROLE_ORG_KIND[m.role];
    if (needed && org.kind !== needed) {
      const article = (word: string) => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);
      return [{ field: `body.memberships.${i}.role`, message: `${article(m.role)} belongs to ${article(needed)}, but ${org.name} is ${article(org.kind)}` }];
    }
    return [];
  });
  if (problems.length > 0) throw errors.validation(`Invalid ${problems[0]!.field}: ${problems[0]!.message}`, problems);
  const unique = [...new Map(input.memberships.map((m) => [`${m.orgId}:${m.role}`, m])).values()];
  const id = await repo.insertUser(
    deps.db,
    { email: input.email, name: input.name, passwordHash: await hashPassword(input.password), memberships: unique },
    deps.clock(),
  );
  return getUser(deps.db, id);
}
