/**
 * Hostile submissions against the grading sandbox (DESIGN.md §3, §8).
 *
 * Every case asserts the same five things:
 *  1. it is not passed: no test passes except the one the hostile baseline earns honestly
 *     ("exports the functions"), and the check as a whole fails;
 *  2. the student gets a clear message saying why;
 *  3. the run ended within its cap plus a small margin (measured by the sandbox and around the call);
 *  4. a secret canary file in the server's working directory never appears in any result;
 *  5. the next honest submission still grades correctly.
 * The pool's worker processes take the blows; this (server) process must survive all of it.
 *
 * The hostile JS builds on a baseline that answers only the first, easy assertion of each
 * test correctly. A trick that skips, renames or ends assertions early therefore turns a test
 * green, and the "not passed" assertion catches it.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { gradeWorkspace } from '../../server/grading/engine';
import { SandboxPool } from '../../server/grading/sandbox/pool';
import type { JobResult, JsJob, RunStatus, SqlJob } from '../../server/grading/sandbox/protocol';
import { hashFiles, type ScenarioPackage } from '../../server/scenarios/package';
import { ScenarioManifest } from '../../server/scenarios/schema';

/** The cap every hostile run gets, and the slack on top of it: the pool kills at cap + 1.5 s. */
const CAP_MS = 1_000;
const MARGIN_MS = 2_500;
const MEMORY_MB = 64;
const OUTPUT_BYTES = 16 * 1024;

const CANARY_NAME = `security-canary-${process.pid}-${randomBytes(4).toString('hex')}.txt`;
const CANARY_PATH = path.join(process.cwd(), CANARY_NAME);
/** The same secret as a TypeScript module: the type checker reads .ts files, so it must not read this one. */
const CANARY_TS_PATH = CANARY_PATH.replace(/\.txt$/, '.ts');
const SECRET = randomBytes(24).toString('hex');
const TS_LIB_DIR = path.dirname(createRequire(import.meta.url).resolve('typescript5/lib/lib.d.ts'));

// ---------------------------------------------------------------------------------------------
// The scenario: a small shop pricing module (JS) and a revenue query (SQL).
// ---------------------------------------------------------------------------------------------

const CHECK_PATH = 'checks/shop.test.js';
/** A check in the style authors write: a top-level call, tables, forEach, push, Math, an async test, toThrow. */
const CHECK = `const { price, priceAll, priceLater } = require('./src/shop.js');
const unit = price(1);

test('exports the functions', () => {
  expect(typeof price).toBe('function');
  expect(typeof priceAll).toBe('function');
});
test('unit price', () => {
  expect(unit).toBe(7.5);
  expect(price(10)).toBe(30);
});
test('price table', () => {
  expect(price(2)).toBe(10);
  for (const [qty, total] of [[4, 15], [100, 255]]) expect(price(qty)).toBe(total);
});
test('each price', () => {
  expect(price(3)).toBe(12.5);
  [[8, 25], [12, 35]].forEach(([qty, total]) => expect(price(qty)).toBe(total));
});
test('all prices', () => {
  expect(priceAll([1, 2])).toEqual([7.5, 10]);
  expect([4, 8].map((q) => price(q))).toEqual([15, 25]);
});
test('price list', () => {
  expect(priceAll([0])).toEqual([5]);
  const expected = [];
  for (let qty = 4; qty <= 6; qty++) expected.push(qty * 2.5 + 5);
  expect(priceAll([4, 5, 6])).toEqual(expected);
});
test('rounded to the cent', () => {
  expect(price(0)).toBe(5);
  expect(price(0.333)).toBe(Math.round((0.333 * 2.5 + 5) * 100) / 100);
});
test('price later', async () => {
  expect(typeof priceLater).toBe('function');
  expect(await priceLater(6)).toBe(20);
});
test('rejects negative quantities', () => {
  expect(price(0)).toBe(5);
  expect(() => price(-1)).toThrow(RangeError);
});
`;
const TEST_NAMES = [
  'exports the functions',
  'unit price',
  'price table',
  'each price',
  'all prices',
  'price list',
  'rounded to the cent',
  'price later',
  'rejects negative quantities',
];
/** What the hostile baseline earns honestly. Anything else passing is a hole. */
const EARNED = new Set(['exports the functions']);

const HONEST_JS = `function price(qty) {
  if (qty < 0) throw new RangeError('a quantity cannot be negative');
  return Math.round((qty * 2.5 + 5) * 100) / 100;
}
exports.price = price;
exports.priceAll = (qtys) => qtys.map((q) => price(q));
exports.priceLater = async (qty) => price(qty);
`;

/** Honest code that leans on what a lockdown of built-ins could break: it must still pass. */
const HONEST_UNUSUAL_TS = `class QuantityError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'QuantityError';
  }
}
function LegacyError(this: any, message: string) { this.message = message; }
LegacyError.prototype = Object.create(Error.prototype);
LegacyError.prototype.constructor = LegacyError;
LegacyError.prototype.name = 'LegacyError';
const money = { cents: 0, toString(): string { return (this.cents / 100).toFixed(2); } };
money.toString = () => String(money.cents);
class Parts extends Array<number> {
  sum() { return this.reduce((a, b) => a + b, 0); }
}
export function price(qty: number): number {
  if (qty < 0) throw new QuantityError('a quantity cannot be negative');
  if (Number.isNaN(qty)) throw new (LegacyError as any)('not a number');
  const parts = Parts.from([qty * 2.5, 5]) as Parts;
  money.cents = Math.round(parts.sum() * 100);
  return Number(money.toString()) / 100;
}
export const priceAll = (qtys: number[]) => [...qtys].map((q) => price(q));
export async function priceLater(qty: number) {
  const [value] = await Promise.all([Promise.resolve(qty).then(price)]);
  return JSON.parse(JSON.stringify({ value })).value;
}
`;

/** Known to every hostile file: where the canary is, and a baseline that only knows easy answers. */
const PRELUDE = `const CANARY = ${JSON.stringify(CANARY_NAME)};
const CANARY_ABS = ${JSON.stringify(CANARY_PATH)};
const EASY = new Map([[0, 5], [1, 7.5], [2, 10], [3, 12.5]]);
const base = (qty) => (EASY.has(qty) ? EASY.get(qty) : 0);
exports.price = base;
exports.priceAll = (qtys) => qtys.map((q) => exports.price(q));
exports.priceLater = async (qty) => exports.price(qty);
`;
const hostile = (code: string) => `${PRELUDE}\n${code}`;

const FIXTURE_SQL = `CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price REAL NOT NULL, stock INTEGER NOT NULL);
INSERT INTO products VALUES (1, 'bolt', 0.25, 100), (2, 'nut', 0.1, 250), (3, 'washer', 0.05, 40), (4, 'hinge', 3.5, 12);
CREATE TABLE orders (id INTEGER PRIMARY KEY, product_id INTEGER NOT NULL REFERENCES products(id), qty INTEGER NOT NULL);
INSERT INTO orders VALUES (1, 1, 10), (2, 1, 5), (3, 2, 100), (4, 4, 2), (5, 3, 8);
CREATE TABLE nums (n INTEGER PRIMARY KEY);
WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 2000) INSERT INTO nums SELECT n FROM c;
`;
const SOLUTION_SQL = 'SELECT p.name, SUM(o.qty * p.price) AS revenue FROM orders o JOIN products p ON p.id = o.product_id GROUP BY p.name;';
const HONEST_SQL = `-- revenue per product
SELECT name, revenue FROM (
  SELECT p.name AS name, SUM(p.price * o.qty) AS revenue FROM products p JOIN orders o ON o.product_id = p.id GROUP BY p.id
);`;
const STATE_SOLUTION_SQL = 'UPDATE products SET stock = 50 WHERE stock < 50;';
const STATE_VERIFY_SQL = 'SELECT id, stock FROM products ORDER BY id;';
const HONEST_STATE_SQL = 'UPDATE products SET stock = MAX(stock, 50);';

