/**
 * "Try it": the student's Run and the data explorer, as sandbox jobs. The same pool, isolation
 * and caps as the checks (DEFAULT_LIMITS); nothing here decides a grade, and nothing here knows
 * who asks: callers (attempts/tools.ts, the preview) authorize first.
 */
import { plural } from '../contract/plural';
import type { DataQueryView, DatasetView, RunCodeInput, RunResultView, WorkspaceTools } from '../contract/workspace';
import type { PackageProblem, ScenarioPackage } from '../scenarios/package';
import type { ScenarioManifestT } from '../scenarios/schema';
import { DEFAULT_LIMITS } from './sandbox/protocol';
import type { SandboxPool } from './sandbox/pool';

/** Rows an explorer query shows; more are cut, and the table says so. */
export const DATA_MAX_ROWS = 500;
/** Rows of each table the explorer shows before any query. */
export const DATA_SAMPLE_ROWS = 20;
/** A Run loads the workspace's text files (logs, CSV, JSON) up to this much, in path order. */
export const RUN_TEXTS_MAX_BYTES = 2 * 1024 * 1024;

const CODE_FILE = /\.(js|ts|mjs|cjs|tsx|jsx)$/;
const TS_FILE = /\.tsx?$/;
/** Where a snippet sits in the sandbox's module table: the workspace root, so `./src/x` resolves. */
const SNIPPET = '__snippet__';
const ENTRY = '__run__.js';

export type Dataset = { id: string; title: string; tasks: string[]; fixture: string[]; tables: string[] | null };

/**
 * The datasets of the tasks `open` allows, in task order. Tasks declaring the same data share
 * one dataset, named after the first of them.
 */
export function datasetsOf(manifest: ScenarioManifestT, open: (taskId: string) => boolean = () => true): Dataset[] {
  const byKey = new Map<string, Dataset>();
  for (const task of manifest.tasks) {
    if (!task.data || !open(task.id)) continue;
    const tables = task.data.tables ?? null;
    const key = JSON.stringify([task.data.fixture, tables]);
    const known = byKey.get(key);
    if (known) known.tasks.push(task.id);
    else {
      const title = task.data.title ?? task.data.fixture.at(-1)!.split('/').pop()!.replace(/\.sql$/, '');
      byKey.set(key, { id: task.id, title, tasks: [task.id], fixture: task.data.fixture, tables });
    }
  }
  return [...byKey.values()];
}

/** What the workspace offers: Run where the scenario is JS/TS, the explorer for the open tasks' data. */
export function toolsOf(pkg: ScenarioPackage, files: Iterable<string>, open: (taskId: string) => boolean): WorkspaceTools {
  const paths = [...files];
  const code = paths.some((p) => CODE_FILE.test(p)) || pkg.manifest.tasks.some((t) => t.checks.some((c) => c.kind === 'js' || c.kind === 'ts'));
  return {
    run: code ? { language: paths.some((p) => TS_FILE.test(p)) ? 'ts' : 'js' } : null,
    data: datasetsOf(pkg.manifest, open).map((d) => ({ id: d.id, title: d.title })),
  };
}

/**
 * Runs a workspace file, or a snippet that may import the workspace's modules as a check does;
 * the workspace's other text files load as strings. TypeScript files are type-checked first,
 * as for a check. Returns what it printed and how it ended.
 */
export async function runCode(files: Map<string, string>, input: RunCodeInput, pool: SandboxPool): Promise<RunResultView | { missing: string }> {
  const code = [...files].filter(([p]) => CODE_FILE.test(p)).map(([path, source]) => ({ path, source }));
  if (input.path !== undefined && !code.some((f) => f.path === input.path)) return { missing: input.path };
  let budget = RUN_TEXTS_MAX_BYTES;
  const texts = [...files]
    .filter(([p]) => !CODE_FILE.test(p))
    .sort(([a], [b]) => a.localeCompare(b))
    .filter(([, content]) => (budget -= Buffer.byteLength(content)) >= 0)
    .map(([path, source]) => ({ path, source }));
  const typescript = code.some((f) => TS_FILE.test(f.path));
  const entry =
    input.path !== undefined
      ? { path: ENTRY, source: `require(${JSON.stringify(`./${input.path}`)});\n` }
      : { path: `${SNIPPET}.${typescript ? 'ts' : 'js'}`, source: input.source ?? '' };
  const r = await pool.run({ kind: 'js', mode: 'run', files: code, texts, check: entry, limits: DEFAULT_LIMITS });
  return { status: r.status, output: r.output, outputTruncated: r.outputTruncated, messages: r.messages, durationMs: r.durationMs };
}

