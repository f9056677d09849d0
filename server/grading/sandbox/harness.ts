/**
 * The test harness that runs inside the isolate, as source text. It is evaluated before any
 * student code and keeps everything it needs in its own closure:
 *  - the host callbacks (`$report`, `$log`) are captured and deleted from the global object;
 *  - the intrinsics it calls after student code has run (Reflect.apply, Promise.prototype.then,
 *    Function.prototype[Symbol.hasInstance]) are captured first, so patched prototypes change
 *    nothing for it;
 *  - `test`, `expect` and `describe` reach the check file as parameters, not globals, so student
 *    code cannot redefine what the check calls;
 *  - it never compares values itself: `expect` sends actual and expected to the host by
 *    structured clone (no getters, proxies or functions survive), and the host decides;
 *  - its own tables are null-prototype objects, so accessors or proxies student code hangs on
 *    Array.prototype or Object.prototype never see (or swap) what it stores;
 *  - the check file and student code share one realm, so before any student code loads the
 *    built-ins are locked (see lockBuiltIns): a submission cannot make the check's own
 *    `for…of`, `forEach`, `Math.round` or `await` do something else, nor reach the check's
 *    source through `fn.caller` (the host runs the check file in strict mode).
 * The host records every assertion as it happens; the harness only relays. The host also drives
 * the run: `$start` loads the check file, then `$runTest(i)` runs each test in a call (a task) of
 * its own, so a promise rejected and never handled during a test is reported against that test.
 * A test fails on anything thrown or rejected with, undefined and null included, and the message
 * names it (describeThrown).
 */
