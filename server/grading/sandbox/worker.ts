/**
 * A sandbox worker process. It runs one job at a time: JS/TS checks in a fresh isolated-vm
 * isolate, SQL checks on a fresh in-memory SQLite copy. The host kills and replaces this
 * process when a job outlives its cap, so nothing here has to be trusted to stop.
 */
import { runJsJob } from './jsRunner';
import type { JobResult, WorkerRequest, WorkerResponse } from './protocol';
import { runSqlJob } from './sqlRunner';

if (!process.send) throw new Error('the sandbox worker must be started by the pool (child_process.fork)');

process.on('message', (message: WorkerRequest) => {
  void (async () => {
    let result: JobResult;
    try {
      result = message.job.kind === 'js' ? await runJsJob(message.job) : await runSqlJob(message.job);
    } catch (err) {
      result = {
        status: 'crashed',
        tests: [],
        messages: [`The grader failed: ${err instanceof Error ? err.message : String(err)}`],
        output: '',
        outputTruncated: false,
        durationMs: 0,
      };
    }
    process.send!({ id: message.id, result } satisfies WorkerResponse);
  })();
});

// The parent going away means nobody will read our answers.
process.on('disconnect', () => process.exit(0));

// Load the compilers and isolated-vm once before taking work, so the first job of a fresh
// process is not charged their start-up time against its cap.
void runJsJob({
  kind: 'js',
  files: [{ path: 'warm.ts', source: 'export const warm = (n: number): number => n + 1;' }],
  check: { path: 'warm.test.js', source: "const { warm } = require('./warm'); test('warm', () => expect(warm(1)).toBe(2));" },
  limits: { timeMs: 5_000, memoryMb: 16, outputBytes: 1024 },
}).finally(() => process.send!({ ready: true }));