function buildPackage(): ScenarioPackage {
  const manifest = {
    id: 'security-lab',
    version: '1.0.0',
    title: 'Security lab',
    enterprise: 'Test Works (fictional)',
    industry: 'software',
    role: 'Junior technician',
    durationMinutes: 30,
    competencies: ['js.debugging', 'sql.query'],
    tasks: [
      {
        id: 'shop',
        title: 'Price the shop',
        instructions: 'tasks/shop.md',
        checks: [
          { id: 'shop-js', title: 'Prices', kind: 'js', file: CHECK_PATH, points: 10, competencies: { 'js.debugging': 1 } },
          {
            id: 'revenue-sql',
            title: 'Revenue per product',
            kind: 'sql',
            submission: 'queries/revenue.sql',
            fixture: 'fixtures/shop.sql',
            points: 10,
            competencies: { 'sql.query': 1 },
          },
        ],
      },
    ],
    scoring: { autoWeight: 1, reviewWeight: 0, passAt: 0.5 },
  };
  const files = new Map(
    Object.entries({
      'scenario.yaml': stringify(manifest),
      'brief.md': '# Security lab\n',
      'tasks/shop.md': 'Price the shop.\n',
      [CHECK_PATH]: CHECK,
      'fixtures/shop.sql': FIXTURE_SQL,
      'workspace/src/shop.js': 'exports.price = () => 0;\n',
      'workspace/queries/revenue.sql': 'SELECT 1;\n',
      'solution/src/shop.js': HONEST_JS,
      'solution/queries/revenue.sql': SOLUTION_SQL,
    }),
  );
  const parsed = ScenarioManifest.parse(manifest);
  return { slug: parsed.id, manifest: parsed, files, contentHash: hashFiles(files) };
}

// ---------------------------------------------------------------------------------------------
// Running and judging
// ---------------------------------------------------------------------------------------------

let pool: SandboxPool;
let pkg: ScenarioPackage;

beforeAll(async () => {
  fs.writeFileSync(CANARY_PATH, `CANARY:${SECRET}\n`);
  fs.writeFileSync(CANARY_TS_PATH, `export const SECRET = 'CANARY:${SECRET}' as const;\n`);
  pool = new SandboxPool({ size: 2 });
  pkg = buildPackage();
  // Warm both workers (and their type-checker threads) so the first timed case does not pay for
  // process start-up.
  const warm = await Promise.all([runJs(HONEST_JS), runJs(HONEST_JS), runJs({ 'src/shop.ts': HONEST_UNUSUAL_TS }), runJs({ 'src/shop.ts': HONEST_UNUSUAL_TS })]);
  for (const w of warm) expectHonestJs(w.result);
});

afterAll(async () => {
  await pool?.close();
  fs.rmSync(CANARY_PATH, { force: true });
  fs.rmSync(CANARY_TS_PATH, { force: true });
});

type Timed = { result: JobResult; wallMs: number };

async function timed(job: JsJob | SqlJob): Promise<Timed> {
  const started = performance.now();
  const result = await pool.run(job);
  return { result, wallMs: performance.now() - started };
}

type JsOptions = { check?: string; timeMs?: number; compileMs?: number };

function jsJob(files: string | Record<string, string>, opts: JsOptions = {}): JsJob {
  const map = typeof files === 'string' ? { 'src/shop.js': files } : files;
  return {
    kind: 'js',
    files: Object.entries(map).map(([p, source]) => ({ path: p, source })),
    check: { path: CHECK_PATH, source: opts.check ?? CHECK },
    limits: { timeMs: opts.timeMs ?? CAP_MS, memoryMb: MEMORY_MB, outputBytes: OUTPUT_BYTES, compileMs: opts.compileMs },
  };
}
const runJs = (files: string | Record<string, string>, opts: JsOptions = {}) => timed(jsJob(files, opts));

function sqlJob(studentSql: string, mode: 'query' | 'state' = 'query'): SqlJob {
  return {
    kind: 'sql',
    mode,
    fixtureSql: FIXTURE_SQL,
    studentSql,
    referenceSql: mode === 'query' ? SOLUTION_SQL : STATE_VERIFY_SQL,
    referenceStateSql: mode === 'state' ? STATE_SOLUTION_SQL : undefined,
    ordered: false,
    tolerance: 0.005,
    limits: { timeMs: CAP_MS, memoryMb: MEMORY_MB, outputBytes: OUTPUT_BYTES, maxRows: 5_000 },
  };
}

const allMessages = (r: JobResult) => [...r.messages, ...r.tests.flatMap((t) => t.messages)].join('\n');

function expectHonestJs(r: JobResult): void {
  expect(r.status, allMessages(r)).toBe('ok');
  expect(r.tests.map((t) => t.name)).toEqual(TEST_NAMES);
  expect(r.tests.filter((t) => !t.passed), allMessages(r)).toEqual([]);
}

/** The five assertions every hostile run must satisfy (the honest re-run is done by the caller). */
function expectContained({ result, wallMs }: Timed, c: { message: RegExp; status?: RunStatus[]; capMs?: number }): void {
  const cap = c.capMs ?? CAP_MS;
  const text = allMessages(result);
  // 1. not passed: nothing beyond what the baseline earns honestly, and never the whole check.
  const passed = result.tests.filter((t) => t.passed).map((t) => t.name);
  expect(passed.filter((n) => !EARNED.has(n)), `tests that passed: ${passed.join(', ')}\n${text}`).toEqual([]);
  expect(result.status === 'ok' && result.tests.length > 0 && result.tests.every((t) => t.passed)).toBe(false);
  // 2. a clear message.
  expect(text).toMatch(c.message);
  if (c.status) expect(c.status, text).toContain(result.status);
  // 3. within the cap plus a margin.
  expect(result.durationMs).toBeLessThanOrEqual(cap + MARGIN_MS);
  expect(wallMs).toBeLessThanOrEqual(cap + MARGIN_MS);
  // 4. the canary never leaks.
  expect(JSON.stringify(result)).not.toContain(SECRET);
  // Output never grows past its cap, counted in bytes.
  expect(Buffer.byteLength(result.output)).toBeLessThanOrEqual(OUTPUT_BYTES);
}

type JsCase = {
  name: string;
  code: string;
  /** The clear message the student must see (matched against run and test messages). */
  message: RegExp;
  status?: RunStatus[];
  /** Extra evidence a trick failed, read from the result. */
  verify?: (r: JobResult) => void;
};

async function hostileJs(c: JsCase): Promise<void> {
  const run = await runJs(hostile(c.code));
  expectContained(run, c);
  c.verify?.(run.result);
  // 5. the next honest submission still grades correctly.
  expectHonestJs((await runJs(HONEST_JS)).result);
}

