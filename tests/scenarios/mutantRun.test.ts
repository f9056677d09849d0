import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadFrameworkFile } from '../../server/competency/framework';
import { SandboxPool } from '../../server/grading/sandbox/pool';
import { instrument, uncoveredLines } from '../../server/scenarios/coverage';
import { checksFor, passCertain } from '../../server/scenarios/mutantRun';
import type { CheckT } from '../../server/scenarios/schema';
import { validateFiles } from '../../server/scenarios/validate';
import { manifestFor } from '../helpers/scenario';

/**
 * What validation may leave out, structurally (no timings): mutants no check can see are not
 * run and count as missed, a mutant stops at its first failing check, and no new mutant starts
 * once the strength is certain to pass — with the same verdict as deciding every one.
 */

const framework = loadFrameworkFile();

// Lines 6–7 are in a function no check calls.
const PRICE = [
  'exports.total = (xs) => {', //                      1
  '  let sum = 0;', //                                  2
  '  for (const x of xs) sum += x * 2;', //             3
  '  return sum;', //                                   4
  '};', //                                              5
  'exports.unused = (n) => {', //                       6
  '  if (n > 3) return n - 1;', //                      7
  '  return n + 1;', //                                 8
  '};', //                                              9
  '',
].join('\n');
const TOTAL_CHECK = "const { total } = require('./src/price.js');\ntest('totals', () => { expect(total([1, 2, 3])).toBe(12); });";
// Every term is checked: each of its mutants (two per term) is caught.
const STEPS = `exports.steps = (x) => [${Array.from({ length: 12 }, (_, i) => `x + ${i + 1}`).join(', ')}];\n`;
const STEPS_CHECK = `const { steps } = require('./src/steps.js');\ntest('steps', () => { expect(steps(10)).toEqual([${Array.from({ length: 12 }, (_, i) => 11 + i).join(', ')}]); });`;

function draft(id: string, code: Record<string, string>, checks: Record<string, string>) {
  const manifest = manifestFor(id, [
    {
      id: 't',
      title: 'T',
      instructions: 'tasks/t.md',
      checks: Object.keys(checks).map((c) => ({ id: c, title: c, kind: 'js', file: `checks/${c}.test.js`, points: 1, competencies: { 'js.debugging': 1 } })),
    },
  ]);
  return new Map(
    Object.entries({
      'scenario.yaml': stringify(manifest),
      'brief.md': '# Brief',
      'tasks/t.md': '# Task',
      ...Object.fromEntries(Object.entries(checks).map(([c, src]) => [`checks/${c}.test.js`, src])),
      ...Object.fromEntries(Object.keys(code).map((p) => [`workspace/${p}`, 'exports.total = () => 0; exports.steps = () => [];'])),
      ...Object.fromEntries(Object.entries(code).map(([p, src]) => [`solution/${p}`, src])),
    }),
  );
}

