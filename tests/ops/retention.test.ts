import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientEvents } from '../../server/contract/realtime';
import type { RetentionView } from '../../server/contract/retention';
import type { AttemptView } from '../../server/contract/workspace';
import { SHIPPED_FRAMEWORK } from '../../server/competency/framework';
import { importCase } from '../../server/competency/case';
import { monthsBefore, retentionPass } from '../../server/ops/retention';
import { publishPackage } from '../../server/scenarios/sync';
import { getTestServer, type TestAgent, type TestServer } from '../helpers/app';
import { buildOrg, buildPartnership, buildUser, type OrgRecord, type UserRecord } from '../helpers/factories';
import { reviewScenario } from '../helpers/scenario';
import { connected, openSocket } from '../helpers/socket';
import { clockStart } from '../helpers/clock';

/**
 * Retention: a school admin sets how long finished courses' attempts are kept; the daily pass
 * removes the work of attempts in courses that ended longer ago, and the competency record and
 * the course report read exactly the same before and after.
 */
let now = clockStart();
const clock = () => new Date(now);

type Person = { agent: TestAgent; user: UserRecord; cookie: string };
let t: TestServer;
let school: OrgRecord;
let enterprise: OrgRecord;
let admin: Person;
let teacher: Person;
let reviewer: Person;
const students: Person[] = [];
const courses: Record<'old' | 'recent' | 'open', { id: string; assignments: string[]; attempts: string[] }> = {
  old: { id: '', assignments: [], attempts: [] },
  recent: { id: '', assignments: [], attempts: [] },
  open: { id: '', assignments: [], attempts: [] },
};
const GOOD = 'exports.total = (xs) => xs.reduce((a, b) => a + b, 0);\n';
const count = async (table: string, column: string, ids: string[]) => Number(((await t.db(table).whereIn(column, ids).count({ n: '*' })) as [{ n: number | string }])[0].n);

async function work(student: Person, assignmentId: string): Promise<AttemptView> {
  const attempt: AttemptView = (await student.agent.post(`/api/assignments/${assignmentId}/attempts`)).body.attempt;
  const socket = await connected(openSocket(t.url, { cookie: student.cookie }));
  const f = attempt.files.find((x) => x.path === 'total.js')!;
  await socket.emitWithAck(ClientEvents.fileSave, { attemptId: attempt.id, path: 'total.js', baseRevision: f.revision, content: GOOD });
  const a = attempt.files.find((x) => x.path === 'answers.json')!;
  await socket.emitWithAck(ClientEvents.fileSave, { attemptId: attempt.id, path: 'answers.json', baseRevision: a.revision, content: '{ "sum": 5 }' });
  socket.close();
  now += 5 * 60_000;
  return (await student.agent.post(`/api/attempts/${attempt.id}/submission`)).body.attempt;
}

async function course(key: keyof typeof courses, versionId: string, reviewed: boolean) {
  courses[key].id = (await teacher.agent.post('/api/courses').send({ title: `Course ${key}` })).body.course.id;
  await teacher.agent.post(`/api/courses/${courses[key].id}/enrolments`).send({ userIds: students.map((s) => s.user.id) });
  for (const review of reviewed ? ['none', 'single'] : ['none']) {
    const res = await teacher.agent.post(`/api/courses/${courses[key].id}/assignments`).send({ scenarioVersionId: versionId, title: `${key} ${review}`, review });
    expect(res.status).toBe(201);
    courses[key].assignments.push(res.body.assignment.id);
  }
}

