import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compactAttempt, compactDueAttempts, pinnedRevisions, revisionKey, revisionsToDrop, type RevisionMeta } from '../../server/attempts/compaction';
import { latestFiles } from '../../server/attempts/repo';
import type { Ack } from '../../server/contract/realtime';
import { ClientEvents } from '../../server/contract/realtime';
import type { AttemptView } from '../../server/contract/workspace';
import { publishPackage } from '../../server/scenarios/sync';
import { getTestServer, type TestServer } from '../helpers/app';
import { clockStart } from '../helpers/clock';
import { buildOrg, buildPartnership, buildUser, type OrgRecord } from '../helpers/factories';
import { reviewScenario } from '../helpers/scenario';
import { connected, openSocket } from '../helpers/socket';
import { course, type Person } from '../feedback/world';

/**
 * Thinning of an attempt's history (server/attempts/compaction.ts), on a clock the test moves:
 * saves every 30 s for 100 minutes, a check run at minute 20, a submission and a review with a
 * line comment; then what each pass keeps, and that saving goes on right after a pass.
 */
// History is thinned in minute and 10-minute buckets of the clock: start on a 10-minute mark.
const T0 = Math.ceil(clockStart() / 600_000) * 600_000;
let now = T0;
const at = (minutes: number, seconds = 0) => (now = T0 + minutes * 60_000 + seconds * 1000);
let t: TestServer;
let teacher: Person;
let reviewer: Person;
let assignmentId: string;
let school: OrgRecord;
const sockets: Socket[] = [];

const save = (socket: Socket, attemptId: string, path: string, baseRevision: number, content: string) =>
  socket.emitWithAck(ClientEvents.fileSave, { attemptId, path, baseRevision, content }) as Promise<Ack<{ revision: number }>>;
const revisionsOf = async (attemptId: string, path: string) =>
  (await t.db('file_revisions').where({ attempt_id: attemptId, path }).orderBy('revision').pluck('revision')).map(Number);
const countMatches = async (attemptId: string) => {
  const row = await t.db('attempts').where({ id: attemptId }).first('stored_bytes');
  const [{ n }] = (await t.db('file_revisions').where({ attempt_id: attemptId }).whereNotNull('author_id').sum({ n: 'size_bytes' })) as [{ n: number | string | null }];
  return Number(row.stored_bytes) === Number(n ?? 0);
};
const range = (from: number, to: number, step = 1) => Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

async function startAttempt(): Promise<{ student: Person; attempt: AttemptView; socket: Socket }> {
  const student = await t.signIn(await buildUser(t.db, { org: school, roles: ['student'] }));
  await teacher.agent.post(`/api/courses/${await courseId()}/enrolments`).send({ userIds: [student.user.id] });
  const res = await student.agent.post(`/api/assignments/${assignmentId}/attempts`);
  expect(res.status).toBe(201);
  const socket = await connected(openSocket(t.url, { cookie: student.cookie }));
  sockets.push(socket);
  return { student, attempt: res.body.attempt, socket };
}
let theCourse: string | undefined;
const courseId = async () => (theCourse ??= await course(teacher, 'Thinning', []));

beforeAll(async () => {
  t = await getTestServer({ clock: () => new Date(now) });
  // This file is about what is kept, not the save rate.
  t.deps.saveLimiter = new RateLimiterMemory({ points: 1_000_000, duration: 1, keyPrefix: 'compaction-test' });
  await publishPackage(t.db, reviewScenario(), new Date(now));
  const enterprise = await buildOrg(t.db, { kind: 'enterprise', name: 'Thinning Works' });
  const scenario = await t.db('scenarios').where({ slug: 'mini-review' }).first('id');
  await t.db('scenarios').where({ id: scenario.id }).update({ owner_org_id: enterprise.id });
  school = await buildOrg(t.db, { kind: 'school', name: 'Thinning School' });
  await buildPartnership(t.db, school, enterprise);
  teacher = await t.signIn(await buildUser(t.db, { org: school, roles: ['teacher'] }));
  reviewer = await t.signIn(await buildUser(t.db, { org: enterprise, roles: ['reviewer'] }));
  const versionId = (await t.db('scenario_versions').where({ scenario_id: scenario.id }).first('id')).id;
  const res = await teacher.agent
    .post(`/api/courses/${await courseId()}/assignments`)
    .send({ scenarioVersionId: versionId, title: 'Long work', timeLimitMinutes: 180, review: 'single', revealPolicy: 'full' });
  expect(res.status).toBe(201);
  assignmentId = res.body.assignment.id;
}, 60_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  await t.close();
});

