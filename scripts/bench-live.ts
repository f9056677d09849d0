/**
 * npm run bench:live -- --students N --seconds S [--cluster]
 *
 * Starts the real server (child process, fresh SQLite database), gives N simulated students a
 * session and an attempt each, and has every student autosave a file every 2 s for S seconds
 * over socket.io. Then runs the same load against a bare socket.io server that only acks, and
 * checks in the database that every acked save is stored.
 *
 * --profile DIR: the web process(es) write a V8 CPU profile (`--cpu-prof`) into DIR on exit; open it
 * in Chrome DevTools (Performance → Load profile) to see where a save's time goes.
 *
 * DATABASE_URL set (without --cluster): the one web process runs on PostgreSQL (a fresh database on
 * that server) instead of SQLite.
 *
 * --cluster: the same load through the sticky balancer to two web processes on PostgreSQL and
 * Redis (DATABASE_URL's server, a fresh database; REDIS_URL, logical database 6). Clients
 * connect from different loopback addresses (127.0.0.2, .3, …) so ip_hash spreads them.
 *
 * Sessions are written straight into the database: signing 5,000 people in through argon2
 * would measure the password hash, not the live path this benchmark is about.
 */
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { ClientEvents } from '../server/contract/realtime';
import { createDb } from '../server/db/knex';
import { DEMO_COURSE } from '../server/seed/demo';
import { startServerProcess } from '../tests/helpers/serverProcess';
import { addStudentsWithSessions } from '../tests/helpers/loadStudents';
import { ensureDatabase, spawnNode, type ClusterEnv } from '../server/scale/cluster';
import { Redis } from 'ioredis';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > -1 ? Number(process.argv[i + 1]) : fallback;
};
const STUDENTS = arg('students', 200);
const SECONDS = arg('seconds', 20);
const CLUSTER = process.argv.includes('--cluster');
/** PostgreSQL: always for the cluster, and for one process when DATABASE_URL names a server. */
const POSTGRES = CLUSTER || Boolean(process.env.DATABASE_URL);
const PROFILE_DIR = process.argv.includes('--profile') ? path.resolve(process.argv[process.argv.indexOf('--profile') + 1]!) : null;
const EVERY_MS = 2_000;
const CLUSTER_ORIGIN = 'http://cluster.practicum.test';

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/VmRSS:\s+(\d+)/)![1]) / 1024;
}

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

type Client = { socket: Socket; attemptId: string; base: number };
type Load = { latencies: number[]; acked: { attemptId: string; revision: number; content: string }[]; failed: number };

/** Every client saves every EVERY_MS, spread evenly over the interval. */
async function runLoad(clients: Client[], seconds: number, payload: (c: Client, i: number) => object): Promise<Load> {
  const load: Load = { latencies: [], acked: [], failed: 0 };
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    clients.map(async (c, k) => {
      await new Promise((r) => setTimeout(r, (k / clients.length) * EVERY_MS));
      for (let i = 0; Date.now() < end; i++) {
        const started = performance.now();
        const body = payload(c, i);
        try {
          const reply = await c.socket.timeout(10_000).emitWithAck(ClientEvents.fileSave, body);
          load.latencies.push(performance.now() - started);
          if (reply.ok) {
            c.base = reply.data.revision;
            load.acked.push({ attemptId: c.attemptId, revision: reply.data.revision, content: (body as { content: string }).content });
          } else load.failed++;
        } catch {
          load.failed++;
        }
        const wait = EVERY_MS - (performance.now() - started);
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
    }),
  );
  return load;
}

async function openClients(url: string, count: number, cookieFor: (i: number) => string, spread = false, origin = url): Promise<Socket[]> {
  const sockets: Socket[] = [];
  await inBatches([...Array(count).keys()], 100, async (i) => {
    // Spread: each client from its own loopback address, as students from their own machines.
    const from = spread ? { localAddress: `127.0.0.${2 + (i % 250)}` } : {};
    const socket = connect(url, { transports: ['websocket'], extraHeaders: { origin, cookie: cookieFor(i) }, reconnection: false, ...from });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    sockets[i] = socket;
  });
  return sockets;
}

/** One web process on SQLite, or (--cluster) two on PostgreSQL and Redis behind the balancer. */
type Deployment = { url: string; pids: () => number[]; stop(): Promise<void> };

