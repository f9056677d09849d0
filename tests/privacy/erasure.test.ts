import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCase } from '../../server/competency/case';
import { loadFrameworkFile, SHIPPED_FRAMEWORK } from '../../server/competency/framework';
import type { CourseReport } from '../../server/contract/competency';
import { ServerEvents } from '../../server/contract/realtime';
import { SCENARIOS_DIR } from '../../server/scenarios/discover';
import { syncScenarioPackages } from '../../server/scenarios/sync';
import { DEMO_COURSE, DEMO_PASSWORD, seedDemoWorld } from '../../server/seed/demo';
import { seedDemoPlacements } from '../../server/seed/demoPlacements';
import { seedDemoWork } from '../../server/seed/demoWork';
import { getTestServer, type TestServer } from '../helpers/app';
import { connected, nextEvent, openSocket } from '../helpers/socket';

/**
 * Erasing a demo student (Liu Yang: graded and reviewed work, a placement with a confirmed
 * logbook week and a signed assessment, a talent consent): their identity and what they wrote
 * go, the course report's aggregates, the enterprise's anonymised insights and every other
 * student's rows stay exactly as they were.
 */

let t: TestServer;
const STUDENT = 'student2@cvit.example';

const signInAs = async (email: string) => {
  const user = await t.db('users').where({ email }).first('id', 'email', 'name');
  const { agent, cookie } = await t.signIn({ ...user, password: DEMO_PASSWORD, orgId: '' });
  return { user, agent, cookie };
};

beforeAll(async () => {
  t = await getTestServer();
  await importCase(t.db, JSON.parse(fs.readFileSync(SHIPPED_FRAMEWORK, 'utf8')), new Date());
  await syncScenarioPackages(t.db, loadFrameworkFile(), SCENARIOS_DIR);
  await seedDemoWorld(t.db, new Date(), { randomPasswords: false });
  await seedDemoWork(t.deps);
  await seedDemoPlacements(t.deps);
}, 180_000);
afterAll(() => t?.close());

/** The report's figures with people keyed by id (names and the order they sort in are not aggregates). */
function aggregates(report: CourseReport) {
  const byStudent = Object.fromEntries(report.students.map((s, i) => [s.id, { values: report.heatmap.values[i], attempts: report.heatmap.attempts[i] }]));
  return {
    competencies: report.competencies,
    byStudent,
    distribution: report.distribution,
    gaps: report.gaps,
    sources: report.sources,
    modules: report.modules,
    adjustments: report.adjustments,
    practice: report.practice.length,
  };
}

/** Every row of the tables holding students' work and records that belongs to someone else. */
async function othersRows(studentId: string) {
  const out: Record<string, unknown[]> = {};
  for (const [table, column, order] of [
    ['attempts', 'student_id', 'id'],
    ['evidence', 'student_id', 'id'],
    ['mastery', 'student_id', 'student_id'],
    ['placements', 'student_id', 'id'],
    ['talent_consents', 'student_id', 'student_id'],
  ] as const) {
    out[table] = await t.db(table).whereNot(column, studentId).orderBy(order).select('*');
  }
  out.file_revisions = await t.db('file_revisions as f').join('attempts as a', 'a.id', 'f.attempt_id').whereNot('a.student_id', studentId).orderBy(['f.attempt_id', 'f.path', 'f.revision']).select('f.*');
  out.placement_logs = await t.db('placement_logs as l').join('placements as p', 'p.id', 'l.placement_id').whereNot('p.student_id', studentId).orderBy('l.id').select('l.*');
  out.users = await t.db('users').whereNot('id', studentId).orderBy('id').select('id', 'name', 'email', 'password_hash', 'disabled');
  return out;
}

