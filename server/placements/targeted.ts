import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { CreateTargetedInput, ProfileGapView, TargetedPlanView, TargetedRow, TargetedScenario } from '../contract/profiles';
import { readerManifests } from '../attempts/packages';
import { competencyIndex } from '../competency/case';
import { assignPractice, listModules } from '../competency/curriculum';
import type { MasteryValues } from '../competency/evidence';
import { assertTeacherOf } from '../courses/policy';
import { toBool, toIso } from '../db/values';
import { errors } from '../http/errors';
import type { Actor } from '../http/policy';
import { invalidField } from '../http/validate';
import { currentLocale } from '../http/locale';
import { msg } from '../messages';
import { activePartnerIds, isAssignable } from '../orgs/partnerships';
import { placementFacts } from './access';
import { gapsFrom, gapsTo, profileFor, type Profile } from './profiles';

/**
 * Targeted education (针对性培养): after a placement, the students of a course below the
 * enterprise's profile, what teaches the missing competencies (the course's modules, the
 * scenarios that train them), and the plans teachers made, open until the student's mastery
 * meets the profile on every competency the plan was for.
 */

type Scenario = { id: string; scenario_id: string; manifest_json: string; competencies: Set<string> };

/**
 * What the course may give as practice, as the report's "needs targeted practice" picks it: the
 * newest version of each scenario the school may assign, never one the course assesses
 * (practice shows more than an assessment does).
 */
async function practiceScenarios(db: Knex, courseId: string): Promise<Scenario[]> {
  const latest: { id: string; scenario_id: string; manifest_json: string; owner_org_id: string | null; public: boolean | number }[] = await db('scenario_versions as v')
    .join('scenarios as s', 's.id', 'v.scenario_id')
    .whereRaw('v.seq = (select max(w.seq) from scenario_versions w where w.scenario_id = v.scenario_id)')
    .select('v.id', 'v.scenario_id', 'v.manifest_json', 's.owner_org_id', 's.public');
  const course: { school_id: string } = await db('courses').where({ id: courseId }).first('school_id');
  const partners = await activePartnerIds(db, [course.school_id]);
  const assessed = new Set<string>(
    (await db('assignments as a').join('scenario_versions as v', 'v.id', 'a.scenario_version_id').where({ 'a.course_id': courseId, 'a.mode': 'assessment' }).distinct('v.scenario_id')).map(
      (r: { scenario_id: string }) => r.scenario_id,
    ),
  );
  return latest
    .filter((v) => !assessed.has(v.scenario_id) && isAssignable({ owner: v.owner_org_id ? { id: v.owner_org_id, name: '' } : null, public: toBool(v.public) }, partners))
    .map((v) => ({ ...v, competencies: new Set((JSON.parse(v.manifest_json) as { competencies: string[] }).competencies) }));
}

/** The scenarios that train the gap's competencies, those covering most of them first (three at most). */
export function scenariosFor(codes: string[], scenarios: Scenario[], titles: Map<string, string>): TargetedScenario[] {
  const collator = new Intl.Collator(currentLocale());
  return scenarios
    .map((s) => ({ versionId: s.id, title: titles.get(s.id) ?? s.id, covers: codes.filter((c) => s.competencies.has(c)) }))
    .filter((s) => s.covers.length > 0)
    .sort((a, b) => b.covers.length - a.covers.length || collator.compare(a.title, b.title))
    .slice(0, 3);
}

type PlanRow = {
  id: string;
  placement_id: string;
  codes_json: string;
  assignment_id: string | null;
  assignment_title: string | null;
  reassess_on: string;
  by_name: string;
  created_at: Date | number;
  closed_at: Date | number | null;
};

type PlacementRow = { id: string; student_id: string; student_name: string; role: string; base_id: string; base_name: string; enterprise_id: string; enterprise_name: string; ends_on: string };

