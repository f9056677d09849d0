import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { hashPassword } from '../../server/accounts/passwords';
import type { AccessRole } from '../../server/http/policy';

export const TEST_PASSWORD = 'correct horse battery';

let cachedHash: Promise<string> | undefined;
/** Hashing is deliberately slow; factories share one hash of TEST_PASSWORD. */
const testPasswordHash = () => (cachedHash ??= hashPassword(TEST_PASSWORD));

let counter = 0;
const next = () => `${Date.now().toString(36)}${(++counter).toString(36)}`;

export type OrgRecord = { id: string; slug: string; name: string; kind: 'school' | 'enterprise' };

export async function buildOrg(db: Knex, overrides: Partial<OrgRecord> = {}): Promise<OrgRecord> {
  const n = next();
  const org: OrgRecord = { id: randomUUID(), slug: `org-${n}`, name: `Org ${n}`, kind: 'school', ...overrides };
  await db('organizations').insert({ ...org, created_at: new Date() });
  return org;
}

export type UserRecord = { id: string; email: string; name: string; password: string; orgId: string };

/**
 * A user holding `roles` in one organisation of the right kind, created when not given.
 * `operator` makes them a platform operator, which is no organisation's role.
 */
export async function buildUser(
  db: Knex,
  overrides: { email?: string; name?: string; roles?: AccessRole[]; org?: OrgRecord; disabled?: boolean } = {},
): Promise<UserRecord> {
  const all = overrides.roles ?? ['student'];
  const operator = all.includes('operator');
  const roles = all.filter((r) => r !== 'operator');
  const needsEnterprise = roles.some((r) => r === 'author' || r === 'reviewer' || r === 'mentor');
  const org = overrides.org ?? (await buildOrg(db, { kind: needsEnterprise ? 'enterprise' : 'school' }));
  const n = next();
  const user = { id: randomUUID(), email: overrides.email ?? `user-${n}@example.test`, name: overrides.name ?? `User ${n}` };
  const now = new Date();
  await db('users').insert({
    ...user,
    password_hash: await testPasswordHash(),
    disabled: overrides.disabled ?? false,
    platform_role: operator ? 'operator' : null,
    created_at: now,
    updated_at: now,
  });
  for (const role of roles) {
    await db('memberships').insert({ id: randomUUID(), user_id: user.id, org_id: org.id, role, created_at: now });
  }
  return { ...user, password: TEST_PASSWORD, orgId: org.id };
}

/** An active partnership: a school's teachers may assign the enterprise's scenarios. */
export async function buildPartnership(
  db: Knex,
  school: { id: string },
  enterprise: { id: string },
  overrides: { status?: 'proposed' | 'active' | 'ended'; proposedBy?: { id: string } } = {},
): Promise<string> {
  const id = randomUUID();
  const status = overrides.status ?? 'active';
  const now = new Date();
  await db('partnerships').insert({
    id,
    school_id: school.id,
    enterprise_id: enterprise.id,
    status,
    proposed_by_org_id: overrides.proposedBy?.id ?? null,
    created_at: now,
    accepted_at: status === 'active' ? now : null,
    ended_at: status === 'ended' ? now : null,
  });
  return id;
}
