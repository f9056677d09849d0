/**
 * Transpiling and type-checking have a time limit of their own (limits.compileMs), apart from
 * the time the student's code may run, and their own message; esbuild's crash report never
 * reaches the server's stderr.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxPool } from '../../server/grading/sandbox/pool';
import type { JobResult, JsJob } from '../../server/grading/sandbox/protocol';

let pool: SandboxPool;
beforeAll(() => {
  pool = new SandboxPool({ size: 1 });
});
afterAll(() => pool.close());

const CHECK = "const { price } = require('./src/shop');\ntest('price', () => { expect(price(2)).toBe(10); });\n";
const HONEST_TS = 'export function price(qty: number): number {\n  return Math.round((qty * 2.5 + 5) * 100) / 100;\n}\n';

const job = (files: Record<string, string>, limits: Partial<JsJob['limits']> = {}): JsJob => ({
  kind: 'js',
  files: Object.entries(files).map(([p, source]) => ({ path: p, source })),
  check: { path: 'checks/shop.test.js', source: CHECK },
  limits: { timeMs: 1_000, memoryMb: 64, outputBytes: 4_096, ...limits },
});

const all = (r: JobResult) => [...r.messages, ...r.tests.flatMap((t) => t.messages)].join('\n');

/** A type that keeps the checker busy for a long time (3,000 recursive tuple types). */
const TYPE_BOMB = Array.from(
  { length: 3000 },
  (_, i) =>
    `type T${i}<X> = X extends [infer H, ...infer R] ? [H, ...T${i}<R>] : [];\nexport const v${i}: T${i}<[${Array.from({ length: 40 }, (_, k) => k).join(', ')}]> = null as any;`,
).join('\n');

/** A megabyte of ordinary TypeScript: small typed functions. */
function megabyteOfTs(): string {
  const parts = [HONEST_TS];
  let size = HONEST_TS.length;
  for (let i = 0; size < 1024 * 1024; i++) {
    const fn = `export function line${i}(qty: number, unit: number): number {\n  if (qty < 0) throw new RangeError('negative');\n  return Math.round((qty * unit + 5) * 100) / 100;\n}\n`;
    parts.push(fn);
    size += fn.length;
  }
  return parts.join('');
}

describe('the compile limit', () => {
  it('stops a type-checker blow-up with its own message, not as the code running too long', async () => {
    const r = await pool.run(job({ 'src/shop.ts': `${HONEST_TS}${TYPE_BOMB}` }, { compileMs: 1_500 }));
    expect(r.status, all(r)).toBe('compile_timeout');
    expect(r.messages).toEqual([
      'Stopped: type-checking took too long (more than 1.5 s, a limit of its own, apart from the 1000 ms your code may run). ' +
        'Very large files, or types that expand without end (deeply recursive conditional or mapped types), cause this: ' +
        'simplify those types or split the file, then run the checks again.',
    ]);
    expect(all(r)).not.toMatch(/time limit of 1000 ms/);
    // The worker stopped the checker itself (its thread), so the process lives on.
    expect(pool.replaced).toBe(0);
    const next = await pool.run(job({ 'src/shop.ts': HONEST_TS }));
    expect(next.tests, all(next)).toEqual([{ name: 'price', passed: true, messages: [] }]);
  });

  it('does not charge a megabyte of honest TypeScript against the code’s 1000 ms', async () => {
    // A compile limit far above what it takes, so a busy machine cannot make this flaky.
    const r = await pool.run(job({ 'src/shop.ts': megabyteOfTs() }, { compileMs: 120_000 }));
    expect(r.status, all(r)).toBe('ok');
    expect(r.tests).toEqual([{ name: 'price', passed: true, messages: [] }]);
  }, 150_000);

  it('type errors are still reported as before', async () => {
    const r = await pool.run(job({ 'src/shop.ts': 'export function price(qty: number): number { return String(qty); }\n' }));
    expect(r.status).toBe('compile_error');
    expect(r.messages).toEqual(["src/shop.ts:1:46: TS2322: Type 'string' is not assignable to type 'number'."]);
  });
});

describe("esbuild's crash report", () => {
  it('never reaches stderr: not from a live worker, not when the limit stops it, not from a killed worker', async () => {
    const script = path.join(import.meta.dirname, 'scripts', 'esbuildCrash.ts');
    const child = spawn(process.execPath, ['--no-node-snapshot', '--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));

    // At most a line per crash saying it happened; no goroutine stacks, frames or file:line.
    expect(stderr).not.toMatch(/runtime stack:|goroutine \d+ gp=|\.go:\d+|js_parser/);
    expect(stderr.length).toBeLessThan(1_000);

    expect(code, stderr).toBe(0);
    const { crashed, stopped, killed } = JSON.parse(stdout) as Record<string, JobResult>;
    expect(crashed!.status).toBe('compile_error');
    expect(crashed!.messages).toEqual(['src/bomb.js: the compiler gave up on this file (is something nested far too deeply?)']);
    expect(['compile_timeout', 'compile_error']).toContain(stopped!.status);
    // Killed mid-transform (or, on a strange day, the crash came first).
    expect(['crashed', 'compile_error']).toContain(killed!.status);
  }, 120_000);
});
