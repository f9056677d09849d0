import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { AdjustmentInput, MasteryJobView, MasterySettingsInput, MethodView, ModuleView, PracticeInput } from '../contract/competency';
import { ModuleBody } from '../contract/competency';
import { assertTeacherOf } from '../courses/policy';
import { listCourseAssignments } from '../courses/service';
import { errors } from '../http/errors';
import { msg } from '../messages';
import { invalidField, issueOf } from '../http/validate';
import { assertAssignable } from '../orgs/partnerships';
import type { Actor } from '../http/policy';
import { competencyIndex } from './case';
import { MASTERY_COLUMNS, methodOf, type CourseMasterySettings } from './evidence';
import { currentMasteryJob, requestRecompute, type MasteryJobDeps } from './masteryJobs';
import { methodProblems } from './mastery';

/** Course modules, the mastery method, adjustments and targeted practice: the teacher's levers. */


/**
 * Validates the change and hands it to a background recompute (masteryJobs.ts): the course keeps
 * its old method and values until the job swaps the new ones in. Answers the job.
 */
export async function setMasteryMethod(deps: MasteryJobDeps, actor: Actor, courseId: string, input: MasterySettingsInput): Promise<MasteryJobView> {
  const { db } = deps;
  await assertTeacherOf(db, actor, courseId);
  // Unset fields continue the latest request (a job still running), not the method it replaces.
  const pending = await currentMasteryJob(db, courseId);
  const current = pending ? settingsOf(pending.method) : await db('courses').where({ id: courseId }).first<CourseMasterySettings>(...MASTERY_COLUMNS);
  const next: CourseMasterySettings = {
    mastery_method: input.method,
    mastery_weight: input.weight ?? current.mastery_weight,
    mastery_n: input.n ?? current.mastery_n,
    mastery_threshold: input.threshold ?? current.mastery_threshold,
    // Same lever, same recompute: the weights of simulated work and workplace assessments.
    simulated_weight: input.simulatedWeight ?? current.simulated_weight,
    workplace_weight: input.workplaceWeight ?? current.workplace_weight,
  };
  const problems = methodProblems(methodOf(next));
  if (problems.length) {
    const issues = problems.map((reason) => issueOf('body', reason));
    throw errors.validation(msg('http.invalidField', { field: 'body', reason: issues[0]!.message }), issues);
  }
  return requestRecompute(deps, courseId, next, actor.id);
}

const settingsOf = (view: MethodView): CourseMasterySettings => ({
  mastery_method: view.kind,
  mastery_weight: view.weight,
  mastery_n: view.n,
  mastery_threshold: view.threshold,
  simulated_weight: view.sources.simulated,
  workplace_weight: view.sources.workplace,
});

async function assertKnownCodes(db: Knex, codes: string[]): Promise<void> {
  const known = await competencyIndex(db);
  const unknown = codes.filter((c) => !known.has(c));
  if (unknown.length) {
    throw errors.validation(
      msg('competency.unknownCodes', { codes: unknown.join(', '), count: unknown.length }),
      unknown.map((c) => issueOf('body.competencies', msg('field.unknownCompetency', { code: c }))),
    );
  }
}

export async function listModules(db: Knex, courseId: string): Promise<ModuleView[]> {
  const modules: { id: string; position: number; title: string; description: string }[] = await db('course_modules').where({ course_id: courseId }).orderBy('position');
  if (modules.length === 0) return [];
  const links: { module_id: string; competency_code: string; weight: number }[] = await db('module_competencies').whereIn(
    'module_id',
    modules.map((m) => m.id),
  );
  const index = await competencyIndex(db);
  return modules.map((m) => ({
    id: m.id,
    position: Number(m.position),
    title: m.title,
    description: m.description,
    competencies: links
      .filter((l) => l.module_id === m.id)
      .map((l) => ({ code: l.competency_code, title: index.get(l.competency_code)?.title ?? l.competency_code, parent: index.get(l.competency_code)?.parent ?? null, weight: Number(l.weight) }))
      .sort((a, b) => a.code.localeCompare(b.code)),
  }));
}

type ModuleParsed = ReturnType<typeof ModuleBody.parse>;

