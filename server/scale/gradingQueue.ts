import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents, Worker, type Job } from 'bullmq';
import type { CheckResultView } from '../contract/workspace';
import { AppError } from '../http/errors';
import { msg } from '../messages';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { withTimeout } from './redis';

export const GRADING_QUEUE = 'grading';
/** A failing job is tried this many times; a job whose worker died is handed on one time fewer. */
export const GRADING_ATTEMPTS = 3;

export type QueueDepth = { waiting: number; active: number; delayed: number; failed: number };

export type VisibleRun = { autoScore: number; results: CheckResultView[] };

/** A student waits for a check run: it may wait this long for a worker before giving up. */
const VISIBLE_TIMEOUT_MS = 60_000;
/** Submissions queue behind check runs (BullMQ takes jobs without a priority first). */
const SUBMISSION_PRIORITY = 10;
/** How long a request waits for Redis before it answers without it. */
const REDIS_WAIT_MS = 5_000;

export type GradingQueue = {
  /** Asks a worker to grade the submitted attempt. Idempotent: one job per attempt. */
  enqueue(attemptId: string): Promise<void>;
  /** Runs the visible checks on a worker and waits for the results (streamed meanwhile). */
  runVisible(attemptId: string, userId: string): Promise<VisibleRun>;
  depth(): Promise<QueueDepth>;
  close(): Promise<void>;
};

/**
 * The web processes' side of the grading queue (BullMQ on Redis). The job id is the attempt id,
 * so a submit, a retry by the scheduler and a second web process asking again make one job.
 * Grading itself is idempotent (the score is written by a conditional update with the
 * evidence in the same transaction), so a job run twice after a crash changes nothing.
 */
export function createGradingQueue(connection: Redis, eventsConnection: Redis, onError: (err: Error) => void = () => {}): GradingQueue {
  // Completion events for the check runs this process waits on (a blocking read: its own connection).
  let events: QueueEvents | undefined;
  const queueEvents = () => {
    if (!events) {
      events = new QueueEvents(GRADING_QUEUE, { connection: eventsConnection });
      events.on('error', onError);
    }
    return events;
  };
  const queue = new Queue(GRADING_QUEUE, {
    connection,
    defaultJobOptions: {
      attempts: GRADING_ATTEMPTS,
      backoff: { type: 'exponential', delay: 2_000 },
      removeOnComplete: { age: 3_600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3_600 },
    },
  });
  // A Redis outage surfaces here (and in health); callers get their own errors, with timeouts.
  queue.on('error', onError);
  return {
    async enqueue(attemptId) {
      await withTimeout(
        (async () => {
          // A job that used up its tries stays failed (health counts it, the worker logged why);
          // only a job Redis no longer knows is added again.
          if (!(await queue.getJob(attemptId))) await queue.add('grade', { attemptId }, { jobId: attemptId, priority: SUBMISSION_PRIORITY });
        })(),
        REDIS_WAIT_MS,
        'queueing the submission',
      );
    },
    async runVisible(attemptId, userId) {
      const qe = queueEvents();
      const add = async () => {
        await qe.waitUntilReady();
        // Not retried: the student sees a failure and presses Run again.
        const opts = { jobId: `visible-${attemptId}-${randomUUID()}`, attempts: 1, removeOnComplete: { age: 300 }, removeOnFail: { age: 3_600 } };
        return queue.add('visible', { attemptId, userId }, opts);
      };
      const job = await withTimeout(add(), REDIS_WAIT_MS, 'queueing the check run').catch(() => {
        throw new AppError('internal', msg('grading.unreachable'));
      });
      try {
        return (await job.waitUntilFinished(qe, VISIBLE_TIMEOUT_MS)) as VisibleRun;
      } catch (err) {
        // Not wanted any more: if no worker took it yet, it must not run later and push stale results.
        await job.remove().catch(() => undefined);
        // The student's files are saved whatever happened here; say what to do.
        const timedOut = /timed out/i.test((err as Error).message);
        throw new AppError(
          'internal',
          timedOut ? msg('grading.timedOut') : msg('grading.failed'),
        );
      }
    },
    async depth() {
      const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
      return { waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0 };
    },
    // Closing waits for Redis to confirm; with Redis gone it would wait forever, so drop the
    // connections after a moment instead.
    close: () =>
      withTimeout(Promise.all([events?.close(), queue.close()]), 3_000, 'closing the grading queue').then(
        () => undefined,
        () => {
          connection.disconnect();
          eventsConnection.disconnect();
        },
      ),
  };
}

/**
 * A grading worker: takes jobs and grades with `grade`. The lock is renewed while the job
 * runs; a worker that dies (kill -9) stops renewing, and after `lockMs` another worker's
 * stalled-job check hands the job on. A job is tried up to GRADING_ATTEMPTS times when it
 * fails, and handed on at most GRADING_ATTEMPTS - 1 times when its worker dies; then it fails.
 */
export function startGradingWorker(
  connection: Redis,
  handlers: { grade(attemptId: string): Promise<void>; visible(attemptId: string, userId: string): Promise<VisibleRun> },
  opts: { concurrency: number; lockMs: number; name: string; logger: Pick<Logger, 'info' | 'error' | 'warn'> },
): Worker {
  const worker = new Worker(
    GRADING_QUEUE,
    async (job: Job<{ attemptId: string; userId?: string }>) => {
      if (job.name === 'visible') {
        // Nobody waits for a check run this old any more (the web process gave up on it).
        if (Date.now() - job.timestamp > VISIBLE_TIMEOUT_MS) return null;
        return handlers.visible(job.data.attemptId, job.data.userId!);
      }
      await handlers.grade(job.data.attemptId);
      return undefined;
    },
    {
      connection,
      // Kept on each job as processedBy: which worker graded it.
      name: opts.name,
      concurrency: opts.concurrency,
      lockDuration: opts.lockMs,
      stalledInterval: Math.max(1_000, Math.floor(opts.lockMs / 2)),
      maxStalledCount: GRADING_ATTEMPTS - 1,
    },
  );
  worker.on('failed', (job, err) => opts.logger.error({ err, attemptId: job?.data.attemptId, attemptsMade: job?.attemptsMade }, 'grading job failed'));
  worker.on('stalled', (jobId) => opts.logger.warn({ attemptId: jobId }, 'grading job stalled (its worker stopped); handed to another'));
  worker.on('error', (err) => opts.logger.error({ err }, 'grading worker error'));
  return worker;
}
