import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { toBool, toIso } from '../db/values';
import type { Actor, Membership, Role } from '../http/policy';
import type { UserViewT } from '../contract/accounts';
import { isLocale, type Locale } from '../contract/constants';

/** The default language of the first of the user's organisations that has one set. */
export async function orgLocaleOf(db: Knex, userId: string): Promise<Locale | null> {
  const row = await db('memberships as m')
    .join('organizations as o', 'o.id', 'm.org_id')
    .where('m.user_id', userId)
    .whereNotNull('o.default_locale')
    .orderBy('m.created_at')
    .first('o.default_locale as locale');
  return isLocale(row?.locale) ? row.locale : null;
}

export async function setLocale(db: Knex, userId: string, locale: Locale, now: Date): Promise<void> {
  await db('users').where({ id: userId }).update({ locale, updated_at: now });
}

export type UserRow = {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  disabled: boolean | number;
  platform_role: 'operator' | null;
  locale: string | null;
  last_sign_in_at: Date | number | null;
  must_change_password: boolean | number;
  created_at: Date | number;
  updated_at: Date | number;
};

type MembershipRow = { id: string; user_id: string; org_id: string; org_name: string; org_kind: 'school' | 'enterprise'; role: Role; lead: boolean | number };

export function findUserByEmail(db: Knex, email: string): Promise<UserRow | undefined> {
  return db<UserRow>('users').where({ email: email.toLowerCase() }).first();
}

export function findUserById(db: Knex, id: string): Promise<UserRow | undefined> {
  return db<UserRow>('users').where({ id }).first();
}

export async function membershipsOf(db: Knex, userIds: string[]): Promise<Map<string, Membership[]>> {
  const byUser = new Map<string, Membership[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return byUser;
  const rows: MembershipRow[] = await db('memberships as m')
    .join('organizations as o', 'o.id', 'm.org_id')
    .whereIn('m.user_id', userIds)
    .select('m.id', 'm.user_id', 'm.org_id', 'o.name as org_name', 'o.kind as org_kind', 'm.role', 'm.lead')
    .orderBy(['o.name', 'm.role']);
  for (const r of rows) byUser.get(r.user_id)?.push({ id: r.id, orgId: r.org_id, orgName: r.org_name, orgKind: r.org_kind, role: r.role, ...(toBool(r.lead) ? { lead: true } : {}) });
  return byUser;
}

/** The caller as every authorization rule sees them; built in one place for sessions and scripts. */
export function toActor(user: Pick<UserRow, 'id' | 'email' | 'name' | 'platform_role'>, memberships: Membership[], sessionId: string): Actor {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    sessionId,
    memberships,
    roles: new Set(memberships.map((m) => m.role)),
    operator: user.platform_role === 'operator',
  };
}

export type NewUser = { email: string; name: string; passwordHash: string; memberships: { orgId: string; role: Role; lead?: boolean }[] };

export async function insertUser(db: Knex, user: NewUser, now: Date): Promise<string> {
  const id = randomUUID();
  await db.transaction(async (trx) => {
    await trx('users').insert({
      id,
      email: user.email.toLowerCase(),
      name: user.name,
      password_hash: user.passwordHash,
      disabled: false,
      created_at: now,
      updated_at: now,
    });
    if (user.memberships.length > 0) {
      await trx('memberships').insert(
        user.memberships.map((m) => ({ id: randomUUID(), user_id: id, org_id: m.orgId, role: m.role, lead: m.lead ?? false, created_at: now })),
      );
    }
  });
  return id;
}

export type UserFilter = { q?: string; orgId?: string; role?: Role; limit: number; offset: number; withinOrgIds?: string[] };

export async function listUsers(db: Knex, filter: UserFilter): Promise<{ rows: UserRow[]; total: number }> {
  const base = db<UserRow>('users');
  if (filter.q) {
    const like = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    base.where((w) => w.whereRaw(`lower(name) like ? escape '\\'`, [like]).orWhereRaw(`email like ? escape '\\'`, [like]));
  }
  if (filter.orgId || filter.role) {
    base.whereIn('id', (sub) => {
      sub.select('user_id').from('memberships');
      if (filter.orgId) sub.where('org_id', filter.orgId);
      // A role filter within an admin's scope means that role in their organisations.
      if (filter.withinOrgIds) sub.whereIn('org_id', filter.withinOrgIds);
      if (filter.role) sub.where('role', filter.role);
    });
  }
  if (filter.withinOrgIds) base.whereIn('id', (sub) => sub.select('user_id').from('memberships').whereIn('org_id', filter.withinOrgIds!));
  const [{ count }] = (await base.clone().count({ count: '*' })) as [{ count: number | string }];
  const rows = await base.orderBy('name').orderBy('id').limit(filter.limit).offset(filter.offset).select('*');
  return { rows, total: Number(count) };
}

export function presentUser(row: UserRow, memberships: Membership[]): UserViewT {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    disabled: toBool(row.disabled),
    operator: row.platform_role === 'operator',
    memberships,
    locale: isLocale(row.locale) ? row.locale : null,
    createdAt: toIso(row.created_at)!,
    lastSignInAt: toIso(row.last_sign_in_at),
    mustChangePassword: toBool(row.must_change_password),
  };
}