describe('the rule (revisionsToDrop)', () => {
  const row = (revision: number, minute: number, extra: Partial<RevisionMeta> = {}): RevisionMeta => ({ path: 'a.js', revision, createdAt: T0 + minute * 60_000, bytes: 10, starter: false, ...extra });
  const rows = [row(1, 0, { starter: true }), row(2, 1), row(3, 1.5), row(4, 70), row(5, 71), row(6, 99), row(7, 99.5)];
  const dropped = (level: 'standard' | 'pressed' | 'minimal', pinned = new Set<string>()) => revisionsToDrop(rows, pinned, T0 + 100 * 60_000, level).map((r) => r.revision);

  it('keeps the starter and the newest always, recent revisions all, and thins older ones by age', () => {
    // Minute 1 (99 minutes old): one per 10 minutes, so only 3 of 2 and 3; 70 and 71 (about half an hour old): one per minute.
    expect(dropped('standard')).toEqual([2]);
  });

  it('thins harder under pressure, and keeps pinned revisions at every level', () => {
    expect(dropped('pressed')).toEqual([2, 4, 6]);
    expect(dropped('minimal')).toEqual([2, 3, 4, 5, 6]);
    expect(dropped('minimal', new Set([revisionKey('a.js', 2), revisionKey('a.js', 5)]))).toEqual([3, 4, 6]);
  });
});

describe('compaction beside saves', () => {
  let attempt: AttemptView;
  let socket: Socket;
  let newest = 1;
  const lateSaves = (label: string, acked: number[]) =>
    (async () => {
      for (let k = 0; k < 30; k++) {
        const reply = await save(socket, attempt.id, 'total.js', newest, `// ${label} ${k}\n`);
        expect(reply.ok, `${label} save ${k}`).toBe(true);
        if (reply.ok) acked.push((newest = reply.data.revision));
      }
    })();

  it('loses no save made while two passes run (as two processes would), and keeps the count exact', async () => {
    ({ attempt, socket } = await startAttempt());
    for (let k = 0; k < 120; k++) {
      at(0, k * 30);
      const reply = await save(socket, attempt.id, 'total.js', newest, `// ${k}\n`);
      if (reply.ok) newest = reply.data.revision;
    }
    expect(newest).toBe(121);
    at(70);
    const acked: number[] = [];
    await Promise.all([lateSaves('late', acked), compactAttempt(t.db, attempt.id, new Date(now), 'standard'), compactAttempt(t.db, attempt.id, new Date(now), 'standard')]);
    expect(acked).toEqual(range(122, 151));
    const stored = await revisionsOf(attempt.id, 'total.js');
    for (const rev of acked) expect(stored).toContain(rev);
    expect(stored.length).toBeLessThan(100);
    expect(await countMatches(attempt.id)).toBe(true);
  });

  it('takes every save made while the hardest thinning runs, keeping the newest', async () => {
    const acked: number[] = [];
    await Promise.all([lateSaves('later', acked), compactAttempt(t.db, attempt.id, new Date(now), 'minimal')]);
    expect(acked).toEqual(range(152, 181));
    expect((await revisionsOf(attempt.id, 'total.js')).at(-1)).toBe(181);
    expect(await countMatches(attempt.id)).toBe(true);
    // Tidy up: the scheduler's passes in the tests below count the attempts they thin.
    await t.db('attempts').where({ id: attempt.id }).delete();
    at(0);
  });
});