/** Students with a completed placement in the course who are below its profile, or for whom a plan was made. */
export async function listTargeted(db: Knex, actor: Actor, courseId: string, now: Date): Promise<TargetedRow[]> {
  await assertTeacherOf(db, actor, courseId);
  const placements: PlacementRow[] = await db('placements as pl')
    .join('training_bases as b', 'b.id', 'pl.base_id')
    .join('organizations as e', 'e.id', 'b.enterprise_id')
    .join('users as u', 'u.id', 'pl.student_id')
    // A student who left the course keeps their placement, but is no longer the teacher's to train here.
    .join('course_members as cm', (j) => j.on('cm.course_id', '=', 'pl.course_id').andOn('cm.user_id', '=', 'pl.student_id'))
    .where({ 'pl.course_id': courseId, 'pl.status': 'completed', 'cm.role': 'student' })
    .orderBy([{ column: 'u.name' }, { column: 'pl.ends_on', order: 'desc' }, { column: 'pl.id' }])
    .select('pl.id', 'pl.student_id', 'u.name as student_name', 'pl.role', 'pl.base_id', 'b.name as base_name', 'b.enterprise_id', 'e.name as enterprise_name', 'pl.ends_on');
  if (placements.length === 0) return [];
  const plans: PlanRow[] = await db('targeted_plans as p')
    .join('users as u', 'u.id', 'p.created_by')
    .leftJoin('assignments as a', 'a.id', 'p.assignment_id')
    .where('p.course_id', courseId)
    .orderBy([{ column: 'p.created_at' }, { column: 'p.id' }])
    .select('p.id', 'p.placement_id', 'p.codes_json', 'p.assignment_id', 'a.title as assignment_title', 'p.reassess_on', 'u.name as by_name', 'p.created_at', 'p.closed_at');
  const [modules, scenarios] = await Promise.all([listModules(db, courseId), practiceScenarios(db, courseId)]);
  const titles = new Map([...(await readerManifests(db, scenarios))].map(([id, m]) => [id, m.title]));
  // One read of the course's mastery and one profile per (enterprise, role, base): a cohort is not a query per student.
  const mastery = new Map<string, MasteryValues>(
    (await db('mastery').where({ course_id: courseId }).select('student_id', 'values_json')).map((r: { student_id: string; values_json: string }) => [r.student_id, JSON.parse(r.values_json) as MasteryValues]),
  );
  const index = await competencyIndex(db);
  const profiles = new Map<string, Profile>();
  const rows: TargetedRow[] = [];
  for (const p of placements) {
    const key = `${p.enterprise_id}|${p.role}|${p.base_id}`;
    const profile = profiles.get(key) ?? profiles.set(key, await profileFor(db, p.enterprise_id, p.role, p.base_id)).get(key)!;
    const values = mastery.get(p.student_id) ?? {};
    const gaps = gapsFrom(profile, (code) => values[code]?.[0] ?? null, (code) => index.get(code)?.title ?? code);
    const below = gaps.filter((g) => !g.meets);
    const mine = plans.filter((x) => x.placement_id === p.id);
    if (below.length === 0 && mine.length === 0) continue;
    const views: TargetedPlanView[] = [];
    for (const plan of mine) views.push(await planView(db, plan, gaps, now));
    rows.push({
      placement: { id: p.id, role: p.role, base: p.base_name, enterprise: p.enterprise_name, endsOn: p.ends_on },
      student: { id: p.student_id, name: p.student_name },
      gaps: below.map((g) => ({ ...g, modules: modules.filter((m) => m.competencies.some((c) => c.code === g.code)).map((m) => ({ id: m.id, title: m.title })) })),
      scenarios: scenariosFor(
        below.map((g) => g.code),
        scenarios,
        titles,
      ),
      plans: views,
    });
  }
  return rows;
}

/**
 * A plan is closed when the student meets the profile on every competency it was for. The first
 * read that sees it closed stores when; a later drop does not reopen it (the plan did its work,
 * and a new gap gets a new plan).
 */
