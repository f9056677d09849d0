import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { io as connect, type Socket } from 'socket.io-client';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientEvents, ServerEvents } from '../../server/contract/realtime';
import type { AttemptView, MonitorRow } from '../../server/contract/workspace';
import { createDb, type Db } from '../../server/db/knex';
import { startBalancer, type Balancer } from '../../server/scale/balancer';
import { ensureDatabase, spawnNode, spawnWorker, type Child, type ClusterEnv } from '../../server/scale/cluster';
import { GRADING_QUEUE } from '../../server/scale/gradingQueue';
import { buildOrg, buildUser, type UserRecord } from '../helpers/factories';
import { manifestFor, writePackageDir } from '../helpers/scenario';

/**
 * The scaled-out topology as child processes: two web nodes and grading workers on PostgreSQL
 * and Redis, the sticky balancer in front. Runs when TEST_DATABASE_URL and TEST_REDIS_URL are
 * set (.ci/run's cluster pass); each run gets its own database and Redis logical database.
 */
const PG = process.env.TEST_DATABASE_URL;
const REDIS = process.env.TEST_REDIS_URL;

const SLUG = 'cluster-quote';
/** A hidden check that takes ~3 s, so a worker can be killed while it grades. */
const SLOW_CHECK =
  "const { total } = require('./total.js');\ntest('sums a long order', () => { const end = Date.now() + 3000; while (Date.now() < end) {} expect(total([1, 2, 3])).toBe(6); });\n";

function clusterScenario(root: string): void {
  const manifest = manifestFor(
    SLUG,
    [
      {
        id: 'fix',
        title: 'Fix the total',
        instructions: 'tasks/fix.md',
        checks: [
          { id: 'total-visible', title: 'Total of the example', kind: 'js', file: 'checks/visible.test.js', visible: true, points: 10, competencies: { 'js.debugging': 1 } },
          { id: 'total-slow', title: 'A long order', kind: 'js', file: 'checks/slow.test.js', points: 10, timeoutMs: 10_000, competencies: { 'data.analysis': 1 } },
        ],
      },
    ],
    {
      durationMinutes: 30,
      events: [{ id: 'late-email', at: '12s', from: 'Li Wei', subject: 'One more thing', body: 'events/late.md' }],
    },
  );
  writePackageDir(
    SLUG,
    manifest,
    {
      'brief.md': '# Cluster Quote Ltd',
      'tasks/fix.md': 'Make `total` add up.',
      'events/late.md': 'Please also check the long orders.',
      'checks/visible.test.js': "const { total } = require('./total.js'); test('2 + 3', () => expect(total([2, 3])).toBe(5));",
      'checks/slow.test.js': SLOW_CHECK,
      'workspace/total.js': 'exports.total = (xs) => xs.reduce((a, b) => a * b, 1);\n',
      'solution/total.js': 'exports.total = (xs) => xs.reduce((a, b) => a + b, 0);\n',
    },
    root,
  );
}

const FIXED = 'exports.total = (xs) => xs.reduce((a, b) => a + b, 0);\n';