beforeAll(async () => {
  t = await getTestServer({ clock });
  await importCase(t.db, JSON.parse(fs.readFileSync(SHIPPED_FRAMEWORK, 'utf8')), clock());
  await publishPackage(t.db, reviewScenario(), clock());
  enterprise = await buildOrg(t.db, { kind: 'enterprise' });
  await t.db('scenarios').update({ owner_org_id: enterprise.id });
  const versionId = (await t.db('scenario_versions').first('id')).id;
  reviewer = await t.signIn(await buildUser(t.db, { org: enterprise, roles: ['reviewer'] }));
  school = await buildOrg(t.db, { kind: 'school' });
  await buildPartnership(t.db, school, enterprise);
  admin = await t.signIn(await buildUser(t.db, { org: school, roles: ['admin'] }));
  teacher = await t.signIn(await buildUser(t.db, { org: school, roles: ['teacher'] }));
  for (const name of ['Amy An', 'Bo Bai']) students.push(await t.signIn(await buildUser(t.db, { org: school, roles: ['student'], name })));
  await course('old', versionId, true);
  await course('recent', versionId, false);
  await course('open', versionId, false);
  for (const key of ['old', 'recent', 'open'] as const) {
    for (const assignmentId of courses[key].assignments) {
      for (const s of students) courses[key].attempts.push((await work(s, assignmentId)).id);
    }
  }
  // One reviewed attempt in the old course: its rubric evidence and the reviewer's comment are part of the record.
  const item = await t.db('review_items').where({ attempt_id: courses.old.attempts.at(-1) }).first('id');
  await reviewer.agent.post(`/api/review-items/${item.id}/claim`).expect(201);
  await reviewer.agent
    .post(`/api/review-items/${item.id}/reviews`)
    .send({ scores: [{ criterionId: 'explains', level: 2 }, { criterionId: 'style', level: 1 }], overallComment: 'Clear note.' })
    .expect(200);
  // Then the courses end: the old one eight months ago, the recent one two; the open one has no close date.
  const close = async (key: keyof typeof courses, at: Date | null) => t.db('assignments').whereIn('id', courses[key].assignments).update({ closes_at: at });
  await close('old', monthsBefore(clock(), 8));
  await close('recent', monthsBefore(clock(), 2));
  await close('open', null);
}, 120_000);
afterAll(() => t.close());

const retention = async (): Promise<RetentionView> => (await admin.agent.get(`/api/orgs/${school.id}/retention`).expect(200)).body.retention;

describe('GET/PUT /api/orgs/:orgId/retention', () => {
  it('keeps everything by default and counts the finished courses', async () => {
    expect(await retention()).toMatchObject({ orgId: school.id, months: null, appliedAt: null, finishedCourses: 2, keptAttempts: 5, dueAttempts: 0 });
  });

  it('refuses months outside 1..240, and answers 404 for an organisation that is no school of the caller', async () => {
    for (const months of [0, 241, 1.5, '6']) expect((await admin.agent.put(`/api/orgs/${school.id}/retention`).send({ months })).status).toBe(400);
    const enterpriseAdmin = await t.signIn(await buildUser(t.db, { org: enterprise, roles: ['admin'] }));
    expect((await enterpriseAdmin.agent.get(`/api/orgs/${enterprise.id}/retention`)).status).toBe(404);
    expect((await enterpriseAdmin.agent.get(`/api/orgs/${school.id}/retention`)).status).toBe(404);
  });

  it('sets the months, says how many attempts are due, and audits the change', async () => {
    const view: RetentionView = (await admin.agent.put(`/api/orgs/${school.id}/retention`).send({ months: 6 }).expect(200)).body.retention;
    // The old course's unreviewed attempt is not graded yet: its work stays until it is.
    expect(view).toMatchObject({ months: 6, dueAttempts: 3, keptAttempts: 5 });
    const entry = await t.db('audit_log').where({ org_id: school.id, action: 'organisation.changed' }).first();
    expect(JSON.parse(entry.detail)).toEqual({ retentionMonths: { before: null, after: 6 } });
    expect(entry.actor_id).toBe(admin.user.id);
  });
});