describe('erasing a student', () => {
  it('refuses without the student’s e-mail, for another organisation’s admin, and for a non-student', async () => {
    const admin = await signInAs('admin@cvit.example');
    const student = await t.db('users').where({ email: STUDENT }).first('id');
    const wrong = await admin.agent.post(`/api/users/${student.id}/erasure`).send({ confirmEmail: 'student3@cvit.example' }).expect(400);
    expect(wrong.body.error.details[0]).toMatchObject({ field: 'body.confirmEmail' });
    const enterpriseAdmin = await signInAs('admin@swift.example');
    await enterpriseAdmin.agent.post(`/api/users/${student.id}/erasure`).send({ confirmEmail: STUDENT }).expect(404);
    const teacher = await t.db('users').where({ email: 'teacher@cvit.example' }).first('id');
    await admin.agent.post(`/api/users/${teacher.id}/erasure`).send({ confirmEmail: 'teacher@cvit.example' }).expect(404);
    expect(await t.db('users').where({ email: STUDENT }).first('id')).toBeTruthy();
  });

  it('removes identity and writing, keeps the report’s aggregates, the insights and everyone else’s data', async () => {
    const teacher = await signInAs('teacher@cvit.example');
    const author = await signInAs('author@swift.example');
    const course = await t.db('courses').where({ title: DEMO_COURSE }).first('id');
    const report = async () => (await teacher.agent.get(`/api/courses/${course.id}/report`).expect(200)).body as CourseReport;
    const insights = async () => (await author.agent.get('/api/enterprise-insights').expect(200)).body as unknown;

    const student = await signInAs(STUDENT);
    const id = student.user.id as string;
    // Their consent to Swift, so there is one to revoke.
    const swift = await t.db('organizations').where({ slug: 'swift-logistics' }).first('id');
    await student.agent.put(`/api/me/talent-consents/${swift.id}`).send({ shares: { identity: true, assessments: true } }).expect(200);

    const before = { report: await report(), insights: await insights(), others: await othersRows(id) };
    expect(before.report.students.some((s) => s.id === id && s.name === 'Liu Yang')).toBe(true);
    expect(await t.db('file_revisions as f').join('attempts as a', 'a.id', 'f.attempt_id').where('a.student_id', id).whereNot('f.content', '').first('f.path')).toBeTruthy();

    const socket = await connected(openSocket(t.url, { cookie: student.cookie }));
    const ended = nextEvent<{ reason: string }>(socket, ServerEvents.sessionEnded);
    const disconnected = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
    const admin = await signInAs('admin@cvit.example');
    const res = await admin.agent.post(`/api/users/${id}/erasure`).send({ confirmEmail: ' Student2@cvit.example ' }).expect(200);
    expect(await ended).toEqual({ reason: 'disabled' });
    await disconnected;
    expect(res.body).toMatchObject({ user: { id }, keptScores: true });
    expect(res.body.user.name).toMatch(/^已删除的学生 \/ Erased student [0-9A-F]{8}$/);

    // Identity: pseudonymised, unusable, signed out everywhere.
    const row = await t.db('users').where({ id }).first();
    expect(row).toMatchObject({ name: res.body.user.name, password_hash: '!erased' });
    expect(row.email).toMatch(/^erased-[0-9a-f]{16}@invalid$/);
    expect(Boolean(row.disabled)).toBe(true);
    await student.agent.get('/api/session').expect(401);
    expect(await t.db('sessions').where({ user_id: id })).toEqual([]);

    // What they wrote: gone. Consents: revoked and logged.
    const files: { content: string }[] = await t.db('file_revisions as f').join('attempts as a', 'a.id', 'f.attempt_id').where('a.student_id', id).select('f.content');
    expect(files.length).toBeGreaterThan(0);
    expect(files.every((f) => f.content === '')).toBe(true);
    const logs: { tasks: string; learned: string; problems: string }[] = await t.db('placement_logs as l').join('placements as p', 'p.id', 'l.placement_id').where('p.student_id', id).select('l.tasks', 'l.learned', 'l.problems');
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.every((l) => l.tasks === '' && l.learned === '' && l.problems === '')).toBe(true);
    const consent = await t.db('talent_consents').where({ student_id: id, enterprise_id: swift.id }).first();
    expect(consent.revoked_at).not.toBeNull();
    expect(await t.db('talent_consent_log').where({ student_id: id, action: 'revoked' }).first('id')).toBeTruthy();

    // The audit log: no entry still carries their e-mail as the actor; the erasure names no one.
    expect(await t.db('audit_log').where({ actor_id: id }).whereNot('actor_label', `erased:${res.body.user.name}`).first('id')).toBeUndefined();
    expect(await t.db('audit_log').whereRaw('lower(actor_label) = ?', [STUDENT]).first('id')).toBeUndefined();
    // Their old address no longer signs in (checked after the log: this failed try is itself recorded, as typed).
    await t.agent().post('/api/session').send({ email: STUDENT, password: DEMO_PASSWORD }).expect(401);
    const erased = await t.db('audit_log').where({ action: 'data.erased', target_id: id }).first();
    expect(erased.actor_id).toBe(admin.user.id);
    expect(erased.detail).not.toMatch(/Liu Yang|student2/);

    // Aggregates and everyone else: unchanged (the teacher's and the author's sessions too: they read on).
    const after = { report: await report(), insights: await insights(), others: await othersRows(id) };
    expect(aggregates(after.report)).toEqual(aggregates(before.report));
    expect(after.report.students.find((s) => s.id === id)!.name).toBe(res.body.user.name);
    expect(JSON.stringify(after.report)).not.toContain('Liu Yang');
    expect(after.insights).toEqual(before.insights);
    expect(after.others).toEqual(before.others);

    // Once is enough.
    await admin.agent.post(`/api/users/${id}/erasure`).send({ confirmEmail: row.email }).expect(409);
  });

  it('deletes the assessment records too when the school does not keep them', async () => {
    const school = await t.db('organizations').where({ slug: 'cvit' }).first('id');
    const swift = await t.db('organizations').where({ slug: 'swift-logistics' }).first('id');
    const admin = await signInAs('admin@cvit.example');
    // Another organisation's setting is not theirs to change.
    await admin.agent.put(`/api/orgs/${swift.id}/erasure-policy`).send({ keepsScores: false }).expect(403);
    await admin.agent.get(`/api/orgs/${swift.id}/erasure-policy`).expect(403);
    // Kept by default; the page reads what was set.
    expect((await admin.agent.get(`/api/orgs/${school.id}/erasure-policy`).expect(200)).body).toEqual({ orgId: school.id, keepsScores: true });
    expect((await admin.agent.put(`/api/orgs/${school.id}/erasure-policy`).send({ keepsScores: false }).expect(200)).body).toEqual({ orgId: school.id, keepsScores: false });
    const changed = await t.db('audit_log').where({ action: 'organisation.changed', target_id: school.id }).first('detail');
    expect(JSON.parse(changed.detail)).toEqual({ erasureKeepsScores: { before: true, after: false } });
    expect((await admin.agent.get(`/api/orgs/${school.id}/erasure-policy`).expect(200)).body).toEqual({ orgId: school.id, keepsScores: false });
    const student = await t.db('users').where({ email: 'student5@cvit.example' }).first('id');
    expect(await t.db('evidence').where({ student_id: student.id }).first('id')).toBeTruthy();
    const operator = await signInAs('admin@practicum.example');
    const res = await operator.agent.post(`/api/users/${student.id}/erasure`).send({ confirmEmail: 'student5@cvit.example' }).expect(200);
    expect(res.body.keptScores).toBe(false);
    for (const table of ['evidence', 'mastery', 'attempts']) expect(await t.db(table).where({ student_id: student.id }).first(), table).toBeUndefined();
  });
});