export const UNAVAILABLE = 'The data of this scenario could not be loaded. Tell your teacher; your work is not affected.';

const fixtureSql = (pkg: ScenarioPackage, d: Dataset) => d.fixture.map((f) => pkg.files.get(f) ?? '').join('\n;\n');
const exploreLimits = { ...DEFAULT_LIMITS, maxRows: DATA_MAX_ROWS };

/** Published packages never change and a draft's content has a hash: a description is kept per both. */
const described = new Map<string, Promise<DatasetView>>();
const MAX_DESCRIBED = 200;

/**
 * The dataset's tables, columns, row counts and first rows; computed once per package content
 * and dataset in this process. Throws when the author's fixture does not load (validation
 * reports that before publishing).
 */
export function describeDataset(pkg: ScenarioPackage, d: Dataset, pool: SandboxPool): Promise<DatasetView> {
  const key = `${pkg.contentHash}:${d.id}`;
  let entry = described.get(key);
  if (!entry) {
    entry = describeNow(pkg, d, pool);
    described.set(key, entry);
    entry.catch(() => described.delete(key));
    if (described.size > MAX_DESCRIBED) described.delete(described.keys().next().value!);
  }
  return entry;
}

/** True when this dataset's description is already at hand (describing costs a sandbox job). */
export const isDescribed = (pkg: ScenarioPackage, d: Dataset) => described.has(`${pkg.contentHash}:${d.id}`);

async function describeNow(pkg: ScenarioPackage, d: Dataset, pool: SandboxPool): Promise<DatasetView> {
  const out = await describeJob(pkg, d, pool);
  if (out.problem) throw new Error(out.problem);
  return { id: d.id, title: d.title, tables: out.tables };
}

/** The describe job itself, for validation: the tables, or what is wrong with the author's data. */
export async function describeJob(pkg: ScenarioPackage, d: Dataset, pool: SandboxPool): Promise<{ tables: DatasetView['tables']; problem?: string; leaks: string[] }> {
  const r = await pool.run({ kind: 'explore', fixtureSql: fixtureSql(pkg, d), tables: d.tables, query: null, sampleRows: DATA_SAMPLE_ROWS, limits: exploreLimits });
  const tables = r.explore?.tables;
  const leaks = r.explore?.leaks ?? [];
  if (r.status !== 'ok' || !tables) return { tables: [], leaks, problem: r.explore?.problem ?? r.explore?.error ?? (r.messages.join(' ') || `the data could not be read (${r.status})`) };
  return { tables, leaks };
}

/** One read-only query on a fresh copy of the dataset. */
export async function queryDataset(pkg: ScenarioPackage, d: Dataset, sql: string, pool: SandboxPool): Promise<DataQueryView> {
  const r = await pool.run({ kind: 'explore', fixtureSql: fixtureSql(pkg, d), tables: d.tables, query: sql, sampleRows: 0, limits: exploreLimits });
  const result = r.explore?.result;
  return {
    columns: result?.columns ?? [],
    rows: result?.rows ?? [],
    truncated: result?.truncated ?? false,
    maxRows: DATA_MAX_ROWS,
    // The author's data being wrong is told to validation (it would name hidden tables), not here.
    error: result ? null : r.explore?.problem ? UNAVAILABLE : (r.explore?.error ?? (r.messages.join(' ') || `The query could not run (${r.status}).`)),
    durationMs: r.durationMs,
  };
}

/**
 * Validation's look at every task's `data`: the fixture loads, the listed tables exist, and no
 * listed table's definition names one that is not listed (students would read the name).
 */
export async function dataProblems(pkg: ScenarioPackage, pool: SandboxPool): Promise<{ problems: PackageProblem[]; lines: string[] }> {
  const problems: PackageProblem[] = [];
  const lines: string[] = [];
  for (const d of datasetsOf(pkg.manifest)) {
    const path = `tasks[${pkg.manifest.tasks.findIndex((t) => t.id === d.id)}].data`;
    const out = await describeJob(pkg, d, pool);
    if (out.problem && out.leaks.length === 0) problems.push({ file: 'scenario.yaml', path, message: `the data explorer cannot show this data: ${out.problem}` });
    for (const leak of out.leaks) problems.push({ file: 'scenario.yaml', path: `${path}.tables`, message: `${leak}, which is not listed: students would read its name; list it too, or leave the reference out of the fixture` });
    if (!out.problem) lines.push(`data explorer "${d.title}" (${d.tasks.join(', ')}): ${out.tables.map((t) => `${t.name} (${plural(t.rowCount, 'row')})`).join(', ')}`);
  }
  return { problems, lines };
}
