import os from 'node:os';
import type { AttemptDeps } from './deps';
import { gradeSubmission } from './grading';

/**
 * Submissions waiting to be graded in this process (one machine, no workers). At a shared
 * deadline the scheduler submits thousands of attempts in one pass; grading them all at once
 * would load every workspace together and queue every query behind theirs, so a student still
 * working (a check run, a save) would wait for the whole backlog. Here at most GRADING_AT_ONCE
 * are graded together, each attempt at most once however often it is asked for, and the
 * sandbox runs their checks behind interactive jobs (pool.ts JobPriority).
 */
type Backlog = { queue: string[]; queued: Set<string>; running: number };

/** Enough submissions in flight to keep every sandbox worker busy (each has several checks). */
export const GRADING_AT_ONCE = Math.max(2, os.availableParallelism() * 2);

/** One backlog per database: tests give each server its own, one process serves one. */
const backlogs = new WeakMap<object, Backlog>();

function backlogOf(deps: AttemptDeps): Backlog {
  let b = backlogs.get(deps.db);
  if (!b) backlogs.set(deps.db, (b = { queue: [], queued: new Set(), running: 0 }));
  return b;
}

/** Queues a submitted attempt for grading here; asking again while it waits or runs does nothing. */
export function gradeInBackground(deps: AttemptDeps, attemptId: string): void {
  const b = backlogOf(deps);
  if (b.queued.has(attemptId)) return;
  b.queued.add(attemptId);
  b.queue.push(attemptId);
  pump(deps, b);
}

/** Whether this process already has the attempt waiting or being graded (the regrade pass leaves it alone). */
export function isGradingHere(deps: AttemptDeps, attemptId: string): boolean {
  return backlogOf(deps).queued.has(attemptId);
}

/** Waiting and running submissions (the benchmark and tests read it). */
export function backlogSize(deps: AttemptDeps): { waiting: number; running: number } {
  const b = backlogOf(deps);
  return { waiting: b.queue.length, running: b.running };
}

function pump(deps: AttemptDeps, b: Backlog): void {
  while (b.running < GRADING_AT_ONCE && b.queue.length > 0) {
    const attemptId = b.queue.shift()!;
    b.running++;
    // A failure leaves the attempt submitted and ungraded: the scheduler's regrade pass asks again.
    void gradeSubmission(deps, attemptId)
      .catch((err) => deps.logger.error({ err, attemptId }, 'grading failed'))
      .finally(() => {
        b.running--;
        b.queued.delete(attemptId);
        pump(deps, b);
      });
  }
}
