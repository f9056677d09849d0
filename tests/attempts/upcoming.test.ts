import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientEvents, ServerEvents } from '../../server/contract/realtime';
import type { AttemptView, EventsRead } from '../../server/contract/workspace';
import { gradeWorkspace } from '../../server/grading/engine';
import { publishPackage } from '../../server/scenarios/sync';
import { getTestServer, type TestAgent, type TestServer } from '../helpers/app';
import { clockStart } from '../helpers/clock';
import { buildOrg, buildUser, type OrgRecord, type UserRecord } from '../helpers/factories';
import { buildPackage, manifestFor } from '../helpers/scenario';
import { connected, nextEvent, openSocket } from '../helpers/socket';

/**
 * Submitting before the scenario is over (issue 14 §2): what the attempt says is still to come,
 * what a task still locked at submission counts for (the package's `upcoming.lockedTasks`), and
 * inbox read state kept on the server. Answer and file checks only: no sandbox needed.
 */

let now = clockStart();
const clock = () => new Date(now);

const answer = (id: string, value: number, visible = false) => ({
  id,
  title: `Answer ${id}`,
  kind: 'answer',
  question: `What is ${id}?`,
  answer: { type: 'number', value },
  visible,
  points: 10,
  competencies: { 'data.analysis': 1 },
});

function earlyScenario(id: string, upcoming?: Record<string, unknown>) {
  const manifest = manifestFor(
    id,
    [
      {
        id: 'first',
        title: 'The first task',
        instructions: 'tasks/first.md',
        checks: [
          answer('first-answer', 4, true),
          { id: 'notes', title: 'Notes written', kind: 'file', file: 'notes.txt', points: 10, competencies: { 'communication.technical': 1 }, assertions: [{ regex: 'done' }] },
        ],
      },
      { id: 'later', title: 'The task dispatch sends', instructions: 'tasks/later.md', checks: [answer('later-answer', 9)] },
    ],
    {
      events: [
        { id: 'welcome', after: 'start', from: 'Li Wei, team lead', subject: 'Welcome', body: 'events/welcome.md' },
        { id: 'dispatch', at: '20m', from: 'Zhou Min, dispatch', channel: 'chat', subject: 'One more thing', body: 'events/dispatch.md', unlocks: 'task:later' },
        { id: 'thanks', after: 'task:first', from: 'Li Wei, team lead', subject: 'Thanks', body: 'events/thanks.md' },
      ],
      ...(upcoming ? { upcoming } : {}),
    },
  );
  return buildPackage(manifest, {
    'brief.md': '# Early Ltd',
    'tasks/first.md': 'Answer and write notes.',
    'tasks/later.md': 'Answer the later question.',
    'events/welcome.md': 'Welcome.',
    'events/dispatch.md': 'Please also answer 9.',
    'events/thanks.md': 'Thanks.',
    'workspace/answers.json': '{}\n',
    'workspace/notes.txt': '\n',
    'solution/answers.json': '{ "first-answer": 4, "later-answer": 9 }\n',
    'solution/notes.txt': 'done\n',
  });
}

let t: TestServer;
let school: OrgRecord;
let teacher: { agent: TestAgent; cookie: string };
let student: { agent: TestAgent; user: UserRecord; cookie: string };
let courseId: string;
const assignments = new Map<string, string>();

async function assign(slug: string): Promise<string> {
  const version = await t.db('scenario_versions as v').join('scenarios as s', 's.id', 'v.scenario_id').where('s.slug', slug).first('v.id');
  const res = await teacher.agent.post(`/api/courses/${courseId}/assignments`).send({ scenarioVersionId: version.id, mode: 'assessment', maxAttempts: 10, revealPolicy: 'full' });
  expect(res.status).toBe(201);
  return res.body.assignment.id;
}

async function start(slug: string): Promise<AttemptView> {
  const res = await student.agent.post(`/api/assignments/${assignments.get(slug)}/attempts`);
  expect(res.status).toBe(201);
  return res.body.attempt;
}

/** The student's work: the first task done, the later one (never seen) not answered. */
async function writeFirstTask(attemptId: string): Promise<void> {
  await t.db('file_revisions').insert([
    { attempt_id: attemptId, path: 'answers.json', revision: 2, content: '{ "first-answer": 4 }', size_bytes: 21, author_id: student.user.id, created_at: clock() },
    { attempt_id: attemptId, path: 'notes.txt', revision: 2, content: 'done', size_bytes: 4, author_id: student.user.id, created_at: clock() },
  ]);
}

