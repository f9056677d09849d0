import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { OrgRef, PartnershipStatus, PartnershipView, ProposePartnershipInput, UpdatePartnershipInput } from '../contract/partnerships';
import { toBool, toIso } from '../db/values';
import { AppError, errors } from '../http/errors';
import { msg } from '../messages';
import { invalidField, issueOf } from '../http/validate';
import { adminOrgIds, type Actor } from '../http/policy';
import { recordAudit, recordAuditForOrgs } from '../audit/record';

/**
 * The partnership lifecycle between a school and an enterprise: one side's admin proposes,
 * the other side's admin accepts, either side's admin ends. Ending keeps the row, and
 * proposing again reopens it, so a pair has one history rather than many rows.
 */

type PartnershipRow = {
  id: string;
  school_id: string;
  enterprise_id: string;
  status: PartnershipStatus;
  proposed_by_org_id: string | null;
  created_at: Date | number;
  accepted_at: Date | number | null;
  ended_at: Date | number | null;
  shares_solutions: boolean | number;
};

type Joined = PartnershipRow & { school_name: string; enterprise_name: string };

function present(row: Joined, admins: Set<string>): PartnershipView {
  const name = (id: string) => (id === row.school_id ? row.school_name : row.enterprise_name);
  // The side that did not propose accepts; rows from before proposals were recorded, either side.
  const acceptors = [row.school_id, row.enterprise_id].filter((id) => id !== row.proposed_by_org_id);
  return {
    id: row.id,
    school: { id: row.school_id, name: row.school_name },
    enterprise: { id: row.enterprise_id, name: row.enterprise_name },
    status: row.status,
    proposedBy: row.proposed_by_org_id ? { id: row.proposed_by_org_id, name: name(row.proposed_by_org_id) } : null,
    createdAt: toIso(row.created_at)!,
    acceptedAt: toIso(row.accepted_at),
    endedAt: toIso(row.ended_at),
    canAccept: row.status === 'proposed' && acceptors.some((id) => admins.has(id)),
    canEnd: row.status !== 'ended' && (admins.has(row.school_id) || admins.has(row.enterprise_id)),
    sharesSolutions: toBool(row.shares_solutions),
    canShare: admins.has(row.enterprise_id),
  };
}

function joined(db: Knex) {
  return db('partnerships as p')
    .join('organizations as s', 's.id', 'p.school_id')
    .join('organizations as e', 'e.id', 'p.enterprise_id')
    .select('p.*', 's.name as school_name', 'e.name as enterprise_name');
}

/** The partnerships of every organisation the caller administers. */
export async function listPartnerships(db: Knex, actor: Actor): Promise<PartnershipView[]> {
  const admins = adminOrgIds(actor);
  if (admins.size === 0) return [];
  const rows: Joined[] = await joined(db)
    .where((w) => w.whereIn('p.school_id', [...admins]).orWhereIn('p.enterprise_id', [...admins]))
    .orderBy([{ column: 's.name' }, { column: 'e.name' }]);
  return rows.map((r) => present(r, admins));
}

async function viewOf(db: Knex, id: string, admins: Set<string>): Promise<PartnershipView> {
  const row: Joined = await joined(db).where('p.id', id).first();
  return present(row, admins);
}

/**
 * Proposes (or reopens) the pair's partnership on behalf of `proposer`, one of the two.
 * Shared by admins proposing and by teachers asking from a course.
 */
export async function proposePair(db: Knex, pair: { schoolId: string; enterpriseId: string; proposerId: string }, now: Date, actor: Actor): Promise<string> {
  return db.transaction(async (trx) => {
    // Both sides' admins read every change of their partnership.
    const audit = (id: string, before: PartnershipStatus | null) =>
      recordAuditForOrgs(trx, [pair.schoolId, pair.enterpriseId], { actor, action: 'partnership.changed', target: { kind: 'partnership', id }, detail: { before: before && { status: before }, after: { status: 'proposed' }, proposedBy: pair.proposerId } }, now);
    const existing: PartnershipRow | undefined = await trx('partnerships').where({ school_id: pair.schoolId, enterprise_id: pair.enterpriseId }).first();
    if (existing?.status === 'active') throw errors.conflict(msg('orgs.alreadyPartners'));
    if (existing?.status === 'proposed') {
      throw errors.conflict(msg('orgs.alreadyProposed', { by: existing.proposed_by_org_id === pair.proposerId ? 'own' : 'other' }));
    }
    if (existing) {
      await trx('partnerships')
        .where({ id: existing.id })
        .update({ status: 'proposed', proposed_by_org_id: pair.proposerId, accepted_at: null, ended_at: null });
      await audit(existing.id, existing.status);
      return existing.id;
    }
    const id = randomUUID();
    // Two proposals racing for one pair: the unique (school_id, enterprise_id) keeps one row.
    await trx('partnerships')
      .insert({ id, school_id: pair.schoolId, enterprise_id: pair.enterpriseId, status: 'proposed', proposed_by_org_id: pair.proposerId, created_at: now })
      .onConflict(['school_id', 'enterprise_id'])
      .ignore();
    if (!(await trx('partnerships').where({ id }).first('id'))) throw errors.conflict(msg('orgs.justProposed'));
    await audit(id, null);
    return id;
  });
}

