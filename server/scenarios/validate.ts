import { createHash } from 'node:crypto';
import { transformSync } from 'esbuild';
import { gradeWorkspace } from '../grading/engine';
import { dataProblems } from '../grading/tools';
import type { SandboxPool } from '../grading/sandbox/pool';
import type { GradeReport } from '../grading/types';
import { EQUIVALENTS_FILE, readEquivalents } from './equivalents';
import { measureCoverage } from './coverage';
import { runMutants, type Survivor } from './mutantRun';
import { formatMutant, languageOf, mutantsOf, type Mutant } from './mutate';
import { loadPackage, packageFromFiles, subtree, type PackageFiles, type PackageProblem, type ScenarioPackage } from './package';
import type { CompetencyLookup } from './lint';
import { ANSWERS_FILE } from './schema';
import { plural } from '../contract/plural';

export const MIN_CHECK_STRENGTH = 0.8;
const MAX_MUTANTS = 120;

export type ValidationResult = {
  pkg?: ScenarioPackage;
  /** Load problems and failed assertions, each naming the file it is about. */
  problems: PackageProblem[];
  /** Human-readable findings: scores, strength, surviving mutants. */
  lines: string[];
  strength?: number;
  survivors: Survivor<IdentifiedMutant>[];
  /** Mutants the package marks as equivalent (mutants.yaml): not run, not counted in the strength. */
  equivalent: EquivalentMutant[];
  /** How the mutant phase went, when it ran (the benchmark and the report read it). */
  mutants?: MutantCounts;
};

/**
 * `planned`: mutants chosen for this validation (after sampling and marks). `run`: graded in the
 * sandbox. `killed`: failed at least one check. `skipped`: not run because no check could see
 * them (counted as survivors, `notRun` on each). `unrun`: not run because the verdict was already
 * certain. `checkRuns`: check runs in the sandbox.
 */
export type MutantCounts = { planned: number; run: number; killed: number; skipped: number; unrun: number; checkRuns: number };

/** A mutant with the id a mark in mutants.yaml names it by. */
export type IdentifiedMutant = Mutant & { id: string };
export type EquivalentMutant = IdentifiedMutant & { reason: string };

/**
 * Ids from what a mutant changes, never from its line number: the file, the mutation and the
 * whole changed text, plus which occurrence it is when the same text is mutated the same way
 * twice. Editing other lines keeps every id; changing the mutated text makes a new mutant.
 */
