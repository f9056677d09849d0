import type { Knex } from 'knex';
import type { LevelView, PlacementGapsView, PutRoleProfileInput, RoleProfileView, RoleProfilesView } from '../contract/profiles';
import { competencyIndex, parseLevels } from '../competency/case';
import { toIso } from '../db/values';
import { errors } from '../http/errors';
import { chooseOrg, type Actor } from '../http/policy';
import { invalidField, issueOf } from '../http/validate';
import { msg } from '../messages';
import { activePartnerIds } from '../orgs/partnerships';
import { ALL_RELATIONS, placementAccess } from './access';
import { gapsTo, profileFor } from './profiles';

/**
 * Reading and stating an enterprise's requirement profiles (岗位能力要求), and a placement's gap
 * to the one that applies. The enterprise's admins state them; its mentors and the partner
 * schools' teachers and admins read them; anyone else is told the enterprise does not exist.
 */

const enterprisesWhere = (actor: Actor, roles: string[]) =>
  actor.memberships.filter((m) => m.orgKind === 'enterprise' && roles.includes(m.role)).map((m) => m.orgId);

/** Enterprises whose profiles the caller reads: their own (admin, mentor) and their schools' active partners. */
async function readableEnterprises(db: Knex, actor: Actor): Promise<string[]> {
  const schools = actor.memberships.filter((m) => m.orgKind === 'school' && ['teacher', 'admin'].includes(m.role)).map((m) => m.orgId);
  return [...new Set([...enterprisesWhere(actor, ['admin', 'mentor']), ...(await activePartnerIds(db, schools))])];
}

/**
 * The levels of the framework a code comes from (the first framework that has it); a code no
 * framework has is absent. `all`: every code, for an editor's choices.
 */
async function levelsOfCode(db: Knex, codes: string[] | 'all'): Promise<Map<string, LevelView[]>> {
  if (codes !== 'all' && codes.length === 0) return new Map();
  const q = db('framework_items as i').join('frameworks as f', 'f.id', 'i.framework_id').orderBy('f.id').select('i.code', 'f.levels_json');
  if (codes !== 'all') q.whereIn('i.code', codes);
  const rows: { code: string; levels_json: string | null }[] = await q;
  const out = new Map<string, LevelView[]>();
  for (const r of rows) if (!out.has(r.code)) out.set(r.code, parseLevels(r.levels_json));
  return out;
}

type ProfileRow = { base_id: string | null; base_name: string | null; role: string; competency_code: string; level_id: string; updated_at: Date | number };

export async function listRoleProfiles(db: Knex, actor: Actor, enterpriseId: string | undefined): Promise<RoleProfilesView> {
  const chosen = chooseOrg(await readableEnterprises(db, actor), enterpriseId, {
    none: () => errors.notFound(msg('notFound.enterprise')),
    several: msg('roleProfiles.severalEnterprises'),
    field: 'query.enterpriseId',
  });
  const org: { id: string; name: string } = await db('organizations').where({ id: chosen }).first('id', 'name');
  const bases: { id: string; name: string; roles_json: string }[] = await db('training_bases').where({ enterprise_id: chosen }).orderBy(['name', 'id']).select('id', 'name', 'roles_json');
  const rows: ProfileRow[] = await db('role_profiles as r')
    .leftJoin('training_bases as b', 'b.id', 'r.base_id')
    .where('r.enterprise_id', chosen)
    .orderBy(['r.role', 'b.name', 'r.id'])
    .select('r.base_id', 'b.name as base_name', 'r.role', 'r.competency_code', 'r.level_id', 'r.updated_at');
  const [index, levels] = await Promise.all([competencyIndex(db), levelsOfCode(db, [...new Set(rows.map((r) => r.competency_code))])]);
  const profiles = new Map<string, RoleProfileView>();
  for (const r of rows) {
    const key = `${r.role}\u0000${r.base_id ?? ''}`;
    const p = profiles.get(key) ?? profiles.set(key, { role: r.role, base: r.base_id ? { id: r.base_id, name: r.base_name ?? '' } : null, entries: [], updatedAt: null }).get(key)!;
    const all = levels.get(r.competency_code) ?? [];
    const level = all.find((l) => l.id === r.level_id);
    // A framework changed under a profile: the entry is dropped rather than shown with a level that no longer exists.
    if (level) p.entries.push({ code: r.competency_code, title: index.get(r.competency_code)?.title ?? r.competency_code, level, levels: all });
    const at = toIso(r.updated_at);
    if (at && (!p.updatedAt || at > p.updatedAt)) p.updatedAt = at;
  }
  const canEdit = enterprisesWhere(actor, ['admin']).includes(chosen);
  const choices = canEdit ? await levelsOfCode(db, 'all') : new Map<string, LevelView[]>();
  return {
    enterprise: { id: org.id, name: org.name },
    bases: bases.map((b) => ({ id: b.id, name: b.name, roles: JSON.parse(b.roles_json) as string[] })),
    // The role-wide profile before the bases' own: NULLs sort first on SQLite, last on PostgreSQL.
    profiles: [...profiles.values()].sort((a, b) => a.role.localeCompare(b.role) || Number(a.base !== null) - Number(b.base !== null) || (a.base?.name ?? '').localeCompare(b.base?.name ?? '')),
    canEdit,
    levelChoices: Object.fromEntries(choices),
  };
}

