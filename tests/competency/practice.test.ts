import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishPackage } from '../../server/scenarios/sync';
import { getTestServer, type TestAgent, type TestServer } from '../helpers/app';
import { clockStart } from '../helpers/clock';
import { buildOrg, buildUser, type UserRecord } from '../helpers/factories';
import { workspaceScenario } from '../helpers/scenario';

/** Targeted practice has an undo: withdrawn while nobody started it, kept once someone did. */

const now = clockStart();
const clock = () => new Date(now);

let t: TestServer;
let teacher: { agent: TestAgent };
let students: { agent: TestAgent; user: UserRecord }[];
let courseId: string;
let versionId: string;

beforeAll(async () => {
  t = await getTestServer({ clock });
  await publishPackage(t.db, workspaceScenario(), clock());
  versionId = (await t.db('scenario_versions').first('id')).id;
  const school = await buildOrg(t.db, { kind: 'school' });
  teacher = await t.signIn(await buildUser(t.db, { org: school, roles: ['teacher'] }));
  students = [await t.signIn(await buildUser(t.db, { org: school, roles: ['student'] })), await t.signIn(await buildUser(t.db, { org: school, roles: ['student'] }))];
  courseId = (await teacher.agent.post('/api/courses').send({ title: 'Practice course' })).body.course.id;
  await teacher.agent.post(`/api/courses/${courseId}/enrolments`).send({ userIds: students.map((s) => s.user.id) });
});
afterAll(() => t.close());

const assign = async (studentIds: string[]) => {
  const res = await teacher.agent.post(`/api/courses/${courseId}/practice`).send({ scenarioVersionId: versionId, studentIds });
  expect(res.status).toBe(201);
  return res.body.assignment.id as string;
};
const assignmentIds = async (s: { agent: TestAgent }) => (await s.agent.get('/api/assignments')).body.assignments.map((a: { id: string }) => a.id);

describe('DELETE /api/courses/:id/practice/:assignmentId', () => {
  it('withdraws a practice nobody started: gone for the student and from the course', async () => {
    const id = await assign([students[0]!.user.id]);
    expect(await assignmentIds(students[0]!)).toContain(id);
    const res = await teacher.agent.delete(`/api/courses/${courseId}/practice/${id}`);
    expect(res.status).toBe(204);
    expect(await assignmentIds(students[0]!)).not.toContain(id);
    expect((await teacher.agent.get(`/api/courses/${courseId}`)).body.assignments.map((a: { id: string }) => a.id)).not.toContain(id);
    expect(await t.db('assignment_targets').where({ assignment_id: id }).first()).toBeUndefined();
  });

  it('keeps a practice someone started, saying who and what to do instead (409)', async () => {
    const id = await assign([students[0]!.user.id, students[1]!.user.id]);
    expect((await students[1]!.agent.post(`/api/assignments/${id}/attempts`)).status).toBe(201);
    const res = await teacher.agent.delete(`/api/courses/${courseId}/practice/${id}`);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'conflict', details: { reason: 'practice_started', started: 1 } });
    expect(res.body.error.message).toMatch(/1 student has started/);
    expect(await assignmentIds(students[1]!)).toContain(id);
    expect(await t.db('attempts').where({ assignment_id: id }).first()).toBeDefined();
  });

  it('withdraws only targeted practice, and only in the course the path names', async () => {
    const whole = (await teacher.agent.post(`/api/courses/${courseId}/assignments`).send({ scenarioVersionId: versionId, mode: 'practice' })).body.assignment.id;
    expect((await teacher.agent.delete(`/api/courses/${courseId}/practice/${whole}`)).status).toBe(404);
    const other = (await teacher.agent.post('/api/courses').send({ title: 'Another course' })).body.course.id;
    const id = await assign([students[0]!.user.id]);
    expect((await teacher.agent.delete(`/api/courses/${other}/practice/${id}`)).status).toBe(404);
    expect((await students[0]!.agent.delete(`/api/courses/${courseId}/practice/${id}`)).status).toBe(403);
  });
});
