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
process.send({ ready: true });
