import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import pino from 'pino';
import { createDeps } from './deps';
import { announceGraded, gradeSubmission } from './attempts/grading';
import { runVisibleChecksNow } from './attempts/service';
import { loadConfig } from './config';
import { createDb, dbOptionsFromConfig } from './db/knex';
import { Publisher } from './realtime/publisher';
import { startGradingWorker } from './scale/gradingQueue';
import { connectRedis } from './scale/redis';
import { markRunning } from './ops/runLock';
import { startRetentionJob } from './ops/retention';
import { startMasteryJobs } from './competency/masteryJobs';
import { startMailDelivery } from './mail/delivery';
import { runMailJobs } from './mail/jobs';

/**
 * `npm run worker`: a grading worker. It takes submissions and check runs from the Redis queue
 * and grades them with the same sandbox pool the web process uses on one machine. Its pushes (the student's
 * "graded", the teacher's monitor row, the review queue) go through the socket.io Redis adapter
 * from a socket.io server that listens on no port: the web processes deliver them.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env, { web: false });
  const logger = pino({ level: config.logLevel });
  if (!config.redisUrl) throw new Error('REDIS_URL is required: the worker takes its jobs from the Redis queue.');
  const db = createDb(dbOptionsFromConfig(config));
  if (db.dialect === 'sqlite') markRunning(config.dataDir);
  if (db.dialect === 'sqlite') logger.warn('the worker and the web process share a SQLite file: fine on one machine, use DATABASE_URL (PostgreSQL) beyond it');

  const publisher = new Publisher();
  const io = new Server({ serveClient: false, adapter: createAdapter(connectRedis(config.redisUrl, 'worker-adapter')) });
  publisher.attach(io, { clustered: true });
  const deps = createDeps({ config, db, logger, publisher });
  const concurrency = Math.max(1, Number(process.env.WORKER_CONCURRENCY ?? 2));
  const handlers = {
    grade: async (attemptId: string) => {
      // A retry of a job whose worker died after writing the grade: the grade stands, but the
      // student and the monitor may never have heard of it.
      if (!(await gradeSubmission(deps, attemptId))) await announceGraded(deps, attemptId);
    },
    visible: (attemptId: string, userId: string) => runVisibleChecksNow(deps, userId, attemptId),
  };
  const worker = startGradingWorker(connectRedis(config.redisUrl, 'worker'), handlers, {
    concurrency,
    name: `worker:${process.pid}`,
    lockMs: config.gradingLockMs,
    logger,
  });
  await worker.waitUntilReady();
  // Scaled out, the daily retention pass runs here, not in the web processes (each school is claimed once a day).
  const stopRetention = startRetentionJob(deps);
  // Mastery recomputes left pending or by a process that died (a claim per row: masteryJobs.ts).
  const stopMasteryJobs = startMasteryJobs(deps);
  // Workers deliver mail too (the claim per row keeps a mail from going out twice), but only
  // knowing the public URL the mails' links need; without it the web processes deliver alone.
  const stopMail = config.publicOrigins.length > 0 ? startMailDelivery(deps, { jobs: () => runMailJobs(deps) }) : async () => undefined;
  if (config.publicOrigins.length === 0) logger.info('no PUBLIC_ORIGINS: this worker leaves e-mail to the web processes');
  process.stdout.write(`Grading worker ready (pid ${process.pid}, ${concurrency} at a time, database: ${db.dialect}).\n`);

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'worker shutting down');
    stopRetention();
    stopMasteryJobs();
    // Finish the jobs in hand, then stop; a second signal (or 20 s) ends it anyway.
    void stopMail()
      .then(() => worker.close())
      .then(() => deps.closeSandbox())
      .then(() => io.close())
      .then(() => db.destroy())
      .finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 20_000).unref();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err) => {
  process.stderr.write(`The grading worker failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
