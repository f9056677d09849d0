import type { SqlCheckT } from '../../scenarios/schema';
import { notesFor, say, split } from '../notes';
import type { CheckRunner } from '../types';

const MAX_ROWS = 5_000;

/**
 * SQL checks. The reference is the solution's version of the same workspace file, so an
 * author keeps one answer, in solution/, that both validation and grading use.
 */
export const runSqlCheck: CheckRunner<SqlCheckT> = async (check, ctx) => {
  const studentSql = ctx.workspace.get(check.submission);
  if (studentSql === undefined || studentSql.trim() === '') {
    return { passed: false, score: 0, ...split([say('grading.sql.empty', { file: check.submission })]), output: '', status: 'rejected' };
  }
  const solution = ctx.pkg.files.get(`solution/${check.submission}`)!;
  const result = await ctx.pool.run({
    kind: 'sql',
    mode: check.mode,
    fixtureSql: check.fixture.map((f) => ctx.pkg.files.get(f)!).join('\n;\n'),
    studentSql,
    referenceSql: check.mode === 'query' ? solution : ctx.pkg.files.get(check.verify!)!,
    referenceStateSql: check.mode === 'state' ? solution : undefined,
    ordered: check.ordered,
    tolerance: check.tolerance,
    partial: check.partial,
    limits: { ...ctx.limits, timeMs: check.timeoutMs ?? ctx.limits.timeMs, memoryMb: check.memoryMb ?? ctx.limits.memoryMb, maxRows: MAX_ROWS },
  }, { priority: ctx.priority });
  const passed = result.status === 'ok' && result.tests.length > 0 && result.tests.every((t) => t.passed);
  // One test per SQL job: its partial score, when the check asked for one and the query ran.
  const partial = result.status === 'ok' ? (result.tests[0]?.score ?? 0) : 0;
  return {
    passed,
    score: passed ? 1 : Math.min(1, Math.max(0, partial)),
    messages: [...result.messages, ...result.tests.flatMap((t) => t.messages)],
    notes: [...notesFor(result.messages, result.notes), ...result.tests.flatMap((t) => notesFor(t.messages, t.notes))],
    output: '',
    status: result.status,
    runMs: result.durationMs,
  };
};
