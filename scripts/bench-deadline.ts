/**
 * npm run bench:deadline [-- --students N] [--checkers K] [--mode process|workers|both]
 *
 * N students (default 5,000) of one course have an attempt at the freight-quote scenario, all
 * with the same deadline. The scheduler's pass after the deadline submits them, as a real
 * deadline does (attempts/scheduler.ts sweep → submitAttempt 'deadline'), and they are graded.
 * Measured: the time from the deadline until every grade is written (drain_s, grades_per_s).
 * Meanwhile K students (default 5) who started later keep running their visible checks, one
 * run after another with a second between: their latency says whether check runs starve
 * behind the grading backlog.
 *
 * mode=process: one process on SQLite, grading in its own sandbox pool (backlog.ts).
 * mode=workers: this process as the web process on PostgreSQL (a fresh database on
 * DATABASE_URL's server) and Redis (REDIS_URL, logical database 9, flushed), two grading
 * workers (server/worker.ts) taking the jobs, as the cluster runs.
 *
 * The students' rows are written straight into the database (signing 5,000 people in would
 * measure argon2); the check runs call the service the socket handler calls.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { startScheduler, sweep } from '../server/attempts/scheduler';
import { runVisibleChecks } from '../server/attempts/service';
import { loadFrameworkFile } from '../server/competency/framework';
import { loadConfig } from '../server/config';
import { createDb, type Db } from '../server/db/knex';
import { migrateLatest } from '../server/db/migrate';
import { createDeps, type AppDeps } from '../server/deps';
import type { Actor } from '../server/http/policy';
import { Publisher } from '../server/realtime/publisher';
import { ensureDatabase, spawnWorker, type Child } from '../server/scale/cluster';
import { createGradingQueue } from '../server/scale/gradingQueue';
import { connectRedis } from '../server/scale/redis';
import { SCENARIOS_DIR } from '../server/scenarios/discover';
import { loadPackage, subtree } from '../server/scenarios/package';
import { publishPackage } from '../server/scenarios/sync';
import { arg, insertAll } from './benchSupport';

const STUDENTS = arg('students', 5_000);
const CHECKERS = arg('checkers', 5);
const modeArg = process.argv.indexOf('--mode');
const MODES = (modeArg > -1 ? process.argv[modeArg + 1]! : 'both') === 'both' ? ['process', 'workers'] : [process.argv[modeArg + 1]!];

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type World = { attemptIds: string[]; checkers: { actor: Actor; attemptId: string }[] };

/** One course, N + K students with an attempt each; half of the N hand in the solution, half the starter. */
async function populate(db: Db): Promise<World> {
  const now = new Date();
  const { pkg, problems } = loadPackage(path.join(SCENARIOS_DIR, 'freight-quote'), loadFrameworkFile());
  if (!pkg) throw new Error(problems.map((p) => p.message).join('\n'));
  await publishPackage(db, pkg, now);
  const version = await db('scenario_versions').first('id');
  const school = randomUUID();
  await db('organizations').insert({ id: school, slug: 'bench-school', name: 'Bench School', kind: 'school', created_at: now });
  const user = (name: string) => ({ id: randomUUID(), email: `${name}@bench.test`, name, password_hash: 'x', disabled: false, created_at: now, updated_at: now });
  const teacher = user('teacher');
  const students = Array.from({ length: STUDENTS + CHECKERS }, (_, i) => user(`student-${i}`));
  await insertAll(db, 'users', [teacher, ...students]);
  await insertAll(db, 'memberships', students.map((s) => ({ id: randomUUID(), user_id: s.id, org_id: school, role: 'student', created_at: now })));
  const course = randomUUID();
  await db('courses').insert({ id: course, school_id: school, title: 'Bench course', created_at: now });
  await insertAll(db, 'course_members', students.map((s) => ({ course_id: course, user_id: s.id, role: 'student', created_at: now })));
  const assignment = randomUUID();
  await db('assignments').insert({
    id: assignment, course_id: course, scenario_version_id: version.id, title: 'Bench deadline', mode: 'assessment', opens_at: now, closes_at: null,
    time_limit_minutes: 120, max_attempts: null, reveal_policy: 'description', review: 'none', blind_review: false, created_by: teacher.id, created_at: now,
  });
  const starter = [...subtree(pkg.files, 'workspace')];
  const solution = new Map(subtree(pkg.files, 'solution'));
  const startedAt = new Date(now.getTime() - 60 * 60_000);
  const far = new Date(now.getTime() + 24 * 3_600_000);
  const attempts: object[] = [];
  const files: object[] = [];
  students.forEach((s, i) => {
    const id = randomUUID();
    attempts.push({ id, assignment_id: assignment, student_id: s.id, number: 1, status: 'in_progress', started_at: startedAt, deadline_at: far, last_activity_at: startedAt });
    for (const [p, content] of starter) {
      files.push({ attempt_id: id, path: p, revision: 1, content, size_bytes: Buffer.byteLength(content), author_id: null, created_at: startedAt });
      if (i % 2 === 0 && solution.has(p)) files.push({ attempt_id: id, path: p, revision: 2, content: solution.get(p)!, size_bytes: Buffer.byteLength(solution.get(p)!), author_id: s.id, created_at: now });
    }
  });
  await insertAll(db, 'attempts', attempts);
  await insertAll(db, 'file_revisions', files);
  const ids = (attempts as { id: string; student_id: string }[]).map((a) => a.id);
  return {
    attemptIds: ids.slice(0, STUDENTS),
    checkers: students.slice(STUDENTS).map((s, k) => ({ actor: { id: s.id } as Actor, attemptId: ids[STUDENTS + k]! })),
  };
}

