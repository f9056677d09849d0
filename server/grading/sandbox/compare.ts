/**
 * Host-side matchers. Values arrive here by structured clone from the isolate, so they are
 * plain data: comparing them can run no student code.
 */
export type Verdict = { ok: boolean; message: string };

export function describeValue(value: unknown, depth = 0): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}…` : value);
  if (typeof value === 'bigint') return `${value}n`;
  if (Object.is(value, -0)) return '-0';
  if (value === undefined || value === null || typeof value !== 'object') return String(value);
  if (depth > 2) return Array.isArray(value) ? '[…]' : '{…}';
  if (value instanceof Map) return `Map(${value.size})`;
  if (value instanceof Set) return `Set(${value.size})`;
  if (value instanceof Date) return `Date(${Number.isNaN(value.getTime()) ? 'invalid' : value.toISOString()})`;
  if (value instanceof RegExp) return String(value);
  if (Array.isArray(value)) {
    const items = value.slice(0, 10).map((v) => describeValue(v, depth + 1));
    return `[${items.join(', ')}${value.length > 10 ? `, … ${value.length - 10} more` : ''}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  const shown = entries.slice(0, 10).map(([k, v]) => `${k}: ${describeValue(v, depth + 1)}`);
  return `{ ${shown.join(', ')}${entries.length > 10 ? ', …' : ''} }`;
}

export function deepEqual(a: unknown, b: unknown, strict: boolean): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && Object.is(a.getTime(), b.getTime());
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- the other side may be anything; its text then differs
  if (a instanceof RegExp || b instanceof RegExp) return String(a) === String(b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (a instanceof Map || b instanceof Map) {
    if (!(a instanceof Map && b instanceof Map) || a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !deepEqual(v, b.get(k), strict)) return false;
    return true;
  }
  if (a instanceof Set || b instanceof Set) {
    if (!(a instanceof Set && b instanceof Set) || a.size !== b.size) return false;
    for (const v of a) if (![...b].some((w) => deepEqual(v, w, strict))) return false;
    return true;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  // toEqual ignores properties that are undefined, like Jest's; toStrictEqual does not.
  const keys = (o: Record<string, unknown>) => Object.keys(o).filter((k) => strict || o[k] !== undefined);
  const ka = keys(ra);
  const kb = keys(rb);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(rb, k) && deepEqual(ra[k], rb[k], strict));
}

/** `what`: the harness's words for a thrown value that is not an Error (`undefined`, `42`, `an object with no message`). */
type ThrowActual = { threw: boolean; name?: string; message?: string; what?: string };
type ThrowSpec = { kind: 'any' } | { kind: 'class'; name: string; isInstance: boolean } | { kind: 'match'; value: unknown };

function compareThrow(actual: ThrowActual, spec: ThrowSpec): Verdict {
  if (!actual.threw) return { ok: false, message: 'expected the function to throw, but it returned normally' };
  const got =
    actual.name === undefined && actual.message === undefined
      ? (actual.what ?? 'a value')
      : `${actual.name ?? 'a value'}${actual.message !== undefined ? `: ${describeValue(actual.message)}` : ''}`;
  switch (spec.kind) {
    case 'any':
      return { ok: true, message: `expected the function not to throw, but it threw ${got}` };
    case 'class':
      return spec.isInstance
        ? { ok: true, message: `expected the function not to throw ${spec.name}, but it threw ${got}` }
        : { ok: false, message: `expected the function to throw ${spec.name}, but it threw ${got}` };
    case 'match': {
      const message = actual.message ?? '';
      const ok =
        spec.value instanceof RegExp
          ? new RegExp(spec.value.source, spec.value.flags.replace(/[gy]/g, '')).test(message)
          : typeof spec.value === 'string'
            ? message.includes(spec.value)
            : false;
      return {
        ok,
        message: ok
          ? `expected the function not to throw a message matching ${describeValue(spec.value)}, but it threw ${got}`
          : `expected the function to throw a message matching ${describeValue(spec.value)}, but it threw ${got}`,
      };
    }
  }
}

