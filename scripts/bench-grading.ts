/**
 * npm run bench:grading
 *
 * Grades BENCH_N (default 500) submissions of a JS scenario check and of a SQL scenario check
 * through the sandbox pool at a concurrency of the machine's cores, then the same JS workload
 * through a baseline that starts a fresh `node` process per submission (what process- or
 * container-per-run graders do). Submissions cycle through the reference solution, the starter
 * and mutants of the solution, so passes and failures both occur.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { loadFrameworkFile } from '../server/competency/framework';
import { SandboxPool } from '../server/grading/sandbox/pool';
import { DEFAULT_LIMITS, type JobResult, type JsJob, type SqlJob } from '../server/grading/sandbox/protocol';
import { listPackageDirs } from '../server/scenarios/discover';
import { mutantsOf } from '../server/scenarios/mutate';
import { loadPackage, subtree, type ScenarioPackage } from '../server/scenarios/package';
import type { JsCheckT, SqlCheckT } from '../server/scenarios/schema';
import { solutionWorkspace } from '../server/scenarios/validate';

const N = Number(process.env.BENCH_N ?? 500);
const BASELINE_N = Number(process.env.BENCH_BASELINE_N ?? N);
const CONCURRENCY = os.availableParallelism();

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

/** Runs `count` tasks with at most `limit` in flight; returns per-task latencies and the wall time. */
async function runConcurrent(count: number, limit: number, task: (i: number) => Promise<unknown>): Promise<{ latencies: number[]; wallMs: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < count) {
        const i = next++;
        const t0 = performance.now();
        await task(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { latencies, wallMs: performance.now() - started };
}

function workspaces(pkg: ScenarioPackage, file: string): Map<string, string>[] {
  const solution = solutionWorkspace(pkg);
  const starter = subtree(pkg.files, 'workspace');
  const variants = [solution, new Map([...solution, ...starter])];
  for (const m of mutantsOf(file, solution.get(file)!)) variants.push(new Map([...solution, [m.file, m.content]]));
  return variants;
}

function findPackage(predicate: (pkg: ScenarioPackage) => boolean): ScenarioPackage {
  const framework = loadFrameworkFile();
  for (const dir of listPackageDirs()) {
    const { pkg } = loadPackage(dir, framework);
    if (pkg && predicate(pkg)) return pkg;
  }
  throw new Error('no sample package fits this benchmark');
}

const checksOf = (pkg: ScenarioPackage) => pkg.manifest.tasks.flatMap((t) => t.checks);

async function main(): Promise<void> {
  const jsPkg = findPackage((p) => checksOf(p).some((c) => c.kind === 'js' || c.kind === 'ts'));
  const jsCheck = checksOf(jsPkg).filter((c): c is JsCheckT => c.kind === 'js' || c.kind === 'ts').at(-1)!;
  const jsFile = [...subtree(jsPkg.files, 'solution').keys()].find((f) => /\.(j|t)s$/.test(f))!;
  const jsVariants = workspaces(jsPkg, jsFile);
  const jsJob = (i: number): JsJob => ({
    kind: 'js',
    files: [...jsVariants[i % jsVariants.length]!].filter(([p]) => /\.(j|t)s$/.test(p)).map(([p, source]) => ({ path: p, source })),
    check: { path: jsCheck.file, source: jsPkg.files.get(jsCheck.file)! },
    limits: DEFAULT_LIMITS,
  });

  const sqlPkg = findPackage((p) => checksOf(p).some((c) => c.kind === 'sql' && c.mode === 'query'));
  const sqlCheck = checksOf(sqlPkg).find((c): c is SqlCheckT => c.kind === 'sql' && c.mode === 'query')!;
  const sqlVariants = workspaces(sqlPkg, sqlCheck.submission);
  const sqlJob = (i: number): SqlJob => ({
    kind: 'sql',
    mode: 'query',
    fixtureSql: sqlCheck.fixture.map((f) => sqlPkg.files.get(f)!).join('\n;\n'),
    studentSql: sqlVariants[i % sqlVariants.length]!.get(sqlCheck.submission)!,
    referenceSql: sqlPkg.files.get(`solution/${sqlCheck.submission}`)!,
    ordered: sqlCheck.ordered,
    tolerance: sqlCheck.tolerance,
    limits: { ...DEFAULT_LIMITS, maxRows: 5000 },
  });

  process.stdout.write(`bench:grading N=${N} concurrency=${CONCURRENCY}\n`);
  process.stdout.write(`  js:  ${jsPkg.slug} / ${jsCheck.id} over ${jsVariants.length} distinct submissions\n`);
  process.stdout.write(`  sql: ${sqlPkg.slug} / ${sqlCheck.id} over ${sqlVariants.length} distinct submissions\n`);

  const pool = new SandboxPool({ size: CONCURRENCY });
  const statuses = new Map<string, number>();
  const count = (r: JobResult) => statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
  // Warm-up: the workers start and load isolated-vm and esbuild once, as they do at server start.
  await Promise.all(Array.from({ length: CONCURRENCY * 2 }, (_, i) => pool.run(jsJob(i))));

  const js = await runConcurrent(N, CONCURRENCY, async (i) => count(await pool.run(jsJob(i))));
  const sql = await runConcurrent(N, CONCURRENCY, async (i) => count(await pool.run(sqlJob(i))));
  await pool.close();
  process.stdout.write(`  pool statuses: ${[...statuses].map(([k, v]) => `${k}=${v}`).join(' ')}\n`);

  // Baseline: the same runner bundled to plain JS (no tsx start-up cost), one fresh process per submission.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'practicum-bench-'));
  const runnerSrc = path.join(dir, 'once.ts');
  fs.writeFileSync(
    runnerSrc,
    `import { runJsJob } from ${JSON.stringify(path.resolve('server/grading/sandbox/jsRunner.ts'))};
     let input = '';
     process.stdin.on('data', (d) => (input += d));
     process.stdin.on('end', async () => { const r = await runJsJob(JSON.parse(input)); process.stdout.write(JSON.stringify(r)); });`,
  );
  const bundle = path.join(dir, 'once.mjs');
  await build({
    entryPoints: [runnerSrc],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: bundle,
    external: ['isolated-vm', 'esbuild', 'typescript5'],
    logLevel: 'silent',
  });
  fs.symlinkSync(path.resolve('node_modules'), path.join(dir, 'node_modules'));
  const baseline = await runConcurrent(BASELINE_N, CONCURRENCY, (i) => {
    return new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ['--no-node-snapshot', bundle], { stdio: ['pipe', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.on('exit', (code) => {
        if (code !== 0) return reject(new Error(`baseline runner exited ${code}`));
        JSON.parse(out);
        resolve();
      });
      child.stdin.end(JSON.stringify(jsJob(i)));
    });
  });
  fs.rmSync(dir, { recursive: true, force: true });

  const perSecond = (n: number, ms: number) => (n / ms) * 1000;
  const jsPerS = perSecond(N, js.wallMs);
  const baselinePerS = perSecond(BASELINE_N, baseline.wallMs);
  const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
  process.stdout.write(
    `bench:grading js_p50_ms=${fmt(percentile(js.latencies, 50))} js_p99_ms=${fmt(percentile(js.latencies, 99))} js_per_s=${fmt(jsPerS)} ` +
      `sql_p50_ms=${fmt(percentile(sql.latencies, 50))} sql_per_s=${fmt(perSecond(N, sql.wallMs))} ` +
      `baseline_js_per_s=${fmt(baselinePerS)} speedup=${(jsPerS / baselinePerS).toFixed(1)}x\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
