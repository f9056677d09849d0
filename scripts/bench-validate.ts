/**
 * npm run bench:validate [-- --json verdicts.json] [-- --only oee-line]
 *
 * Validates every shipped package in scenarios/ (what `scenarios check` and the authoring page's
 * Validate do) through one sandbox pool of the machine's cores, one package at a time, and prints
 * per package: mutants planned, killed, skipped (not run) and the wall time of the validation.
 * `skipped`: not run, no check could see them (counted as survivors); `stopped_early`: not run,
 * the strength verdict was already certain. `--json` writes each package's verdict (problems, strength, surviving mutant ids) so two runs —
 * before and after a change to validation — can be compared.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadFrameworkFile } from '../server/competency/framework';
import { SandboxPool } from '../server/grading/sandbox/pool';
import { listPackageDirs } from '../server/scenarios/discover';
import { validatePackage } from '../server/scenarios/validate';

const flag = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > -1 ? process.argv[i + 1] : undefined;
};

const only = flag('only');
const jsonOut = flag('json');
const framework = loadFrameworkFile();
const pool = new SandboxPool();
// --exhaustive: every mutant decided, as `scenarios check --all-mutants` does past the sample.
const exhaustive = process.argv.includes('--exhaustive');
const verdicts: Record<string, unknown> = {};
let totalMs = 0;
let worstMs = 0;
try {
  // A warm-up validation: the first one pays for starting the workers and their type checkers.
  const dirs = listPackageDirs().filter((d) => !only || path.basename(d) === only);
  await validatePackage(dirs[0]!, framework, pool, { mutants: false });
  for (const dir of dirs) {
    const id = path.basename(dir);
    const started = performance.now();
    const result = await validatePackage(dir, framework, pool, { exhaustive });
    const ms = Math.round(performance.now() - started);
    totalMs += ms;
    worstMs = Math.max(worstMs, ms);
    const c = result.mutants ?? { planned: 0, run: 0, killed: 0, skipped: 0, unrun: 0, checkRuns: 0 };
    process.stdout.write(
      `bench:validate package=${id} mutants=${c.planned} run=${c.run} killed=${c.killed} skipped=${c.skipped} stopped_early=${c.unrun} check_runs=${c.checkRuns} strength=${(result.strength ?? 1).toFixed(3)} validate_ms=${ms}\n`,
    );
    verdicts[id] = {
      passed: result.problems.length === 0,
      problems: result.problems.map((p) => p.key ?? p.message),
      strength: result.strength ?? null,
      survivors: result.survivors.map((s) => s.id).sort(),
    };
  }
  process.stdout.write(`bench:validate total packages=${dirs.length} validate_ms=${totalMs} worst_ms=${worstMs}\n`);
  if (jsonOut) fs.writeFileSync(jsonOut, `${JSON.stringify(verdicts, null, 2)}\n`);
} finally {
  await pool.close();
}
