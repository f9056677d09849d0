/**
 * npm run scenarios -- check [--all-mutants] [--shipped-framework] [dir...]
 * npm run scenarios -- grade <scenario-dir> <workspace-dir> [--json] [--shipped-framework]
 * npm run scenarios -- import <dir> --enterprise <slug> [--changelog "..."]
 */
import fs from 'node:fs';
import path from 'node:path';
import { gradeWorkspace } from '../grading/engine';
import { SandboxPool } from '../grading/sandbox/pool';
import type { GradeReport } from '../grading/types';
import { validatePackage } from './validate';
import { formatProblem, loadPackage, readPackageFiles, subtree, type PackageProblem } from './package';
import { hasMessage, msg, render } from '../messages';
import { competencySource } from './competencySource';
import { SCENARIOS_DIR, listPackageDirs } from './discover';
import { importPackageFolder } from '../authoring/importFolder';
import { syncShippedFramework } from '../competency/case';
import { SHIPPED_FRAMEWORK } from '../competency/framework';
import { loadConfig } from '../config';
import { createDb, dbOptionsFromConfig } from '../db/knex';
import { migrateLatest } from '../db/migrate';
import { plural } from '../contract/plural';
import { localeOfTag } from '../contract/constants';

/** A usage error, or a package that is not valid: what CI scripts test for. */
const EXIT_INVALID = 2;
const SHIPPED_ONLY = '--shipped-framework';

/** The author's language, from the shell's locale (`LANG=zh_CN.UTF-8`): problems with a message key read in it. */
const AUTHOR_LANGUAGE = localeOfTag((process.env.LC_ALL || process.env.LANG || '').split('.')[0]) ?? 'en';

function problemLine(p: PackageProblem): string {
  const message = AUTHOR_LANGUAGE !== 'en' && p.key && hasMessage(p.key, AUTHOR_LANGUAGE) ? render(msg(p.key, p.params), AUTHOR_LANGUAGE) : p.message;
  return formatProblem({ ...p, message });
}

function usage(): never {
  process.stderr.write(
    'Usage:\n  npm run scenarios -- check [--all-mutants] [--shipped-framework] [scenario-dir...]\n  npm run scenarios -- grade <scenario-dir> <workspace-dir> [--json] [--shipped-framework]\n' +
      '  npm run scenarios -- import <scenario-dir> --enterprise <slug> [--changelog "what changed"]\n',
  );
  process.exit(EXIT_INVALID);
}

function printReport(report: GradeReport): void {
  const w = Math.max(...report.checks.map((c) => c.id.length), 10);
  for (const c of report.checks) {
    process.stdout.write(
      `  ${c.passed ? 'PASS' : 'FAIL'}  ${c.id.padEnd(w)}  ${c.kind.padEnd(6)} ${String(c.earned).padStart(6)} / ${String(c.points).padEnd(4)} ${c.durationMs} ms\n`,
    );
    if (!c.passed) for (const m of c.messages.slice(0, 6)) process.stdout.write(`          ${m}\n`);
  }
  process.stdout.write(`  autoScore ${(report.autoScore * 100).toFixed(1)} %  (${report.passed ? 'at or above' : 'below'} the pass mark)\n`);
}

async function grade(args: string[]): Promise<number> {
  const json = args.includes('--json');
  const [scenarioDir, workspaceDir] = args.filter((a) => a !== '--json' && a !== SHIPPED_ONLY);
  if (!scenarioDir || !workspaceDir) usage();
  const { lookup } = await competencySource(process.env, { shippedOnly: args.includes(SHIPPED_ONLY) });
  const { pkg, problems } = loadPackage(scenarioDir, lookup);
  if (!pkg) {
    process.stderr.write(`${scenarioDir} is not a valid scenario package:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}\n`);
    return EXIT_INVALID;
  }
  if (!fs.existsSync(workspaceDir) || !fs.statSync(workspaceDir).isDirectory()) {
    process.stderr.write(`${workspaceDir} is not a folder.\n`);
    return EXIT_INVALID;
  }
  const read = readPackageFiles(workspaceDir);
  if (read.problems.length > 0) {
    process.stderr.write(`The workspace cannot be graded:\n${read.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}\n`);
    return EXIT_INVALID;
  }
  // Files the student did not hand in are the starter's, as in the live workspace.
  const workspace = new Map([...subtree(pkg.files, 'workspace'), ...read.files]);
  const pool = new SandboxPool({ size: 2 });
  try {
    const report = await gradeWorkspace(pkg, workspace, pool);
    if (json) {
      const out = {
        scenario: report.scenario,
        version: report.version,
        autoScore: report.autoScore,
        checks: report.checks.map((c) => ({
          id: c.id,
          task: c.task,
          kind: c.kind,
          passed: c.passed,
          score: c.score,
          points: c.points,
          messages: c.messages,
          durationMs: c.durationMs,
        })),
      };
      process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    } else {
      process.stdout.write(`${pkg.manifest.title} (${pkg.manifest.id} ${pkg.manifest.version})\n`);
      printReport(report);
    }
    return 0;
  } finally {
    await pool.close();
  }
}

