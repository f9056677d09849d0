/**
 * SQLite's memory limit (hard_heap_limit) is process-wide and can only be lowered. Every SQL job
 * must still run under exactly its own limit, whatever jobs ran before it in the same pool.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { SandboxPool } from '../../server/grading/sandbox/pool';
import type { JobResult, SqlJob } from '../../server/grading/sandbox/protocol';

const MB = 1024 * 1024;
const TOO_MUCH = 'Stopped: the SQL needed more memory than allowed.';

/** A query that needs about `needMb` of SQLite's heap (a blob that size), under a limit of `capMb`. */
const job = (capMb: number, needMb: number): SqlJob => ({
  kind: 'sql',
  mode: 'query',
  fixtureSql: 'CREATE TABLE t (x INTEGER);',
  studentSql: `SELECT length(randomblob(${needMb * MB})) AS n`,
  referenceSql: `SELECT ${needMb * MB} AS n`,
  ordered: false,
  tolerance: 0,
  // A long time limit: a busy machine must not turn a memory verdict into a timeout.
  limits: { timeMs: 30_000, memoryMb: capMb, outputBytes: 4_096, maxRows: 10 },
});

const verdict = (r: JobResult) => (r.tests[0]?.passed ? 'passed' : (r.tests[0]?.messages.join(' ') ?? r.messages.join(' ')));

// Starting a worker process takes a second or two, more on a busy machine: these tests start several.
const pools: SandboxPool[] = [];
afterAll(() => Promise.all(pools.map((p) => p.close())));

describe('each SQL job gets exactly its own memory limit', () => {
  it('one worker: 16 MB, then 64 MB and 256 MB jobs that need more than 16 MB, then lower limits again', async () => {
    const pool = new SandboxPool({ size: 1 });
    pools.push(pool);
    // [limit, need, what the limit says]
    const steps: [number, number, string][] = [
      [16, 40, TOO_MUCH],
      [64, 40, 'passed'],
      [16, 40, TOO_MUCH],
      [256, 100, 'passed'],
      [64, 100, TOO_MUCH],
      [64, 40, 'passed'],
      [256, 100, 'passed'],
    ];
    for (const [cap, need, expected] of steps) {
      expect(verdict(await pool.run(job(cap, need))), `${need} MB under a ${cap} MB limit`).toBe(expected);
    }
    // Raising the limit takes a fresh process each time; lowering it does not.
    expect(pool.recycled).toBe(3);
    expect(pool.replaced).toBe(0);
  }, 120_000);

  it('two workers, mixed limits queued at once', async () => {
    const pool = new SandboxPool({ size: 2 });
    pools.push(pool);
    const steps: [number, number, string][] = [
      [16, 40, TOO_MUCH],
      [256, 100, 'passed'],
      [64, 40, 'passed'],
      [16, 40, TOO_MUCH],
      [64, 100, TOO_MUCH],
      [256, 100, 'passed'],
      [16, 8, 'passed'],
      [64, 40, 'passed'],
    ];
    const results = await Promise.all(steps.map(([cap, need]) => pool.run(job(cap, need))));
    expect(results.map(verdict)).toEqual(steps.map(([, , expected]) => expected));
  }, 120_000);
});