const ASSERTION = /expected .+ to /;
const TIMEOUT = /time limit of 1000 ms/;
const MEMORY_OR_TIME = /memory limit|time limit of 1000 ms|sandbox process ended/;

/** Reads "allocated N" lines the hostile code prints and checks none went past the memory cap. */
const allocatedWithinCap = (r: JobResult) => {
  const sizes = [...r.output.matchAll(/allocated (\d+)/g)].map((m) => Number(m[1]));
  expect(sizes.length, 'the bomb reports what it got').toBeGreaterThan(0);
  for (const size of sizes) expect(size).toBeLessThanOrEqual(MEMORY_MB * 1024 * 1024);
};

// ---------------------------------------------------------------------------------------------
// JavaScript: escapes
// ---------------------------------------------------------------------------------------------

describe('constructor chains to the host Function', () => {
  const cases: JsCase[] = [
    {
      name: 'this.constructor.constructor("return process") reaches for fs',
      code: `const proc = this.constructor.constructor('return process')();
exports.price = () => proc.mainModule.require('fs').readFileSync(CANARY_ABS, 'utf8');`,
      message: /could not load your code: ReferenceError: process is not defined/,
      status: ['load_error'],
    },
    {
      name: 'AsyncFunction and GeneratorFunction constructors build code in the global scope',
      code: `const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
const GeneratorFunction = Object.getPrototypeOf(function* () {}).constructor;
exports.priceLater = AsyncFunction('q', 'return require("fs").readFileSync(' + JSON.stringify(CANARY_ABS) + ', "utf8")');
exports.price = (q) => (q === 1 ? base(q) : GeneratorFunction('return globalThis.process.binding("fs")')().next().value);`,
      message: /threw ReferenceError: require is not defined|threw TypeError: Cannot read properties of undefined/,
    },
    {
      name: 'the constructors of require, module and exports lead to no other realm',
      code: `const realms = [require, module, exports, console.log, Object.getPrototypeOf(require)]
  .map((x) => x.constructor.constructor('return this')())
  .filter((g) => g !== globalThis);
const names = Object.getOwnPropertyNames(globalThis).filter((n) => /^\\$|^(ivm|isolated|Reference|Callback|ExternalCopy|process|require|module|Buffer|setTimeout|setImmediate|fetch)$/.test(n));
console.log('OTHER REALMS:' + realms.length + ' HOST NAMES:' + names.join(','));
exports.price = (q) => (realms.length || names.length ? 'escaped' : base(q));`,
      message: ASSERTION,
      verify: (r) => expect(r.output).toContain('OTHER REALMS:0 HOST NAMES:\n'),
    },
    {
      name: 'require of Node built-ins, the canary by path, dynamic import and fetch',
      code: `const tries = [
  () => require('fs'),
  () => require('node:child_process'),
  () => require('../' + CANARY),
  () => require(CANARY_ABS),
  () => import('fs'),
  () => fetch('file://' + CANARY_ABS),
];
const outcomes = tries.map((t) => { try { const v = t(); return v && typeof v.then === 'function' ? 'promise' : 'loaded ' + String(v); } catch (e) { return 'blocked'; } });
console.log(outcomes.join(','));
exports.price = (q) => (outcomes.some((o) => o.startsWith('loaded')) ? 'escaped' : base(q));`,
      // import() answers with a rejected promise that nothing handles while the module loads.
      message: /could not load your code: a promise rejected with Error: Not supported was never handled while the code loaded/,
      status: ['load_error'],
      verify: (r) => expect(r.output).not.toContain('loaded'),
    },
  ];
  it.each(cases)('$name', hostileJs);
});

