import { transformSync } from 'esbuild';
import type { Framework } from '../competency/framework';
import { gradeWorkspace } from '../grading/engine';
import type { SandboxPool } from '../grading/sandbox/pool';
import type { GradeReport } from '../grading/types';
import { formatMutant, languageOf, mutantsOf, type Mutant } from './mutate';
import { formatProblem, loadPackage, subtree, type ScenarioPackage } from './package';
import { ANSWERS_FILE } from './schema';

export const MIN_CHECK_STRENGTH = 0.8;
const MAX_MUTANTS = 120;

export type ValidationResult = {
  pkg?: ScenarioPackage;
  problems: string[];
  /** Human-readable findings: scores, strength, surviving mutants. */
  lines: string[];
  strength?: number;
  survivors: Mutant[];
};

export function solutionWorkspace(pkg: ScenarioPackage): Map<string, string> {
  return new Map([...subtree(pkg.files, 'workspace'), ...subtree(pkg.files, 'solution')]);
}

const failing = (r: GradeReport) => r.checks.filter((c) => !c.passed);

/** The files whose mistakes automated checks are meant to catch. */
function mutableFiles(pkg: ScenarioPackage): string[] {
  const checks = pkg.manifest.tasks.flatMap((t) => t.checks);
  const solution = subtree(pkg.files, 'solution');
  const wanted = new Set<string>();
  for (const file of solution.keys()) {
    if (languageOf(file) === 'js' && checks.some((c) => c.kind === 'js' || c.kind === 'ts')) wanted.add(file);
  }
  for (const c of checks) {
    if (c.kind === 'sql' && solution.has(c.submission)) wanted.add(c.submission);
    if (c.kind === 'file' && solution.has(c.file)) wanted.add(c.file);
    if (c.kind === 'answer' && solution.has(ANSWERS_FILE)) wanted.add(ANSWERS_FILE);
  }
  return [...wanted].sort();
}

function compiles(m: Mutant): boolean {
  if (languageOf(m.file) !== 'js') return true;
  try {
    transformSync(m.content, { loader: /\.tsx?$/.test(m.file) ? 'ts' : 'js', logLevel: 'silent' });
    return true;
  } catch {
    return false;
  }
}

/** Spreads a sample over the whole list rather than taking the first N. */
function sample<T>(items: T[], n: number): T[] {
  if (items.length <= n) return items;
  return Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n)]!);
}

/**
 * Everything `scenarios check` asserts about a package: it loads cleanly, the reference
 * solution earns every automated point, the starter stays below the pass mark, and the checks
 * catch at least MIN_CHECK_STRENGTH of planted mistakes.
 */
export async function validatePackage(
  dir: string,
  framework: Framework,
  pool: SandboxPool,
  opts: { onProgress?: (done: number, total: number) => void; mutants?: boolean; maxMutants?: number } = {},
): Promise<ValidationResult> {
  const { pkg, problems: loadProblems } = loadPackage(dir, framework);
  if (!pkg) return { problems: loadProblems.map(formatProblem), lines: [], survivors: [] };
  const problems: string[] = [];
  const lines: string[] = [];
  const checkCount = pkg.manifest.tasks.reduce((n, t) => n + t.checks.length, 0);
  const rubricCount = pkg.manifest.tasks.reduce((n, t) => n + t.rubric.length, 0);
  lines.push(`${pkg.manifest.title} — ${pkg.manifest.version}, ${pkg.manifest.industry}, ${pkg.manifest.tasks.length} tasks, ${checkCount} checks, ${rubricCount} rubric criteria`);

  const solution = solutionWorkspace(pkg);
  const solved = await gradeWorkspace(pkg, solution, pool);
  lines.push(`solution scores ${(solved.autoScore * 100).toFixed(1)} %`);
  for (const c of failing(solved)) problems.push(`the reference solution fails check ${c.id}: ${c.messages.slice(0, 3).join(' ')}`);

  const starter = await gradeWorkspace(pkg, subtree(pkg.files, 'workspace'), pool);
  lines.push(`starter scores ${(starter.autoScore * 100).toFixed(1)} % (pass mark ${pkg.manifest.scoring.passAt * 100} %)`);
  if (starter.autoScore >= pkg.manifest.scoring.passAt) problems.push('the starter workspace already reaches the pass mark: the checks do not ask for any work');

  let strength: number | undefined;
  const survivors: Mutant[] = [];
  if (opts.mutants !== false && checkCount > 0 && problems.length === 0) {
    const all = mutableFiles(pkg).flatMap((file) => mutantsOf(file, solution.get(file)!).filter(compiles));
    const mutants = sample(all, opts.maxMutants ?? MAX_MUTANTS);
    let done = 0;
    let killed = 0;
    await Promise.all(
      mutants.map(async (m) => {
        const workspace = new Map(solution);
        workspace.set(m.file, m.content);
        const report = await gradeWorkspace(pkg, workspace, pool);
        if (failing(report).length > 0) killed++;
        else survivors.push(m);
        opts.onProgress?.(++done, mutants.length);
      }),
    );
    strength = mutants.length === 0 ? 1 : killed / mutants.length;
    lines.push(`check strength ${(strength * 100).toFixed(0)} % (${killed} of ${mutants.length} mutants caught${all.length > mutants.length ? `, sampled from ${all.length}` : ''})`);
    survivors.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
    for (const s of survivors.slice(0, 12)) lines.push(`survived: ${formatMutant(s)}`);
    if (survivors.length > 12) lines.push(`… and ${survivors.length - 12} more surviving mutants`);
    if (strength < MIN_CHECK_STRENGTH) problems.push(`check strength ${(strength * 100).toFixed(0)} % is below ${MIN_CHECK_STRENGTH * 100} %: add checks that catch the surviving mutants`);
  }
  return { pkg, problems, lines, strength, survivors };
}
