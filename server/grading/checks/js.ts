import type { JsCheckT } from '../../scenarios/schema';
import { notesFor, say, split } from '../notes';
import type { CheckRunner } from '../types';

export const CODE_FILE = /\.(js|ts|mjs|cjs|tsx|jsx)$/;

/** JS/TS checks: the package's test file against the student's modules, in the sandbox. */
export const runJsCheck: CheckRunner<JsCheckT> = async (check, ctx) => {
  const files = [...ctx.workspace].filter(([p]) => CODE_FILE.test(p)).map(([path, source]) => ({ path, source }));
  const result = await ctx.pool.run({
    kind: 'js',
    files,
    check: { path: check.file, source: ctx.pkg.files.get(check.file)! },
    limits: { ...ctx.limits, timeMs: check.timeoutMs ?? ctx.limits.timeMs, memoryMb: check.memoryMb ?? ctx.limits.memoryMb },
  }, { priority: ctx.priority });
  const total = result.tests.length;
  const passedTests = result.tests.filter((t) => t.passed).length;
  const passed = result.status === 'ok' && total > 0 && passedTests === total;
  const run = notesFor(result.messages, result.notes).map((note, i) => ({ text: result.messages[i]!, note }));
  const said = [
    ...run,
    // The test's name and its assertions' words are the package's and the harness's: kept as they are.
    ...result.tests.filter((t) => !t.passed).map((t) => say('grading.js.testFailed', { name: t.name, problems: t.messages.join('; ') })),
    ...(total > 0 ? [say('grading.js.testsPassed', { passed: passedTests, total })] : []),
  ];
  return { passed, score: result.status === 'ok' && total > 0 ? passedTests / total : 0, ...split(said), output: result.output, status: result.status, runMs: result.durationMs };
};
