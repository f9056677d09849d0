/**
 * Line coverage of the checks on the reference solution, so validation runs a mutant only
 * through the checks that execute its line. A check that never executes a line behaves on a
 * mutant of that line exactly as on the solution (where it passed): running it cannot kill the
 * mutant. A mutant on a line no check executes is a survivor without being run at all.
 *
 * How: each code file of the solution gets a probe before every statement of a statement list
 * (a block, a file, a case), written on the same line so line numbers stay. A probe logs a
 * marker the first time it runs; the checks run once on the probed solution in the ordinary
 * sandbox, and their output says which probes ran. A line belongs to the innermost probed
 * statement around it; it is covered when that probe ran. Lines outside any probed statement
 * (types, imports) count as covered, so nothing is skipped on a guess.
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as TS from 'typescript5';
import { CODE_FILE } from '../grading/checks/js';
import { DEFAULT_LIMITS } from '../grading/sandbox/protocol';
import type { SandboxPool } from '../grading/sandbox/pool';
import type { ScenarioPackage } from './package';
import type { JsCheckT } from './schema';

const require = createRequire(import.meta.url);
let ts: typeof TS | undefined;

type Probe = { startLine: number; endLine: number };
export type Instrumented = { source: string; probes: Probe[] };

/** Statements that never run (types) or run before anything else (imports): no probe. */
function probed(s: TS.Statement, t: typeof TS): boolean {
  return !(
    t.isInterfaceDeclaration(s) ||
    t.isTypeAliasDeclaration(s) ||
    t.isImportDeclaration(s) ||
    t.isImportEqualsDeclaration(s) ||
    t.isExportDeclaration(s) ||
    t.isModuleDeclaration(s) ||
    t.isEmptyStatement(s) ||
    (t.canHaveModifiers(s) && (t.getModifiers(s) ?? []).some((m) => m.kind === t.SyntaxKind.DeclareKeyword))
  );
}

/** The file with probes; `probes[i]` is the statement probe i stands before (1-based lines). */
export function instrument(file: string, src: string, marker: string, fileIndex: number): Instrumented {
  ts ??= require('typescript5') as typeof TS;
  const t = ts;
  const kind = /\.tsx$/.test(file) ? t.ScriptKind.TSX : /\.ts$/.test(file) ? t.ScriptKind.TS : /\.jsx$/.test(file) ? t.ScriptKind.JSX : t.ScriptKind.JS;
  const sf = t.createSourceFile(file, src, t.ScriptTarget.ESNext, true, kind);
  const seen = `__practicumCoverage${fileIndex}`;
  const inserts: { at: number; text: string }[] = [];
  const probes: Probe[] = [];
  const lineOf = (pos: number) => sf.getLineAndCharacterOfPosition(pos).line + 1;
  const list = (statements: readonly TS.Statement[]) => {
    for (const s of statements) {
      if (!probed(s, t)) continue;
      const i = probes.length;
      probes.push({ startLine: lineOf(s.getStart(sf)), endLine: lineOf(s.getEnd()) });
      inserts.push({ at: s.getStart(sf), text: `${seen}.has(${i}) || (${seen}.add(${i}), console.log(${JSON.stringify(`${marker} ${fileIndex} ${i}`)}));` });
    }
  };
  const visit = (node: TS.Node) => {
    if (t.isSourceFile(node) || t.isBlock(node) || t.isModuleBlock(node) || t.isCaseClause(node) || t.isDefaultClause(node)) list(node.statements);
    t.forEachChild(node, visit);
  };
  visit(sf);
  // A Set of unknown: the same text type-checks as TypeScript and runs as JavaScript.
  let out = `const ${seen} = new Set(); `;
  let from = 0;
  for (const { at, text } of inserts.sort((a, b) => a.at - b.at)) {
    out += src.slice(from, at) + text;
    from = at;
  }
  return { source: out + src.slice(from), probes };
}

/** Lines (1-based) of the file no probe that ran covers: the innermost probed statement around each did not run. */
export function uncoveredLines(probes: Probe[], ran: Set<number>, lineCount: number): Set<number> {
  const out = new Set<number>();
  for (let line = 1; line <= lineCount; line++) {
    let inner = -1;
    for (const [i, p] of probes.entries()) {
      if (p.startLine <= line && line <= p.endLine && (inner === -1 || p.endLine - p.startLine <= probes[inner]!.endLine - probes[inner]!.startLine)) inner = i;
    }
    if (inner !== -1 && !ran.has(inner)) out.add(line);
  }
  return out;
}

/** Per check id, per code file: the lines that check never executes. Absent: no trustworthy coverage for that check. */
export type Coverage = Map<string, Map<string, Set<number>>>;

/**
 * Runs each JS/TS check once on the probed solution. A check's coverage is kept only when it
 * passed there with its whole output (a truncated output may have lost markers): otherwise its
 * lines all count as covered.
 */
export async function measureCoverage(pkg: ScenarioPackage, solution: Map<string, string>, pool: SandboxPool): Promise<Coverage> {
  const marker = `@@practicum-coverage-${randomBytes(6).toString('hex')}`;
  const code = [...solution.keys()].filter((p) => CODE_FILE.test(p)).sort();
  const probedFiles = code.map((path, i) => ({ path, ...instrument(path, solution.get(path)!, marker, i) }));
  const checks = pkg.manifest.tasks.flatMap((task) => task.checks).filter((c): c is JsCheckT => c.kind === 'js' || c.kind === 'ts');
  const coverage: Coverage = new Map();
  await Promise.all(
    checks.map(async (check) => {
      const result = await pool.run({
        kind: 'js',
        files: probedFiles.map((f) => ({ path: f.path, source: f.source })),
        check: { path: check.file, source: pkg.files.get(check.file)! },
        limits: { ...DEFAULT_LIMITS, timeMs: check.timeoutMs ?? DEFAULT_LIMITS.timeMs, memoryMb: check.memoryMb ?? DEFAULT_LIMITS.memoryMb },
      });
      const passed = result.status === 'ok' && result.tests.length > 0 && result.tests.every((t) => t.passed);
      if (!passed || result.outputTruncated) return;
      const ran = probedFiles.map(() => new Set<number>());
      for (const line of result.output.split('\n')) {
        const m = line.startsWith(marker) ? /^\S+ (\d+) (\d+)$/.exec(line) : null;
        if (m) ran[Number(m[1])]?.add(Number(m[2]));
      }
      coverage.set(check.id, new Map(probedFiles.map((f, i) => [f.path, uncoveredLines(f.probes, ran[i]!, solution.get(f.path)!.split('\n').length)])));
    }),
  );
  return coverage;
}
