import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { CreateUserInput, GrantMembershipInput, ListUsersInput, UpdateUserInput, UserViewT } from '../contract/accounts';
import { ROLE_ORG_KIND } from '../contract/constants';
import { errors } from '../http/errors';
import { issueOf } from '../http/validate';
import { msg } from '../messages';
import { adminOrgIds, type Actor, type Membership, type Role } from '../http/policy';
import type { Publisher } from '../realtime/publisher';
import { ServerEvents } from '../contract/realtime';
import { assertPasswordAllowed } from './passwordPolicy';
import { hashPassword } from './passwords';
import { reviewersChanged } from '../review/queue';
import * as repo from './repo';
import { recordAudit } from '../audit/record';

/**
 * Administering people, tenant by tenant. An organisation's admin sees and changes only
 * the memberships of the organisations they administer; a platform operator sees and changes
 * all of them. The scope is applied here, in the service, so no route can forget it.
 */

export type AdminDeps = { db: Knex; clock: () => Date; publisher: Publisher };

/** The organisations whose members the caller manages; `all` for an operator. */
export type Scope = { all: true } | { all: false; orgIds: string[] };

export function scopeOf(actor: Actor): Scope {
  return actor.operator ? { all: true } : { all: false, orgIds: [...adminOrgIds(actor)] };
}

const inScope = (scope: Scope, orgId: string) => scope.all || scope.orgIds.includes(orgId);

/** What of a person's memberships the caller may see: all for an operator, else those in their organisations. */
const visible = (scope: Scope, memberships: Membership[]) => memberships.filter((m) => inScope(scope, m.orgId));

async function present(db: Knex, scope: Scope, id: string): Promise<UserViewT> {
  const row = await repo.findUserById(db, id);
  if (!row) throw errors.notFound(msg('notFound.user'));
  const memberships = (await repo.membershipsOf(db, [id])).get(id) ?? [];
  return repo.presentUser(row, visible(scope, memberships));
}

/** A user the caller may manage: a member of one of their organisations (anyone, for an operator); others are "not found". */
export async function managedUser(db: Knex, scope: Scope, id: string): Promise<{ row: repo.UserRow; memberships: Membership[] }> {
  const row = await repo.findUserById(db, id);
  const memberships = row ? ((await repo.membershipsOf(db, [id])).get(id) ?? []) : [];
  if (!row || (!scope.all && !memberships.some((m) => inScope(scope, m.orgId)))) throw errors.notFound(msg('notFound.user'));
  return { row, memberships };
}

export async function listUsers(db: Knex, actor: Actor, filter: ListUsersInput): Promise<{ users: UserViewT[]; total: number }> {
  const scope = scopeOf(actor);
  // Naming an organisation one does not administer is not a way to list its people.
  if (filter.orgId && !inScope(scope, filter.orgId)) throw errors.notFound(msg('notFound.organisation'));
  const { rows, total } = await repo.listUsers(db, { ...filter, ...(scope.all ? {} : { withinOrgIds: scope.orgIds }) });
  const memberships = await repo.membershipsOf(
    db,
    rows.map((r) => r.id),
  );
  return { users: rows.map((r) => repo.presentUser(r, visible(scope, memberships.get(r.id) ?? []))), total };
}

export async function getUser(db: Knex, actor: Actor, id: string): Promise<UserViewT> {
  const scope = scopeOf(actor);
  await managedUser(db, scope, id);
  return present(db, scope, id);
}

type OrgRow = { id: string; kind: 'school' | 'enterprise'; name: string };

/**
 * Checks that each membership is one the caller may grant: in an organisation they administer
 * (403 otherwise: organisation ids are no secret, the directory lists them) and of a role that
 * fits the kind of organisation (400, naming the field).
 */
