import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweep } from '../../server/attempts/scheduler';
import { ClientEvents } from '../../server/contract/realtime';
import type { MonitorRow } from '../../server/contract/workspace';
import { publishPackage } from '../../server/scenarios/sync';
import { getTestServer, type TestAgent, type TestServer } from '../helpers/app';
import { clockStart } from '../helpers/clock';
import { buildOrg, buildUser, type UserRecord } from '../helpers/factories';
import { buildPackage, manifestFor } from '../helpers/scenario';
import { connected, openSocket } from '../helpers/socket';

/**
 * The teacher's live monitor: a row for every student the assignment is for, started or not,
 * and visible checks counted as the student sees them (a locked task's check apart).
 */

let now = clockStart();
const clock = () => new Date(now);

let t: TestServer;
let teacher: { agent: TestAgent; cookie: string };
let students: { agent: TestAgent; user: UserRecord; cookie: string }[];
let courseId: string;
let assignmentId: string;
let versionId: string;

/** Two tasks with a visible answer check each; the second is locked until an event at 10 min. */
function lockedTaskScenario() {
  const check = (id: string) => ({ id, title: `Answer ${id}`, kind: 'answer', question: `What is ${id}?`, answer: { type: 'number', value: 5 }, visible: true, points: 10, competencies: { 'data.analysis': 1 } });
  const manifest = manifestFor(
    'monitor-count',
    [
      { id: 'first', title: 'First', instructions: 'tasks/first.md', checks: [check('a')] },
      { id: 'later', title: 'Later', instructions: 'tasks/later.md', checks: [check('b')] },
    ],
    { events: [{ id: 'more', at: '10m', from: 'Li Wei', subject: 'One more thing', body: 'events/more.md', unlocks: 'task:later' }] },
  );
  return buildPackage(manifest, {
    'brief.md': '# Counting',
    'tasks/first.md': 'Answer a.',
    'tasks/later.md': 'Answer b.',
    'events/more.md': 'Now b, please.',
    'workspace/answers.json': '{ "a": "", "b": "" }\n',
    'solution/answers.json': '{ "a": 5, "b": 5 }\n',
  });
}

beforeAll(async () => {
  t = await getTestServer({ clock });
  await publishPackage(t.db, lockedTaskScenario(), clock());
  versionId = (await t.db('scenario_versions').first('id')).id;
  const school = await buildOrg(t.db, { kind: 'school' });
  teacher = await t.signIn(await buildUser(t.db, { org: school, roles: ['teacher'] }));
  students = [];
  for (const name of ['Ai Ling', 'Bo Tao', 'Cui Min']) students.push(await t.signIn(await buildUser(t.db, { org: school, roles: ['student'], name })));
  courseId = (await teacher.agent.post('/api/courses').send({ title: 'Monitor course' })).body.course.id;
  await teacher.agent.post(`/api/courses/${courseId}/enrolments`).send({ userIds: students.map((s) => s.user.id) });
  assignmentId = (await teacher.agent.post(`/api/courses/${courseId}/assignments`).send({ scenarioVersionId: versionId, mode: 'practice' })).body.assignment.id;
});
afterAll(() => t.close());

const byName = (rows: MonitorRow[]) => Object.fromEntries(rows.map((r) => [r.student.name, r]));

describe('GET /api/assignments/:id/monitor', () => {
  it('lists every enrolled student before anyone starts, each "not started"', async () => {
    const res = await teacher.agent.get(`/api/assignments/${assignmentId}/monitor`);
    expect(res.status).toBe(200);
    expect(res.body.rows.map((r: MonitorRow) => [r.student.name, r.status, r.attemptId])).toEqual([
      ['Ai Ling', 'not_started', null],
      ['Bo Tao', 'not_started', null],
      ['Cui Min', 'not_started', null],
    ]);
    expect(res.body.rows[0]).toMatchObject({ startedAt: null, deadlineAt: null, lastActivityAt: null, visiblePassing: 0, visibleTotal: 1, visibleLocked: 1, eventsDelivered: 0, autoScore: null });
  });

  it('counts the visible checks the student can see, and a locked task’s apart', async () => {
    const ai = students[0]!;
    const attempt = (await ai.agent.post(`/api/assignments/${assignmentId}/attempts`)).body.attempt;
    const socket = await connected(openSocket(t.url, { cookie: ai.cookie }));
    const base = attempt.files.find((f: { path: string }) => f.path === 'answers.json').revision;
    expect((await socket.emitWithAck(ClientEvents.fileSave, { attemptId: attempt.id, path: 'answers.json', baseRevision: base, content: '{ "a": 5, "b": 5 }' })).ok).toBe(true);
    const run = await socket.timeout(50_000).emitWithAck(ClientEvents.checksRun, { attemptId: attempt.id });
    expect(run.ok).toBe(true);
    // The student's own view: one task open, its one check passing ("1 of 1").
    const view = (await ai.agent.get(`/api/attempts/${attempt.id}`)).body.attempt;
    expect(view.tasks.flatMap((task: { checks: unknown[] }) => task.checks)).toHaveLength(1);

    const rows = byName((await teacher.agent.get(`/api/assignments/${assignmentId}/monitor`)).body.rows);
    expect(rows['Ai Ling']).toMatchObject({ attemptId: attempt.id, status: 'in_progress', visiblePassing: 1, visibleTotal: 1, visibleLocked: 1 });
    expect(rows['Bo Tao']).toMatchObject({ status: 'not_started', attemptId: null });

    // Once the event unlocks the second task its check counts, with the result of the last run.
    now += 11 * 60_000;
    await sweep(t.deps);
    const after = byName((await teacher.agent.get(`/api/assignments/${assignmentId}/monitor`)).body.rows);
    expect(after['Ai Ling']).toMatchObject({ visiblePassing: 2, visibleTotal: 2, visibleLocked: 0, eventsDelivered: 1 });
    socket.close();
  });

  it('gives the same table to a teacher joining the room over socket.io', async () => {
    const socket = await connected(openSocket(t.url, { cookie: teacher.cookie }));
    const ack = await socket.emitWithAck(ClientEvents.monitorJoin, { assignmentId });
    expect(ack.ok).toBe(true);
    expect(ack.data.rows.map((r: MonitorRow) => [r.student.name, r.status])).toEqual([
      ['Ai Ling', 'in_progress'],
      ['Bo Tao', 'not_started'],
      ['Cui Min', 'not_started'],
    ]);
    socket.close();
  });

  it('lists only the students a targeted practice is for', async () => {
    const res = await teacher.agent.post(`/api/courses/${courseId}/practice`).send({ scenarioVersionId: versionId, studentIds: [students[2]!.user.id] });
    expect(res.status).toBe(201);
    const table = await teacher.agent.get(`/api/assignments/${res.body.assignment.id}/monitor`);
    expect(table.body.rows.map((r: MonitorRow) => [r.student.name, r.status])).toEqual([['Cui Min', 'not_started']]);
  });
});