async function planView(db: Knex, plan: PlanRow, gaps: ProfileGapView[], now: Date): Promise<TargetedPlanView> {
  const codes = JSON.parse(plan.codes_json) as string[];
  let closedAt = toIso(plan.closed_at);
  if (!closedAt && codes.every((c) => gaps.find((g) => g.code === c)?.meets ?? true)) {
    // Two readers at once: only the first write counts, so the stored moment never moves.
    await db('targeted_plans').where({ id: plan.id }).whereNull('closed_at').update({ closed_at: now });
    closedAt = toIso((await db('targeted_plans').where({ id: plan.id }).first('closed_at')).closed_at);
  }
  return {
    id: plan.id,
    codes,
    assignment: plan.assignment_id ? { id: plan.assignment_id, title: plan.assignment_title ?? '' } : null,
    reassessOn: plan.reassess_on,
    createdBy: plan.by_name,
    createdAt: toIso(plan.created_at)!,
    status: closedAt ? 'closed' : 'open',
    closedAt,
  };
}

/**
 * One plan at a time per placement: a plan is open while a competency it was for is still below
 * the profile (as planView decides; closed_at may not be stored yet when nobody read since).
 */
async function assertNoOpenPlan(db: Knex, placementId: string, gaps: ProfileGapView[]): Promise<void> {
  const plans: { codes_json: string; reassess_on: string }[] = await db('targeted_plans').where({ placement_id: placementId }).whereNull('closed_at').orderBy('created_at').select('codes_json', 'reassess_on');
  const open = plans.find((p) => !(JSON.parse(p.codes_json) as string[]).every((c) => gaps.find((g) => g.code === c)?.meets ?? true));
  if (open) throw errors.conflict(msg('targeted.planOpen', { reassessOn: open.reassess_on }));
}

/** One click: a targeted practice on a scenario that trains the student's missing competencies, and a plan to re-assess. */
export async function createTargeted(db: Knex, actor: Actor, courseId: string, input: CreateTargetedInput, now: Date): Promise<TargetedRow> {
  await assertTeacherOf(db, actor, courseId);
  const placement = await placementFacts(db, input.placementId);
  // Only a completed placement of this course; any other id is answered as an unknown one.
  if (!placement || placement.courseId !== courseId || placement.status !== 'completed') throw invalidField('body.placementId', msg('targeted.notCompletedPlacement'));
  if (input.reassessOn < now.toISOString().slice(0, 10)) throw invalidField('body.reassessOn', msg('targeted.reassessPast'));
  const profile = await profileFor(db, placement.enterpriseId, placement.role, placement.baseId);
  const gaps = await gapsTo(db, profile, courseId, placement.studentId);
  const codes = gaps.filter((g) => !g.meets).map((g) => g.code);
  if (codes.length === 0) throw errors.conflict(msg('targeted.noGap'));
  await assertNoOpenPlan(db, placement.id, gaps);
  const scenarios = await practiceScenarios(db, courseId);
  const titles = new Map([...(await readerManifests(db, scenarios))].map(([id, m]) => [id, m.title]));
  const suggested = scenariosFor(codes, scenarios, titles);
  if (suggested.length === 0) throw errors.conflict(msg('targeted.noScenario'));
  const chosen = input.scenarioVersionId ? suggested.find((s) => s.versionId === input.scenarioVersionId) : suggested[0];
  if (!chosen) throw invalidField('body.scenarioVersionId', msg('targeted.notSuggested'));
  // The practice and its plan together or neither: a practice with no plan would never be tracked.
  await db.transaction(async (trx) => {
    // Two teachers clicking at once: the placement's row serialises them (SQLite serialises
    // writers anyway), and the second is told of the first's plan.
    const lock = trx('placements').where({ id: placement.id }).first('id');
    if (trx.client.config.client === 'pg') lock.forUpdate();
    await lock;
    await assertNoOpenPlan(trx, placement.id, gaps);
    const assignment = await assignPractice(trx, actor, courseId, { scenarioVersionId: chosen.versionId, studentIds: [placement.studentId] }, now);
    await trx('targeted_plans').insert({
      id: randomUUID(),
      course_id: courseId,
      student_id: placement.studentId,
      placement_id: placement.id,
      codes_json: JSON.stringify(codes),
      assignment_id: assignment.id,
      reassess_on: input.reassessOn,
      created_by: actor.id,
      created_at: now,
      closed_at: null,
    });
  });
  const rows = await listTargeted(db, actor, courseId, now);
  return rows.find((r) => r.placement.id === placement.id)!;
}