async function assertGrantable(db: Knex, scope: Scope, memberships: { orgId: string; role: Role }[], field: (i: number) => string): Promise<void> {
  const orgIds = [...new Set(memberships.map((m) => m.orgId))];
  const orgs: OrgRow[] = await db('organizations').whereIn('id', orgIds).select('id', 'kind', 'name');
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const problems = memberships.flatMap((m, i) => {
    const org = byId.get(m.orgId);
    if (!org) return [issueOf(`${field(i)}.orgId`, msg('field.noSuchOrganisation'))];
    const needed = ROLE_ORG_KIND[m.role];
    if (needed && org.kind !== needed) {
      return [issueOf(`${field(i)}.role`, msg('field.roleWrongOrgKind', { role: m.role, needed, org: org.name, kind: org.kind }))];
    }
    return [];
  });
  if (problems.length > 0) throw errors.validation(msg('http.invalidField', { field: problems[0]!.field, reason: problems[0]!.message }), problems);
  const foreign = memberships.find((m) => !inScope(scope, m.orgId));
  if (foreign) throw errors.forbidden(msg('accounts.notYourOrganisation', { org: byId.get(foreign.orgId)!.name }));
}

export async function createUser(deps: Pick<AdminDeps, 'db' | 'clock'> & Partial<Pick<AdminDeps, 'publisher'>>, actor: Actor, input: CreateUserInput): Promise<UserViewT> {
  const scope = scopeOf(actor);
  await assertGrantable(deps.db, scope, input.memberships, (i) => `body.memberships.${i}`);
  if (await repo.findUserByEmail(deps.db, input.email)) {
    throw errors.conflict(msg('accounts.emailTaken', { email: input.email }), [issueOf('body.email', msg('field.taken'))]);
  }
  assertPasswordAllowed('body.password', input.password, input);
  const unique = [...new Map(input.memberships.map((m) => [`${m.orgId}:${m.role}`, m])).values()];
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock();
  const id = await deps.db.transaction(async (trx) => {
    const created = await repo.insertUser(trx, { email: input.email, name: input.name, passwordHash, memberships: unique }, now);
    await recordPerOrg(trx, actor, 'user.created', created, unique, now);
    return created;
  });
  // A new reviewer can settle a disagreement nobody else could.
  const reviewing = unique.filter((m) => m.role === 'reviewer').map((m) => m.orgId);
  if (deps.publisher && reviewing.length) reviewersChanged({ ...deps, publisher: deps.publisher }, reviewing, id);
  return present(deps.db, scope, id);
}

/** Gives a person one more role in an organisation the caller administers (a no-op if they hold it). */
export async function grantMembership(deps: AdminDeps, actor: Actor, userId: string, input: GrantMembershipInput): Promise<UserViewT> {
  const scope = scopeOf(actor);
  await managedUser(deps.db, scope, userId);
  await assertGrantable(deps.db, scope, [input], () => 'body');
  const now = deps.clock();
  await deps.db.transaction(async (trx) => {
    const existing: { id: string; lead: boolean | number } | undefined = await trx('memberships').where({ user_id: userId, org_id: input.orgId, role: input.role }).first('id', 'lead');
    const lead = input.lead ?? false;
    // Granting what the person already holds, as they hold it, changes nothing and records nothing.
    if (existing && Boolean(existing.lead) === lead) return;
    if (existing) await trx('memberships').where({ id: existing.id }).update({ lead });
    else await trx('memberships').insert({ id: randomUUID(), user_id: userId, org_id: input.orgId, role: input.role, lead, created_at: now });
    const detail = existing ? { role: input.role, before: { lead: Boolean(existing.lead) }, after: { lead } } : { role: input.role, lead };
    await recordAudit(trx, { actor, orgId: input.orgId, action: 'membership.granted', target: { kind: 'user', id: userId }, detail }, now);
  });
  deps.publisher.accessChanged(userId);
  if (input.role === 'reviewer') reviewersChanged(deps, [input.orgId], userId);
  return present(deps.db, scope, userId);
}

/**
 * Takes one role away. The user's live sockets leave every room that role let them into at
 * once; HTTP requests see the change on the next request (memberships are read per request).
 */
