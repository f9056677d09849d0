import { randomUUID } from 'node:crypto';
import { ServerEvents } from '../contract/realtime';
import { writeEvidence } from '../competency/evidence';
import { gradeWorkspace } from '../grading/engine';
import { announceQueueSafely, enqueueForReview } from '../review/queue';
import { rooms, type AttemptDeps } from './deps';
import { publishMonitor } from './monitor';
import { packageOf } from './packages';
import * as repo from './repo';
import { lockedAtSubmission } from './upcoming';

/**
 * Hands a submission to the grading workers. If Redis cannot take it now, the attempt stays
 * submitted and ungraded, and the scheduler's regrade pass asks again.
 */
export async function requestGrading(deps: AttemptDeps, attemptId: string): Promise<void> {
  try {
    await deps.gradingQueue!.enqueue(attemptId);
  } catch (err) {
    deps.logger.error({ err, attemptId }, 'could not queue the submission for grading; the scheduler will retry');
  }
}

/**
 * Grades a submitted attempt once; also run by the scheduler for submissions a crash left
 * ungraded, and by a worker retrying a job. Returns whether this call wrote the grade.
 */
export async function gradeSubmission(deps: AttemptDeps, attemptId: string): Promise<boolean> {
  const attempt = await repo.findAttempt(deps.db, attemptId);
  if (!attempt || attempt.status !== 'submitted' || attempt.auto_score !== null) return false;
  const assignment = (await repo.findAssignment(deps.db, attempt.assignment_id))!;
  const pkg = await packageOf(deps.db, assignment.scenario_version_id);
  const workspace = await repo.workspaceOf(deps.db, attemptId);
  // What was still locked at submission counts as the package says (upcoming.lockedTasks).
  const report = await gradeWorkspace(pkg, workspace.files, deps.sandbox(), {
    lockedTasks: await lockedAtSubmission(deps.db, attempt, pkg.manifest),
    priority: 'background',
  });
  const now = deps.clock();
  let queued = null as { enterpriseId: string; itemId: string } | null;
  const updated = await deps.db.transaction(async (trx) => {
    const n = await trx('attempts').where({ id: attemptId, status: 'submitted' }).whereNull('auto_score').update({ auto_score: report.autoScore });
    if (n === 1) {
      await trx('check_runs').insert({
        id: randomUUID(),
        attempt_id: attemptId,
        kind: 'submission',
        auto_score: report.autoScore,
        results_json: JSON.stringify(report.checks),
        revisions_json: workspace.revisionsJson,
        created_at: now,
      });
      await repo.record(trx, attemptId, null, { verb: 'scored', object: `attempt:${attemptId}`, result: { autoScore: report.autoScore } }, now);
      // With review, the attempt waits in the enterprise's queue; without, the checks are the grade.
      queued = await enqueueForReview(trx, attempt, assignment, now);
      if (!queued) {
        await trx('attempts').where({ id: attemptId }).update({ status: 'graded', final_score: report.autoScore, graded_at: now });
        await writeEvidence(trx, attemptId, now);
      }
    }
    return n;
  });
  if (updated === 1) {
    if (queued) announceQueueSafely(deps, queued.enterpriseId, 'submitted', queued.itemId);
    await announceGraded(deps, attemptId);
  }
  return updated === 1;
}

/** Tells the student (every tab) and the teacher's monitor that a grade arrived or changed. */
export async function announceGraded(deps: AttemptDeps, attemptId: string): Promise<void> {
  const attempt = await repo.findAttempt(deps.db, attemptId);
  if (!attempt) return;
  deps.publisher.toRoom(rooms.attempt(attemptId), ServerEvents.attemptGraded, { attemptId });
  deps.publisher.toUser(attempt.student_id, ServerEvents.attemptGraded, { attemptId });
  await publishMonitor(deps, attemptId);
}