async function placeModule(trx: Knex, courseId: string, moduleId: string, position: number | undefined): Promise<void> {
  const ids: string[] = (await trx('course_modules').where({ course_id: courseId }).whereNot({ id: moduleId }).orderBy('position').select('id')).map((r: { id: string }) => r.id);
  const at = Math.min(Math.max((position ?? ids.length + 1) - 1, 0), ids.length);
  ids.splice(at, 0, moduleId);
  for (const [i, id] of ids.entries()) await trx('course_modules').where({ id }).update({ position: i + 1 });
}

export async function createModule(db: Knex, actor: Actor, courseId: string, input: ModuleParsed, now: Date): Promise<ModuleView> {
  await assertTeacherOf(db, actor, courseId);
  await assertKnownCodes(
    db,
    input.competencies.map((c) => c.code),
  );
  const id = randomUUID();
  await db.transaction(async (trx) => {
    await trx('course_modules').insert({ id, course_id: courseId, position: 0, title: input.title, description: input.description, created_at: now });
    if (input.competencies.length) await trx('module_competencies').insert(uniqueCodes(input.competencies).map((c) => ({ module_id: id, competency_code: c.code, weight: c.weight })));
    await placeModule(trx, courseId, id, input.position);
  });
  return (await listModules(db, courseId)).find((m) => m.id === id)!;
}

const uniqueCodes = (list: { code: string; weight: number }[]) => [...new Map(list.map((c) => [c.code, c])).values()];

async function moduleForTeacher(db: Knex, actor: Actor, moduleId: string): Promise<{ id: string; course_id: string }> {
  const m = await db('course_modules').where({ id: moduleId }).first('id', 'course_id');
  if (!m) throw errors.notFound(msg('notFound.module'));
  await assertTeacherOf(db, actor, m.course_id).catch(() => {
    throw errors.notFound(msg('notFound.module'));
  });
  return m;
}

export async function updateModule(db: Knex, actor: Actor, moduleId: string, input: ModuleParsed): Promise<ModuleView> {
  const m = await moduleForTeacher(db, actor, moduleId);
  await assertKnownCodes(
    db,
    input.competencies.map((c) => c.code),
  );
  await db.transaction(async (trx) => {
    await trx('course_modules').where({ id: moduleId }).update({ title: input.title, description: input.description });
    await trx('module_competencies').where({ module_id: moduleId }).delete();
    if (input.competencies.length) await trx('module_competencies').insert(uniqueCodes(input.competencies).map((c) => ({ module_id: moduleId, competency_code: c.code, weight: c.weight })));
    if (input.position !== undefined) await placeModule(trx, m.course_id, moduleId, input.position);
  });
  return (await listModules(db, m.course_id)).find((x) => x.id === moduleId)!;
}

export async function deleteModule(db: Knex, actor: Actor, moduleId: string): Promise<void> {
  const m = await moduleForTeacher(db, actor, moduleId);
  await db.transaction(async (trx) => {
    await trx('course_modules').where({ id: moduleId }).delete();
    const ids: string[] = (await trx('course_modules').where({ course_id: m.course_id }).orderBy('position').select('id')).map((r: { id: string }) => r.id);
    for (const [i, id] of ids.entries()) await trx('course_modules').where({ id }).update({ position: i + 1 });
  });
}

export async function recordAdjustment(db: Knex, actor: Actor, courseId: string, input: AdjustmentInput, now: Date): Promise<string> {
  await assertTeacherOf(db, actor, courseId);
  const m = await db('course_modules').where({ id: input.moduleId, course_id: courseId }).first('id');
  if (!m) throw invalidField('body.moduleId', msg('field.notCourseModule'));
  const cited = [...new Set(input.scenarioIds ?? [])];
  if (cited.length) {
    // Only scenarios this course assigned: a note is about work the course did.
    const assigned = new Set<string>(
      (
        await db('assignments as a')
          .join('scenario_versions as v', 'v.id', 'a.scenario_version_id')
          .where('a.course_id', courseId)
          .whereIn('v.scenario_id', cited)
          .distinct('v.scenario_id')
      ).map((r: { scenario_id: string }) => r.scenario_id),
    );
    const strangers = cited.filter((s) => !assigned.has(s));
    if (strangers.length) {
      throw errors.validation(
        msg('competency.scenariosNotAssigned'),
        strangers.map((s) => issueOf('body.scenarioIds', msg('field.scenarioNotAssigned', { scenario: s }))),
      );
    }
  }
  const id = randomUUID();
  await db.transaction(async (trx) => {
    await trx('adjustments').insert({ id, course_id: courseId, module_id: input.moduleId, made_on: new Date(`${input.madeOn}T00:00:00Z`), what: input.what, why: input.why, created_by: actor.id, created_at: now });
    if (cited.length) await trx('adjustment_scenarios').insert(cited.map((scenario_id) => ({ adjustment_id: id, scenario_id })));
  });
  return id;
}