async function countUngraded(db: Db, ids: string[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < ids.length; i += 500) {
    const [row] = (await db('attempts').whereIn('id', ids.slice(i, i + 500)).whereNull('auto_score').count({ n: '*' })) as [{ n: number | string }];
    n += Number(row.n);
  }
  return n;
}

/** The deadline falls now; returns once every grade is written, with the check runs' latencies meanwhile. */
async function deadline(deps: AppDeps, world: World) {
  // Timed events fell due during the hour: a real scheduler delivered them long before the deadline.
  await sweep(deps);
  const t0 = performance.now();
  for (let i = 0; i < world.attemptIds.length; i += 500) await deps.db('attempts').whereIn('id', world.attemptIds.slice(i, i + 500)).update({ deadline_at: new Date() });
  const stopScheduler = startScheduler(deps, pino({ level: 'error' }));
  let draining = true;
  const latencies: number[] = [];
  let failedRuns = 0;
  const checkers = world.checkers.map(async (c, k) => {
    await sleep(200 * k);
    while (draining) {
      const started = performance.now();
      try {
        await runVisibleChecks(deps, c.actor, c.attemptId);
        latencies.push(performance.now() - started);
      } catch (err) {
        failedRuns++;
        process.stderr.write(`  check run failed: ${(err as Error).message}\n`);
      }
      await sleep(1_000);
    }
  });
  let left: number;
  let lastSaid = 0;
  while ((left = await countUngraded(deps.db, world.attemptIds)) > 0) {
    if (performance.now() - lastSaid > 15_000) {
      lastSaid = performance.now();
      process.stdout.write(`  ${Math.round((performance.now() - t0) / 1000)} s: ${left} ungraded, ${latencies.length} check runs\n`);
    }
    await sleep(250);
  }
  const drainMs = performance.now() - t0;
  draining = false;
  await Promise.all(checkers);
  stopScheduler();
  return { drainMs, latencies, failedRuns };
}

function report(mode: string, db: string, r: Awaited<ReturnType<typeof deadline>>) {
  const fmt = (x: number) => (Number.isNaN(x) ? 'n/a' : x >= 100 ? x.toFixed(0) : x.toFixed(1));
  process.stdout.write(
    `bench:deadline mode=${mode} db=${db} submissions=${STUDENTS} drain_s=${fmt(r.drainMs / 1000)} grades_per_s=${fmt(STUDENTS / (r.drainMs / 1000))} ` +
      `check_runs=${r.latencies.length} check_run_failed=${r.failedRuns} check_run_p50_ms=${fmt(percentile(r.latencies, 50))} check_run_p99_ms=${fmt(percentile(r.latencies, 99))}\n`,
  );
}

const benchDeps = (db: Db, extra: Partial<AppDeps> = {}) =>
  createDeps({
    config: loadConfig({ NODE_ENV: 'test' }),
    db,
    logger: pino({ level: 'error' }),
    publisher: new Publisher(),
    // The benchmark's students run checks back to back; the per-person limit would refuse them.
    checksLimiter: new RateLimiterMemory({ points: 1_000_000, duration: 1 }),
    ...extra,
  });

async function processMode() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'practicum-bench-deadline-'));
  const db = createDb({ dialect: 'sqlite', filename: path.join(dir, 'practicum.sqlite') });
  try {
    await migrateLatest(db);
    const world = await populate(db);
    const deps = benchDeps(db);
    process.stdout.write(`  process/sqlite: ${STUDENTS} attempts ready, deadline now\n`);
    report('process', 'sqlite', await deadline(deps, world));
    await deps.closeSandbox();
  } finally {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function workersMode() {
  const pgUrl = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const adminUrl = pgUrl.toString();
  pgUrl.pathname = `/practicum_bench_${randomBytes(3).toString('hex')}`;
  const redisUrl = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  redisUrl.pathname = '/9';
  await ensureDatabase(pgUrl.toString());
  const db = createDb({ dialect: 'postgres', connectionString: pgUrl.toString() });
  const workers: Child[] = [];
  const flush = connectRedis(redisUrl.toString(), 'bench-flush');
  await flush.flushdb();
  flush.disconnect();
  // As the web process connects (server/index.ts); ready before the deadline, as a running one is.
  const requests = connectRedis(redisUrl.toString(), 'bench-queue', 'request');
  await new Promise((r) => requests.once('ready', r));
  const queue = createGradingQueue(requests, connectRedis(redisUrl.toString(), 'bench-queue-events'));
  try {
    await migrateLatest(db);
    const world = await populate(db);
    const env = { DATABASE_URL: pgUrl.toString(), REDIS_URL: redisUrl.toString(), LOG_LEVEL: 'error' };
    for (const name of ['worker-a', 'worker-b']) workers.push(await spawnWorker(name, env));
    const deps = benchDeps(db, { gradingQueue: queue });
    process.stdout.write(`  workers/postgres: ${STUDENTS} attempts ready, 2 workers, deadline now\n`);
    report('workers', 'postgres', await deadline(deps, world));
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await queue.close();
    await db.destroy();
    const admin = createDb({ dialect: 'postgres', connectionString: adminUrl });
    await admin.raw('drop database if exists ?? with (force)', [pgUrl.pathname.slice(1)]);
    await admin.destroy();
  }
}

async function main() {
  process.stdout.write(`bench:deadline students=${STUDENTS} checkers=${CHECKERS} modes=${MODES.join(',')} cores=${os.availableParallelism()}\n`);
  if (MODES.includes('process')) await processMode();
  if (MODES.includes('workers')) await workersMode();
  process.exit(0);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