/** Decides one matcher; `message` explains the failure in the form the result would take. */
export function compare(op: string, actual: unknown, expected: unknown, negated: boolean): Verdict {
  const verdict = positive(op, actual, expected);
  if (!negated) return verdict;
  // toThrow phrases its success as the negated failure already; the others read "… not to …".
  const message = op === 'toThrow' ? verdict.message : verdict.message.replace(' to ', ' not to ');
  return { ok: !verdict.ok, message };
}

function positive(op: string, actual: unknown, expected: unknown): Verdict {
  const a = describeValue(actual);
  const e = describeValue(expected);
  const result = (ok: boolean, message: string): Verdict => ({ ok, message });
  const num = (v: unknown) => (typeof v === 'number' || typeof v === 'bigint' ? v : NaN);
  switch (op) {
    case 'toBe':
      return result(Object.is(actual, expected), `expected ${a} to be ${e}`);
    case 'toEqual':
      return result(deepEqual(actual, expected, false), `expected ${a} to equal ${e}`);
    case 'toStrictEqual':
      return result(deepEqual(actual, expected, true), `expected ${a} to strictly equal ${e}`);
    case 'toBeCloseTo': {
      const { value, digits } = expected as { value: number; digits: number };
      const ok = typeof actual === 'number' && typeof value === 'number' && Math.abs(actual - value) < 10 ** -digits / 2;
      return result(ok, `expected ${a} to be close to ${describeValue(value)} (${digits} decimal places)`);
    }
    case 'toContain': {
      const ok =
        typeof actual === 'string'
          ? typeof expected === 'string' && actual.includes(expected)
          : Array.isArray(actual)
            ? actual.some((x) => Object.is(x, expected) || deepEqual(x, expected, false))
            : false;
      return result(ok, `expected ${a} to contain ${e}`);
    }
    case 'toMatch': {
      const ok =
        typeof actual === 'string' &&
        (expected instanceof RegExp
          ? new RegExp(expected.source, expected.flags.replace(/[gy]/g, '')).test(actual)
          : typeof expected === 'string' && actual.includes(expected));
      return result(ok, `expected ${a} to match ${e}`);
    }
    case 'toHaveLength': {
      const len = typeof actual === 'string' || Array.isArray(actual) ? actual.length : undefined;
      return result(len === expected, `expected ${a} to have length ${e}${len === undefined ? ' (it has no length)' : `, but it has ${len}`}`);
    }
    case 'toBeGreaterThan':
      return result(num(actual) > num(expected), `expected ${a} to be greater than ${e}`);
    case 'toBeGreaterThanOrEqual':
      return result(num(actual) >= num(expected), `expected ${a} to be at least ${e}`);
    case 'toBeLessThan':
      return result(num(actual) < num(expected), `expected ${a} to be less than ${e}`);
    case 'toBeLessThanOrEqual':
      return result(num(actual) <= num(expected), `expected ${a} to be at most ${e}`);
    case 'toBeTruthy':
      return result(Boolean(actual), `expected ${a} to be truthy`);
    case 'toBeFalsy':
      return result(!actual, `expected ${a} to be falsy`);
    case 'toBeNull':
      return result(actual === null, `expected ${a} to be null`);
    case 'toBeUndefined':
      return result(actual === undefined, `expected ${a} to be undefined`);
    case 'toBeDefined':
      return result(actual !== undefined, `expected ${a} to be defined`);
    case 'toBeNaN':
      return result(typeof actual === 'number' && Number.isNaN(actual), `expected ${a} to be NaN`);
    case 'toThrow':
      return compareThrow(actual as ThrowActual, expected as ThrowSpec);
    default:
      return result(false, `unknown matcher ${op}`);
  }
}
