import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CourseReport, MasteryJobView } from '../../server/contract/competency';
import { ClientEvents, ServerEvents } from '../../server/contract/realtime';
import { SHIPPED_FRAMEWORK } from '../../server/competency/framework';
import { importCase } from '../../server/competency/case';
import { readMastery, recomputeCourseMastery, recomputeMastery } from '../../server/competency/evidence';
import { MAX_JOB_TRIES, masteryJobTestHooks, runMasteryJob, startMasteryJobs } from '../../server/competency/masteryJobs';
import { getTestServer, type TestAgent, type TestServer } from '../helpers/app';
import { buildOrg, buildUser } from '../helpers/factories';
import { masteryJobDone } from '../helpers/mastery';
import { connected, openSocket } from '../helpers/socket';

/**
 * Issue 18: a method change answers 202 at once and recomputes in the background; the old
 * values stand until the swap; progress goes to the course's teachers over socket.io; a second
 * change supersedes the first; a grading during the job is never overwritten by stale values.
 * Runs on SQLite, and on PostgreSQL with TEST_DATABASE_URL.
 */
let t: TestServer;
let teacher: TestAgent;
let socket: Socket;
let courseId: string;
let attemptOf: (student: string, k: number) => Promise<string>;
const students: string[] = [];
const CODE = 'js.debugging';
const START = Date.UTC(2026, 2, 2, 8);

beforeAll(async () => {
  t = await getTestServer();
  const db = t.db;
  const now = new Date(START);
  await importCase(db, JSON.parse(fs.readFileSync(SHIPPED_FRAMEWORK, 'utf8')), now);
  const school = await buildOrg(db);
  const teacherUser = await buildUser(db, { org: school, roles: ['teacher'] });
  const signed = await t.signIn(teacherUser);
  teacher = signed.agent;
  socket = await connected(openSocket(t.url, { cookie: signed.cookie }));
  courseId = randomUUID();
  await db('courses').insert({ id: courseId, school_id: school.id, title: 'Jobs', created_at: now });
  await db('course_members').insert({ course_id: courseId, user_id: teacherUser.id, role: 'teacher', created_at: now });
  const scenario = randomUUID();
  const version = randomUUID();
  await db('scenarios').insert({ id: scenario, slug: 'jobs', owner_org_id: null, created_at: now });
  await db('scenario_versions').insert({ id: version, scenario_id: scenario, version: '1.0.0', seq: 1, content_hash: 'x', title: 'J', industry: 'software', manifest_json: JSON.stringify({ id: 'jobs', version: '1.0.0', title: 'J', competencies: [CODE], tasks: [], scoring: { autoWeight: 1, reviewWeight: 0, passAt: 0.6 } }), files_json: '{}', published_at: now });
  const assignment = randomUUID();
  await db('assignments').insert({ id: assignment, course_id: courseId, scenario_version_id: version, title: 'J', mode: 'practice', opens_at: now, closes_at: null, time_limit_minutes: 60, max_attempts: null, reveal_policy: 'full', review: 'none', blind_review: false, created_by: teacherUser.id, created_at: now });
  attemptOf = async (student, k) => {
    const at = new Date(START + k * 86_400_000);
    const id = randomUUID();
    await db('attempts').insert({ id, assignment_id: assignment, student_id: student, number: k + 1, status: 'graded', started_at: at, deadline_at: at, submitted_at: at, submit_reason: 'student', auto_score: 0.5, review_score: null, final_score: 0.5, graded_at: at, last_activity_at: at });
    return id;
  };
  // Three students, scores 0.2 then 1.0 on one competency: "highest" 1, "average" 0.6, "latest" 1.
  for (let i = 0; i < 3; i++) {
    const s = (await buildUser(db, { org: school, roles: ['student'] })).id;
    students.push(s);
    await db('course_members').insert({ course_id: courseId, user_id: s, role: 'student', created_at: now });
    for (const [k, score] of [0.2, 1].entries()) await addEvidence(s, k, score);
  }
  await db('courses').where({ id: courseId }).update({ mastery_method: 'average' });
  await recomputeCourseMastery(db, courseId);
});

afterEach(() => {
  delete masteryJobTestHooks.beforeSwap;
});
afterAll(async () => {
  socket.close();
  await t.close();
});