export async function propose(db: Knex, actor: Actor, input: ProposePartnershipInput, now: Date): Promise<PartnershipView> {
  const partner: { id: string; kind: 'school' | 'enterprise' } | undefined = await db('organizations').where({ id: input.partnerId }).first('id', 'kind');
  if (!partner) throw invalidField('body.partnerId', msg('field.noSuchOrganisation'));
  const ownKind = partner.kind === 'school' ? 'enterprise' : 'school';
  // Proposing on behalf of an organisation one does not administer: it is not found, as
  // anywhere a caller names which of their organisations they act for (chooseOrg).
  if (input.orgId && !adminOrgIds(actor).has(input.orgId)) throw errors.notFound(msg('notFound.organisation'));
  const own = actor.memberships.filter((m) => m.role === 'admin' && m.orgKind === ownKind);
  const from = input.orgId ? own.find((m) => m.orgId === input.orgId) : own[0];
  if (!from) {
    const reason = input.orgId ? msg('field.notAdminOfSuch', { kind: ownKind }) : msg('field.noOwnSide', { kind: ownKind, partnerKind: partner.kind });
    throw invalidField(input.orgId ? 'body.orgId' : 'body.partnerId', reason);
  }
  if (!input.orgId && own.length > 1) {
    throw errors.validation(msg('orgs.severalOwn', { kind: ownKind }), [issueOf('body.orgId', msg('field.severalOwn', { kind: ownKind }))]);
  }
  const pair = ownKind === 'school' ? { schoolId: from.orgId, enterpriseId: partner.id } : { schoolId: partner.id, enterpriseId: from.orgId };
  const id = await proposePair(db, { ...pair, proposerId: from.orgId }, now, actor);
  return viewOf(db, id, adminOrgIds(actor));
}

export async function updatePartnership(db: Knex, actor: Actor, id: string, input: UpdatePartnershipInput, now: Date): Promise<PartnershipView> {
  const admins = adminOrgIds(actor);
  const row: PartnershipRow | undefined = await db('partnerships').where({ id }).first();
  // Admins of neither side learn nothing about the pair, not even that it exists.
  if (!row || !(admins.has(row.school_id) || admins.has(row.enterprise_id))) throw errors.notFound(msg('notFound.partnership'));
  if (input.status === 'active') {
    if (row.status !== 'proposed') throw errors.conflict(msg('orgs.notProposed', { status: row.status }));
    const view = await viewOf(db, id, admins);
    if (!view.canAccept) throw errors.conflict(msg('orgs.otherSideAccepts', { org: row.proposed_by_org_id === row.school_id ? view.enterprise.name : view.school.name }));
  } else if (row.status === 'ended') throw errors.conflict(msg('orgs.ended'));
  await db.transaction(async (trx) => {
    // The guarded update decides a race: only the request that changed the row records the change.
    const changed =
      input.status === 'active'
        ? await trx('partnerships').where({ id, status: 'proposed' }).update({ status: 'active', accepted_at: now })
        : await trx('partnerships').whereNot({ status: 'ended' }).where({ id }).update({ status: 'ended', ended_at: now });
    if (changed !== 1) return;
    await recordAuditForOrgs(trx, [row.school_id, row.enterprise_id], { actor, action: 'partnership.changed', target: { kind: 'partnership', id }, detail: { before: { status: row.status }, after: { status: input.status } } }, now);
  });
  return viewOf(db, id, admins);
}

/**
 * The enterprise's admin decides whether the school's teachers read solutions and hidden
 * checks of its scenarios (to prepare lessons, to moderate); off by default.
 */
