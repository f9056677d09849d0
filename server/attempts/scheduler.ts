import type { Logger } from 'pino';
import { toDate } from '../db/values';
import { dueAt } from './clock';
import { packageOf } from './packages';
import { compactDueAttempts } from './compaction';
import type { AttemptDeps } from './deps';
import { gradeInBackground, isGradingHere } from './backlog';
import { deliverDueEvents, submitAttempt } from './service';

/** A submission still ungraded this long after submit was interrupted (a crash): grade it again. */
const REGRADE_AFTER_MS = 30_000;
/** With workers, when this process last asked the queue about an ungraded attempt. */
const askedQueue = new Map<string, number>();

/**
 * One pass over live attempts: deliver timed events that fell due, submit attempts past their
 * deadline, grade submissions a crash left ungraded, thin the histories that are due. Everything
 * it does is idempotent, so a pass after a restart (or on another process) repeats nothing.
 */
export async function sweep(deps: AttemptDeps): Promise<{ delivered: number; submitted: number; regraded: number; compacted: number }> {
  const now = deps.clock();
  const result = { delivered: 0, submitted: 0, regraded: 0, compacted: 0 };
  const live: { id: string; started_at: Date | number; deadline_at: Date | number; scenario_version_id: string }[] = await deps
    .db('attempts as a')
    .join('assignments as s', 's.id', 'a.assignment_id')
    .where('a.status', 'in_progress')
    .select('a.id', 'a.started_at', 'a.deadline_at', 's.scenario_version_id');
  const deliveries: { attempt_id: string; event_id: string }[] = live.length
    ? await deps
        .db('event_deliveries')
        .whereIn(
          'attempt_id',
          live.map((a) => a.id),
        )
        .select('attempt_id', 'event_id')
    : [];
  const delivered = new Set(deliveries.map((d) => `${d.attempt_id}:${d.event_id}`));
  for (const a of live) {
    // One attempt's trouble (a package that fails to load) must not stop the pass for the rest.
    try {
      const pkg = await packageOf(deps.db, a.scenario_version_id);
      const startedAt = toDate(a.started_at)!;
      // Only timed events here; task-triggered ones fire when checks run.
      const due = pkg.manifest.events.some((e) => !delivered.has(`${a.id}:${e.id}`) && (dueAt(e, startedAt, new Set(), new Map())?.getTime() ?? Infinity) <= now.getTime());
      if (due) result.delivered += await deliverDueEvents(deps, a.id);
      if (toDate(a.deadline_at)!.getTime() <= now.getTime()) {
        await submitAttempt(deps, null, a.id, 'deadline', { gradeInBackground: true });
        result.submitted++;
      }
    } catch (err) {
      deps.logger.error({ err, attemptId: a.id }, 'scheduler pass failed for an attempt');
    }
  }
  const stale: { id: string }[] = await deps
    .db('attempts')
    .where('status', 'submitted')
    .whereNull('auto_score')
    .where('submitted_at', '<=', new Date(now.getTime() - REGRADE_AFTER_MS))
    .select('id');
  for (const a of stale) {
    try {
      // With workers, asking again is enough: one job per attempt, and a failed one is retried.
      if (deps.gradingQueue) {
        // A long queue keeps attempts ungraded for a while: ask about each at most every 30 s.
        if (now.getTime() - (askedQueue.get(a.id) ?? 0) < REGRADE_AFTER_MS) continue;
        askedQueue.set(a.id, now.getTime());
        await deps.gradingQueue.enqueue(a.id);
      } else {
        // Still in this process's backlog (a deadline's worth of submissions takes a while):
        // grading it a second time would only lengthen the backlog.
        if (isGradingHere(deps, a.id)) continue;
        // Not awaited: a pass that graded thousands of leftovers after a crash would hold up
        // every deadline and event due meanwhile.
        gradeInBackground(deps, a.id);
      }
      result.regraded++;
    } catch (err) {
      deps.logger.error({ err, attemptId: a.id }, 'regrading failed');
    }
  }
  if (askedQueue.size > stale.length) for (const id of askedQueue.keys()) if (!stale.some((a) => a.id === id)) askedQueue.delete(id);
  try {
    result.compacted = await compactDueAttempts(deps);
  } catch (err) {
    deps.logger.error({ err }, 'compaction pass failed');
  }
  return result;
}

export function startScheduler(deps: AttemptDeps, logger: Logger, everyMs = 1_000): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return; // a slow pass (grading) is never overlapped by the next
    running = true;
    sweep(deps)
      .catch((err) => logger.error({ err }, 'attempt scheduler pass failed'))
      .finally(() => (running = false));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
