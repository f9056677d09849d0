import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweep } from '../../server/attempts/scheduler';
import { ClientEvents, ServerEvents } from '../../server/contract/realtime';
import type { AttemptView, MonitorRow } from '../../server/contract/workspace';
import { publishPackage } from '../../server/scenarios/sync';
import { getTestServer, type TestAgent, type TestServer } from '../helpers/app';
import { buildOrg, buildUser, type OrgRecord, type UserRecord } from '../helpers/factories';
import { workspaceScenario } from '../helpers/scenario';
import { connected, nextEvent, openSocket } from '../helpers/socket';
import { clockStart } from '../helpers/clock';

let now = clockStart();
const clock = () => new Date(now);

let t: TestServer;
let school: OrgRecord;
let teacher: { agent: TestAgent; user: UserRecord; cookie: string };
let student: { agent: TestAgent; user: UserRecord; cookie: string };
let versionId: string;
let courseId: string;
let assignmentId: string;

beforeAll(async () => {
  t = await getTestServer({ clock });
  await publishPackage(t.db, workspaceScenario(), clock());
  versionId = (await t.db('scenario_versions').first('id')).id;
  school = await buildOrg(t.db, { kind: 'school', name: 'Test Vocational School' });
  teacher = await t.signIn(await buildUser(t.db, { org: school, roles: ['teacher'], name: 'Teacher Tang' }));
  student = await t.signIn(await buildUser(t.db, { org: school, roles: ['student'], name: 'Student Su', email: 'su@school.test' }));
});
afterAll(() => t.close());

describe('teacher: courses, enrolment, assignments', () => {
  it('creates a course at their school', async () => {
    const res = await teacher.agent.post('/api/courses').send({ title: 'Logistics IT 1', code: 'LIT-1' });
    expect(res.status).toBe(201);
    expect(res.body.course).toMatchObject({ title: 'Logistics IT 1', schoolId: school.id, role: 'teacher', studentCount: 0 });
    courseId = res.body.course.id;
  });

  it('enrols pasted e-mails, keeping good lines and reporting bad ones by line', async () => {
    const outsider = await buildUser(t.db, { roles: ['student'], email: 'outsider@elsewhere.test' });
    const text = ['email,name', 'su@school.test,Student Su', 'not an email', `${outsider.email},Someone Else`, ''].join('\n');
    const res = await teacher.agent.post(`/api/courses/${courseId}/enrolments`).send({ text });
    expect(res.status).toBe(200);
    expect(res.body.enrolled.map((s: { email: string }) => s.email)).toEqual(['su@school.test']);
    expect(res.body.problems).toEqual([
      { line: 3, text: 'not an email', message: 'no e-mail address on this line' },
      { line: 4, text: `${outsider.email},Someone Else`, message: `${outsider.email} is not a student of this course's school` },
    ]);
    const again = await teacher.agent.post(`/api/courses/${courseId}/enrolments`).send({ userIds: [student.user.id] });
    expect(again.body).toMatchObject({ enrolled: [], alreadyEnrolled: ['su@school.test'] });
  });

  it('assigns a published scenario version', async () => {
    const versions = await teacher.agent.get('/api/scenario-versions');
    expect(versions.body.versions[0]).toMatchObject({ slug: 'mini-quote', version: '1.0.0' });
    expect(JSON.stringify(versions.body)).not.toContain('checks/hidden');
    const res = await teacher.agent.post(`/api/courses/${courseId}/assignments`).send({ scenarioVersionId: versionId, mode: 'assessment', maxAttempts: 2, revealPolicy: 'description' });
    expect(res.status).toBe(201);
    expect(res.body.assignment).toMatchObject({ title: 'Test scenario mini-quote', mode: 'assessment', maxAttempts: 2, timeLimitMinutes: 30, review: 'none' });
    assignmentId = res.body.assignment.id;
  });

  it('keeps other teachers out of the course', async () => {
    const other = await t.signIn(await buildUser(t.db, { org: school, roles: ['teacher'] }));
    expect((await other.agent.get(`/api/courses/${courseId}`)).status).toBe(404);
    expect((await other.agent.post(`/api/courses/${courseId}/assignments`).send({ scenarioVersionId: versionId })).status).toBe(404);
  });
});

