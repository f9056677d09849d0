import type { Knex } from 'knex';
import type { CheckResult } from '../grading/types';

/**
 * Check scores after release: the grader's result, unless an accepted regrade changed it (the
 * newest change wins). Kept apart from the regrade workflow because grading views and the
 * competency evidence read them too.
 */

/** The submission's checks with accepted check regrades applied, as everyone reads them after release. */
export async function checksAfterRegrades(db: Knex, attemptId: string, checks: CheckResult[]): Promise<CheckResult[]> {
  const changed: { target_id: string; to_score: number }[] = await db('score_changes').where({ attempt_id: attemptId, target_kind: 'check' }).orderBy('seq');
  if (changed.length === 0) return checks;
  const to = new Map(changed.map((c) => [c.target_id, Number(c.to_score)]));
  return checks.map((c) => (to.has(c.id) ? { ...c, earned: to.get(c.id)!, score: c.points ? to.get(c.id)! / c.points : 0, passed: to.get(c.id)! >= c.points } : c));
}

/**
 * A check's points after regrades: the newest change wins over the grader's result. The
 * grader's own points come unrounded (score × points), so a regrade of one check moves the
 * auto score by exactly that check's change.
 */
export async function effectiveCheckPoints(db: Knex, attemptId: string, checks: CheckResult[]): Promise<Map<string, number>> {
  const points = new Map(checks.map((c) => [c.id, c.score * c.points]));
  const changes: { target_id: string; to_score: number }[] = await db('score_changes').where({ attempt_id: attemptId, target_kind: 'check' }).orderBy('seq');
  for (const c of changes) points.set(c.target_id, Number(c.to_score));
  return points;
}