beforeAll(async () => {
  t = await getTestServer({ clock });
  await publishPackage(t.db, earlyScenario('early-grade'), clock());
  await publishPackage(t.db, earlyScenario('early-omit', { lockedTasks: 'omit', announce: true }), clock());
  school = await buildOrg(t.db, { kind: 'school', name: 'Early School' });
  teacher = await t.signIn(await buildUser(t.db, { org: school, roles: ['teacher'] }));
  student = await t.signIn(await buildUser(t.db, { org: school, roles: ['student'], email: 'early@school.test' }));
  courseId = (await teacher.agent.post('/api/courses').send({ title: 'Early course' })).body.course.id;
  await teacher.agent.post(`/api/courses/${courseId}/enrolments`).send({ userIds: [student.user.id] });
  for (const slug of ['early-grade', 'early-omit']) assignments.set(slug, await assign(slug));
});
afterAll(() => t.close());

describe('what is still to come', () => {
  it('lists the events not delivered yet without saying when, unless the author announces them', async () => {
    const attempt = await start('early-grade');
    expect(attempt.events.map((e) => e.id)).toEqual(['welcome']);
    expect(attempt.upcoming).toEqual({
      lockedTasks: 'grade',
      announced: false,
      events: [
        { from: 'Zhou Min, dispatch', channel: 'chat', unlocks: 'later', expectedAt: null, afterTask: null },
        { from: 'Li Wei, team lead', channel: 'email', unlocks: null, expectedAt: null, afterTask: null },
      ],
    });
    // Who it is from and what it opens, never what it says.
    expect(JSON.stringify(attempt.upcoming)).not.toMatch(/One more thing|Please also answer/);
  });

  it('says when each event is expected when the author announces them, timed ones first', async () => {
    const attempt = await start('early-omit');
    expect(attempt.upcoming).toEqual({
      lockedTasks: 'omit',
      announced: true,
      events: [
        { from: 'Zhou Min, dispatch', channel: 'chat', unlocks: 'later', expectedAt: new Date(now + 20 * 60_000).toISOString(), afterTask: null },
        { from: 'Li Wei, team lead', channel: 'email', unlocks: null, expectedAt: null, afterTask: 'first' },
      ],
    });
  });

  it('names the file each unlocked task is about (not the answers file), none for a locked task', async () => {
    const view = (await student.agent.get(`/api/attempts/${(await start('early-grade')).id}`)).body.attempt as AttemptView;
    expect(view.tasks.map((task) => [task.id, task.locked, task.file])).toEqual([
      ['first', false, 'notes.txt'],
      ['later', true, null],
    ]);
  });
});

describe('a task still locked at submission', () => {
  it('is graded as usual by default: the events arrive regardless, and its checks earn nothing', async () => {
    const attempt = await start('early-grade');
    await writeFirstTask(attempt.id);
    now += 8 * 60_000;
    const res = await student.agent.post(`/api/attempts/${attempt.id}/submission`);
    const view = res.body.attempt as AttemptView;
    expect(view.result!.checks.map((c) => [c.id, c.passed])).toEqual([
      ['first-answer', true],
      ['notes', true],
      ['later-answer', false],
    ]);
    expect(view.result!.autoScore).toBeCloseTo(2 / 3, 4);
    expect(view.tasks.find((task) => task.id === 'later')!.locked).toBe(true);
    // Nothing more is to come for submitted work.
    expect(view.upcoming.events).toEqual([]);
    const evidence = await t.db('evidence').where({ attempt_id: attempt.id }).orderBy('ref_id').select('ref_id', 'score');
    expect(evidence).toEqual([
      { ref_id: 'first-answer', score: 1 },
      { ref_id: 'later-answer', score: 0 },
      { ref_id: 'notes', score: 1 },
    ]);
  });

  it('is left out of the score and the evidence when the package says omit', async () => {
    const attempt = await start('early-omit');
    await writeFirstTask(attempt.id);
    now += 8 * 60_000;
    const view = (await student.agent.post(`/api/attempts/${attempt.id}/submission`)).body.attempt as AttemptView;
    expect(view.result!.checks.map((c) => c.id)).toEqual(['first-answer', 'notes']);
    expect(view.result!.autoScore).toBe(1);
    expect(view.upcoming).toMatchObject({ lockedTasks: 'omit', events: [] });
    const evidence = await t.db('evidence').where({ attempt_id: attempt.id }).orderBy('ref_id').pluck('ref_id');
    expect(evidence).toEqual(['first-answer', 'notes']);
  });

  it('counts once its event has arrived, under omit too', async () => {
    const attempt = await start('early-omit');
    await writeFirstTask(attempt.id);
    now += 21 * 60_000;
    const view = (await student.agent.post(`/api/attempts/${attempt.id}/submission`)).body.attempt as AttemptView;
    expect(view.result!.checks.map((c) => [c.id, c.passed])).toEqual([
      ['first-answer', true],
      ['notes', true],
      ['later-answer', false],
    ]);
    expect(view.tasks.find((task) => task.id === 'later')!.locked).toBe(false);
  });

  it('is graded by the engine as the package says; a version stored before the key existed grades it', async () => {
    const work = new Map([
      ['answers.json', '{ "first-answer": 4 }'],
      ['notes.txt', 'done'],
    ]);
    const locked = new Set(['later']);
    const omit = earlyScenario('engine-omit', { lockedTasks: 'omit' });
    const omitted = await gradeWorkspace(omit, work, t.deps.sandbox(), { lockedTasks: locked });
    expect([omitted.autoScore, omitted.omittedTasks, omitted.checks.length]).toEqual([1, ['later'], 2]);
    // Versions published before `upcoming` stored manifests without it.
    const old = earlyScenario('engine-old');
    const { upcoming: _dropped, ...stored } = old.manifest;
    const graded = await gradeWorkspace({ ...old, manifest: stored as typeof old.manifest }, work, t.deps.sandbox(), { lockedTasks: locked });
    expect([graded.autoScore, graded.omittedTasks, graded.checks.length]).toEqual([0.6667, [], 3]);
  });
});

