import type { Logger } from 'pino';
import type { RateLimiterMemory } from 'rate-limiter-flexible';
import type { Db } from '../db/knex';
import type { SandboxPool } from '../grading/sandbox/pool';
import type { Publisher } from '../realtime/publisher';
import type { GradingQueue } from '../scale/gradingQueue';

/** What the live workspace needs of the app; tests pass a clock they move. */
export type AttemptDeps = {
  db: Db;
  clock: () => Date;
  publisher: Publisher;
  sandbox: () => SandboxPool;
  saveLimiter: RateLimiterMemory;
  checksLimiter: RateLimiterMemory;
  logger: Pick<Logger, 'error' | 'warn'>;
  /** Set with REDIS_URL: submissions go to grading workers instead of this process's pool. */
  gradingQueue?: GradingQueue | null;
};

/** The rooms of the live workspace: one per attempt (the student, a watching teacher), one per assignment (the monitor). */
export const rooms = {
  attempt: (id: string) => `attempt:${id}`,
  assignment: (id: string) => `assignment:${id}`,
};
