/**
 * Runs the mutants of a validation, doing no more sandbox work than the verdict needs:
 *
 * - A mutant only goes through the checks that read its file (a SQL check reads its submission,
 *   a file check its file, answer checks answers.json, JS/TS checks the code files) and, for
 *   code, only through the checks that execute its line on the reference solution (coverage.ts).
 *   Any other check behaves as on the solution, where it passed, so it cannot kill the mutant.
 *   A mutant left with no check is a survivor without being run (`notRun` says why).
 * - Its checks run one at a time, the checks that killed most mutants so far first, and stop
 *   at the first failure: one failing check kills it.
 * - Mutants run across the whole sandbox pool at once, and no new one starts once the strength
 *   is certain to pass (see passCertain), unless `exhaustive`.
 *
 * The strength is the share of decided mutants that were killed; with every mutant decided it
 * is the share of all of them, as before, and after an early stop it is still a pass.
 */
import { CODE_FILE } from '../grading/checks/js';
import { checkPasses } from '../grading/engine';
import type { SandboxPool } from '../grading/sandbox/pool';
import type { Coverage } from './coverage';
import type { ScenarioPackage } from './package';
import { ANSWERS_FILE, type CheckT } from './schema';
import type { Mutant } from './mutate';

/** `unread`: no check reads the mutated file. `uncovered`: no check executes the mutated line on the solution. */
export type NotRunReason = 'unread' | 'uncovered';
export type Survivor<M> = M & { notRun?: NotRunReason };
export type MutationOutcome<M> = {
  killed: number;
  survivors: Survivor<M>[];
  /** Mutants never decided: the verdict was certain before their turn. */
  unrun: number;
  /** Check runs in the sandbox, for the benchmark. */
  checkRuns: number;
};

/** Whether a check can see a change to `file` at all. */
function reads(check: CheckT, file: string): boolean {
  switch (check.kind) {
    case 'js':
    case 'ts':
      return CODE_FILE.test(file);
    case 'sql':
      return check.submission === file;
    case 'file':
      return check.file === file;
    case 'answer':
      return file === ANSWERS_FILE;
  }
}

/** The checks that could kill `m`, and if none, why. */
export function checksFor(checks: CheckT[], m: Mutant, coverage: Coverage): { checks: CheckT[]; reason?: NotRunReason } {
  const reading = checks.filter((c) => reads(c, m.file));
  if (reading.length === 0) return { checks: [], reason: 'unread' };
  const running = reading.filter((c) => !coverage.get(c.id)?.get(m.file)?.has(m.line));
  return running.length === 0 ? { checks: [], reason: 'uncovered' } : { checks: running };
}

/**
 * A passing verdict is certain once enough mutants are killed that the rest, all surviving,
 * could not pull the share below `min`; the share of the decided ones is then at least `min` too
 * (killed ≥ min·total ≥ min·decided). A failing verdict is never cut short: its survivors are the
 * list the author works through (add checks, mark equivalents), and a partial list would hide
 * some of the very mistakes to fix, one validation round after another.
 */
export function passCertain(killed: number, total: number, min: number): boolean {
  return total > 0 && killed / total >= min;
}

export async function runMutants<M extends Mutant>(
  pkg: ScenarioPackage,
  solution: Map<string, string>,
  pool: SandboxPool,
  mutants: M[],
  opts: { coverage: Coverage; min: number; exhaustive?: boolean; onProgress?: (done: number, total: number) => void },
): Promise<MutationOutcome<M>> {
  const checks = pkg.manifest.tasks.flatMap((t) => t.checks);
  const kills = new Map<string, number>(checks.map((c) => [c.id, 0]));
  const survivors: Survivor<M>[] = [];
  let killed = 0;
  let done = 0;
  let checkRuns = 0;
  const total = mutants.length;
  const decide = (m: M, wasKilled: boolean, reason?: NotRunReason) => {
    if (wasKilled) killed++;
    else survivors.push(reason ? { ...m, notRun: reason } : m);
    done++;
    opts.onProgress?.(done, total);
  };
  const stop = () => !opts.exhaustive && passCertain(killed, total, opts.min);

  // Mutants no check can see are decided first: they cost nothing.
  const queue: { m: M; checks: CheckT[] }[] = [];
  for (const m of mutants) {
    const planned = checksFor(checks, m, opts.coverage);
    if (planned.reason) decide(m, false, planned.reason);
    else queue.push({ m, checks: planned.checks });
  }
  let next = 0;
  const lane = async () => {
    while (next < queue.length && !stop()) {
      const { m, checks: mine } = queue[next++]!;
      const workspace = new Map(solution);
      workspace.set(m.file, m.content);
      const ordered = [...mine].sort((a, b) => kills.get(b.id)! - kills.get(a.id)!);
      let dead = false;
      for (const check of ordered) {
        checkRuns++;
        if (!(await checkPasses(pkg, workspace, pool, check))) {
          kills.set(check.id, kills.get(check.id)! + 1);
          dead = true;
          break;
        }
      }
      decide(m, dead);
    }
  };
  // Two lanes per worker: the host prepares a mutant's next job while the worker runs one.
  await Promise.all(Array.from({ length: Math.max(1, pool.workers * 2) }, lane));
  return { killed, survivors, unrun: total - done, checkRuns };
}