export async function setSolutionSharing(db: Knex, actor: Actor, id: string, shares: boolean, now: Date): Promise<PartnershipView> {
  const admins = adminOrgIds(actor);
  const row: PartnershipRow | undefined = await db('partnerships').where({ id }).first();
  if (!row || !(admins.has(row.school_id) || admins.has(row.enterprise_id))) throw errors.notFound(msg('notFound.partnership'));
  if (!admins.has(row.enterprise_id)) throw errors.forbidden(msg('orgs.enterpriseDecides'));
  await db.transaction(async (trx) => {
    await trx('partnerships').where({ id }).update({ shares_solutions: shares });
    if (toBool(row.shares_solutions) === shares) return;
    // The school's admins read it too: it opens hidden checks and solutions to their teachers.
    await recordAuditForOrgs(trx, [row.enterprise_id, row.school_id], { actor, action: 'solution.shared', target: { kind: 'partnership', id }, detail: { before: { sharesSolutions: toBool(row.shares_solutions) }, after: { sharesSolutions: shares } } }, now);
  });
  return viewOf(db, id, admins);
}

/** Enterprises in an active partnership with any of `schoolIds`. */
export async function activePartnerIds(db: Knex, schoolIds: string[]): Promise<Set<string>> {
  if (schoolIds.length === 0) return new Set();
  const rows: { enterprise_id: string }[] = await db('partnerships').whereIn('school_id', schoolIds).where({ status: 'active' }).select('enterprise_id');
  return new Set(rows.map((r) => r.enterprise_id));
}

export type ScenarioAccess = { owner: OrgRef | null; public: boolean };

/** A version is assignable when its scenario is unowned (library), public or owned by a partner. */
export function isAssignable(scenario: ScenarioAccess, partners: Set<string>): boolean {
  return !scenario.owner || scenario.public || partners.has(scenario.owner.id);
}

/** Refuses a version a school may not assign, saying who publishes it and what to do. */
export async function assertAssignable(db: Knex, versionId: string, schoolId: string): Promise<void> {
  const row: { title: string; owner_id: string | null; owner_name: string | null; public: boolean | number } = await db('scenario_versions as v')
    .join('scenarios as s', 's.id', 'v.scenario_id')
    .leftJoin('organizations as o', 'o.id', 's.owner_org_id')
    .where('v.id', versionId)
    .first('v.title', 's.owner_org_id as owner_id', 'o.name as owner_name', 's.public');
  const scenario: ScenarioAccess = { owner: row.owner_id ? { id: row.owner_id, name: row.owner_name ?? '' } : null, public: toBool(row.public) };
  if (isAssignable(scenario, await activePartnerIds(db, [schoolId]))) return;
  // Another tenant's scenario: forbidden, not invalid. Its existence is no secret (the catalog
  // lists every published version with its owner), so the answer says who to ask.
  const reason = msg('field.notPartnerScenario', { title: row.title, owner: scenario.owner!.name });
  throw new AppError('forbidden', msg('orgs.notPartnerScenario', { title: row.title, owner: scenario.owner!.name }), [issueOf('body.scenarioVersionId', reason)]);
}

/**
 * Public scenarios are assignable by any school's teachers. Only the owning enterprise's
 * authors and admins decide; anyone else (another enterprise included) learns nothing: 404.
 */
export async function setScenarioPublic(db: Knex, actor: Actor, scenarioId: string, isPublic: boolean, now: Date): Promise<{ id: string; slug: string; public: boolean }> {
  const scenario = await db('scenarios').where({ id: scenarioId }).first('id', 'slug', 'owner_org_id', 'public');
  const mayDecide = scenario?.owner_org_id && actor.memberships.some((m) => m.orgId === scenario.owner_org_id && (m.role === 'author' || m.role === 'admin'));
  if (!mayDecide) throw errors.notFound(msg('notFound.scenario'));
  await db.transaction(async (trx) => {
    await trx('scenarios').where({ id: scenarioId }).update({ public: isPublic });
    if (toBool(scenario.public) === isPublic) return;
    // Opening a scenario to every school is the enterprise's decision: its admins read who made it.
    const detail = { slug: scenario.slug, before: { public: toBool(scenario.public) }, after: { public: isPublic } };
    await recordAudit(trx, { actor, orgId: scenario.owner_org_id, action: 'scenario.visibilityChanged', target: { kind: 'scenario', id: scenarioId }, detail }, now);
  });
  return { id: scenario.id, slug: scenario.slug, public: isPublic };
}
