/**
 * The harness inside the isolate (server/grading/sandbox/harness.ts), end to end through the
 * pool: whatever student code throws or rejects with, the test it happens in fails, and the
 * message says what it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxPool } from '../../server/grading/sandbox/pool';
import type { JobResult } from '../../server/grading/sandbox/protocol';

let pool: SandboxPool;
beforeAll(() => {
  pool = new SandboxPool({ size: 1 });
});
afterAll(() => pool.close());

/** Each test makes one assertion that holds, then calls the student's code. */
const CHECK = `const { f, g } = require('./src/a.js');
test('sync', () => {
  expect(1).toBe(1);
  f();
});
test('async', async () => {
  expect(1).toBe(1);
  await g();
});
`;

const run = (code: string, check = CHECK): Promise<JobResult> =>
  pool.run({
    kind: 'js',
    files: [{ path: 'src/a.js', source: code }],
    check: { path: 'checks/a.test.js', source: check },
    limits: { timeMs: 2_000, memoryMb: 32, outputBytes: 4_096 },
  });

const all = (r: JobResult) => [...r.messages, ...r.tests.flatMap((t) => t.messages)].join('\n');

describe('a thrown value of any kind fails the test and is named', () => {
  const cases: [string, string][] = [
    ['undefined', 'threw undefined'],
    ['null', 'threw null'],
    ['42', 'threw 42'],
    ['0', 'threw 0'],
    ['false', 'threw false'],
    ['NaN', 'threw NaN'],
    ['12n', 'threw 12n'],
    ['""', 'threw ""'],
    ['"out of stock"', 'threw "out of stock"'],
    ["Symbol('odd')", 'threw Symbol(odd)'],
    ['{}', 'threw an object with no message'],
    ['Object.create(null)', 'threw an object with no message'],
    ["{ get message() { throw new Error('gotcha'); } }", 'threw an object with no message'],
    ['new Proxy({}, { get() { throw 1; }, getPrototypeOf() { throw 2; } })', 'threw an object with no message'],
    ['[1, 2]', 'threw an array'],
    ['() => 1', 'threw a function'],
    ["new RangeError('a quantity cannot be negative')", 'threw RangeError: a quantity cannot be negative'],
  ];

  it.each(cases)('throw %s, synchronously and from an async function', async (value, message) => {
    const r = await run(`exports.f = () => { throw ${value}; };\nexports.g = async () => { throw ${value}; };`);
    expect(r.status, all(r)).toBe('ok');
    expect(r.tests).toEqual([
      { name: 'sync', passed: false, messages: [message] },
      { name: 'async', passed: false, messages: [message] },
    ]);
  });

  it('a promise rejected with undefined (no reason at all) fails the async test', async () => {
    const r = await run('exports.f = () => {};\nexports.g = () => Promise.reject();');
    expect(r.tests).toEqual([
      { name: 'sync', passed: true, messages: [] },
      { name: 'async', passed: false, messages: ['threw undefined'] },
    ]);
  });

  it('throw undefined while the modules load is a load error that says so', async () => {
    const r = await run('throw undefined;');
    expect(r.status).toBe('load_error');
    expect(r.tests.some((t) => t.passed)).toBe(false);
    expect(r.messages).toContain('The check could not load your code: threw undefined');
  });

  it('toThrow names what was thrown when it is not an Error', async () => {
    const check = `const { f } = require('./src/a.js');
test('throws a RangeError', () => { expect(1).toBe(1); expect(() => f()).toThrow(RangeError); });
test('does not throw', () => { expect(1).toBe(1); expect(() => f()).not.toThrow(); });
`;
    const r = await run('exports.f = () => { throw undefined; };', check);
    expect(r.tests).toEqual([
      { name: 'throws a RangeError', passed: false, messages: ['expected the function to throw RangeError, but it threw undefined'] },
      { name: 'does not throw', passed: false, messages: ['expected the function not to throw, but it threw undefined'] },
    ]);
  });

  it('honest code still passes', async () => {
    const r = await run('exports.f = () => 1;\nexports.g = async () => 2;');
    expect(r.tests.map((t) => t.passed)).toEqual([true, true]);
  });
});

describe('a rejected promise nothing handles', () => {
  it('fails the test it happened in, saying what was rejected; the other tests keep their verdict', async () => {
    const r = await run("exports.f = () => { Promise.reject(new RangeError('late fee')); };\nexports.g = async () => 2;");
    expect(r.status, all(r)).toBe('ok');
    expect(r.tests).toEqual([
      { name: 'sync', passed: false, messages: ['a promise rejected with RangeError: late fee was never handled (await it, or add a .catch)'] },
      { name: 'async', passed: true, messages: [] },
    ]);
  });

  it('inside an async test, with a reason that is not an Error', async () => {
    const r = await run('exports.f = () => {};\nexports.g = async () => { Promise.reject(); Promise.reject(42); };');
    expect(r.tests[0]).toEqual({ name: 'sync', passed: true, messages: [] });
    expect(r.tests[1]).toEqual({ name: 'async', passed: false, messages: ['a promise rejected with undefined was never handled (await it, or add a .catch)'] });
  });

  it('with an object that is not an Error', async () => {
    const r = await run('exports.f = () => { Promise.reject({ code: 7 }); };\nexports.g = async () => 2;');
    expect(r.tests[0]!.passed).toBe(false);
    expect(r.tests[0]!.messages).toEqual(['a promise rejected with a value that is not an Error was never handled (await it, or add a .catch)']);
  });

  it('while the modules load, fails the check with the reason', async () => {
    const r = await run("Promise.reject(new Error('config missing'));\nexports.f = () => {};\nexports.g = async () => 2;");
    expect(r.status).toBe('load_error');
    expect(r.tests.some((t) => t.passed)).toBe(false);
    expect(all(r)).toContain('a promise rejected with Error: config missing was never handled while the code loaded');
  });

  it('a rejection handled a moment later, in the same test, is no failure', async () => {
    const r = await run(
      "exports.f = () => { const p = Promise.reject(new Error('retry')); Promise.resolve().then(() => p.catch(() => {})); };\nexports.g = async () => { try { await Promise.reject(new Error('x')); } catch (e) {} };",
    );
    expect(r.tests.map((t) => t.passed), all(r)).toEqual([true, true]);
  });
});