describe('inbox read state', () => {
  let attemptId: string;

  it('is kept on the server: every tab of the student hears it, and the next device sees it', async () => {
    attemptId = (await start('early-grade')).id;
    const tabA = await connected(openSocket(t.url, { cookie: student.cookie }));
    const tabB = await connected(openSocket(t.url, { cookie: student.cookie }));
    for (const tab of [tabA, tabB]) expect((await tab.emitWithAck(ClientEvents.attemptJoin, { attemptId })).ok).toBe(true);
    const heard = nextEvent<EventsRead>(tabB, ServerEvents.eventsRead);
    // 'dispatch' has not arrived: it cannot be read before it does, and is ignored.
    const ack = await tabA.emitWithAck(ClientEvents.eventsRead, { attemptId, eventIds: ['welcome', 'dispatch'] });
    const readAt = clock().toISOString();
    expect(ack).toEqual({ ok: true, data: { attemptId, eventIds: ['welcome'], readAt } });
    expect(await heard).toEqual({ attemptId, eventIds: ['welcome'], readAt });
    tabA.close();
    tabB.close();

    const view = (await student.agent.get(`/api/attempts/${attemptId}`)).body.attempt as AttemptView;
    expect(view.events.map((e) => [e.id, e.readAt])).toEqual([['welcome', readAt]]);
    // The teacher sees what the student has read.
    const seen = (await teacher.agent.get(`/api/attempts/${attemptId}`)).body.attempt as AttemptView;
    expect(seen.events[0]!.readAt).toBe(readAt);
  });

  it('keeps the first time a message was seen', async () => {
    const first = (await student.agent.get(`/api/attempts/${attemptId}`)).body.attempt.events[0].readAt;
    now += 60_000;
    const socket = await connected(openSocket(t.url, { cookie: student.cookie }));
    expect(await socket.emitWithAck(ClientEvents.eventsRead, { attemptId, eventIds: ['welcome'] })).toMatchObject({ ok: true, data: { eventIds: ['welcome'] } });
    socket.close();
    expect((await student.agent.get(`/api/attempts/${attemptId}`)).body.attempt.events[0].readAt).toBe(first);
  });

  it('is the attempt’s student’s alone to change: another student is told there is no such attempt', async () => {
    const other = await t.signIn(await buildUser(t.db, { org: school, roles: ['student'] }));
    const socket = await connected(openSocket(t.url, { cookie: other.cookie }));
    expect(await socket.emitWithAck(ClientEvents.eventsRead, { attemptId, eventIds: ['welcome'] })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    socket.close();
  });

  it('names a bad payload field', async () => {
    const socket = await connected(openSocket(t.url, { cookie: student.cookie }));
    const bad = await socket.emitWithAck(ClientEvents.eventsRead, { attemptId, eventIds: [] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'validation_failed', message: expect.stringContaining('payload.eventIds') } });
    const odd = await socket.emitWithAck(ClientEvents.eventsRead, { attemptId, eventIds: ['Not An Id'] });
    expect(odd).toMatchObject({ ok: false, error: { code: 'validation_failed', message: expect.stringContaining('must be an event id') } });
    socket.close();
  });
});
