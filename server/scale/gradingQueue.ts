import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

export const GRADING_QUEUE = 'grading';
/** A job is tried this many times (a failure, or a worker that died holding it) before it fails. */
export const GRADING_ATTEMPTS = 3;

export type QueueDepth = { waiting: number; active: number; delayed: number; failed: number };

export type GradingQueue = {
  /** Asks a worker to grade the submitted attempt. Idempotent: one job per attempt. */
  enqueue(attemptId: string): Promise<void>;
  depth(): Promise<QueueDepth>;
  close(): Promise<void>;
};

/**
 * The web processes' side of the grading queue (BullMQ on Redis). The job id is the attempt id,
 * so a submit, a retry by the scheduler and a second web process asking again make one job.
 * Grading itself is idempotent (the score is written by a conditional update with the
 * evidence in the same transaction), so a job run twice after a crash changes nothing.
 */
export function createGradingQueue(connection: Redis): GradingQueue {
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
      else if (!existing) await queue.add('grade', { attemptId }, { jobId: attemptId });
    },
    async depth() {
      const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
      return { waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0 };
    },
    close: () => queue.close(),
  };
}

/**
 * A grading worker: takes jobs and grades with `grade`. The lock is renewed while the job
 * runs; a worker that dies (kill -9) stops renewing, and after `lockMs` another worker's
 * stalled-job check hands the job on (counted against GRADING_ATTEMPTS).
 */
export function startGradingWorker(
  connection: Redis,
  grade: (attemptId: string) => Promise<void>,
  opts: { concurrency: number; lockMs: number; name: string; logger: Pick<Logger, 'info' | 'error' | 'warn'> },
): Worker {
  const worker = new Worker(
    GRADING_QUEUE,
    async (job: Job<{ attemptId: string }>) => {
      await grade(job.data.attemptId);
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