describe('the daily retention pass', () => {
  it('removes the old course’s work and leaves the record and the course report exactly as they were', async () => {
    const report = (id: string) => teacher.agent.get(`/api/courses/${id}/report`).expect(200).then((r) => r.body);
    const record = (id: string, s: Person) => teacher.agent.get(`/api/courses/${id}/students/${s.user.id}/record`).expect(200).then((r) => r.body);
    const waiting = (await t.db('attempts').whereIn('id', courses.old.attempts).where({ status: 'submitted' }).select('id')).map((a: { id: string }) => a.id);
    expect(waiting).toHaveLength(1);
    const old = courses.old.attempts.filter((id) => !waiting.includes(id));
    const kept = [...waiting, ...courses.recent.attempts, ...courses.open.attempts];
    const reportBefore = await report(courses.old.id);
    const recordsBefore = await Promise.all(students.map((s) => record(courses.old.id, s)));
    const evidenceBefore = await t.db('evidence').whereIn('attempt_id', courses.old.attempts).orderBy('id');
    const masteryBefore = await t.db('mastery').where({ course_id: courses.old.id }).orderBy('student_id');
    expect(evidenceBefore.length).toBeGreaterThan(0);
    expect(evidenceBefore.some((e) => e.ref_kind === 'criterion')).toBe(true);
    const revisions = await count('file_revisions', 'attempt_id', old);
    expect(revisions).toBeGreaterThan(0);
    const keptBefore = { revisions: await count('file_revisions', 'attempt_id', kept), runs: await count('check_runs', 'attempt_id', kept) };

    const done = await retentionPass(t.db, clock());
    expect(done.get(school.id)).toMatchObject({ courses: 1, attempts: 3, fileRevisions: revisions });

    expect(await count('file_revisions', 'attempt_id', old)).toBe(0);
    expect(await count('check_runs', 'attempt_id', old)).toBe(0);
    expect(await count('statements', 'attempt_id', old)).toBe(0);
    const stubs = await t.db('attempts').whereIn('id', old);
    expect(stubs.map((a) => [a.status, a.work_removed_at !== null, Number(a.stored_bytes)])).toEqual(old.map(() => ['graded', true, 0]));
    // The other courses are untouched: one ended too recently, one has not ended.
    expect({ revisions: await count('file_revisions', 'attempt_id', kept), runs: await count('check_runs', 'attempt_id', kept) }).toEqual(keptBefore);
    expect(await t.db('attempts').whereIn('id', kept).whereNotNull('work_removed_at')).toEqual([]);

    expect(await t.db('evidence').whereIn('attempt_id', courses.old.attempts).orderBy('id')).toEqual(evidenceBefore);
    expect(await t.db('mastery').where({ course_id: courses.old.id }).orderBy('student_id')).toEqual(masteryBefore);
    expect(await report(courses.old.id)).toEqual(reportBefore);
    expect(await Promise.all(students.map((s) => record(courses.old.id, s)))).toEqual(recordsBefore);

    // The student can still open the stub: its scores, without the files.
    const stub = await students[0]!.agent.get(`/api/attempts/${courses.old.attempts[0]}`);
    expect(stub.status, JSON.stringify(stub.body)).toBe(200);
    expect(stub.body.attempt.status).toBe('graded');

    const audit = await t.db('audit_log').where({ org_id: school.id, action: 'retention.applied' });
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_id).toBeNull();
    expect(JSON.parse(audit[0].detail)).toMatchObject({ months: 6, courses: 1, attempts: 3, fileRevisions: revisions });
    expect(await retention()).toMatchObject({ months: 6, keptAttempts: 2, dueAttempts: 0, appliedAt: clock().toISOString() });
  });

  it('runs once a day per school, whatever calls it', async () => {
    expect((await retentionPass(t.db, clock())).size).toBe(0);
    now += 23 * 3_600_000;
    expect((await retentionPass(t.db, clock())).size).toBe(0);
    now += 3_600_000;
    // A day later it runs again; nothing new has expired, so nothing is removed or audited.
    expect([...(await retentionPass(t.db, clock())).values()]).toEqual([expect.objectContaining({ attempts: 0 })]);
    expect(await t.db('audit_log').where({ org_id: school.id, action: 'retention.applied' })).toHaveLength(1);
  });

  it('keeps everything again once set back to null', async () => {
    admin = await t.signIn(admin.user); // a day on the test clock ended the session
    await admin.agent.put(`/api/orgs/${school.id}/retention`).send({ months: null }).expect(200);
    expect((await retentionPass(t.db, clock())).size).toBe(0);
    expect(await retention()).toMatchObject({ months: null, dueAttempts: 0, keptAttempts: 2 });
  });
});