/**
 * Targeted practice: a practice assignment that only the named students see, on a published
 * scenario that trains what they are weakest at.
 */
export async function assignPractice(db: Knex, actor: Actor, courseId: string, input: PracticeInput, now: Date) {
  await assertTeacherOf(db, actor, courseId);
  const version = await db('scenario_versions').where({ id: input.scenarioVersionId }).first('id', 'title', 'manifest_json');
  if (!version) throw invalidField('body.scenarioVersionId', msg('field.noSuchVersion'));
  const enrolled: string[] = (
    await db('course_members').where({ course_id: courseId, role: 'student' }).whereIn('user_id', input.studentIds).select('user_id')
  ).map((r: { user_id: string }) => r.user_id);
  const strangers = input.studentIds.filter((s) => !enrolled.includes(s));
  if (strangers.length) throw errors.validation(msg('competency.notStudents'), [issueOf('body.studentIds', msg('field.notStudents', { count: strangers.length }))]);
  // The same rule as any assignment: library, public or a partner's scenario.
  const course = await db('courses').where({ id: courseId }).first('school_id');
  await assertAssignable(db, version.id, course.school_id);
  // Practice shows more than an assessment does; never on a scenario this course assesses.
  const assessing = await db('assignments as a')
    .join('scenario_versions as v', 'v.id', 'a.scenario_version_id')
    .where({ 'a.course_id': courseId, 'a.mode': 'assessment' })
    .where('v.scenario_id', db('scenario_versions').where({ id: version.id }).select('scenario_id'))
    .first('a.id');
  if (assessing) throw errors.conflict(msg('competency.assessedScenario'));
  const manifest = JSON.parse(version.manifest_json) as { durationMinutes: number; title: string };
  const id = randomUUID();
  await db.transaction(async (trx) => {
    await trx('assignments').insert({
      id,
      course_id: courseId,
      scenario_version_id: version.id,
      title: input.title ?? `Practice: ${manifest.title}`,
      mode: 'practice',
      opens_at: now,
      closes_at: null,
      time_limit_minutes: manifest.durationMinutes,
      max_attempts: null,
      // Messages of hidden checks stay hidden: the scenario may be graded elsewhere later.
      reveal_policy: 'description',
      review: 'none',
      blind_review: false,
      created_by: actor.id,
      created_at: now,
    });
    await trx('assignment_targets').insert(enrolled.map((s) => ({ assignment_id: id, student_id: s })));
  });
  return (await listCourseAssignments(db, courseId)).find((a) => a.id === id)!;
}

/**
 * The undo of targeted practice: the assignment goes while nobody has started it. Once someone
 * has, it stays, since deleting it would delete their attempts and the evidence in their record
 * with it (attempts cascade); the 409 says how many started (`details.reason: practice_started`).
 */
export async function withdrawPractice(db: Knex, actor: Actor, courseId: string, assignmentId: string): Promise<void> {
  await assertTeacherOf(db, actor, courseId);
  await db.transaction(async (trx) => {
    const q = trx('assignments as a')
      .where({ 'a.id': assignmentId, 'a.course_id': courseId, 'a.mode': 'practice' })
      .whereExists((t) => t.select('student_id').from('assignment_targets as t').whereRaw('t.assignment_id = a.id'))
      .first('a.id');
    // On PostgreSQL the row lock waits for a student's start in flight (its insert locks the row
    // it references), so the count below sees that attempt; SQLite runs one writer at a time.
    if (trx.client.config.client === 'pg') q.forUpdate();
    if (!(await q)) throw errors.notFound(msg('notFound.practiceAssignment'));
    const [{ n }] = (await trx('attempts').where({ assignment_id: assignmentId }).countDistinct({ n: 'student_id' })) as [{ n: number | string }];
    const started = Number(n);
    if (started > 0) {
      throw errors.conflict(
        msg('competency.practiceStarted', { started }),
        { reason: 'practice_started', started },
      );
    }
    await trx('assignment_targets').where({ assignment_id: assignmentId }).delete();
    await trx('assignments').where({ id: assignmentId }).delete();
  });
}