async function main(): Promise<void> {
  process.stdout.write(`bench:live${CLUSTER ? ' --cluster' : ''} students=${STUDENTS} seconds=${SECONDS} (a save every ${EVERY_MS / 1000} s each)\n`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'practicum-bench-live-'));
  const profileEnv: Record<string, string> = PROFILE_DIR ? { CPU_PROFILE_DIR: PROFILE_DIR } : {};
  const env = { DATA_DIR: dataDir, LOG_LEVEL: 'error' };
  const pgUrl = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  pgUrl.pathname = `/practicum_bench_${randomBytes(3).toString('hex')}`;
  const redisUrl = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  redisUrl.pathname = '/6';
  // Behind the balancer the page's origin is the cluster's public one, the same for every node (PUBLIC_ORIGINS).
  const clusterEnv: ClusterEnv = { DATABASE_URL: pgUrl.toString(), REDIS_URL: redisUrl.toString(), LOG_LEVEL: 'error', PUBLIC_ORIGINS: CLUSTER_ORIGIN };
  const openDb = () => (POSTGRES ? createDb({ dialect: 'postgres', connectionString: pgUrl.toString() }) : createDb({ dialect: 'sqlite', filename: path.join(dataDir, 'practicum.sqlite') }));

  // First start: migrations, scenarios, demo world. Then add the students while it is down.
  if (CLUSTER) {
    await ensureDatabase(pgUrl.toString());
    const redis = new Redis(redisUrl.toString());
    await redis.flushdb();
    redis.disconnect();
    await (await spawnNode('setup', 0, clusterEnv)).stop();
  } else if (POSTGRES) {
    await ensureDatabase(pgUrl.toString());
    await (await startServerProcess({ ...env, DATABASE_URL: pgUrl.toString() }, 120_000)).stop();
  } else await (await startServerProcess(env, 120_000)).stop();
  const db = openDb();
  const course = await db('courses').where({ title: DEMO_COURSE }).first('id', 'school_id');
  const assignment = await db('assignments').where({ course_id: course.id }).orderBy('title').first('id');
  const tokens = await addStudentsWithSessions(db, { courseId: course.id, schoolId: course.school_id, count: STUDENTS, emailPrefix: 'bench', now: new Date() });
  await db.destroy();

  let deployment: Deployment;
  if (CLUSTER) {
    const a = await spawnNode('web-a', 0, { ...clusterEnv, ...profileEnv });
    const b = await spawnNode('web-b', 0, { ...clusterEnv, ...profileEnv });
    // Its own process, as in production: proxying must not share the load generator's event loop.
    const balancer = spawn(process.execPath, ['--import', 'tsx', path.resolve('scripts/balancer.ts'), '--port', '0', ...[a, b].flatMap((n) => ['--backend', `127.0.0.1:${n.port}`])], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const balancerUrl = await new Promise<string>((resolve) => balancer.stdout.once('data', (d) => resolve(String(d).match(/at (http:\/\/\S+)/)![1]!)));
    deployment = {
      url: balancerUrl.replace('localhost', '127.0.0.1'),
      pids: () => [a.child.pid!, b.child.pid!],
      stop: async () => {
        balancer.kill();
        await Promise.all([a.stop(), b.stop()]);
      },
    };
  } else {
    const server = await startServerProcess({ ...env, ...profileEnv, ...(POSTGRES ? { DATABASE_URL: pgUrl.toString() } : {}) }, 120_000);
    deployment = { url: server.url, pids: () => [server.child.pid!], stop: () => server.stop() };
  }
  const url = deployment.url;
  const origin = CLUSTER ? CLUSTER_ORIGIN : url;
  const cookieFor = (i: number) => `practicum_session=${tokens[i]}`;
  const attemptIds: string[] = [];
  await inBatches([...Array(STUDENTS).keys()], 20, async (i) => {
    const res = await fetch(`${url}/api/assignments/${assignment.id}/attempts`, { method: 'POST', headers: { origin, cookie: cookieFor(i) } });
    if (res.status !== 201) throw new Error(`starting an attempt failed: ${res.status} ${await res.text()}`);
    attemptIds[i] = ((await res.json()) as { attempt: { id: string } }).attempt.id;
  });
  const sockets = await openClients(url, STUDENTS, cookieFor, CLUSTER, origin);
  const clients: Client[] = sockets.map((socket, i) => ({ socket, attemptId: attemptIds[i]!, base: 0 }));
  process.stdout.write(`  ${STUDENTS} students connected; running for ${SECONDS} s\n`);

  // Resident memory of the web process(es), summed.
  const rss = () => deployment.pids().reduce((sum, pid) => sum + rssMb(pid), 0);
  let peakRss = rss();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rss())), 500);
  const live = await runLoad(clients, SECONDS, (c, i) => ({
    attemptId: c.attemptId,
    path: 'notes.md',
    baseRevision: c.base,
    content: `# Notes\n\nEdit ${i} of ${c.attemptId} at ${Date.now()}\n${'x'.repeat(400)}\n`,
  }));
  clearInterval(sampler);
  for (const s of sockets) s.close();
  await deployment.stop();

  // Every acked save must be in the database, with its content.
  const check = openDb();
  let lost = 0;
  const byAttempt = new Map<string, Map<number, string>>();
  for (let i = 0; i < attemptIds.length; i += 500) {
    const rows: { attempt_id: string; revision: number; content: string }[] = await check('file_revisions')
      .whereIn('attempt_id', attemptIds.slice(i, i + 500))
      .where('path', 'notes.md')
      .select('attempt_id', 'revision', 'content');
    for (const r of rows) {
      if (!byAttempt.has(r.attempt_id)) byAttempt.set(r.attempt_id, new Map());
      byAttempt.get(r.attempt_id)!.set(Number(r.revision), r.content);
    }
  }
  for (const a of live.acked) if (byAttempt.get(a.attemptId)?.get(a.revision) !== a.content) lost++;
  await check.destroy();
  if (POSTGRES) {
    const admin = createDb({ dialect: 'postgres', connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
    await admin.raw('drop database if exists ?? with (force)', [pgUrl.pathname.slice(1)]);
    await admin.destroy();
  }

  // The same load against socket.io alone: what the protocol and the machine cost without us.
  const bare = spawn(process.execPath, ['-e', BARE_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const bareUrl = await new Promise<string>((resolve) => bare.stdout.once('data', (d) => resolve(String(d).trim())));
  const bareSockets = await openClients(bareUrl, STUDENTS, () => '');
  const bareClients: Client[] = bareSockets.map((socket, i) => ({ socket, attemptId: attemptIds[i]!, base: 0 }));
  const bareLoad = await runLoad(bareClients, SECONDS, (c, i) => ({ attemptId: c.attemptId, path: 'notes.md', baseRevision: c.base, content: `Edit ${i}\n${'x'.repeat(400)}` }));
  for (const s of bareSockets) s.close();
  bare.kill();
  fs.rmSync(dataDir, { recursive: true, force: true });

  const fmt = (x: number) => (Number.isNaN(x) ? 'n/a' : x >= 100 ? x.toFixed(0) : x.toFixed(1));
  const p99 = percentile(live.latencies, 99);
  const bareP99 = percentile(bareLoad.latencies, 99);
  process.stdout.write(`  failed or unacked saves: ${live.failed} (bare: ${bareLoad.failed})\n`);
  process.stdout.write(
    `bench:live nodes=${CLUSTER ? 2 : 1} db=${POSTGRES ? 'postgres' : 'sqlite'} students=${STUDENTS} acks=${live.acked.length} saves_per_s=${fmt(live.acked.length / SECONDS)} lost=${lost} ack_p50_ms=${fmt(percentile(live.latencies, 50))} ack_p99_ms=${fmt(p99)} ` +
      `rss_mb=${fmt(peakRss)} bare_ack_p99_ms=${fmt(bareP99)} overhead=${(p99 / bareP99).toFixed(1)}x\n`,
  );
  process.exit(lost === 0 ? 0 : 1);
}

const BARE_SERVER = `
const http = require('node:http');
const { Server } = require(${JSON.stringify(path.resolve('node_modules/socket.io'))});
const server = http.createServer();
const io = new Server(server, { serveClient: false });
let revision = 0;
io.on('connection', (s) => s.on('file.save', (_p, ack) => ack({ ok: true, data: { revision: ++revision } })));
server.listen(0, '127.0.0.1', () => console.log('http://127.0.0.1:' + server.address().port));
`;

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
