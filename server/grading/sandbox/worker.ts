/**
 * A sandbox worker process. It runs one job at a time: JS/TS checks (and a student's Run) in a
 * fresh isolated-vm isolate, SQL checks (and the data explorer) on a fresh in-memory SQLite
 * copy. The host kills and replaces this process when a job outlives its cap, so nothing here
 * has to be trusted to stop.
 */
import { warmTypeChecker, watchTypeChecker } from './compiler';
import { runJsJob } from './jsRunner';
import type { JobResult, WorkerChecker, WorkerPhase, WorkerRequest, WorkerResponse } from './protocol';
import { runExploreJob } from './sqlExplore';
import { runSqlJob } from './sqlRunner';
import { say, split } from '../notes';

if (!process.send) throw new Error('the sandbox worker must be started by the pool (child_process.fork)');

process.on('message', (message: WorkerRequest) => {
  void (async () => {
    let result: JobResult;
    try {
      result =
        message.job.kind === 'js'
          ? await runJsJob(message.job, { onPhase: (phase) => process.send!({ id: message.id, phase } satisfies WorkerPhase) })
          : message.job.kind === 'explore'
            ? await runExploreJob(message.job)
            : await runSqlJob(message.job);
    } catch (err) {
      result = {
        status: 'crashed',
        tests: [],
        ...split([say('grading.sandboxFailed', { error: err instanceof Error ? err.message : String(err) })]),
        output: '',
        outputTruncated: false,
        durationMs: 0,
      };
    }
    const retire = overflowedStack(result) || result.status === 'memory';
    process.send!({ id: message.id, result, retire } satisfies WorkerResponse);
  })();
});

/** Whether the job's code hit V8's stack limit (in a test's message, the run's or the output). */
function overflowedStack(result: JobResult): boolean {
  const overflow = /Maximum call stack size exceeded/;
  return result.messages.some((m) => overflow.test(m)) || result.tests.some((t) => t.messages.some((m) => overflow.test(m))) || overflow.test(result.output);
}

// The parent going away means nobody will read our answers.
process.on('disconnect', () => process.exit(0));

// Start esbuild's service and isolated-vm with one small job before taking work, so the first
// job of a fresh process is not charged their start-up. The type-checker thread warms up in the
// background: a TS job waits for it before its compile clock starts, and a SQL job (the reason
// most fresh workers are started) need not wait at all.
// The pool sends TypeScript jobs to workers whose checker is warm when it can.
watchTypeChecker((warm) => process.send!({ checker: warm ? 'warm' : 'cold' } satisfies WorkerChecker));
warmTypeChecker().catch(() => undefined);
void runJsJob({
  kind: 'js',
  files: [{ path: 'warm.js', source: 'exports.warm = (n) => n + 1;' }],
  check: { path: 'warm.test.js', source: "const { warm } = require('./warm'); test('warm', () => expect(warm(1)).toBe(2));" },
  limits: { timeMs: 5_000, memoryMb: 16, outputBytes: 1024 },
}).finally(() => process.send!({ ready: true }));