describe.skipIf(!PG || !REDIS)('two web processes and grading workers on PostgreSQL and Redis', () => {
  let env: ClusterEnv;
  let dbName: string;
  let db: Db;
  let redis: Redis;
  let queue: Queue;
  let nodeA: Child;
  let nodeB: Child;
  let worker: Child;
  let balancer: Balancer;
  let student: UserRecord;
  let teacher: UserRecord;
  let assignmentId: string;
  const sockets: Socket[] = [];
  const extraWorkers: Child[] = [];

  /** The cluster's public origin (PUBLIC_ORIGINS): the same for the balancer and each node behind it. */
  const ORIGIN = 'http://cluster.practicum.test';
  const agentOn = (url: string) => request.agent(url).set('Origin', ORIGIN);
  async function signIn(url: string, user: UserRecord) {
    const agent = agentOn(url);
    const res = await agent.post('/api/session').send({ email: user.email, password: user.password });
    expect(res.status).toBe(200);
    return { agent, cookie: String(res.headers['set-cookie']?.[0] ?? '').split(';')[0]! };
  }
  function socketTo(url: string, cookie: string, reconnection = false): Promise<Socket> {
    const s = connect(url, { transports: ['websocket'], reconnection, reconnectionDelay: 200, reconnectionDelayMax: 500, extraHeaders: { origin: ORIGIN, cookie } });
    sockets.push(s);
    return new Promise((resolve, reject) => {
      s.once('connect', () => resolve(s));
      s.once('connect_error', reject);
    });
  }
  const ack = async <T>(s: Socket, event: string, payload: unknown): Promise<T> => {
    const r = (await s.timeout(30_000).emitWithAck(event, payload)) as { ok: boolean; data: T; error?: unknown };
    if (!r.ok) throw new Error(`${event}: ${JSON.stringify(r.error)}`);
    return r.data;
  };
  async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 60_000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const v = await probe();
      if (v) return v;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  beforeAll(async () => {
    const suffix = randomBytes(4).toString('hex');
    dbName = `practicum_cluster_${suffix}`;
    const pgUrl = new URL(PG!);
    pgUrl.pathname = `/${dbName}`;
    await ensureDatabase(pgUrl.toString());
    // A Redis logical database of its own, emptied first: the queue and the adapter's stream.
    const redisUrl = new URL(REDIS!);
    redisUrl.pathname = '/7';
    redis = new Redis(redisUrl.toString(), { maxRetriesPerRequest: null });
    await redis.flushdb();
    const scenariosDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-scenarios-'));
    clusterScenario(scenariosDir);
    env = {
      DATABASE_URL: pgUrl.toString(),
      REDIS_URL: redisUrl.toString(),
      SCENARIOS_DIR: scenariosDir,
      SEED_DEMO: '0',
      LOG_LEVEL: 'warn',
      GRADING_LOCK_MS: '3000',
      NODE_ENV: 'development',
      PUBLIC_ORIGINS: ORIGIN,
    };
    // One after the other: the first migrates and publishes the scenario, the second finds it done.
    nodeA = await spawnNode('web-a', 0, env);
    nodeB = await spawnNode('web-b', 0, env);
    worker = await spawnWorker('worker-1', env);
    balancer = await startBalancer({ port: 0, host: '127.0.0.1', backends: [nodeA, nodeB].map((n) => ({ host: '127.0.0.1', port: n.port! })) });
    queue = new Queue(GRADING_QUEUE, { connection: redis });

    db = createDb({ dialect: 'postgres', connectionString: pgUrl.toString() });
    const school = await buildOrg(db, { kind: 'school', name: 'Cluster School' });
    teacher = await buildUser(db, { org: school, roles: ['teacher'] });
    student = await buildUser(db, { org: school, roles: ['student'] });
    const t = await signIn(nodeB.url!, teacher);
    const courseId = (await t.agent.post('/api/courses').send({ title: 'Cluster course' })).body.course.id;
    await t.agent.post(`/api/courses/${courseId}/enrolments`).send({ userIds: [student.id] }).expect(200);
    const version = await db('scenario_versions as v').join('scenarios as s', 's.id', 'v.scenario_id').where('s.slug', SLUG).first('v.id');
    const asg = await t.agent.post(`/api/courses/${courseId}/assignments`).send({ scenarioVersionId: version.id, title: 'Cluster work', maxAttempts: null });
    expect(asg.status).toBe(201);
    assignmentId = asg.body.assignment.id;
  }, 240_000);

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await balancer?.close();
    await Promise.all([nodeA, nodeB, worker, ...extraWorkers].filter(Boolean).map((c) => c.stop('SIGKILL')));
    await queue?.close();
    await db?.destroy();
    redis?.disconnect();
    if (PG && dbName) {
      const admin = createDb({ dialect: 'postgres', connectionString: PG });
      await admin.raw('drop database if exists ?? with (force)', [dbName]).catch(() => undefined);
      await admin.destroy();
    }
  }, 60_000);

  it('reports db, Redis and the queue depth from either node', async () => {
    for (const node of [nodeA, nodeB]) {
      const res = await request(node.url!).get('/api/health');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'ok', db: { dialect: 'postgres', ok: true }, redis: 'ok', queue: { waiting: 0, active: 0 } });
    }
  });

  let attemptId: string;

  it('a student on node A runs checks; the teacher watching on node B sees it; the worker grades the submission', async () => {
    const s = await signIn(nodeA.url!, student);
    const t = await signIn(nodeB.url!, teacher);
    const studentSocket = await socketTo(nodeA.url!, s.cookie);
    const teacherSocket = await socketTo(nodeB.url!, t.cookie);
    await ack(teacherSocket, ClientEvents.monitorJoin, { assignmentId });

    const started = await s.agent.post(`/api/assignments/${assignmentId}/attempts`);
    expect(started.status).toBeLessThan(300);
    const attempt: AttemptView = started.body.attempt ?? started.body;
    attemptId = attempt.id;
    await ack(studentSocket, ClientEvents.attemptJoin, { attemptId });
    const file = attempt.files.find((f) => f.path === 'total.js')!;
    await ack(studentSocket, ClientEvents.fileSave, { attemptId, path: 'total.js', baseRevision: file.revision, content: FIXED });

    const passingSeen = new Promise<MonitorRow>((resolve) => {
      teacherSocket.on(ServerEvents.monitorUpdated, (p: { row?: MonitorRow } & Partial<MonitorRow>) => {
        const row = (p.row ?? p) as MonitorRow;
        if (row.attemptId === attemptId && row.visiblePassing === 1) resolve(row);
      });
    });
    const run = await ack<{ results: { passed: boolean }[] }>(studentSocket, ClientEvents.checksRun, { attemptId });
    expect(run.results.every((r) => r.passed)).toBe(true);
    expect((await passingSeen).visibleTotal).toBe(1);
    // The check run was the worker's too, not node A's.
    const runs = (await queue.getJobs(['completed'])).filter((j) => j.name === 'visible' && j.data.attemptId === attemptId);
    expect(runs.map((j) => j.processedBy)).toEqual([`worker:${worker.child.pid}`]);

    const graded = new Promise<void>((resolve) => studentSocket.on(ServerEvents.attemptGraded, (p: { attemptId: string }) => p.attemptId === attemptId && resolve()));
    const submitted = await s.agent.post(`/api/attempts/${attemptId}/submission`);
    expect(submitted.status).toBeLessThan(300);
    await graded;
    const row = await db('attempts').where({ id: attemptId }).first('status', 'auto_score', 'final_score');
    expect(row).toMatchObject({ status: 'graded' });
    expect(Number(row.final_score)).toBe(1);
    const job = await queue.getJob(attemptId);
    expect(job?.processedBy).toMatch(/^worker:\d+$/);
    expect(job?.processedBy).toBe(`worker:${worker.child.pid}`);
  }, 120_000);

  it('kill -9 of the worker mid-job: a second worker finishes it; one score, one set of evidence', async () => {
    const s = await signIn(nodeA.url!, student);
    const started = await s.agent.post(`/api/assignments/${assignmentId}/attempts`);
    const attempt: AttemptView = started.body.attempt ?? started.body;
    const sock = await socketTo(nodeA.url!, s.cookie);
    await ack(sock, ClientEvents.attemptJoin, { attemptId: attempt.id });
    const file = attempt.files.find((f) => f.path === 'total.js')!;
    await ack(sock, ClientEvents.fileSave, { attemptId: attempt.id, path: 'total.js', baseRevision: file.revision, content: FIXED });
    await s.agent.post(`/api/attempts/${attempt.id}/submission`).expect((r) => expect(r.status).toBeLessThan(300));

    await waitFor('the job to be taken', async () => (await (await queue.getJob(attempt.id))?.isActive()) ?? false, 30_000);
    await worker.stop('SIGKILL');
    const second = await spawnWorker('worker-2', env);
    extraWorkers.push(second);
    await waitFor('the grade', async () => (await db('attempts').where({ id: attempt.id }).first('status'))?.status === 'graded', 90_000);

    const job = await queue.getJob(attempt.id);
    expect(job?.processedBy).toBe(`worker:${second.child.pid}`);
    const runs = await db('check_runs').where({ attempt_id: attempt.id, kind: 'submission' }).count({ n: '*' });
    expect(Number(runs[0]!.n)).toBe(1);
    const evidence: { competency_code: string; n: string }[] = await db('evidence').where({ attempt_id: attempt.id }).groupBy('competency_code').select('competency_code').count({ n: '*' });
    expect(evidence.map((e) => e.competency_code).sort()).toEqual(['data.analysis', 'js.debugging']);
    expect(evidence.every((e) => Number(e.n) === 1)).toBe(true);
    const scored = await db('statements').where({ attempt_id: attempt.id, verb: 'scored' }).count({ n: '*' });
    expect(Number(scored[0]!.n)).toBe(1);
    worker = second;
  }, 150_000);

  it('a deadline that falls due while both nodes run submits exactly once', async () => {
    const t = await signIn(nodeB.url!, teacher);
    const courseId = (await db('assignments').where({ id: assignmentId }).first('course_id')).course_id;
    const version = await db('assignments').where({ id: assignmentId }).first('scenario_version_id');
    const closesAt = new Date(Date.now() + 8_000).toISOString();
    const short = await t.agent.post(`/api/courses/${courseId}/assignments`).send({ scenarioVersionId: version.scenario_version_id, title: 'Closing soon', closesAt });
    expect(short.status).toBe(201);
    const s = await signIn(nodeA.url!, student);
    const started = await s.agent.post(`/api/assignments/${short.body.assignment.id}/attempts`);
    const attempt: AttemptView = started.body.attempt ?? started.body;
    const sock = await socketTo(nodeB.url!, s.cookie);
    await ack(sock, ClientEvents.attemptJoin, { attemptId: attempt.id });
    let submittedPushes = 0;
    sock.on(ServerEvents.attemptSubmitted, (p: { attemptId: string }) => p.attemptId === attempt.id && submittedPushes++);

    await waitFor('the deadline submit and its grade', async () => (await db('attempts').where({ id: attempt.id }).first('status'))?.status === 'graded', 90_000);
    const row = await db('attempts').where({ id: attempt.id }).first('submit_reason');
    expect(row.submit_reason).toBe('deadline');
    const submits = await db('statements').where({ attempt_id: attempt.id, verb: 'submitted' }).count({ n: '*' });
    expect(Number(submits[0]!.n)).toBe(1);
    const runs = await db('check_runs').where({ attempt_id: attempt.id, kind: 'submission' }).count({ n: '*' });
    expect(Number(runs[0]!.n)).toBe(1);
    await new Promise((r) => setTimeout(r, 2_500)); // both schedulers get more passes
    expect(submittedPushes).toBe(1);
    expect(Number((await db('statements').where({ attempt_id: attempt.id, verb: 'submitted' }).count({ n: '*' }))[0]!.n)).toBe(1);
  }, 120_000);

  it('kill -9 of the student’s node: the client comes back through the balancer on the other node, with every acked edit and the due event once', async () => {
    const s = await signIn(balancer.url, student);
    const started = await s.agent.post(`/api/assignments/${assignmentId}/attempts`);
    const attempt: AttemptView = started.body.attempt ?? started.body;
    const sock = await socketTo(balancer.url, s.cookie, true);
    await ack(sock, ClientEvents.attemptJoin, { attemptId: attempt.id });
    const delivered: string[] = [];
    sock.on(ServerEvents.eventDelivered, (p: { attemptId: string; event: { id: string } }) => p.attemptId === attempt.id && delivered.push(p.event.id));

    let revision = attempt.files.find((f) => f.path === 'total.js')!.revision;
    for (let i = 0; i < 5; i++) {
      revision = (await ack<{ revision: number }>(sock, ClientEvents.fileSave, { attemptId: attempt.id, path: 'total.js', baseRevision: revision, content: `${FIXED}// edit ${i}\n` })).revision;
    }
    const sticky = balancer.backendFor('127.0.0.1');
    const victim = sticky.port === nodeA.port ? nodeA : nodeB;
    const survivor = victim === nodeA ? nodeB : nodeA;
    const reconnected = new Promise<void>((resolve) => sock.io.once('reconnect', () => resolve()));
    await victim.stop('SIGKILL');
    await reconnected;
    expect(balancer.backendFor('127.0.0.1').port).toBe(survivor.port);

    // Rejoin as the web client does when the server does not remember the socket.
    const view = await ack<AttemptView>(sock, ClientEvents.attemptJoin, { attemptId: attempt.id });
    expect(view.files.find((f) => f.path === 'total.js')).toMatchObject({ revision, content: `${FIXED}// edit 4\n` });
    const next = await ack<{ revision: number }>(sock, ClientEvents.fileSave, { attemptId: attempt.id, path: 'total.js', baseRevision: revision, content: `${FIXED}// after the crash\n` });
    expect(next.revision).toBe(revision + 1);

    // The timed event (12 s after the start) is delivered by the surviving node, once.
    await waitFor('the timed event', async () => delivered.includes('late-email'), 30_000);
    await new Promise((r) => setTimeout(r, 2_500));
    expect(delivered.filter((id) => id === 'late-email')).toHaveLength(1);
    const rows = await db('event_deliveries').where({ attempt_id: attempt.id, event_id: 'late-email' }).count({ n: '*' });
    expect(Number(rows[0]!.n)).toBe(1);
  }, 120_000);
});