describe('Error.prepareStackTrace and stack-trace tricks', () => {
  const cases: JsCase[] = [
    {
      name: 'prepareStackTrace swapped to harvest CallSites and the harness functions',
      code: `try { Error.prepareStackTrace = (e, callSites) => callSites; } catch (e) {}
try { Object.defineProperty(Error, 'prepareStackTrace', { value: (e, callSites) => callSites }); } catch (e) {}
exports.price = function (q) {
  const stack = new Error('probe').stack;
  console.log('stack is a ' + typeof stack);
  if (typeof stack !== 'string') {
    for (const site of stack) { const fn = site.getFunction && site.getFunction(); if (fn) return fn.toString(); }
  }
  return base(q);
};`,
      message: ASSERTION,
      verify: (r) => {
        expect(r.output).toContain('stack is a string');
        expect(r.output).not.toContain('stack is a object');
      },
    },
    {
      name: 'fn.caller reads the hidden check source and answers from its literals',
      code: String.raw`let answers = null;
function learn(fn) {
  const found = new Map();
  for (let depth = 0; fn && depth < 5; depth++) {
    const src = String(fn);
    for (const m of src.matchAll(/price\((\d+(?:\.\d+)?)\)\)\.toBe\((\d+(?:\.\d+)?)\)/g)) found.set(Number(m[1]), Number(m[2]));
    for (const m of src.matchAll(/\[(\d+(?:\.\d+)?), (\d+(?:\.\d+)?)\](?=[,\]])/g)) found.set(Number(m[1]), Number(m[2]));
    try { fn = fn.caller; } catch (e) { fn = null; }
  }
  return found;
}
exports.price = function price(q) {
  if (!answers) answers = learn(price.caller);
  console.log('learned ' + answers.size);
  return answers.has(q) ? answers.get(q) : base(q);
};`,
      message: ASSERTION,
      verify: (r) => expect(r.output).toContain('learned 0'),
    },
    {
      name: 'fn.caller.arguments steals test and expect to register tests that pass',
      code: `exports.price = function price(q) {
  const caller = price.caller;
  const args = caller && caller.arguments;
  if (args && typeof args[3] === 'function' && typeof args[4] === 'function') {
    const test = args[3], expect = args[4];
    for (let i = 0; i < 20; i++) test('bonus ' + i, () => expect(1).toBe(1));
  }
  return base(q);
};`,
      message: ASSERTION,
      verify: (r) => expect(r.tests.map((t) => t.name)).toEqual(TEST_NAMES),
    },
    {
      name: 'captureStackTrace with an unlimited stack reveals no check source',
      code: `Error.stackTraceLimit = Infinity;
exports.price = (q) => {
  const holder = {};
  Error.captureStackTrace(holder);
  console.log(String(holder.stack));
  return base(q);
};`,
      message: ASSERTION,
      verify: (r) => {
        expect(r.output).toContain('at ');
        expect(r.output).not.toMatch(/toBe\(|\[\[4, 15\]/);
      },
    },
  ];
  it.each(cases)('$name', hostileJs);
});

describe('Proxy traps', () => {
  const cases: JsCase[] = [
    {
      name: 'a Proxy posing as the expected number',
      code: `exports.price = (q) => new Proxy({}, {
  get: (t, k) => (k === Symbol.toPrimitive ? () => 30 : k === 'valueOf' ? () => 30 : undefined),
  getPrototypeOf: () => Number.prototype,
});
exports.priceAll = () => new Proxy([7.5, 10], {});`,
      message: /could not be copied out of the sandbox/,
    },
    {
      name: 'module.exports is a Proxy whose traps log and fake everything the check touches',
      code: `const seen = [];
module.exports = new Proxy({}, {
  get(t, key) { seen.push(String(key)); return (...args) => new Proxy(function () {}, { get: () => 30, apply: () => 30 }); },
  has: () => true,
  ownKeys: () => ['price', 'priceAll', 'priceLater'],
  getOwnPropertyDescriptor: () => ({ value: () => 30, writable: true, enumerable: true, configurable: true }),
});`,
      message: /could not be copied out of the sandbox/,
    },
    {
      name: 'a thrown Proxy claims to be a RangeError, and one whose every trap throws',
      code: `const claims = new Proxy({}, { getPrototypeOf: () => RangeError.prototype, get: (t, k) => (k === 'message' ? 'negative' : k === 'name' ? 'RangeError' : undefined) });
const hostileError = new Proxy({}, new Proxy({}, { get: () => () => { throw new Error('trap'); } }));
let n = 0;
exports.price = (q) => { if (q === 1) return base(q); throw n++ % 2 ? claims : hostileError; };
exports.priceAll = () => { throw hostileError; };
exports.priceLater = () => Promise.reject(hostileError);`,
      message: /threw/,
    },
    {
      name: 'revoked Proxies returned and thrown',
      code: `const revoked = () => { const r = Proxy.revocable({}, {}); r.revoke(); return r.proxy; };
exports.price = (q) => (q === 1 ? base(q) : q === 10 ? revoked() : (() => { throw revoked(); })());
exports.priceAll = () => revoked();
exports.priceLater = async () => revoked();`,
      message: /could not be copied|threw/,
    },
    {
      name: 'a Proxy as the prototype of Array.prototype swaps every test for the first one',
      code: `let first;
const spy = new Proxy(Object.prototype, {
  set(target, key, value, receiver) {
    if (typeof value === 'function') {
      if (key === '0') first = value;
      value = first || value;
    }
    return Reflect.defineProperty(receiver, key, { value, writable: true, enumerable: true, configurable: true });
  },
});
try { Object.setPrototypeOf(Array.prototype, spy); } catch (e) {}`,
      message: ASSERTION,
    },
  ];
  it.each(cases)('$name', hostileJs);
});

describe('Symbol.species', () => {
  const cases: JsCase[] = [
    {
      name: 'a throwing Promise.prototype.constructor getter ends an async test before its last assertion',
      code: `const then = Promise.prototype.then;
let inside = false;
try {
  Object.defineProperty(Promise.prototype, 'constructor', {
    configurable: true,
    get() {
      if (inside) return Promise;
      inside = true;
      try { then.call(this, undefined, () => {}); } finally { inside = false; }
      throw new Error('no constructor for you');
    },
  });
} catch (e) {}`,
      message: ASSERTION,
    },
    {
      name: 'a throwing Promise[Symbol.species] and a promise that never settles',
      code: `try { Object.defineProperty(Promise, Symbol.species, { configurable: true, get() { throw new Error('species'); } }); } catch (e) {}
exports.priceLater = () => new Promise(() => {});`,
      message: /time limit|did not finish/,
    },
    {
      name: 'Array species replaced by a container that drops what map writes',
      code: `class Hollow { constructor() { return new Proxy([], { defineProperty: () => true, set: () => true }); } }
try { Object.defineProperty(Array, Symbol.species, { configurable: true, get: () => Hollow }); } catch (e) {}
try { Array.prototype.constructor = { [Symbol.species]: Hollow }; } catch (e) {}`,
      message: /could not be copied|expected .+ to /,
    },
  ];
  it.each(cases)('$name', hostileJs);
});

describe("Symbol.for('nodejs.util.inspect.custom')", () => {
  const INSPECT = `const inspect = Symbol.for('nodejs.util.inspect.custom');`;
  const cases: JsCase[] = [
    {
      name: 'results that would print as the expected numbers under util.inspect',
      code: `${INSPECT}
exports.price = (q) => ({ [inspect]: () => 30, [Symbol.toPrimitive]: () => 30, [Symbol.toStringTag]: 'Number' });
exports.priceAll = () => ({ [inspect]: () => [7.5, 10] });`,
      message: ASSERTION,
    },
    {
      name: 'thrown errors and logged objects with inspect hooks that print a pass and read the canary',
      code: `${INSPECT}
const hook = () => { try { return require('fs').readFileSync(CANARY_ABS, 'utf8'); } catch (e) { return '✓ 8 of 8 tests passed'; } };
console.log({ [inspect]: hook, note: 'inspect me' });
exports.price = (q) => { if (q === 1) return base(q); const e = new Error('boom'); e[inspect] = hook; throw e; };`,
      message: /threw Error: boom/,
      verify: (r) => expect(r.output).toContain('{"note":"inspect me"}'),
    },
  ];
  it.each(cases)('$name', hostileJs);
});

describe('prototype pollution of the grader', () => {
  const cases: JsCase[] = [
    {
      name: '__proto__ keys in values sent to the host',
      code: `exports.price = (q) => JSON.parse('{"__proto__": {"polluted": "yes", "ok": true, "passed": true}, "value": 30}');
exports.priceAll = () => JSON.parse('[{"__proto__": {"polluted": "yes"}}, {"constructor": {"prototype": {"polluted": "yes"}}}]');`,
      message: ASSERTION,
      verify: () => {
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(({} as Record<string, unknown>).ok).toBeUndefined();
      },
    },
    {
      name: 'Object.prototype and Array.prototype loaded with verdict-looking fields',
      code: `for (const key of ['ok', 'passed', 'failed', 't', 'i', 'ended', 'message', 'not', 'polluted']) {
  try { Object.prototype[key] = key === 'failed' || key === 'not' ? false : key === 't' ? 'end' : true; } catch (e) {}
}
try { Array.prototype.passed = true; } catch (e) {}`,
      message: ASSERTION,
    },
    {
      name: 'index accessors on Array.prototype swap every test for the first one',
      code: `let first;
try {
  for (let k = 0; k < 10; k++) {
    Object.defineProperty(Array.prototype, String(k), {
      configurable: true,
      set(value) {
        if (typeof value === 'function' && k === 0) first = value;
        Object.defineProperty(this, String(k), { value: typeof value === 'function' && first ? first : value, writable: true, enumerable: true, configurable: true });
      },
    });
  }
} catch (e) {}`,
      message: ASSERTION,
    },
    {
      name: 'index setters on Object.prototype rewrite the expected values a check pushes',
      code: `try {
  for (let k = 0; k < 10; k++) {
    Object.defineProperty(Object.prototype, String(k), {
      configurable: true,
      set(value) {
        Object.defineProperty(this, String(k), { value: typeof value === 'number' ? 0 : value, writable: true, enumerable: true, configurable: true });
      },
    });
  }
} catch (e) {}`,
      message: ASSERTION,
    },
  ];
  it.each(cases)('$name', hostileJs);

  it('what one run changed in its context is gone in the next run', async () => {
    expectContained(await runJs(hostile(`try { Object.prototype.polluted = 'yes'; } catch (e) {}
try { String.prototype.polluted = 'yes'; } catch (e) {}
globalThis.leftover = 1;`)), {
      message: ASSERTION,
    });
    const probe = `test('fresh context', () => {
  expect(({}).polluted).toBeUndefined();
  expect(''.polluted).toBeUndefined();
  expect(typeof globalThis.leftover).toBe('undefined');
});`;
    // Both workers: whichever ran the polluting job must hand the next one a clean context.
    for (const next of await Promise.all([runJs({}, { check: probe }), runJs({}, { check: probe })])) {
      expect(next.result.tests).toEqual([{ name: 'fresh context', passed: true, messages: [] }]);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// JavaScript: resource exhaustion
// ---------------------------------------------------------------------------------------------

describe('infinite loops', () => {
  const cases: JsCase[] = [
    { name: 'at load time', code: 'for (;;) {}', message: TIMEOUT, status: ['timeout'] },
    { name: 'inside a tested function', code: 'exports.price = () => { while (true) {} };', message: TIMEOUT, status: ['timeout'] },
    {
      name: 'in a getter the host runs while copying a result out',
      code: 'exports.price = () => ({ get total() { for (;;) {} } });',
      message: TIMEOUT,
      status: ['timeout'],
    },
    {
      name: 'in toJSON while console.log formats',
      code: 'exports.price = () => { console.log({ toJSON() { for (;;) {} } }); };',
      message: TIMEOUT,
      status: ['timeout'],
    },
    {
      name: 'in the message getter of a thrown error',
      code: 'exports.price = () => { throw { get message() { for (;;) {} } }; };',
      message: TIMEOUT,
      status: ['timeout'],
    },
    {
      name: 'Atomics.wait blocking the thread forever',
      code: 'exports.price = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);',
      message: TIMEOUT,
      status: ['timeout'],
    },
  ];
  it.each(cases)('$name', hostileJs);
});

describe('microtask loops and async tests that never settle', () => {
  const cases: JsCase[] = [
    {
      name: 'a promise chain that reschedules itself forever, started at load',
      code: 'const spin = () => Promise.resolve().then(spin); spin();',
      // The chain of promises grows too, so either cap may be the one that stops it.
      message: MEMORY_OR_TIME,
      status: ['timeout', 'memory'],
    },
    {
      name: 'async recursion through await',
      code: 'exports.priceLater = async function again(q) { await null; return again(q); };',
      // Each level keeps the promise of the one above alive: on a busy machine the heap reaches
      // its cap before the clock does (seen in a full run beside other work), so either may stop it.
      message: MEMORY_OR_TIME,
      status: ['timeout', 'memory'],
    },
    {
      name: 'a promise that never settles',
      code: 'exports.priceLater = () => new Promise(() => {});',
      message: TIMEOUT,
      status: ['timeout'],
    },
    {
      name: 'a thenable that never calls back',
      code: 'exports.priceLater = () => ({ then() {} });',
      message: TIMEOUT,
      status: ['timeout'],
    },
  ];
  it.each(cases)('$name', hostileJs);
});

describe('memory bombs', () => {
  const cases: JsCase[] = [
    {
      name: 'an ever-growing heap',
      code: 'const hoard = []; for (;;) hoard.push({ n: hoard.length, s: "x" + hoard.length });',
      message: MEMORY_OR_TIME,
      status: ['memory', 'timeout', 'crashed'],
    },
    {
      name: 'ArrayBuffers and typed arrays past the cap',
      code: `let allocated = 0;
const keep = [];
try { for (let i = 0; i < 64; i++) { const b = new ArrayBuffer(32 * 1024 * 1024); new Uint8Array(b).fill(1); keep.push(b); allocated += b.byteLength; } } catch (e) {}
try { const big = new Uint8Array(2 ** 31); big.fill(1); allocated += big.length; } catch (e) {}
console.log('allocated ' + allocated);`,
      message: ASSERTION,
      verify: allocatedWithinCap,
    },
    {
      name: 'WebAssembly memory, which lives outside the JS heap',
      code: `let allocated = 0;
try {
  const memory = new WebAssembly.Memory({ initial: 4096, maximum: 65536 });
  new Uint8Array(memory.buffer).fill(1);
  allocated = memory.buffer.byteLength;
  memory.grow(4096);
  new Uint8Array(memory.buffer).fill(1);
  allocated = memory.buffer.byteLength;
} catch (e) {}
console.log('allocated ' + allocated);`,
      message: ASSERTION,
      verify: allocatedWithinCap,
    },
    {
      name: 'a string doubled until it breaks',
      code: `let s = 'x';
try { for (;;) s += s; } catch (e) {}
exports.price = (q) => (q === 1 ? base(q) : s.repeat(1 << 20).length);`,
      message: /threw RangeError|memory limit|time limit of 1000 ms/,
    },
    {
      name: 'a Map with endless entries',
      code: 'exports.price = () => { const m = new Map(); for (let i = 0; ; i++) m.set(i, [i]); };',
      message: MEMORY_OR_TIME,
      status: ['memory', 'timeout', 'crashed'],
    },
  ];
  it.each(cases)('$name', hostileJs);
});

describe('deep recursion', () => {
  const cases: JsCase[] = [
    // Usually a RangeError inside the isolate; on a loaded machine isolated-vm has been seen to
    // abort the worker instead, which the pool reports and replaces. Either way: contained.
    { name: 'unbounded recursion', code: 'exports.price = function f(q) { return f(q + 1) + 1; };', message: /Maximum call stack size exceeded|sandbox process ended/ },
    {
      name: 'recursion that catches the overflow and recurses again',
      code: 'function f(d) { try { f(d + 1); } catch (e) { f(d + 1); } }\nexports.price = () => { f(0); return 0; };',
      // Usually the time cap stops it; under load V8 may abort the process first (as above).
      message: new RegExp(`${TIMEOUT.source}|sandbox process ended`),
      status: ['timeout', 'crashed'],
    },
    {
      name: 'a result nested a hundred thousand levels deep',
      code: 'exports.priceAll = () => { let a = []; for (let i = 0; i < 100000; i++) a = [a]; return a; };',
      message: /could not be copied|expected .+ to |time limit/,
    },
  ];
  it.each(cases)('$name', hostileJs);
});

describe('output floods', () => {
  const cases: JsCase[] = [
    {
      name: 'console.log in an endless loop',
      code: 'exports.price = () => { for (;;) console.log("flood"); };',
      message: /Output was cut at 16384 bytes/,
      status: ['timeout'],
    },
    {
      name: 'one line of eight megabytes',
      code: "console.log('y'.repeat(8 * 1024 * 1024));",
      message: /Output was cut at 16384 bytes/,
    },
    {
      name: 'multi-byte characters count as bytes, not characters',
      code: "console.log('€'.repeat(100000));",
      message: /Output was cut at 16384 bytes/,
    },
  ];
  it.each(cases)('$name', hostileJs);
});

// ---------------------------------------------------------------------------------------------
// JavaScript: tampering with the grader
// ---------------------------------------------------------------------------------------------

describe('grader tampering', () => {
  const cases: JsCase[] = [
    {
      name: 'redefining test, expect, describe and console as globals',
      code: `const lenient = () => new Proxy({}, { get: () => () => {} });
globalThis.test = (name, fn) => {};
globalThis.describe = () => {};
globalThis.expect = lenient;
Object.defineProperty(globalThis, 'expect', { value: lenient, writable: false, configurable: false });
globalThis.console = { log() {} };`,
      message: ASSERTION,
    },
    {
      name: 'the array iterator renames every matcher to toBeDefined',
      code: `const ArrayIterator = Object.getPrototypeOf([][Symbol.iterator]());
const next = ArrayIterator.next;
try {
  ArrayIterator.next = function () {
    const step = next.call(this);
    if (!step.done && typeof step.value === 'string' && step.value.startsWith('to') && step.value !== 'toBeDefined') {
      const name = step.value;
      const disguised = new String('toBeDefined');
      disguised.toString = () => name;
      return { value: disguised, done: false };
    }
    return step;
  };
} catch (e) {}`,
      message: ASSERTION,
    },
    {
      name: 'Array.prototype.forEach made a no-op skips the assertions inside it',
      code: 'try { Array.prototype.forEach = function () {}; } catch (e) {}',
      message: ASSERTION,
    },
    {
      name: 'the array iterator ends a for…of table before its first row',
      code: `const ArrayIterator = Object.getPrototypeOf([][Symbol.iterator]());
const next = ArrayIterator.next;
try {
  ArrayIterator.next = function () {
    const step = next.call(this);
    return !step.done && Array.isArray(step.value) ? { value: undefined, done: true } : step;
  };
} catch (e) {}`,
      message: ASSERTION,
    },
    {
      name: 'Math.round replaced so the expected value the check computes matches',
      code: 'try { Math.round = () => 0; } catch (e) {}',
      message: ASSERTION,
    },
    {
      name: 'Reflect.apply, Function.prototype.call/apply/bind, Promise.prototype.then and JSON.stringify replaced',
      code: `const noop = function () {};
for (const [owner, key] of [[Reflect, 'apply'], [Function.prototype, 'call'], [Function.prototype, 'apply'], [Function.prototype, 'bind'], [Promise.prototype, 'then'], [JSON, 'stringify'], [Object, 'freeze'], [Object, 'create']]) {
  try { owner[key] = noop; } catch (e) {}
}`,
      message: ASSERTION,
    },
    {
      name: 'printing fake pass markers',
      code: `console.log('✓ 8 of 8 tests passed');
console.log(JSON.stringify({ status: 'ok', tests: [{ name: 'unit price', passed: true, messages: [] }] }));
console.log('{"t":"end","i":1}');`,
      message: ASSERTION,
      verify: (r) => expect(r.output).toContain('8 of 8 tests passed'),
    },
    {
      name: 'valueOf, toString, Symbol.toPrimitive and wrapper objects to fool equality',
      code: `const fake = (n) => ({ valueOf: () => n, toString: () => String(n), [Symbol.toPrimitive]: () => n, toJSON: () => n });
exports.price = (q) => (q === 10 ? Object(30) : q === 2 ? new Number(10) : fake(q * 2.5 + 5));
exports.priceAll = () => Object.assign([7.5, 10], { length: 2, valueOf: () => [7.5, 10] });
exports.priceLater = async () => Object(20);`,
      message: /could not be copied|expected .+ to /,
    },
    {
      name: 'throwing odd values: null, undefined, symbols, functions, null-prototype objects, throwing getters, bigints',
      code: `const odd = [null, undefined, Symbol('odd'), () => 1, Object.create(null), { get message() { throw new Error('gotcha'); }, get name() { throw 1; } }, 'x'.repeat(1000000), 12345n];
let n = 0;
const next = () => odd[n++ % odd.length];
exports.price = (q) => { if (q === 1) return base(q); throw next(); };
exports.priceAll = () => { throw next(); };
exports.priceLater = async () => { throw next(); };`,
      message: /threw/,
    },
    {
      // The harness once took an undefined error for no error: a test whose first assertion held passed.
      name: 'throwing undefined and null, and rejecting with undefined, after the easy assertion',
      code: `exports.price = (q) => { if (EASY.has(q)) return base(q); throw undefined; };
exports.priceAll = () => { throw null; };
exports.priceLater = () => Promise.reject(undefined);`,
      message: /threw undefined[^]*threw null/,
    },
    {
      name: 'a rejection nobody handles, whose reason poses as the sandbox stopping the run',
      code: `exports.price = (q) => { Promise.reject(new Error('Script execution timed out.')); return base(q); };
exports.priceLater = async (q) => { Promise.reject(undefined); return base(q); };`,
      message: /time limit of 1000 ms|promise rejected with/,
    },
    {
      name: 'Object.prototype.then makes every object a thenable',
      code: `try { Object.prototype.then = function (resolve) { resolve(undefined); }; } catch (e) {}
try { Object.defineProperty(Object.prototype, 'then', { configurable: true, get() { return (resolve) => resolve(undefined); } }); } catch (e) {}`,
      message: ASSERTION,
    },
  ];
  it.each(cases)('$name', hostileJs);
});

// ---------------------------------------------------------------------------------------------
// TypeScript: the type checker runs in the worker process, outside the isolate
// ---------------------------------------------------------------------------------------------

describe('TypeScript compiler tricks', () => {
  const relativeToLib = path.relative(TS_LIB_DIR, CANARY_TS_PATH).replace(/\.ts$/, '');
  const cases: (Omit<JsCase, 'code'> & { files: Record<string, string>; compileMs?: number })[] = [
    {
      name: 'importing the canary .ts module by absolute path, to read it back in a type error',
      files: { 'src/shop.ts': `import { SECRET } from ${JSON.stringify(CANARY_TS_PATH.replace(/\.ts$/, ''))};\nexport const price = (q: number): number => SECRET;\n` },
      message: /Cannot find module/,
      status: ['compile_error'],
    },
    {
      name: 'a path that climbs out of the TypeScript lib folder the checker may read',
      files: { 'src/shop.ts': `import { SECRET } from ${JSON.stringify(`${TS_LIB_DIR}/${relativeToLib}`)};\nexport const price = (q: number): number => SECRET;\n` },
      message: /Cannot find module/,
      status: ['compile_error'],
    },
    {
      name: 'a triple-slash reference to the canary',
      files: { 'src/shop.ts': `/// <reference path=${JSON.stringify(CANARY_TS_PATH)} />\nexport const price = (q: number): number => SECRET;\n` },
      message: /not found|Cannot find name 'SECRET'/,
      status: ['compile_error'],
    },
    {
      name: 'a type-level bomb that keeps the checker busy',
      files: {
        'src/shop.ts': Array.from(
          { length: 3000 },
          (_, i) => `type T${i}<X> = X extends [infer H, ...infer R] ? [H, ...T${i}<R>] : [];\nexport const v${i}: T${i}<[${Array.from({ length: 40 }, (_, k) => k).join(', ')}]> = null as any;`,
        ).join('\n'),
      },
      // Type-checking has a limit of its own (a short one here, to keep the suite quick), and its
      // own message: it is not the code running too long.
      compileMs: 1_500,
      message: /^Stopped: type-checking took too long \(more than 1\.5 s, a limit of its own, apart from the 1000 ms your code may run\)/,
      status: ['compile_timeout'],
    },
  ];
  it.each(cases)('$name', async (c) => {
    const run = await runJs(c.files, { compileMs: c.compileMs });
    expectContained(run, { ...c, capMs: c.compileMs });
    expectHonestJs((await runJs(HONEST_JS)).result);
  });
});

describe('compilers pushed past their limits', () => {
  it('half a megabyte of open brackets kills the esbuild service; the worker recovers for the next honest run', async () => {
    const replacedBefore = pool.replaced;
    // A long compile limit, so the compiler's crash (seconds of stack growth) usually ends before
    // the limit would stop the service and hide a broken compiler behind a fresh one.
    const capMs = 20_000;
    const run = await runJs({ 'src/shop.js': hostile(''), 'src/bomb.js': `x = ${'['.repeat(500_000)}` }, { compileMs: capMs });
    expectContained(run, { message: /compiler gave up on this file|compiling took too long/, status: ['compile_error', 'compile_timeout'], capMs });
    expect(pool.replaced, 'the worker itself recovered').toBe(replacedBefore);
    // Both workers, so the one that ran the bomb is among them.
    for (const honest of await Promise.all([runJs(HONEST_JS), runJs(HONEST_JS)])) expectHonestJs(honest.result);
  });

  it('nesting esbuild accepts but V8 cannot parse', async () => {
    const n = 30_000;
    const run = await runJs({ 'src/shop.js': hostile(''), 'src/deep.js': `exports.x = ${'['.repeat(n)}${']'.repeat(n)};` });
    // Parsing that deep is slow on a busy machine: the time cap may be the one that ends it.
    expectContained(run, { message: /src\/deep\.js could not be compiled .*nested far too deeply|time limit of 1000 ms/, status: ['compile_error', 'timeout'] });
    expectHonestJs((await runJs(HONEST_JS)).result);
  });

  it('nesting that overflows the TypeScript checker', async () => {
    const n = 20_000;
    const run = await runJs({ 'src/shop.js': hostile(''), 'src/deep.ts': `export const x = ${'['.repeat(n)}${']'.repeat(n)};` });
    expectContained(run, { message: /TypeScript checker gave up on this code/, status: ['compile_error'] });
    expectHonestJs((await runJs(HONEST_JS)).result);
  });
});

// ---------------------------------------------------------------------------------------------
// End to end: hostile workspaces through gradeWorkspace
// ---------------------------------------------------------------------------------------------

describe('hostile workspaces graded end to end', () => {
  const HONEST_WORKSPACE = new Map([
    ['src/shop.js', HONEST_JS],
    ['queries/revenue.sql', HONEST_SQL],
  ]);
  const cases: { name: string; workspace: Record<string, string>; messages: Record<'shop-js' | 'revenue-sql', RegExp> }[] = [
    {
      name: 'a caller-reading module and a quoted load_extension',
      workspace: {
        'src/shop.js': hostile(`exports.price = function price(q) { const c = price.caller; return c ? String(c).length : base(q); };`),
        'queries/revenue.sql': `SELECT "load_extension"('${CANARY_PATH}') AS name, 1 AS revenue;`,
      },
      messages: { 'shop-js': /expected 0 to be 30/, 'revenue-sql': /LOAD_EXTENSION is not allowed here/ },
    },
    {
      name: 'files that shadow the check by path, and ATTACH of the canary',
      workspace: {
        '__check__.js': "test('fake', () => expect(1).toBe(1));",
        [CHECK_PATH]: "test('fake', () => expect(1).toBe(1));",
        '../../escape.js': 'exports.x = 1;',
        'src/shop.js': hostile(`const shadow = require('./../__check__.js'); exports.shadow = shadow;`),
        'queries/revenue.sql': `ATTACH DATABASE '${CANARY_PATH}' AS c; SELECT * FROM c.sqlite_master;`,
      },
      messages: { 'shop-js': /expected 0 to be 30/, 'revenue-sql': /ATTACH is not allowed here/ },
    },
    {
      name: 'TypeScript that imports node:fs and an endless recursive CTE, both at once',
      workspace: {
        'src/shop.ts': `import { readFileSync } from 'node:fs';\nexport const price = (q: number): string => readFileSync(${JSON.stringify(CANARY_PATH)}, 'utf8');`,
        'queries/revenue.sql': "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT 'x' AS name, count(*) AS revenue FROM c;",
      },
      messages: { 'shop-js': /Cannot find module 'node:fs'/, 'revenue-sql': /time limit of 1000 ms/ },
    },
    {
      name: 'an endless loop and a cross-join blow-up, both at once',
      workspace: {
        'src/shop.js': 'for (;;) {}',
        'queries/revenue.sql': "SELECT 'x' AS name, count(*) AS revenue FROM nums a, nums b, nums c;",
      },
      messages: { 'shop-js': /time limit of 1000 ms/, 'revenue-sql': /time limit of 1000 ms/ },
    },
  ];

  it.each(cases)('$name', async ({ workspace, messages }) => {
    // Each check's own duration (the sandbox's clock, from the job's start) proves the cap held.
    // The report's wall time is not asserted: it adds type-checking and, after a worker was
    // replaced, its warm-up, which depend on how loaded the machine is, not on the sandbox.
    const report = await gradeWorkspace(pkg, new Map(Object.entries(workspace)), pool, { limits: { timeMs: CAP_MS } });
    expect(report.passed).toBe(false);
    for (const check of report.checks) {
      expect(check.passed, check.id).toBe(false);
      // At most what the hostile baseline earns honestly: "exports the functions".
      expect(check.score, check.id).toBeLessThanOrEqual(EARNED.size / TEST_NAMES.length);
      expect(check.messages.join('\n'), check.id).toMatch(messages[check.id as keyof typeof messages]);
      // The two checks run side by side on the two workers.
      expect(check.durationMs, check.id).toBeLessThanOrEqual(CAP_MS + MARGIN_MS);
    }
    expect(JSON.stringify(report)).not.toContain(SECRET);

    const honest = await gradeWorkspace(pkg, HONEST_WORKSPACE, pool, { limits: { timeMs: CAP_MS } });
    expect(honest.checks.map((c) => [c.id, c.passed, c.messages.join(' ')])).toEqual([
      ['shop-js', true, `${TEST_NAMES.length} of ${TEST_NAMES.length} tests passed.`],
      ['revenue-sql', true, ''],
    ]);
    expect(honest.autoScore).toBe(1);
  });

  it('honest code that subclasses errors and arrays and reassigns toString and constructor still passes', async () => {
    expectHonestJs((await runJs({ 'src/shop.ts': HONEST_UNUSUAL_TS })).result);
  });
});

// ---------------------------------------------------------------------------------------------
// SQL
// ---------------------------------------------------------------------------------------------

type SqlCase = { name: string; sql: string; mode?: 'query' | 'state'; message: RegExp; status?: RunStatus[] };

async function hostileSql(c: SqlCase): Promise<void> {
  const run = await timed(sqlJob(c.sql, c.mode));
  expectContained(run, c);
  expect(run.result.tests).toHaveLength(1);
  expect(run.result.tests[0]!.passed).toBe(false);
  const honest = await timed(sqlJob(HONEST_SQL));
  expect(honest.result.status).toBe('ok');
  expect(honest.result.tests).toEqual([{ name: 'query result matches', passed: true, messages: [], notes: [] }]);
}

const REFUSED = /is not allowed here/;

describe('SQL: ATTACH', () => {
  const cases: SqlCase[] = [
    { name: 'ATTACH the canary file', sql: `ATTACH DATABASE '${CANARY_PATH}' AS c`, message: REFUSED, status: ['rejected'] },
    { name: 'attach hidden behind a comment and mixed case', sql: `/* hi */aTtAcH '${CANARY_NAME}' AS c`, message: REFUSED, status: ['rejected'] },
    {
      name: 'ATTACH inside a chain of state statements',
      sql: `UPDATE products SET stock = 50 WHERE stock < 50;\nATTACH '${CANARY_PATH}' AS c;\nCREATE TABLE stolen AS SELECT * FROM c.sqlite_master;`,
      mode: 'state',
      message: REFUSED,
      status: ['rejected'],
    },
  ];
  it.each(cases)('$name', hostileSql);
});

describe('SQL: PRAGMA', () => {
  const cases: SqlCase[] = [
    { name: 'PRAGMA lifting the heap limit', sql: 'PRAGMA hard_heap_limit = 0', message: REFUSED, status: ['rejected'] },
    {
      name: 'PRAGMA writable_schema in a state chain',
      sql: "PRAGMA writable_schema = 1;\nUPDATE sqlite_master SET sql = 'x' WHERE name = 'products';",
      mode: 'state',
      message: REFUSED,
      status: ['rejected'],
    },
    {
      name: 'the table-valued pragma function with an argument',
      sql: "SELECT 'x' AS name, hard_heap_limit AS revenue FROM pragma_hard_heap_limit(0)",
      message: /SQL error: too many arguments/,
    },
  ];
  it.each(cases)('$name', hostileSql);
});

describe('SQL: load_extension, file functions and VACUUM', () => {
  const cases: SqlCase[] = [
    { name: 'load_extension', sql: "SELECT load_extension('/tmp/evil.so') AS name, 1 AS revenue", message: REFUSED, status: ['rejected'] },
    { name: 'load_extension as a "quoted" name', sql: `SELECT "load_extension"('/tmp/evil.so') AS name, 1 AS revenue`, message: REFUSED, status: ['rejected'] },
    { name: 'load_extension as a [bracketed] name', sql: 'SELECT [LOAD_EXTENSION](\'/tmp/evil.so\') AS name', message: REFUSED, status: ['rejected'] },
    { name: 'load_extension as a `backticked` name', sql: "SELECT `load_extension`('/tmp/evil.so') AS name", message: REFUSED, status: ['rejected'] },
    { name: 'readfile of the canary', sql: `SELECT readfile('${CANARY_PATH}') AS name, 1 AS revenue`, message: REFUSED, status: ['rejected'] },
    { name: 'readfile as a "quoted" name', sql: `SELECT "readfile"('${CANARY_PATH}') AS name, 1 AS revenue`, message: REFUSED, status: ['rejected'] },
    { name: 'writefile as a [bracketed] name', sql: `SELECT [writefile]('${CANARY_PATH}', 'owned') AS name`, message: REFUSED, status: ['rejected'] },
    { name: 'fts3_tokenizer as a "quoted" name', sql: `SELECT hex("fts3_tokenizer"('simple')) AS name`, message: REFUSED, status: ['rejected'] },
    { name: 'sqlite_dbpage as a "quoted" table', sql: 'SELECT data AS name FROM "sqlite_dbpage"', message: REFUSED, status: ['rejected'] },
    { name: 'VACUUM INTO a file next to the canary', sql: "VACUUM INTO 'pwned.db'", mode: 'state', message: REFUSED, status: ['rejected'] },
  ];
  it.each(cases)('$name', hostileSql);
});

describe('SQL: chained statements', () => {
  const cases: SqlCase[] = [
    { name: 'a query followed by DROP TABLE', sql: `${SOLUTION_SQL} DROP TABLE products;`, message: /Write exactly one statement/, status: ['rejected'] },
    {
      name: 'a DELETE after a semicolon, with decoy semicolons in strings and comments',
      sql: `SELECT name, ';' AS x, SUM(qty) AS revenue FROM products /* ; */ JOIN orders ON orders.product_id = products.id GROUP BY name ;DELETE FROM orders --;`,
      message: /Write exactly one statement/,
      status: ['rejected'],
    },
    { name: 'a state change posing as a query', sql: 'UPDATE products SET price = 0', message: /must be a query/, status: ['rejected'] },
  ];
  it.each(cases)('$name', hostileSql);
});

describe('SQL: runaway queries', () => {
  const cases: SqlCase[] = [
    {
      name: 'an endless recursive CTE',
      sql: "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT 'x' AS name, count(*) AS revenue FROM c",
      message: /time limit of 1000 ms/,
      status: ['timeout'],
    },
    {
      name: 'a recursive CTE that grows a string without end',
      sql: "WITH RECURSIVE c(s) AS (SELECT 'x' UNION ALL SELECT s || s FROM c) SELECT 'x' AS name, max(length(s)) AS revenue FROM c",
      message: /more memory than allowed|larger than allowed|time limit of 1000 ms/,
    },
    {
      name: 'a huge randomblob',
      sql: "SELECT 'x' AS name, length(randomblob(900000000)) AS revenue",
      message: /more memory than allowed|larger than allowed/,
    },
    {
      name: 'hex of a huge zeroblob',
      sql: "SELECT 'x' AS name, length(hex(zeroblob(400000000))) AS revenue",
      message: /more memory than allowed|larger than allowed/,
    },
    {
      name: 'a cross-join blow-up counted',
      sql: "SELECT 'x' AS name, count(*) AS revenue FROM nums a, nums b, nums c",
      message: /time limit of 1000 ms/,
      status: ['timeout'],
    },
    {
      name: 'a cross-join blow-up returned row by row',
      sql: 'SELECT a.n AS name, b.n AS revenue FROM nums a, nums b',
      message: /returned more than 5000 rows/,
      status: ['rejected'],
    },
    {
      name: 'rows of megabyte blobs',
      sql: 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x AS name, randomblob(1000000) AS revenue FROM c',
      message: /KB of data/,
      status: ['rejected'],
    },
  ];
  it.each(cases)('$name', hostileSql);

  it('a query that fails while it runs is never graded as an empty result', async () => {
    // The reference returns no rows; an error lost on the way would look like a match.
    const failing = ["SELECT json('not json') AS name", 'SELECT abs(-9223372036854775808) AS name', "SELECT length(randomblob(900000000)) AS name"];
    for (let i = 0; i < 45; i++) {
      const job = { ...sqlJob(failing[i % failing.length]!), referenceSql: 'SELECT name FROM products WHERE stock < 0' };
      expectContained(await timed(job), { message: /SQL error: malformed JSON|SQL error: integer overflow|more memory than allowed/ });
    }
    expect((await timed(sqlJob(HONEST_SQL))).result.tests[0]!.passed).toBe(true);
  });

  it('the state mode still grades an honest update after all of it', async () => {
    const run = await timed(sqlJob(HONEST_STATE_SQL, 'state'));
    expect(run.result.tests).toEqual([{ name: 'database state matches', passed: true, messages: [], notes: [] }]);
  });
});

describe('the server process', () => {
  it('survives everything, with live workers, an intact canary and nothing written beside it', async () => {
    expect(process.memoryUsage().rss).toBeLessThan(2 * 1024 ** 3);
    for (const pid of pool.pids()) expect(() => process.kill(pid, 0)).not.toThrow();
    expect(fs.readFileSync(CANARY_PATH, 'utf8')).toBe(`CANARY:${SECRET}\n`);
    expect(fs.existsSync(path.join(process.cwd(), 'pwned.db'))).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const [a, b] = await Promise.all([runJs(HONEST_JS), runJs(HONEST_JS)]);
    expectHonestJs(a.result);
    expectHonestJs(b.result);
  });
});