describe('coverage probes', () => {
  it('keep every line where it was, and a line counts as run when its innermost statement ran', () => {
    const { source, probes } = instrument('src/price.js', PRICE, '@@cov', 0);
    expect(source.split('\n')).toHaveLength(PRICE.split('\n').length);
    source.split('\n').forEach((line, i) => expect(line).toContain(PRICE.split('\n')[i]!.trim()));
    const started = (line: number) => probes.findIndex((p) => p.startLine === line);
    // Run: the two top-level statements and the body of total(); not the body of unused().
    const ran = new Set([1, 2, 3, 4, 6].map(started));
    expect(ran.has(-1)).toBe(false);
    expect([...uncoveredLines(probes, ran, 10)]).toEqual([7, 8]);
    // Nothing ran at all: every probed line is uncovered, and lines outside any statement are not.
    expect([...uncoveredLines(probes, new Set(), 10)]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('probe TypeScript statements only: interfaces and imports get none', () => {
    const src = "import { x } from './x';\ninterface A { n: number }\nexport function f(a: A): number {\n  return a.n + x;\n}\n";
    const { source, probes } = instrument('src/f.ts', src, '@@cov', 1);
    expect(probes.map((p) => p.startLine)).toEqual([3, 4]);
    expect(source).toContain('const __practicumCoverage1 = new Set();');
  });
});

describe('which checks a mutant needs', () => {
  const js = { id: 'js', kind: 'js', file: 'checks/a.test.js' } as CheckT;
  const sql = { id: 'sql', kind: 'sql', submission: 'queries/a.sql' } as CheckT;
  const mutant = (file: string, line: number) => ({ file, line, description: '', before: '', after: '', content: '', identity: '' });

  it('only those that read the file and run the line; none says why', () => {
    const coverage = new Map([['js', new Map([['src/a.js', new Set([7])]])]]);
    expect(checksFor([js, sql], mutant('src/a.js', 3), coverage)).toEqual({ checks: [js] });
    expect(checksFor([js, sql], mutant('src/a.js', 7), coverage)).toEqual({ checks: [], reason: 'uncovered' });
    expect(checksFor([js, sql], mutant('queries/a.sql', 7), coverage)).toEqual({ checks: [sql] });
    expect(checksFor([sql], mutant('src/a.js', 3), coverage)).toEqual({ checks: [], reason: 'unread' });
    // No trustworthy coverage for a check: every line counts as run.
    expect(checksFor([js], mutant('src/a.js', 7), new Map())).toEqual({ checks: [js] });
  });

  it('a pass is certain once the killed alone reach the threshold', () => {
    expect(passCertain(16, 20, 0.8)).toBe(true);
    expect(passCertain(15, 20, 0.8)).toBe(false);
    expect(passCertain(0, 0, 0.8)).toBe(false);
  });
});

describe('validation runs only what the verdict needs', () => {
  let pool: SandboxPool;
  beforeAll(() => {
    pool = new SandboxPool({ size: 1 });
  });
  afterAll(() => pool.close());

  it('counts mutants on lines no check runs as missed without running them, and stops each mutant at its first failing check', async () => {
    const files = draft('uncovered', { 'src/price.js': PRICE }, { first: TOTAL_CHECK, second: TOTAL_CHECK });
    const result = await validateFiles('uncovered', files, framework, pool);
    const notRun = result.survivors.filter((m) => m.notRun);
    expect(notRun.length).toBeGreaterThan(0);
    expect(notRun.every((m) => m.notRun === 'uncovered' && (m.line === 7 || m.line === 8))).toBe(true);
    // Every mutant of unused() is one of them: no check calls it.
    expect(result.survivors.filter((m) => m.line >= 7 && m.line <= 8)).toEqual(notRun);
    const c = result.mutants!;
    expect(c.skipped).toBe(notRun.length);
    // Both checks catch every mutant of total(): the second never runs.
    expect(c.killed).toBe(c.run);
    expect(c.checkRuns).toBe(c.run);
    // Missed, not left out: the strength counts them, and here it fails.
    expect(result.strength).toBeCloseTo(c.killed / (c.killed + result.survivors.length), 6);
    expect(result.problems.map((p) => p.key)).toEqual(['scenario.validate.weakChecks']);
    expect(result.lines.some((l) => l.includes(`${c.skipped} not run and counted as missed`))).toBe(true);
    // A failing verdict decides every mutant: the author needs every survivor.
    expect(c.unrun).toBe(0);
  }, 180_000);

  it('starts no mutant once the strength is certain to pass, with the verdict of deciding them all', async () => {
    const files = draft('early', { 'src/steps.js': STEPS }, { steps: STEPS_CHECK });
    const early = await validateFiles('early', files, framework, pool);
    const all = await validateFiles('early', files, framework, pool, { exhaustive: true });
    const n = all.mutants!.planned;
    expect(n).toBeGreaterThanOrEqual(24);
    expect(all.mutants).toMatchObject({ killed: n, unrun: 0 });
    expect(all.strength).toBe(1);
    const c = early.mutants!;
    expect(c.planned).toBe(n);
    // Certain after 0.8 × n kills; the pool's other lanes (two per worker) may each have one more under way.
    const lanes = pool.workers * 2;
    expect(c.killed + early.survivors.length).toBeLessThanOrEqual(Math.ceil(0.8 * n) + lanes - 1);
    expect(c.unrun).toBe(n - c.killed - early.survivors.length);
    expect(c.unrun).toBeGreaterThan(0);
    expect(early.problems).toEqual(all.problems);
    expect(early.strength).toBeGreaterThanOrEqual(0.8);
    expect(early.lines.some((l) => l.includes(`${c.unrun} not run: whatever they do, the strength stays at least 80 %`))).toBe(true);
  }, 180_000);
});