describe('a long attempt, thinned as it goes and after review', () => {
  let student: Person;
  let attempt: AttemptView;
  let socket: Socket;
  let newest = 1;
  const content = (k: number) => `exports.total = (xs) => xs.reduce((a, b) => a + b, 0); // save ${k}\n`;

  it('keeps every revision of the last 5 minutes, one per minute up to an hour, one per 10 minutes before, and what a check run read', async () => {
    ({ student, attempt, socket } = await startAttempt());
    // Save k is made at k × 30 s and becomes revision k + 2 (the starter is revision 1).
    for (let k = 0; k < 200; k++) {
      at(0, k * 30);
      const reply = await save(socket, attempt.id, 'total.js', newest, content(k));
      expect(reply.ok).toBe(true);
      if (reply.ok) newest = reply.data.revision;
      if (k === 2) expect((await save(socket, attempt.id, 'answers.json', 1, '{ "sum": 5 }\n')).ok).toBe(true);
      if (k === 40) {
        const run = await socket.timeout(60_000).emitWithAck(ClientEvents.checksRun, { attemptId: attempt.id });
        expect(run.ok).toBe(true);
      }
    }
    expect(newest).toBe(201);
    at(100);
    expect(await compactDueAttempts(t.deps)).toBe(1);

    const kept = [
      1, // the starter
      ...[19, 39, 59, 79].map((k) => k + 2), // over an hour old: the last of each 10 minutes
      42, // read by the check run at minute 20 (save 40)
      ...range(81, 189, 2).map((k) => k + 2), // 5 to 60 minutes old: the last of each minute (the :30 save)
      ...range(191, 199).map((k) => k + 2), // the last 5 minutes: all
    ].sort((a, b) => a - b);
    expect(await revisionsOf(attempt.id, 'total.js')).toEqual(kept);
    expect(await revisionsOf(attempt.id, 'answers.json')).toEqual([1, 2]);
    expect(await countMatches(attempt.id)).toBe(true);
  }, 120_000);

  it('takes a save based on the newest revision right after the pass', async () => {
    expect(await save(socket, attempt.id, 'total.js', newest, content(200))).toEqual({ ok: true, data: { revision: 202 } });
    // A base the pass thinned out is stale, compared by number: a conflict, as any stale base.
    expect(await save(socket, attempt.id, 'total.js', 40, 'x')).toMatchObject({ ok: false, error: { code: 'conflict', details: { serverRevision: 202 } } });
    newest = 202;
  });

  it('never thins out the submitted revisions or one a review comment points at; the history settles to one per 10 minutes', async () => {
    at(101);
    const submitted = await student.agent.post(`/api/attempts/${attempt.id}/submission`);
    expect(submitted.status).toBe(200);
    const item = await t.db('review_items').where({ attempt_id: attempt.id }).first('id');
    expect((await reviewer.agent.post(`/api/review-items/${item.id}/claim`)).status).toBe(201);
    const reviewed = await reviewer.agent.post(`/api/review-items/${item.id}/reviews`).send({
      scores: [
        { criterionId: 'explains', level: 2 },
        { criterionId: 'style', level: 2 },
      ],
      comments: [{ path: 'total.js', line: 1, body: 'Summed, not multiplied: right.' }],
    });
    expect(reviewed.status).toBe(200);
    expect(await t.db('review_comments').where({ item_id: item.id }).pluck('revision')).toEqual([202]);
    expect((await pinnedRevisions(t.db, attempt.id)).has(revisionKey('total.js', 202))).toBe(true);

    at(300);
    expect(await compactDueAttempts(t.deps)).toBe(1);
    const tens = range(19, 199, 20).map((k) => k + 2);
    expect(await revisionsOf(attempt.id, 'total.js')).toEqual([1, ...tens.slice(0, 2), 42, ...tens.slice(2), 202].sort((a, b) => a - b));
    // Nothing is left to thin: the attempt is not due again.
    expect((await t.db('attempts').where({ id: attempt.id }).first('compact_due_at')).compact_due_at).toBeNull();
    expect(await compactDueAttempts(t.deps)).toBe(0);

    // Even the hardest thinning keeps what was submitted, reviewed and checked.
    await compactAttempt(t.db, attempt.id, new Date(now), 'minimal');
    expect(await revisionsOf(attempt.id, 'total.js')).toEqual([1, 42, 202]);
    expect(await revisionsOf(attempt.id, 'answers.json')).toEqual([1, 2]);
    expect(await countMatches(attempt.id)).toBe(true);
    // (Hours later every session here has idled out: read the workspace as the attempt view does.)
    expect((await latestFiles(t.db, attempt.id)).find((f) => f.path === 'total.js')).toEqual({ path: 'total.js', revision: 202, content: content(200) });
  });
});
