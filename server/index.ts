import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createApp } from './app';
import { sweepTokenUses } from './accounts/apiTokens';
import { createDeps } from './deps';
import { sealStoredSecrets } from './sso/config';
import { loadConfig } from './config';
import { createDb, dbOptionsFromConfig } from './db/knex';
import { migrateLatest } from './db/migrate';
import fs from 'node:fs';
import { SHIPPED_FRAMEWORK } from './competency/framework';
import { competencyLookup } from './authoring/repo';
import { syncShippedFramework } from './competency/case';
import { SCENARIOS_DIR } from './scenarios/discover';
import { syncScenarioPackages } from './scenarios/sync';
import { startScheduler } from './attempts/scheduler';
import { attachRealtime } from './realtime/io';
import { Publisher } from './realtime/publisher';
import { DEMO_USERS, seedDemoWorld } from './seed/demo';
import { seedDemoWork } from './seed/demoWork';
import { seedDemoPlacements } from './seed/demoPlacements';
import { ensureWebBuild, WEB_DIST } from './web/build';
import { connectRedis } from './scale/redis';
import { createGradingQueue } from './scale/gradingQueue';
import { EXIT_CONFIG } from './supervisor';
import { plural } from './contract/plural';
import { markRunning } from './ops/runLock';
import { startRetentionJob } from './ops/retention';
import { startMasteryJobs } from './competency/masteryJobs';
import { startMailDelivery } from './mail/delivery';
import { runMailJobs } from './mail/jobs';
import { startXapiForwarding } from './xapi/outbox';

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    // A distinct code, so a supervisor does not start again what cannot run.
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(EXIT_CONFIG);
  }
  const logger = pino({ level: config.logLevel });
  const say = (msg: string) => process.stdout.write(`${msg}\n`);

  if (!process.env.SKIP_WEB_BUILD) await ensureWebBuild(say);

  const db = createDb(dbOptionsFromConfig(config));
  // `npm run restore` refuses while this process runs (server/ops/runLock.ts; removed at exit).
  if (db.dialect === 'sqlite') markRunning(config.dataDir);
  const applied = await migrateLatest(db);
  if (applied.length > 0) say(`Applied ${plural(applied.length, 'migration')} on ${db.dialect}.`);

  await syncShippedFramework(db, JSON.parse(fs.readFileSync(SHIPPED_FRAMEWORK, 'utf8')), new Date());
  // The codes the editor and `scenarios check` use: every framework in the database.
  const scenarios = await syncScenarioPackages(db, await competencyLookup(db), config.scenariosDir ?? SCENARIOS_DIR);
  for (const p of scenarios.published) say(`Published scenario ${p.slug} ${p.version}.`);
  for (const s of scenarios.skipped) say(`Skipped invalid scenario package ${s.dir}:\n  ${s.problems.join('\n  ')}`);

  const [{ n }] = (await db('users').count({ n: '*' })) as [{ n: number | string }];
  let demoPassword: string | null = null;
  const seededNow = Number(n) === 0 && config.seedDemo;
  if (seededNow) {
    const seeded = await seedDemoWorld(db, new Date(), { randomPasswords: config.env === 'production', locale: config.demoLocale });
    demoPassword = seeded.password;
    say(`Seeded the demo world (${seeded.created} records).`);
  }

  // REDIS_URL: rooms across processes and grading in worker processes (npm run worker).
  const redis = config.redisUrl ? connectRedis(config.redisUrl, 'web', 'request') : null;
  const gradingQueue = config.redisUrl
    ? createGradingQueue(connectRedis(config.redisUrl, 'queue', 'request'), connectRedis(config.redisUrl, 'queue-events'), (err) => logger.warn({ err }, 'grading queue: Redis error'))
    : null;
  const deps = createDeps({ config, db, logger, publisher: new Publisher(), webDist: WEB_DIST, redis, gradingQueue });
  const sealed = await sealStoredSecrets(db, deps.sealer);
  if (sealed > 0) say(`Sealed ${plural(sealed, 'stored single sign-on secret')} (they were stored in the clear).`);
  if (seededNow) {
    // Through the real grading pool: the first start takes a few seconds longer, once.
    // Graded here, not queued: the demo's reviews need the grades before any worker runs.
    const submissions = await seedDemoWork({ ...deps, gradingQueue: null }).catch((err) => {
      logger.warn({ err }, 'demo work could not be created');
      return 0;
    });
    if (submissions > 0) say(`Seeded ${plural(submissions, 'demo submission')} waiting for review.`);
    // After the work: the targeted-education list reads the mastery the work made.
    const placed = await seedDemoPlacements(deps).catch((err) => {
      logger.warn({ err }, 'demo placements could not be created');
      return 0;
    });
    if (placed > 0) say(`Seeded ${plural(placed, 'placement')} at Swift Logistics' training base.`);
  }
  const server = http.createServer(createApp(deps));
  const io = attachRealtime(server, deps, { adapterRedis: config.redisUrl ? connectRedis(config.redisUrl, 'adapter') : undefined });
  const stopScheduler = startScheduler(deps, logger);
  // Every process may run the mail loop: claims are per row, so none sends another's (delivery.ts).
  const stopMail = startMailDelivery(deps, { jobs: () => runMailJobs(deps) });
  if (!config.mail.smtpUrl) say('E-mail: SMTP_URL is not set, so mails are written to the log instead of sent.');
  const sweeper = setInterval(() => {
    void deps.sessions.sweep().catch((err) => logger.error({ err }, 'session sweep failed'));
    void sweepTokenUses(deps.db, deps.clock()).catch((err) => logger.error({ err }, 'API token use sweep failed'));
  }, 10 * 60_000);
  sweeper.unref();
  // The daily retention pass; with Redis, the grading workers run it (server/worker.ts).
  const stopRetention = config.redisUrl ? () => {} : startRetentionJob(deps);
  // Mastery recomputes: each starts in the process that took the request; every process (and
  // worker) sweeps for jobs left pending or by a process that died (a claim per row, masteryJobs.ts).
  const stopMasteryJobs = startMasteryJobs(deps);
  // xAPI forwarding: every web process may run it (the outbox key and per-row claims keep a
  // statement queued once and sent by one). Not the workers: their URL may not be the canonical one.
  const stopXapi = startXapiForwarding(deps);

  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  deps.origins.listeningOn(server.address());
  const { port } = server.address() as AddressInfo;
  say(`\nPracticum is running at http://localhost:${port} (database: ${db.dialect}${redis ? ', Redis: rooms shared, grading by workers' : ''})`);
  if (demoPassword && config.env !== 'production') {
    say(`\nDemo accounts (password for all: ${demoPassword})`);
    for (const u of DEMO_USERS) say(`  ${[...(u.operator ? ['operator'] : []), ...u.roles.map((r) => (r.lead ? `${r.role} (lead)` : r.role))].join(', ').padEnd(16)} ${u.email.padEnd(28)} ${u.name}`);
  } else if (config.env !== 'production') {
    say(`Demo accounts: see README (password ${'practicum-demo'} unless changed).`);
  }

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    stopScheduler();
    stopRetention();
    stopMasteryJobs();
    void stopMail();
    void stopXapi();
    deps.publisher.detach();
    void io.close();
    void deps.closeSandbox();
    void gradingQueue?.close();
    redis?.disconnect();
    server.close(() => void db.destroy().then(() => process.exit(0)));
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // Deliberately no process.on('uncaughtException' | 'unhandledRejection'): after one, the
  // process is in an undefined state (Node's docs). Errors are contained where they arise
  // (routes, socket events, the scheduler); anything else ends this process, and the
  // supervisor starts a fresh one. Acked work is committed before the ack, so none is lost.
  // Under the supervisor (npm start): say when ready, and do not outlive it holding the port.
  if (process.send) {
    process.send({ type: 'ready' });
    process.on('disconnect', () => shutdown('supervisor gone'));
  }
}

main().catch((err) => {
  process.stderr.write(`Practicum failed to start: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