describe('student: dashboard and attempt', () => {
  let attempt: AttemptView;

  it('lists the assignment as not started', async () => {
    const res = await student.agent.get('/api/assignments');
    expect(res.body.assignments).toEqual([expect.objectContaining({ id: assignmentId, status: 'not_started', attemptsUsed: 0, courseTitle: 'Logistics IT 1' })]);
  });

  it('starts an attempt with a server deadline, the starter files and no secrets', async () => {
    const res = await student.agent.post(`/api/assignments/${assignmentId}/attempts`);
    expect(res.status).toBe(201);
    attempt = res.body.attempt;
    expect(attempt.startedAt).toBe(new Date(now).toISOString());
    expect(attempt.deadlineAt).toBe(new Date(now + 30 * 60_000).toISOString());
    expect(attempt.files.map((f) => [f.path, f.revision])).toEqual([
      ['answers.json', 1],
      ['total.js', 1],
    ]);
    expect(attempt.events.map((e) => e.id)).toEqual(['welcome']);
    expect(attempt.tasks.map((t) => [t.id, t.locked])).toEqual([
      ['fix', false],
      ['report', true],
    ]);
    const text = JSON.stringify(res.body);
    for (const secret of ['hidden.test.js', 'a + b, 0', 'expect(total', '"value":5']) expect(text).not.toContain(secret);
    const again = await student.agent.post(`/api/assignments/${assignmentId}/attempts`);
    expect(again.body.attempt.id).toBe(attempt.id);
  });

  it('hides the attempt from another student and shows it to the teacher', async () => {
    const other = await t.signIn(await buildUser(t.db, { org: school, roles: ['student'] }));
    expect((await other.agent.get(`/api/attempts/${attempt.id}`)).status).toBe(404);
    const seen = await teacher.agent.get(`/api/attempts/${attempt.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.attempt.id).toBe(attempt.id);
  });

  describe('over socket.io', () => {
    it('saves with acks, refuses a stale base as a conflict with both versions, and streams check results', async () => {
      const socket = await connected(openSocket(t.url, { cookie: student.cookie }));
      const joined = await socket.emitWithAck(ClientEvents.attemptJoin, { attemptId: attempt.id });
      expect(joined.ok).toBe(true);

      const fixed = 'exports.total = (xs) => xs.reduce((a, b) => a + b, 0);\n';
      const ack = await socket.emitWithAck(ClientEvents.fileSave, { attemptId: attempt.id, path: 'total.js', baseRevision: 1, content: fixed });
      expect(ack).toEqual({ ok: true, data: { revision: 2 } });

      const stale = await socket.emitWithAck(ClientEvents.fileSave, { attemptId: attempt.id, path: 'total.js', baseRevision: 1, content: 'exports.total = () => 0;' });
      expect(stale).toMatchObject({ ok: false, error: { code: 'conflict', details: { path: 'total.js', serverRevision: 2, serverContent: fixed } } });

      const streamed: string[] = [];
      socket.on(ServerEvents.checkResult, (m: { result: { id: string } }) => streamed.push(m.result.id));
      // The first run starts the sandbox workers, which is slow on a busy machine.
      const thanks = nextEvent<{ event: { id: string } }>(socket, ServerEvents.eventDelivered, 60_000);
      const run = await socket.timeout(50_000).emitWithAck(ClientEvents.checksRun, { attemptId: attempt.id });
      expect(run.ok).toBe(true);
      expect(run.data.results).toEqual([expect.objectContaining({ id: 'total-visible', passed: true })]);
      expect(streamed).toEqual(['total-visible']);
      // after: task:fix fires once the task's visible checks pass
      expect((await thanks).event.id).toBe('well-done');
      socket.close();
    });

    it('treats a resent save whose ack was lost as done, and limits check runs per user', async () => {
      const socket = await connected(openSocket(t.url, { cookie: student.cookie }));
      const files = (await student.agent.get(`/api/attempts/${attempt.id}`)).body.attempt.files as { path: string; revision: number }[];
      const base = files.find((f) => f.path === 'answers.json')!.revision;
      const save = { attemptId: attempt.id, path: 'answers.json', baseRevision: base, content: '{"sum": "5"}' };
      const first = await socket.emitWithAck(ClientEvents.fileSave, save);
      const resent = await socket.emitWithAck(ClientEvents.fileSave, save);
      expect(resent).toEqual(first);
      expect(first).toEqual({ ok: true, data: { revision: base + 1 } });

      await t.deps.checksLimiter.penalty(student.user.id, 10);
      const limited = await socket.emitWithAck(ClientEvents.checksRun, { attemptId: attempt.id });
      expect(limited).toMatchObject({ ok: false, error: { code: 'rate_limited', message: expect.stringContaining('10 times a minute') } });
      await t.deps.checksLimiter.delete(student.user.id);
      socket.close();
    });

    it('refuses to let another student join the attempt room or save into it', async () => {
      const other = await t.signIn(await buildUser(t.db, { org: school, roles: ['student'] }));
      const socket = await connected(openSocket(t.url, { cookie: other.cookie }));
      expect(await socket.emitWithAck(ClientEvents.attemptJoin, { attemptId: attempt.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
      expect(await socket.emitWithAck(ClientEvents.fileSave, { attemptId: attempt.id, path: 'total.js', baseRevision: 2, content: 'x' })).toMatchObject({
        ok: false,
        error: { code: 'not_found' },
      });
      socket.close();
    });

    it('names a bad payload field', async () => {
      const socket = await connected(openSocket(t.url, { cookie: student.cookie }));
      const reply = await socket.emitWithAck(ClientEvents.fileSave, { attemptId: attempt.id, path: '../etc/passwd', baseRevision: 2, content: 'x' });
      expect(reply).toMatchObject({ ok: false, error: { code: 'validation_failed', message: expect.stringContaining('payload.path') } });
      const bad = await socket.emitWithAck(ClientEvents.fileSave, { attemptId: 'nope' });
      expect(bad.error.details.map((d: { field: string }) => d.field)).toEqual(['payload.attemptId', 'payload.path', 'payload.baseRevision', 'payload.content']);
      socket.close();
    });

    it('refuses a path the file rule refuses, saying what is wrong with it, and stores nothing', async () => {
      const socket = await connected(openSocket(t.url, { cookie: student.cookie }));
      const cases: [string, string][] = [
        ['.git/config', 'a folder name may not start with a dot: .git'],
        ['src//double.ts', 'has an empty folder name (two / in a row)'],
        ['src/ space.ts', 'a file name may not start or end with a space: " space.ts"'],
        ['.env', 'a file name may not start with a dot: .env'],
        ['src/a\u0001.js', 'contains a control character (U+0001)'],
        ['src\\a.js', 'contains a backslash'],
        ['/abs.js', 'must be relative'],
        ['naïve.js', 'a file name may use only letters A-Z'],
      ];
      for (const [path, reason] of cases) {
        const reply = await socket.emitWithAck(ClientEvents.fileSave, { attemptId: attempt.id, path, baseRevision: 0, content: 'x' });
        expect(reply, path).toMatchObject({ ok: false, error: { code: 'validation_failed', message: expect.stringContaining(`payload.path: ${reason}`) } });
      }
      const stored = await t.db('file_revisions').where({ attempt_id: attempt.id }).distinct('path');
      expect(stored.map((r: { path: string }) => r.path).sort()).toEqual(['answers.json', 'total.js']);
      socket.close();
    });

    it('limits saves per user with a clear message', async () => {
      const socket = await connected(openSocket(t.url, { cookie: student.cookie }));
      let base = (await t.agent().get(`/api/attempts/${attempt.id}`).set('Cookie', student.cookie)).body.attempt.files.find((f: { path: string }) => f.path === 'answers.json').revision;
      let limited: { error: { code: string; message: string } } | undefined;
      for (let i = 0; i < 40 && !limited; i++) {
        const reply = await socket.emitWithAck(ClientEvents.fileSave, { attemptId: attempt.id, path: 'answers.json', baseRevision: base, content: `{"sum": ${i}}` });
        if (reply.ok) base = reply.data.revision;
        else limited = reply;
      }
      expect(limited?.error.code).toBe('rate_limited');
      expect(limited?.error.message).toContain('Your edits are kept');
      await t.deps.saveLimiter.delete(student.user.id);
      socket.close();
    });
  });

  it('delivers the timed event once when it falls due, unlocking the task', async () => {
    now += 10 * 60_000;
    expect((await sweep(t.deps)).delivered).toBe(1);
    expect((await sweep(t.deps)).delivered).toBe(0);
    const view = (await student.agent.get(`/api/attempts/${attempt.id}`)).body.attempt as AttemptView;
    expect(view.events.map((e) => e.id)).toEqual(['welcome', 'well-done', 'report-request']);
    expect(view.tasks.find((t) => t.id === 'report')).toMatchObject({ locked: false, instructions: 'Report 2 + 3.' });
  });

  it('submits, grades every check on the last acked files, and hides what the policy hides', async () => {
    await t.db('file_revisions').insert({ attempt_id: attempt.id, path: 'answers.json', revision: 999, content: '{"sum": 5}', author_id: student.user.id, created_at: clock() });
    const res = await student.agent.post(`/api/attempts/${attempt.id}/submission`);
    expect(res.status).toBe(200);
    const view = res.body.attempt as AttemptView;
    expect(view.status).toBe('graded');
    expect(view.result?.autoScore).toBe(1);
    const hidden = view.result!.checks.find((c) => c.id === 'total-hidden')!;
    expect(hidden).toMatchObject({ passed: true, messages: [] });
    const late = await t.agent().post(`/api/attempts/${attempt.id}/submission`).set('Cookie', student.cookie);
    expect(late.body.attempt.submittedAt).toBe(view.submittedAt);
    const socket = await connected(openSocket(t.url, { cookie: student.cookie }));
    const save = await socket.emitWithAck(ClientEvents.fileSave, { attemptId: attempt.id, path: 'total.js', baseRevision: 2, content: 'x' });
    expect(save).toMatchObject({ ok: false, error: { code: 'conflict', details: { reason: 'submitted' } } });
    socket.close();
  });

  it('counts attempts against the limit and records a timeline', async () => {
    const dash = (await student.agent.get('/api/assignments')).body.assignments[0];
    expect(dash).toMatchObject({ status: 'graded', attemptsUsed: 1 });
    const verbs = (await t.db('statements').where({ attempt_id: attempt.id }).orderBy('seq').select('verb')).map((r: { verb: string }) => r.verb);
    expect(verbs).toEqual(['initialized', 'received', 'attempted', 'received', 'received', 'submitted', 'scored']);
  });
});

describe('deadline and monitor', () => {
  it('submits an attempt past its deadline exactly once, with the last acked revision, and the teacher sees it live', async () => {
    const second = await student.agent.post(`/api/assignments/${assignmentId}/attempts`);
    const attemptId = second.body.attempt.id as string;
    const monitorSocket = await connected(openSocket(t.url, { cookie: teacher.cookie }));
    const table = await monitorSocket.emitWithAck(ClientEvents.monitorJoin, { assignmentId });
    expect(table.data.rows.map((r: MonitorRow) => r.status)).toEqual(['graded', 'in_progress']);

    const socket = await connected(openSocket(t.url, { cookie: student.cookie }));
    await socket.emitWithAck(ClientEvents.attemptJoin, { attemptId });
    const ack = await socket.emitWithAck(ClientEvents.fileSave, { attemptId, path: 'total.js', baseRevision: 1, content: 'exports.total = (xs) => xs.reduce((a, b) => a + b, 0);' });
    expect(ack.ok).toBe(true);

    const graded = new Promise<MonitorRow>((resolve) =>
      monitorSocket.on(ServerEvents.monitorUpdated, (row: MonitorRow) => {
        if (row.attemptId === attemptId && row.status === 'graded') resolve(row);
      }),
    );
    now += 31 * 60_000;
    const [a, b] = await Promise.all([sweep(t.deps), sweep(t.deps)]);
    expect(a.submitted + b.submitted).toBeGreaterThanOrEqual(1);
    const row = await graded;
    expect(row.autoScore).toBeCloseTo(2 / 3, 4);
    const stored = await t.db('attempts').where({ id: attemptId }).first();
    expect(stored).toMatchObject({ status: 'graded', submit_reason: 'deadline' });
    const counted = await t.db('check_runs').where({ attempt_id: attemptId, kind: 'submission' }).count<{ n: number | string }[]>({ n: '*' });
    expect(Number(counted[0]!.n)).toBe(1);

    const third = await student.agent.post(`/api/assignments/${assignmentId}/attempts`);
    expect(third.status).toBe(409);
    expect(third.body.error.message).toContain('all 2 attempts');
    socket.close();
    monitorSocket.close();
  });

  it('keeps a student out of the monitor', async () => {
    const socket = await connected(openSocket(t.url, { cookie: student.cookie }));
    expect(await socket.emitWithAck(ClientEvents.monitorJoin, { assignmentId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await student.agent.get(`/api/assignments/${assignmentId}/monitor`)).status).toBe(403);
    socket.close();
  });
});
