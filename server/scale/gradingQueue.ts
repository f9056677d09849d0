import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents, Worker, type Job } from 'bullmq';
import type { CheckResultView } from '../contract/workspace';
import { AppError } from '../http/errors';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

export const GRADING_QUEUE = 'grading';
/** A job is tried this many times (a failure, or a worker that died holding it) before it fails. */
export const GRADING_ATTEMPTS = 3;

export type QueueDepth = { waiting: number; active: number; delayed: number; failed: number };

export type VisibleRun = { autoScore: number; results: CheckResultView[] };

/** A student waits for a check run: it may wait this long for a worker before giving up. */
const VISIBLE_TIMEOUT_MS = 60_000;
/** Submissions queue behind check runs (BullMQ takes jobs without a priority first). */
const SUBMISSION_PRIORITY = 10;

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
export function createGradingQueue(connection: Redis, eventsConnection?: Redis): GradingQueue {
  // Completion events for the check runs this process waits on (a blocking read: its own connection).
  let events: QueueEvents | undefined;
  const queueEvents = () => (events ??= new QueueEvents(GRADING_QUEUE, { connection: eventsConnection ?? connection.duplicate() }));
  const queue = new Queue(GRADING_QUEUE, {
    connection,
    defaultJobOptions: {
      attempts: GRADING_ATTEMPTS,
      backoff: { type: 'exponential', delay: 2_000 },
      removeOnComplete: { age: 3_600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3_600 },
    },
  });
  return {
    async enqueue(attemptId) {
      const existing = await queue.getJob(attemptId);
      // A job that used up its attempts stays failed; the scheduler's later pass retries it.
      if (existing && (await existing.isFailed())) await existing.retry('failed');
      else if (!existing) await queue.add('grade', { attemptId }, { jobId: attemptId, priority: SUBMISSION_PRIORITY });
    },
    async runVisible(attemptId, userId) {
      const qe = queueEvents();
      await qe.waitUntilReady();
      const job = await queue.add(
        'visible',
        { attemptId, userId },
        // Not retried: the student sees a failure and presses Run again.
        { jobId: `visible:${attemptId}:${randomUUID()}`, attempts: 1, removeOnComplete: { age: 300 }, removeOnFail: { age: 3_600 } },
      );
      try {
        return (await job.waitUntilFinished(qe, VISIBLE_TIMEOUT_MS)) as VisibleRun;
      } catch (err) {
        // The student's files are saved whatever happened here; say what to do.
        const timedOut = /timed out/i.test((err as Error).message);
        throw new AppError(
          'internal',
          timedOut
            ? 'No grading worker answered within a minute. Your work is saved; run the checks again in a moment.'
            : 'The checks could not run this time. Your work is saved; run them again.',
        );
      }
    },
    async depth() {
      const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
      return { waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0 };
    },
    close: async () => {
      await events?.close();
      await queue.close();
    },
  };
}

/**
 * A grading worker: takes jobs and grades with `grade`. The lock is renewed while the job
 * runs; a worker that dies (kill -9) stops renewing, and after `lockMs` another worker's
 * stalled-job check hands the job on (counted against GRADING_ATTEMPTS).
 */
export function startGradingWorker(
  connection: Redis,
  handlers: { grade(attemptId: string): Promise<void>; visible(attemptId: string, userId: string): Promise<VisibleRun> },
  opts: { concurrency: number; lockMs: number; name: string; logger: Pick<Logger, 'info' | 'error' | 'warn'> },
): Worker {
  const worker = new Worker(
    GRADING_QUEUE,
    async (job: Job<{ attemptId: string; userId?: string }>) => {
      if (job.name === 'visible') return handlers.visible(job.data.attemptId, job.data.userId!);
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