async function addEvidence(student: string, k: number, score: number) {
  const attempt = await attemptOf(student, k);
  await t.db('evidence').insert({ course_id: courseId, student_id: student, competency_code: CODE, score, weight: 1, source: 'check', attempt_id: attempt, ref_kind: 'check', ref_id: 'c1', assessor_id: null, submitted_at: new Date(START + k * 86_400_000), created_at: new Date(START) });
}

const valueOf = async (student: string) => (await readMastery(t.db, courseId, student))[CODE]![0];

/** Holds the next job just before its swap until `release` is called. */
function holdSwap() {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let reached!: (round: number) => void;
  const atSwap = new Promise<number>((r) => (reached = r));
  masteryJobTestHooks.beforeSwap = async (_id, round) => {
    reached(round);
    if (round === 0) await released;
  };
  return { atSwap, release };
}

describe('changing the mastery method', () => {
  it('answers 202 with the job, streams progress to the room and serves the old values until the swap', async () => {
    const joined = await socket.timeout(5000).emitWithAck(ClientEvents.masteryJoin, { courseId });
    expect(joined).toEqual({ ok: true, data: { job: null } });
    const heard: MasteryJobView[] = [];
    socket.on(ServerEvents.masteryProgress, (v: MasteryJobView) => heard.push(v));
    const hold = holdSwap();

    const res = await teacher.put(`/api/courses/${courseId}/mastery`).send({ method: 'highest' }).expect(202);
    const job: MasteryJobView = res.body.job;
    expect(job).toMatchObject({ courseId, status: 'pending', method: { kind: 'highest' } });
    await hold.atSwap;

    // Computed, not swapped: the course still has its old method and values, and says a recompute runs.
    const report: CourseReport = (await teacher.get(`/api/courses/${courseId}/report`).expect(200)).body;
    expect(report.method.kind).toBe('average');
    expect(report.recompute).toMatchObject({ id: job.id, status: 'running', done: 3, total: 3, method: { kind: 'highest' } });
    expect(await valueOf(students[0]!)).toBeCloseTo(0.6);

    hold.release();
    expect(await masteryJobDone(t.db, job.id)).toBe('done');
    expect(await valueOf(students[0]!)).toBe(1);
    const after: CourseReport = (await teacher.get(`/api/courses/${courseId}/report`).expect(200)).body;
    expect([after.method.kind, after.recompute]).toEqual(['highest', null]);
    // pending, running 3 of 3, done: on a real socket.io client.
    await expect.poll(() => heard.map((h) => h.status)).toEqual(['pending', 'running', 'done']);
    expect(heard[1]).toMatchObject({ id: job.id, done: 3, total: 3 });
    expect(heard[2]).toMatchObject({ id: job.id, done: 3, total: 3, method: { kind: 'highest' } });
    socket.off(ServerEvents.masteryProgress);
  });

  it('a second change supersedes the first: the last one wins', async () => {
    const hold = holdSwap();
    const first: MasteryJobView = (await teacher.put(`/api/courses/${courseId}/mastery`).send({ method: 'average' }).expect(202)).body.job;
    await hold.atSwap;
    delete masteryJobTestHooks.beforeSwap;
    const second: MasteryJobView = (await teacher.put(`/api/courses/${courseId}/mastery`).send({ method: 'latest' }).expect(202)).body.job;
    expect(await masteryJobDone(t.db, second.id)).toBe('done');
    hold.release();
    expect(await masteryJobDone(t.db, first.id)).toBe('superseded');
    // The first job, released after the second finished, wrote nothing.
    await new Promise((r) => setTimeout(r, 200));
    expect((await t.db('courses').where({ id: courseId }).first('mastery_method')).mastery_method).toBe('latest');
  });

  it('a grading during the job is not overwritten by stale values at the swap', async () => {
    const hold = holdSwap();
    const job: MasteryJobView = (await teacher.put(`/api/courses/${courseId}/mastery`).send({ method: 'average' }).expect(202)).body.job;
    await hold.atSwap;
    // A grading while the job waits to swap: new evidence, and mastery recomputed for that student (old method).
    await addEvidence(students[1]!, 2, 0);
    await t.db.transaction((trx) => recomputeMastery(trx, courseId, students[1]!, [CODE]));
    hold.release();
    expect(await masteryJobDone(t.db, job.id)).toBe('done');
    // (0.2 + 1 + 0) / 3 under the new method: the job computed again rather than swap its stale 0.6.
    expect(await valueOf(students[1]!)).toBeCloseTo(0.4);
    expect(await valueOf(students[0]!)).toBeCloseTo(0.6);
  });

  it('refuses an invalid method with 400 and starts no job', async () => {
    const before = Number(((await t.db('mastery_jobs').count({ n: '*' })) as [{ n: number | string }])[0].n);
    await teacher.put(`/api/courses/${courseId}/mastery`).send({ method: 'weighted_average', weight: 1.5 }).expect(400);
    expect(Number(((await t.db('mastery_jobs').count({ n: '*' })) as [{ n: number | string }])[0].n)).toBe(before);
  });

  it('a job left running by a process that died is taken over once its lease ran out', async () => {
    const settings = { ...(await t.db('courses').where({ id: courseId }).first('mastery_method', 'mastery_weight', 'mastery_n', 'mastery_threshold', 'simulated_weight', 'workplace_weight')), mastery_method: 'highest' };
    const id = randomUUID();
    await t.db('mastery_jobs').insert({ id, course_id: courseId, settings_json: JSON.stringify(settings), status: 'running', done: 1, total: 3, claimed_by: 'dead-host:1:x', lease_until: Date.now() - 1, created_at: new Date(START) });
    const stop = startMasteryJobs(t.deps, 20);
    try {
      expect(await masteryJobDone(t.db, id)).toBe('done');
    } finally {
      stop();
    }
    expect((await t.db('mastery_jobs').where({ id }).first('claimed_by')).claimed_by).not.toBe('dead-host:1:x');
    expect(await valueOf(students[0]!)).toBe(1);
  });

  it('a job that fails on every try is given up after a few, tells the room, and the old method stays', async () => {
    const method = (await t.db('courses').where({ id: courseId }).first('mastery_method')).mastery_method;
    let tries = 0;
    masteryJobTestHooks.beforeSwap = async () => {
      tries++;
      throw new Error('cannot swap (test)');
    };
    const heard: MasteryJobView[] = [];
    socket.on(ServerEvents.masteryProgress, (v: MasteryJobView) => heard.push(v));
    const job: MasteryJobView = (await teacher.put(`/api/courses/${courseId}/mastery`).send({ method: method === 'latest' ? 'highest' : 'latest' }).expect(202)).body.job;
    await expect.poll(() => tries).toBe(1);
    const row = () => t.db('mastery_jobs').where({ id: job.id }).first('status', 'tries');
    for (let k = 2; k <= MAX_JOB_TRIES; k++) {
      // Each failure keeps its lease (so a crash loop cannot spin); run the lease out by hand.
      await expect.poll(async () => (await row()).tries).toBe(k - 1);
      await t.db('mastery_jobs').where({ id: job.id }).update({ lease_until: Date.now() - 1 });
      expect(await runMasteryJob(t.deps, job.id)).toBe(false);
    }
    expect(tries).toBe(MAX_JOB_TRIES);
    expect(await row()).toMatchObject({ status: 'failed', tries: MAX_JOB_TRIES });
    await expect.poll(() => heard.at(-1)?.status).toBe('failed');
    expect(heard.at(-1)).toMatchObject({ id: job.id });
    // Given up for good: no more tries, the course keeps its method, and no recompute is said to run.
    expect(await runMasteryJob(t.deps, job.id)).toBe(false);
    expect(tries).toBe(MAX_JOB_TRIES);
    expect((await t.db('courses').where({ id: courseId }).first('mastery_method')).mastery_method).toBe(method);
    expect(((await teacher.get(`/api/courses/${courseId}/report`).expect(200)).body as CourseReport).recompute).toBeNull();
    socket.off(ServerEvents.masteryProgress);
  });

  it('a job whose last try died with its process is marked failed when its lease runs out', async () => {
    const settings = { ...(await t.db('courses').where({ id: courseId }).first('mastery_method', 'mastery_weight', 'mastery_n', 'mastery_threshold', 'simulated_weight', 'workplace_weight')), mastery_method: 'highest' };
    const id = randomUUID();
    await t.db('mastery_jobs').insert({ id, course_id: courseId, settings_json: JSON.stringify(settings), status: 'running', done: 1, total: 3, claimed_by: 'dead-host:1:y', lease_until: Date.now() - 1, tries: MAX_JOB_TRIES, created_at: new Date(START) });
    expect(await runMasteryJob(t.deps, id)).toBe(false);
    expect(await t.db('mastery_jobs').where({ id }).first('status', 'lease_until')).toMatchObject({ status: 'failed', lease_until: null });
  });
});
