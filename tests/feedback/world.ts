import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { Knex } from 'knex';
import { importCase } from '../../server/competency/case';
import { SHIPPED_FRAMEWORK } from '../../server/competency/framework';
import { publishPackage } from '../../server/scenarios/sync';
import type { TestAgent, TestServer } from '../helpers/app';
import { buildOrg, buildPartnership, buildUser, type OrgRecord, type UserRecord } from '../helpers/factories';
import { buildPackage, reviewScenario } from '../helpers/scenario';

/** The feedback tests' world: two enterprises, two schools, scenarios assigned across them. */

export type Person = { agent: TestAgent; user: UserRecord; cookie: string };

/** Publishes a small scenario owned by `owner`; returns its scenario id and version id. */
export async function ownedScenario(db: Knex, slug: string, owner: OrgRecord, now: Date, title?: string): Promise<{ scenarioId: string; versionId: string }> {
  const base = reviewScenario(slug);
  const pkg = title ? buildPackage({ ...base.manifest, title }, Object.fromEntries([...base.files].filter(([p]) => p !== 'scenario.yaml'))) : base;
  await publishPackage(db, pkg, now);
  const scenario = await db('scenarios').where({ slug }).first('id');
  await db('scenarios').where({ id: scenario.id }).update({ owner_org_id: owner.id });
  const version = await db('scenario_versions').where({ scenario_id: scenario.id }).orderBy('seq', 'desc').first('id');
  return { scenarioId: scenario.id, versionId: version.id };
}

export async function importFramework(db: Knex, now: Date): Promise<void> {
  await importCase(db, JSON.parse(fs.readFileSync(SHIPPED_FRAMEWORK, 'utf8')), now);
}

/** A course taught by `teacher` with `students` enrolled, through the API. */
export async function course(teacher: Person, title: string, students: UserRecord[]): Promise<string> {
  const id: string = (await teacher.agent.post('/api/courses').send({ title })).body.course.id;
  if (students.length) await teacher.agent.post(`/api/courses/${id}/enrolments`).send({ userIds: students.map((s) => s.id) });
  return id;
}

export async function assign(teacher: Person, courseId: string, versionId: string): Promise<string> {
  const res = await teacher.agent.post(`/api/courses/${courseId}/assignments`).send({ scenarioVersionId: versionId, title: 'Work' });
  if (res.status !== 201) throw new Error(`assignment failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.assignment.id;
}

let attemptNo = 0;

/**
 * A graded attempt with its evidence rows written as evidence.ts writes them: per competency,
 * a list of [score, weight] (one row per check). `status` other than graded leaves no evidence.
 */
export async function gradedAttempt(
  db: Knex,
  opts: { assignmentId: string; student: UserRecord; finalScore: number | null; evidence?: Record<string, [number, number][]>; status?: 'graded' | 'submitted'; at?: Date },
): Promise<string> {
  // A week before now: graded work lies in the past whatever the date.
  const at = opts.at ?? new Date(Date.now() - 7 * 86_400_000);
  const asg = await db('assignments').where({ id: opts.assignmentId }).first('course_id');
  const id = randomUUID();
  const status = opts.status ?? 'graded';
  await db('attempts').insert({
    id,
    assignment_id: opts.assignmentId,
    student_id: opts.student.id,
    number: ++attemptNo,
    status,
    started_at: at,
    deadline_at: new Date(at.getTime() + 3_600_000),
    submitted_at: at,
    submit_reason: 'student',
    auto_score: opts.finalScore,
    final_score: status === 'graded' ? opts.finalScore : null,
    graded_at: status === 'graded' ? at : null,
    last_activity_at: at,
  });
  if (status === 'graded') {
    const rows = Object.entries(opts.evidence ?? {}).flatMap(([code, list]) =>
      list.map(([score, weight], i) => ({
        course_id: asg.course_id,
        student_id: opts.student.id,
        competency_code: code,
        score,
        weight,
        source: 'check',
        attempt_id: id,
        ref_kind: 'check',
        ref_id: `check-${i}`,
        assessor_id: null,
        submitted_at: at,
        created_at: at,
      })),
    );
    if (rows.length) await db('evidence').insert(rows);
  }
  return id;
}

/** A signed-in user who also belongs to `extra` organisations with the given role. */
export async function signInWith(t: TestServer, roles: Parameters<typeof buildUser>[1], extra: { org: OrgRecord; role: string }[] = []): Promise<Person> {
  const user = await buildUser(t.db, roles);
  for (const m of extra) await t.db('memberships').insert({ id: randomUUID(), user_id: user.id, org_id: m.org.id, role: m.role, created_at: new Date() });
  return t.signIn(user);
}

export { buildOrg, buildPartnership, buildUser };