export function identifyMutants(mutants: Mutant[]): IdentifiedMutant[] {
  const seen = new Map<string, number>();
  return mutants.map((m) => {
    const base = `${m.file}\0${m.description}\0${m.identity}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return { ...m, id: createHash('sha256').update(n === 0 ? base : `${base}\0${n}`).digest('hex').slice(0, 16) };
  });
}

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
export type ValidationPhase = 'solution' | 'starter' | 'mutants';
export type ValidateOptions = {
  onProgress?: (done: number, total: number) => void;
  /** Each stage as it starts, for a progress display. */
  onPhase?: (phase: ValidationPhase) => void;
  mutants?: boolean;
  maxMutants?: number;
  /** Decide every mutant even once the strength is certain to pass (the CLI's --all-mutants). */
  exhaustive?: boolean;
};

export async function validatePackage(dir: string, framework: CompetencyLookup, pool: SandboxPool, opts: ValidateOptions = {}): Promise<ValidationResult> {
  const { pkg, problems } = loadPackage(dir, framework);
  if (!pkg) return { problems, lines: [], survivors: [], equivalent: [] };
  return validateLoaded(pkg, pool, opts);
}

/** The same validation on a package held in memory (an authoring draft, an uploaded zip). */
export async function validateFiles(
  slug: string,
  files: PackageFiles,
  competencies: CompetencyLookup,
  pool: SandboxPool,
  opts: ValidateOptions = {},
): Promise<ValidationResult> {
  const { pkg, problems } = packageFromFiles(slug, files, competencies);
  if (!pkg) return { problems, lines: [], survivors: [], equivalent: [] };
  return validateLoaded(pkg, pool, opts);
}

async function validateLoaded(pkg: ScenarioPackage, pool: SandboxPool, opts: ValidateOptions): Promise<ValidationResult> {
  const problems: PackageProblem[] = [];
  const lines: string[] = [];
  const checkCount = pkg.manifest.tasks.reduce((n, t) => n + t.checks.length, 0);
  const rubricCount = pkg.manifest.tasks.reduce((n, t) => n + t.rubric.length, 0);
  lines.push(`${pkg.manifest.title} — ${pkg.manifest.version}, ${pkg.manifest.industry}, ${plural(pkg.manifest.tasks.length, 'task')}, ${plural(checkCount, 'check')}, ${plural(rubricCount, 'rubric criterion', 'rubric criteria')}`);

  const checkFile = (id: string) => {
    const check = pkg.manifest.tasks.flatMap((t) => t.checks).find((c) => c.id === id);
    return check && (check.kind === 'js' || check.kind === 'ts') ? check.file : 'scenario.yaml';
  };
  const solution = solutionWorkspace(pkg);
  opts.onPhase?.('solution');
  const solved = await gradeWorkspace(pkg, solution, pool);
  lines.push(`solution scores ${(solved.autoScore * 100).toFixed(1)} %`);
  for (const c of failing(solved)) {
    const messages = c.messages.slice(0, 3).join(' ');
    problems.push({ file: checkFile(c.id), path: `check ${c.id}`, message: `the reference solution fails this check: ${messages}`, key: 'scenario.validate.solutionFails', params: { messages } });
  }

  // Task data for the data explorer: loads, and shows only what the author listed.
  const data = await dataProblems(pkg, pool);
  problems.push(...data.problems);
  lines.push(...data.lines);

  opts.onPhase?.('starter');
  const starter = await gradeWorkspace(pkg, subtree(pkg.files, 'workspace'), pool);
  lines.push(`starter scores ${(starter.autoScore * 100).toFixed(1)} % (pass mark ${pkg.manifest.scoring.passAt * 100} %)`);
  if (starter.autoScore >= pkg.manifest.scoring.passAt) {
    problems.push({ file: 'workspace/', message: 'the starter workspace already reaches the pass mark: the checks do not ask for any work', key: 'scenario.validate.starterPasses' });
  }

  let strength: number | undefined;
  const survivors: Survivor<IdentifiedMutant>[] = [];
  const equivalent: EquivalentMutant[] = [];
  let counts: MutantCounts | undefined;
  if (opts.mutants !== false && checkCount > 0 && problems.length === 0) {
    const all = identifyMutants(mutableFiles(pkg).flatMap((file) => mutantsOf(file, solution.get(file)!).filter(compiles)));
    const marks = new Map(readEquivalents(pkg.files.get(EQUIVALENTS_FILE)).map((m) => [m.id, m]));
    for (const m of all) {
      const mark = marks.get(m.id);
      if (mark) equivalent.push({ ...m, reason: mark.reason });
    }
    const mutants = sample(
      all.filter((m) => !marks.has(m.id)),
      opts.maxMutants ?? MAX_MUTANTS,
    );
    const candidates = all.length - equivalent.length;
    opts.onPhase?.('mutants');
    const coverage = await measureCoverage(pkg, solution, pool);
    const outcome = await runMutants(pkg, solution, pool, mutants, { coverage, min: MIN_CHECK_STRENGTH, exhaustive: opts.exhaustive, onProgress: opts.onProgress });
    const { killed } = outcome;
    survivors.push(...outcome.survivors);
    const decided = killed + survivors.length;
    strength = decided === 0 ? 1 : killed / decided;
    const skipped = survivors.filter((m) => m.notRun).length;
    counts = { planned: mutants.length, run: decided - skipped, killed, skipped, unrun: outcome.unrun, checkRuns: outcome.checkRuns };
    const counted = [
      candidates > mutants.length ? `sampled from ${candidates}` : '',
      equivalent.length > 0 ? `${equivalent.length} marked equivalent in ${EQUIVALENTS_FILE}, not counted` : '',
      skipped > 0 ? `${skipped} not run and counted as missed: no check reads their file or executes their line on the reference solution` : '',
      outcome.unrun > 0 ? `${outcome.unrun} not run: whatever they do, the strength stays at least ${MIN_CHECK_STRENGTH * 100} %` : '',
    ]
      .filter(Boolean)
      .join('; ');
    lines.push(`check strength ${(strength * 100).toFixed(0)} % (${killed} of ${decided} mutants caught${counted ? `, ${counted}` : ''})`);
    survivors.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
    equivalent.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
    const why = { unread: 'not run: no check reads this file', uncovered: 'not run: no check executes this line' };
    for (const s of survivors.slice(0, 12)) lines.push(`survived: ${formatMutant(s)}${s.notRun ? `\n      (${why[s.notRun]})` : ''}`);
    if (survivors.length > 12) lines.push(`… and ${survivors.length - 12} more surviving mutants`);
    // A mark whose mutant is gone (its line was changed) stops counting: say so, so it can go.
    const ids = new Set(all.map((m) => m.id));
    for (const mark of marks.values()) {
      if (!ids.has(mark.id)) lines.push(`${EQUIVALENTS_FILE}: the mark for ${mark.file} (${mark.mutation}) matches no mutant any more (the line changed), so it does not count: remove it`);
    }
    if (strength < MIN_CHECK_STRENGTH) {
      const [percent, min] = [(strength * 100).toFixed(0), MIN_CHECK_STRENGTH * 100];
      problems.push({
        file: 'checks/',
        message: `check strength ${percent} % is below ${min} %: add checks that catch the surviving mutants, or mark those that change nothing as equivalent`,
        key: 'scenario.validate.weakChecks',
        params: { percent, min },
      });
    }
  }
  return { pkg, problems, lines, strength, survivors, equivalent, mutants: counts };
}