/** Replaces the profile of one role (at one base, or at all of them) with `entries`; an empty list removes it. */
export async function putRoleProfile(db: Knex, actor: Actor, input: PutRoleProfileInput, now: Date): Promise<RoleProfilesView> {
  const enterpriseId = chooseOrg(enterprisesWhere(actor, ['admin']), input.enterpriseId, {
    none: () => errors.notFound(msg('notFound.enterprise')),
    several: msg('roleProfiles.severalEnterprises'),
    field: 'body.enterpriseId',
  });
  if (input.baseId) {
    const base: { roles_json: string; name: string } | undefined = await db('training_bases').where({ id: input.baseId, enterprise_id: enterpriseId }).first('roles_json', 'name');
    if (!base) throw errors.notFound(msg('notFound.trainingBase'));
    const roles = JSON.parse(base.roles_json) as string[];
    if (!roles.includes(input.role)) throw invalidField('body.role', msg('placements.roleNotOffered', { base: base.name, roles: roles.join(', ') }));
  }
  const levels = await levelsOfCode(db, input.entries.map((e) => e.code));
  const issues = input.entries.flatMap((e, i) => {
    const seen = input.entries.findIndex((x) => x.code === e.code) !== i;
    if (seen) return [issueOf(`body.entries.${i}.code`, msg('roleProfiles.codeTwice', { code: e.code }))];
    const all = levels.get(e.code);
    if (!all) return [issueOf(`body.entries.${i}.code`, msg('field.unknownCompetency', { code: e.code }))];
    if (!all.some((l) => l.id === e.level)) {
      return [issueOf(`body.entries.${i}.level`, msg('roleProfiles.notALevel', { level: e.level, code: e.code, levels: all.map((l) => l.id).join(', ') }))];
    }
    return [];
  });
  if (issues.length) throw errors.validation(msg('roleProfiles.invalidEntries', { count: issues.length }), issues);
  await db.transaction(async (trx) => {
    const scope = trx('role_profiles').where({ enterprise_id: enterpriseId, role: input.role });
    await (input.baseId ? scope.where('base_id', input.baseId) : scope.whereNull('base_id')).delete();
    if (input.entries.length) {
      await trx('role_profiles').insert(
        input.entries.map((e) => ({ enterprise_id: enterpriseId, base_id: input.baseId ?? null, role: input.role, competency_code: e.code, level_id: e.level, updated_at: now })),
      );
    }
  });
  return listRoleProfiles(db, actor, enterpriseId);
}

/** The gap of the placed student to the profile that applies to the placement, in the placement's course. */
export async function placementGaps(db: Knex, actor: Actor, placementId: string): Promise<PlacementGapsView> {
  const { placement } = await placementAccess(db, actor, placementId, ALL_RELATIONS);
  const profile = await profileFor(db, placement.enterpriseId, placement.role, placement.baseId);
  const scope = profile.entries.length === 0 ? 'none' : profile.baseId ? 'base' : 'role';
  const course: { id: string; title: string } | undefined = placement.courseId ? await db('courses').where({ id: placement.courseId }).first('id', 'title') : undefined;
  const gaps = course ? await gapsTo(db, profile, course.id, placement.studentId) : null;
  return { placementId: placement.id, role: placement.role, scope, course: course ?? null, gaps };
}