async function check(args: string[]): Promise<number> {
  // --all-mutants: every mutant instead of an even sample, each decided even once the verdict is certain (slower; finds the rare survivor).
  const allMutants = args.includes('--all-mutants');
  const named = args.filter((a) => a !== '--all-mutants' && a !== SHIPPED_ONLY);
  if (named.some((a) => a.startsWith('--'))) usage();
  const dirs = named.length > 0 ? named : listPackageDirs(SCENARIOS_DIR);
  // The codes the browser editor checks against (the database's frameworks), when there is a database.
  const competencies = await competencySource(process.env, { shippedOnly: args.includes(SHIPPED_ONLY) });
  process.stdout.write(`Competency codes from ${competencies.from}.\n`);
  const framework = competencies.lookup;
  const pool = new SandboxPool();
  let failed = 0;
  try {
    for (const dir of dirs) {
      const name = path.basename(path.resolve(dir));
      process.stdout.write(`\n${name}\n`);
      const result = await validatePackage(dir, framework, pool, {
        maxMutants: allMutants ? Number.POSITIVE_INFINITY : undefined,
        exhaustive: allMutants,
        onProgress: (done, total) => {
          if (process.stdout.isTTY) process.stdout.write(`\r  mutants ${done}/${total}`);
          else if (done === total || done % 25 === 0) process.stdout.write(`  mutants ${done}/${total}\n`);
        },
      });
      if (process.stdout.isTTY) process.stdout.write('\r\x1b[K');
      for (const line of result.lines) process.stdout.write(`  ${line}\n`);
      if (result.problems.length > 0) {
        failed++;
        for (const p of result.problems) process.stdout.write(`  ✗ ${problemLine(p)}\n`);
      } else process.stdout.write('  ✓ valid\n');
    }
  } finally {
    await pool.close();
  }
  process.stdout.write(`\n${dirs.length - failed} of ${plural(dirs.length, 'package')} valid.\n`);
  return failed === 0 ? 0 : EXIT_INVALID;
}

/** Publishes a package folder as the next version of an enterprise's scenario, into the app's database. */
async function importFolder(args: string[]): Promise<number> {
  const flag = (name: string) => {
    const i = args.indexOf(name);
    if (i === -1) return undefined;
    const value = args[i + 1];
    if (!value || value.startsWith('--')) usage();
    args.splice(i, 2);
    return value;
  };
  const enterprise = flag('--enterprise');
  const changelog = flag('--changelog');
  const [dir, ...extra] = args;
  if (!dir || !enterprise || extra.length > 0) usage();
  const config = loadConfig(process.env, { web: false });
  const db = createDb(dbOptionsFromConfig(config));
  const pool = new SandboxPool();
  try {
    await migrateLatest(db);
    await syncShippedFramework(db, JSON.parse(fs.readFileSync(SHIPPED_FRAMEWORK, 'utf8')), new Date());
    process.stdout.write(`Validating ${dir} …\n`);
    const result = await importPackageFolder(db, dir, enterprise, pool, { changelog, now: new Date() });
    for (const line of result.lines) process.stdout.write(`  ${line}\n`);
    if (!result.ok) {
      for (const p of result.problems) process.stdout.write(`  ✗ ${problemLine(p)}\n`);
      process.stdout.write('Nothing was imported.\n');
      return 1;
    }
    process.stdout.write(
      result.created
        ? `Published ${result.slug} ${result.version} for ${enterprise} (database: ${db.dialect}).\n`
        : `${result.slug} is already published with this content as ${result.version}; nothing to do.\n`,
    );
    return 0;
  } finally {
    await pool.close();
    await db.destroy();
  }
}

const [command, ...rest] = process.argv.slice(2);
const run = command === 'check' ? check : command === 'grade' ? grade : command === 'import' ? importFolder : usage;
run(rest).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(EXIT_INVALID);
  },
);
