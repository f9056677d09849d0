import type { ScenarioPackage } from '../scenarios/package';
import { upcomingOf, type CheckT } from '../scenarios/schema';
import { runAnswerCheck } from './checks/answer';
import { runFileCheck } from './checks/file';
import { runJsCheck } from './checks/js';
import { runSqlCheck } from './checks/sql';
import { say, split } from './notes';
import { DEFAULT_LIMITS, type Limits } from './sandbox/protocol';
import type { JobPriority, SandboxPool } from './sandbox/pool';
import type { CheckContext, CheckOutcome, CheckResult, GradeReport, Workspace } from './types';

function runCheck(check: CheckT, ctx: CheckContext): Promise<CheckOutcome> {
  switch (check.kind) {
    case 'js':
    case 'ts':
      return runJsCheck(check, ctx);
    case 'sql':
      return runSqlCheck(check, ctx);
    case 'answer':
      return runAnswerCheck(check, ctx);
    case 'file':
      return runFileCheck(check, ctx);
  }
}

/**
 * Whether one check passes on a workspace (a crash of the grader counts as not passing, as in
 * gradeWorkspace): validation runs a mutant's checks one at a time and stops at the first failure.
 */
export async function checkPasses(pkg: ScenarioPackage, workspace: Workspace, pool: SandboxPool, check: CheckT): Promise<boolean> {
  try {
    return (await runCheck(check, { pkg, workspace, pool, limits: DEFAULT_LIMITS })).passed;
  } catch {
    return false;
  }
}

export type GradeOptions = {
  /** `visible` runs only the checks a student may run during the attempt. */
  which?: 'all' | 'visible';
  limits?: Partial<Limits>;
  onResult?: (result: CheckResult) => void;
  /**
   * Tasks an event had not unlocked yet when the work was submitted. The package says what
   * they count for (`upcoming.lockedTasks`): graded as usual, or left out of the score.
   */
  lockedTasks?: ReadonlySet<string>;
  /** Submission grading is `background`: it must not hold up anyone's check run (pool.ts JobPriority). */
  priority?: JobPriority;
};

/** Grades a workspace against a package: every check runs (concurrently, through the pool). */
export async function gradeWorkspace(pkg: ScenarioPackage, workspace: Workspace, pool: SandboxPool, opts: GradeOptions = {}): Promise<GradeReport> {
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const ctx: CheckContext = { pkg, workspace, pool, limits, priority: opts.priority };
  const omitted = upcomingOf(pkg.manifest).lockedTasks === 'omit' ? pkg.manifest.tasks.filter((t) => opts.lockedTasks?.has(t.id)).map((t) => t.id) : [];
  const planned = pkg.manifest.tasks
    .filter((task) => !omitted.includes(task.id))
    .flatMap((task) => task.checks.filter((c) => opts.which !== 'visible' || c.visible).map((check) => ({ task: task.id, check })));
  const checks = await Promise.all(
    planned.map(async ({ task, check }): Promise<CheckResult> => {
      const started = performance.now();
      let outcome: CheckOutcome;
      try {
        outcome = await runCheck(check, ctx);
      } catch (err) {
        outcome = { passed: false, score: 0, ...split([say('grading.graderFailed', { error: (err as Error).message })]), output: '', status: 'crashed' };
      }
      const { runMs, ...rest } = outcome;
      const score = Math.min(1, Math.max(0, outcome.score));
      const result: CheckResult = {
        ...rest,
        score,
        id: check.id,
        task,
        kind: check.kind,
        title: check.title,
        visible: check.visible,
        points: check.points,
        earned: Math.round(score * check.points * 100) / 100,
        durationMs: runMs ?? Math.round(performance.now() - started),
      };
      opts.onResult?.(result);
      return result;
    }),
  );
  const total = checks.reduce((s, c) => s + c.points, 0);
  const earned = checks.reduce((s, c) => s + c.score * c.points, 0);
  const autoScore = total === 0 ? 0 : Math.round((earned / total) * 10_000) / 10_000;
  return { scenario: pkg.manifest.id, version: pkg.manifest.version, autoScore, passed: autoScore >= pkg.manifest.scoring.passAt, checks, omittedTasks: omitted };
}