export async function removeMembership(deps: AdminDeps, actor: Actor, userId: string, membershipId: string): Promise<UserViewT> {
  const scope = scopeOf(actor);
  await managedUser(deps.db, scope, userId);
  const row: { id: string; org_id: string; role: Role } | undefined = await deps.db('memberships').where({ id: membershipId, user_id: userId }).first('id', 'org_id', 'role');
  if (!row || !inScope(scope, row.org_id)) throw errors.notFound(msg('notFound.membership'));
  await deps.db.transaction(async (trx) => {
    if (row.role === 'admin' && !actor.operator) {
      // An organisation never loses its last admin to its own admins: someone must still run it.
      const [{ n }] = (await trx('memberships').where({ org_id: row.org_id, role: 'admin' }).count({ n: '*' })) as [{ n: number | string }];
      if (Number(n) <= 1) throw errors.conflict(msg('accounts.lastAdmin'));
    }
    await trx('memberships').where({ id: row.id }).delete();
    await recordAudit(trx, { actor, orgId: row.org_id, action: 'membership.removed', target: { kind: 'user', id: userId }, detail: { role: row.role } }, deps.clock());
  });
  deps.publisher.accessChanged(userId);
  if (row.role === 'reviewer') reviewersChanged(deps, [row.org_id], userId);
  return present(deps.db, scope, userId);
}

/**
 * Disables (or enables) an account. Disabling ends every session and closes every socket at
 * once. An organisation's admin may do it only to people who belong to none but their
 * organisations; for anyone else they remove the role instead, and nobody disables themselves.
 */
export async function updateUser(deps: AdminDeps, actor: Actor, userId: string, input: UpdateUserInput): Promise<UserViewT> {
  const scope = scopeOf(actor);
  const { memberships } = await managedUser(deps.db, scope, userId);
  if (input.disabled !== undefined) {
    if (userId === actor.id) throw errors.forbidden(msg('accounts.disableSelf'));
    if (!scope.all && memberships.some((m) => !inScope(scope, m.orgId))) {
      throw errors.forbidden(msg('accounts.disableForeign'));
    }
    const now = deps.clock();
    await deps.db.transaction(async (trx) => {
      const before: { disabled: boolean | number } = await trx('users').where({ id: userId }).first('disabled');
      await trx('users').where({ id: userId }).update({ disabled: input.disabled, updated_at: now });
      if (input.disabled) await trx('sessions').where({ user_id: userId }).delete();
      if (Boolean(before.disabled) !== input.disabled) {
        const action = input.disabled ? 'user.disabled' : 'user.enabled';
        await recordPerOrg(trx, actor, action, userId, memberships, now, { before: { disabled: Boolean(before.disabled) }, after: { disabled: input.disabled } });
      }
    });
    if (input.disabled) deps.publisher.endUser(userId, ServerEvents.sessionEnded, { reason: 'disabled' });
    // Only enabled reviewers can moderate: a disabled one may strand a disagreement, or free one.
    reviewersChanged(
      deps,
      memberships.filter((m) => m.role === 'reviewer').map((m) => m.orgId),
      userId,
    );
  }
  return present(deps.db, scope, userId);
}

/**
 * One entry per organisation the person belongs to, so each one's admins read it; each entry
 * names only that organisation's roles (another school's admin must not learn the rest). A
 * person in no organisation: one platform-wide entry, for the operator.
 */
async function recordPerOrg(
  trx: Knex.Transaction,
  actor: Actor,
  action: 'user.created' | 'user.disabled' | 'user.enabled',
  userId: string,
  memberships: { orgId: string; role: Role }[],
  now: Date,
  detail: Record<string, unknown> = {},
): Promise<void> {
  const orgIds = [...new Set(memberships.map((m) => m.orgId))];
  const target = { kind: 'user', id: userId };
  if (orgIds.length === 0) return recordAudit(trx, { actor, orgId: null, action, target, detail }, now);
  for (const orgId of orgIds) {
    const roles = [...new Set(memberships.filter((m) => m.orgId === orgId).map((m) => m.role))];
    await recordAudit(trx, { actor, orgId, action, target, detail: { ...detail, roles } }, now);
  }
}
