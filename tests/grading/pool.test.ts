import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxPool } from '../../server/grading/sandbox/pool';
import type { JsJob } from '../../server/grading/sandbox/protocol';

let pool: SandboxPool;
beforeAll(() => {
  pool = new SandboxPool({ size: 1 });
});
afterAll(() => pool.close());

const job = (source: string, timeMs = 800): JsJob => ({
  kind: 'js',
  files: [{ path: 'a.js', source }],
  check: { path: 'c.test.js', source: "const { f } = require('./a'); test('f', () => expect(f()).toBe(1));" },
  limits: { timeMs, memoryMb: 32, outputBytes: 4096 },
});

describe('SandboxPool', () => {
  it('runs an interactive job ahead of background jobs queued before it, and background ones in order', async () => {
    const finished: string[] = [];
    const track = (name: string, p: Promise<unknown>) => p.then(() => finished.push(name));
    // The first job takes the only worker (or waits first in line for it); the rest queue behind it.
    const all = [
      track('first', pool.run(job('exports.f = () => 1;'))),
      ...['grade-1', 'grade-2', 'grade-3'].map((name) => track(name, pool.run(job('exports.f = () => 1;'), { priority: 'background' }))),
    ];
    expect(pool.waiting().background).toBe(3);
    all.push(track('check-run', pool.run(job('exports.f = () => 1;'), { priority: 'interactive' })));
    await Promise.all(all);
    expect(finished).toEqual(['first', 'check-run', 'grade-1', 'grade-2', 'grade-3']);
    expect(pool.waiting()).toEqual({ interactive: 0, background: 0 });
  });

  it('runs jobs one after another through a single worker', async () => {
    const results = await Promise.all([1, 2, 3].map(() => pool.run(job('exports.f = () => 1;'))));
    expect(results.map((r) => r.tests[0]?.passed)).toEqual([true, true, true]);
  });

  it('answers a stuck job at its cap and keeps serving', async () => {
    const started = Date.now();
    const stuck = await pool.run(job('exports.f = () => { for (;;) console.log(1); };', 300));
    expect(stuck.status).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(300 + 3000);
    const after = await pool.run(job('exports.f = () => 1;'));
    expect(after.tests[0]?.passed).toBe(true);
  });

  it('survives a worker killed from outside while a job runs', async () => {
    const [pid] = pool.pids();
    const running = pool.run(job('exports.f = () => { while (true) {} };', 5000));
    await new Promise((r) => setTimeout(r, 300));
    process.kill(pid!, 'SIGKILL');
    const result = await running;
    expect(result.status).toBe('crashed');
    expect(result.messages[0]).toContain('sandbox process ended');
    expect(pool.pids()[0]).not.toBe(pid);
    expect(pool.replaced).toBeGreaterThanOrEqual(1);
    expect((await pool.run(job('exports.f = () => 1;'))).tests[0]?.passed).toBe(true);
  });

  it('replaces a worker whose code overflowed its stack before it takes another job', async () => {
    const [pid] = pool.pids();
    const replacedBefore = pool.replaced;
    const overflow = await pool.run(job('exports.f = function f() { return f() + 1; };'));
    expect(JSON.stringify(overflow)).toContain('Maximum call stack size exceeded');
    expect(pool.pids()[0]).not.toBe(pid);
    expect(pool.replaced).toBe(replacedBefore + 1);
    expect((await pool.run(job('exports.f = () => 1;'))).tests[0]?.passed).toBe(true);
  });

  it('replaces a worker whose code reached the memory limit before it takes another job', async () => {
    const [pid] = pool.pids();
    const replacedBefore = pool.replaced;
    // Arrays of arrays: isolated-vm stops the isolate at its cap and the process lives on (a Map
    // bomb may abort the whole process instead, which the pool replaces anyway).
    const bomb = await pool.run(job('exports.f = () => { const a = []; for (;;) a.push(new Array(10000).fill(1)); };', 5000));
    expect(bomb.status, JSON.stringify(bomb.messages)).toBe('memory');
    expect(pool.pids()[0]).not.toBe(pid);
    expect(pool.replaced).toBe(replacedBefore + 1);
    expect((await pool.run(job('exports.f = () => 1;'))).tests[0]?.passed).toBe(true);
  });
});