export const HARNESS_SOURCE = String.raw`
(() => {
'use strict';
const report = globalThis.$report;
const log = globalThis.$log;
const moduleFactories = Object.create(null);
delete globalThis.$report;
delete globalThis.$log;

const ReflectApply = Reflect.apply;
const PromiseCtor = Promise;
const PromiseThen = Promise.prototype.then;
const HasInstance = Function.prototype[Symbol.hasInstance];
const StringCtor = String;
const ObjectCreate = Object.create;
const ObjectFreeze = Object.freeze;
const ObjectDefineProperty = Object.defineProperty;
const ArrayIsArray = Array.isArray;
const JSONStringify = JSON.stringify;
const MATCHERS = ['toBe', 'toEqual', 'toStrictEqual', 'toBeCloseTo', 'toContain', 'toMatch', 'toHaveLength', 'toBeGreaterThan', 'toBeGreaterThanOrEqual', 'toBeLessThan', 'toBeLessThanOrEqual', 'toBeTruthy', 'toBeFalsy', 'toBeNull', 'toBeUndefined', 'toBeDefined', 'toBeNaN'];

// Stack-trace hooks are the classic way to observe harness frames: lock them off.
ObjectDefineProperty(Error, 'prepareStackTrace', { value: undefined, writable: false, configurable: false });

function safeString(value) {
  try {
    if (typeof value === 'string') return value;
    if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return StringCtor(value);
    return '[' + typeof value + ']';
  } catch (e) {
    return '[unprintable]';
  }
}

function send(message) {
  try {
    return report(message);
  } catch (e) {
    return undefined;
  }
}

// console: formatting may run student toString(); that is their own output.
function format(args) {
  let out = '';
  for (let i = 0; i < args.length; i++) {
    let part;
    const v = args[i];
    try {
      if (typeof v === 'string') part = v;
      else if (typeof v === 'object' && v !== null) part = JSONStringify(v);
      else part = StringCtor(v);
    } catch (e) {
      part = '[unprintable]';
    }
    out += (i > 0 ? ' ' : '') + part;
  }
  return out;
}
const consoleObject = ObjectCreate(null);
for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
  consoleObject[level] = function () {
    const line = format(arguments);
    try { log(line); } catch (e) {}
  };
}
globalThis.console = ObjectFreeze(consoleObject);

// --- a tiny CommonJS loader over the files the host compiled ---
const cache = ObjectCreate(null);
function normalize(parts) {
  const out = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p === '' || p === '.') continue;
    if (p === '..') { out.length = out.length > 0 ? out.length - 1 : 0; continue; }
    out[out.length] = p;
  }
  return out.join('/');
}
function resolve(fromDir, spec) {
  if (typeof spec !== 'string' || (spec[0] !== '.' && spec[0] !== '/')) {
    throw new Error('Cannot find module ' + JSONStringify(safeString(spec)) + ': only the workspace files can be loaded here');
  }
  const base = normalize((spec[0] === '/' ? spec : fromDir + '/' + spec).split('/'));
  const candidates = [base, base + '.js', base + '.ts', base + '.mjs', base + '.cjs', base + '/index.js', base + '/index.ts'];
  for (let i = 0; i < candidates.length; i++) {
    if (moduleFactories[candidates[i]] !== undefined) return candidates[i];
  }
  // import './quote.js' from TypeScript means quote.ts
  if (base.endsWith('.js') && moduleFactories[base.slice(0, -3) + '.ts'] !== undefined) return base.slice(0, -3) + '.ts';
  throw new Error('Cannot find module ' + JSONStringify(spec) + ' from ' + (fromDir || '.'));
}
function makeRequire(fromPath) {
  const slash = fromPath.lastIndexOf('/');
  const dir = slash >= 0 ? fromPath.slice(0, slash) : '';
  return function require(spec) {
    const path = resolve(dir, spec);
    const cached = cache[path];
    if (cached !== undefined) return cached.exports;
    const module = { exports: {} };
    cache[path] = module;
    ReflectApply(moduleFactories[path], module.exports, [module.exports, makeRequire(path), module]);
    return module.exports;
  };
}

// --- tests ---
// A null-prototype table and a counter: an index setter or a proxy on Array.prototype could
// otherwise capture the check's test functions or swap one test for another.
const tests = ObjectCreate(null);
let testCount = 0;
let prefix = '';
let running = false;
let current = -1;
let next = 0;

function test(name, fn) {
  if (running) throw new Error('test() must be called at the top level of the check file');
  const index = testCount++;
  const fullName = prefix + safeString(name);
  tests[index] = fn;
  send({ t: 'test', i: index, name: fullName });
}
function describe(name, fn) {
  const saved = prefix;
  prefix = prefix + safeString(name) + ' > ';
  try { fn(); } finally { prefix = saved; }
}

function AssertionFailure(message) { this.message = message; }

function assert(op, actual, expected, negated) {
  const i = current;
  let verdict;
  try {
    verdict = report({ t: 'assert', i: i, op: op, actual: actual, expected: expected, not: negated });
  } catch (e) {
    send({ t: 'fail', i: i, message: 'expect(' + op + '): the value could not be copied out of the sandbox (functions, proxies and symbols cannot be compared)' });
    throw new AssertionFailure('uncopyable value');
  }
  if (!verdict || verdict.ok !== true) throw new AssertionFailure(verdict && typeof verdict.message === 'string' ? verdict.message : op + ' failed');
}

function thrownInfo(error) {
  let name, message;
  try {
    if ((typeof error === 'object' && error !== null) || typeof error === 'function') {
      const m = error.message;
      const n = error.name;
      message = typeof m === 'string' ? m : undefined;
      name = typeof n === 'string' ? n : undefined;
    } else if (typeof error === 'string') {
      message = error;
    }
  } catch (e) {}
  return { name: name, message: message };
}

/**
 * What a thrown (or rejected-with) value was, in words, for any value at all: undefined, null
 * and a symbol are values a test can throw like any other, never "no error". Long text is cut
 * here so a megabyte-long message does not cross to the host whole.
 */
function describeThrown(value) {
  const cut = (text) => (text.length > 300 ? text.slice(0, 300) + '…' : text);
  try {
    const type = typeof value;
    if (value === undefined) return 'undefined';
    if (value === null) return 'null';
    if (type === 'string') return JSONStringify(cut(value));
    if (type === 'number' || type === 'boolean') return StringCtor(value);
    if (type === 'bigint') return StringCtor(value) + 'n';
    if (type === 'symbol') return cut(StringCtor(value));
    const info = thrownInfo(value);
    if (info.message !== undefined) return cut((info.name ? info.name + ': ' : '') + info.message);
    if (type === 'function') return 'a function';
    let isArray = false;
    try { isArray = ArrayIsArray(value); } catch (e) {}
    return isArray ? 'an array' : 'an object with no message';
  } catch (e) {
    return 'a value that cannot be described';
  }
}

function makeExpect(actual) {
  function matchers(negated) {
    const m = ObjectCreate(null);
    // An index loop over the harness's own table: no iterator protocol that code could patch.
    for (let k = 0; k < MATCHERS.length; k++) {
      const op = MATCHERS[k];
      m[op] = function (expected, extra) {
        assert(op, actual, op === 'toBeCloseTo' ? { value: expected, digits: extra === undefined ? 2 : extra } : expected, negated);
      };
    }
    m.toThrow = function (expected) {
      if (typeof actual !== 'function') {
        send({ t: 'fail', i: current, message: 'expect(value).toThrow() needs a function' });
        throw new AssertionFailure('toThrow needs a function');
      }
      let threw = false, info = { name: undefined, message: undefined }, what, isInstance = true;
      try { actual(); } catch (e) {
        threw = true;
        info = thrownInfo(e);
        what = describeThrown(e);
        if (typeof expected === 'function') {
          try { isInstance = ReflectApply(HasInstance, expected, [e]) === true; } catch (x) { isInstance = false; }
        }
      }
      const expectedSpec = typeof expected === 'function' ? { kind: 'class', name: safeString(expected.name), isInstance: isInstance }
        : expected === undefined ? { kind: 'any' } : { kind: 'match', value: expected };
      assert('toThrow', { threw: threw, name: info.name, message: info.message, what: what }, expectedSpec, negated);
    };
    return m;
  }
  const positive = matchers(false);
  positive.not = matchers(true);
  return ObjectFreeze(positive);
}
function expect(actual) { return makeExpect(actual); }

// threw says whether the test threw (or its promise rejected); error is only what it threw,
// which may itself be undefined.
function finish(i, threw, error) {
  if (!threw) { send({ t: 'end', i: i }); return; }
  // instanceof runs a Proxy's getPrototypeOf trap, which may throw.
  let isAssertion = false;
  try { isAssertion = error instanceof AssertionFailure; } catch (e) {}
  if (isAssertion) { send({ t: 'end', i: i, failed: true }); return; }
  send({ t: 'end', i: i, threw: true, error: describeThrown(error) });
}

/**
 * Runs test i. The host calls this once per test, each in a task of its own, so a promise that
 * is rejected and never handled is reported against the test during which it happened.
 */
function runTest(i) {
  if (!running || i !== next || i >= testCount) return;
  next = i + 1;
  current = i;
  send({ t: 'start', i: i });
  let result;
  try {
    result = ReflectApply(tests[i], undefined, []);
  } catch (e) {
    finish(i, true, e);
    return;
  }
  // Wait on a real promise through the captured then; a patched Promise.prototype changes nothing.
  // Anything else (including a thenable) counts as a synchronous result.
  if (result !== null && typeof result === 'object') {
    try {
      ReflectApply(PromiseThen, result, [
        function () { finish(i, false); },
        function (e) { finish(i, true, e); },
      ]);
      return;
    } catch (e) {}
  }
  finish(i, false);
}

// --- one realm for the check and the student: lock the built-ins before student code loads ---
// WebAssembly memory is allocated outside the isolate's heap, so the memory cap does not see
// it (a submission could take gigabytes); nothing a check needs uses it.
delete globalThis.WebAssembly;
lockBuiltIns();

/**
 * Freezes the standard built-ins (everything reachable from the global object's bindings and the
 * hidden iterator/generator prototypes) and makes those bindings read-only. Nothing a check
 * relies on can then be replaced, and no accessor or proxy can be slipped in where the check's
 * arrays and objects look up their properties. Freezing whole objects (rather than redefining
 * property by property) also keeps V8's fast paths for iteration, species and promises intact.
 * A few data properties that honest code assigns on its own objects (obj.toString = …,
 * this.name = … in an Error subclass, Child.prototype.constructor = Child) would fail if simply
 * frozen (the "override mistake"); they become accessors instead: assigning through an
 * instance defines an own property on it, assigning on the built-in itself throws.
 */
function lockBuiltIns() {
  const getProto = Object.getPrototypeOf;
  const ownKeys = Reflect.ownKeys;
  const getOwn = Object.getOwnPropertyDescriptor;
  const seen = new Set();
  const queue = [];
  const visit = (v) => {
    if (((typeof v === 'object' && v !== null) || typeof v === 'function') && !seen.has(v)) {
      seen.add(v);
      queue.push(v);
    }
  };
  const tamed = new Map();
  const tame = (obj, keys) => tamed.set(obj, keys);
  tame(Object.prototype, ['constructor', 'toString', 'toLocaleString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable']);
  tame(Function.prototype, ['constructor', 'toString']);
  tame(Error.prototype, ['constructor', 'name', 'message', 'toString']);
  const errorTypes = [EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError];
  if (typeof AggregateError === 'function') errorTypes.push(AggregateError);
  for (let k = 0; k < errorTypes.length; k++) tame(errorTypes[k].prototype, ['constructor', 'name', 'message']);

  const makeOverridable = (obj, key, desc) => {
    const value = desc.value;
    ObjectDefineProperty(obj, key, {
      get: function () { return value; },
      set: function (next) {
        if (this === obj) throw new TypeError('Cannot replace ' + StringCtor(key) + ' of a built-in: the grader depends on it');
        if ((typeof this !== 'object' || this === null) && typeof this !== 'function') return;
        ObjectDefineProperty(this, key, { value: next, writable: true, enumerable: true, configurable: true });
      },
      enumerable: desc.enumerable,
      configurable: false,
    });
  };

  const global = globalThis;
  seen.add(global);
  const globalKeys = ownKeys(global);
  for (let k = 0; k < globalKeys.length; k++) {
    const key = globalKeys[k];
    if (key === 'console') continue;
    const desc = getOwn(global, key);
    if (!('value' in desc)) continue;
    visit(desc.value);
    if (desc.configurable) ObjectDefineProperty(global, key, { value: desc.value, writable: false, enumerable: desc.enumerable, configurable: false });
  }
  // Intrinsics that no global binding leads to.
  visit(getProto([][Symbol.iterator]()));
  visit(getProto(''[Symbol.iterator]()));
  visit(getProto(new Map()[Symbol.iterator]()));
  visit(getProto(new Set()[Symbol.iterator]()));
  visit(getProto(/x/[Symbol.matchAll]('')));
  visit(getProto(function* () {}));
  visit(getProto(async function () {}));
  visit(getProto(async function* () {}));

  while (queue.length > 0) {
    const obj = queue.pop();
    visit(getProto(obj));
    const overridable = tamed.get(obj);
    const keys = ownKeys(obj);
    for (let k = 0; k < keys.length; k++) {
      const desc = getOwn(obj, keys[k]);
      if ('value' in desc) visit(desc.value);
      else { visit(desc.get); visit(desc.set); }
      if (overridable !== undefined && desc.configurable && 'value' in desc && overridable.indexOf(keys[k]) !== -1) makeOverridable(obj, keys[k], desc);
    }
    ObjectFreeze(obj);
  }
}

globalThis.$define = function (path, factory) { moduleFactories[path] = factory; };
globalThis.$runTest = runTest;
// withStack: a student's own Run, where the host maps the stack to their lines; a check's
// failure never carries one.
globalThis.$start = function (checkPath, withStack) {
  delete globalThis.$define;
  delete globalThis.$start;
  delete globalThis.$runTest;
  const module = { exports: {} };
  cache[checkPath] = module;
  try {
    ReflectApply(moduleFactories[checkPath], module.exports, [module.exports, makeRequire(checkPath), module, test, expect, describe]);
  } catch (e) {
    const info = thrownInfo(e);
    let stack;
    if (withStack === true) {
      try {
        const s = e !== null && typeof e === 'object' ? e.stack : undefined;
        if (typeof s === 'string') stack = s.slice(0, 4000);
      } catch (x) {}
    }
    send({ t: 'load_error', message: info.message !== undefined ? describeThrown(e) : 'threw ' + describeThrown(e), stack: stack });
    return;
  }
  running = true;
  send({ t: 'loaded', count: testCount });
};
})();
`;
