import fc from 'fast-check';
import type { z } from 'zod';

/**
 * Random and hostile input for every route and socket event: wrong types, huge arrays, deep
 * nesting, NUL and lone surrogates, very long strings, prototype-pollution keys, real ids of
 * the wrong kind. Large values are built once; fast-check picks among them.
 */
/** Deep values print as a line in fast-check's reports (its printer is recursive); JSON ignores the symbol. */
const nested = (depth: number, inner: unknown, wrap: (v: unknown) => unknown) => {
  let v = inner;
  for (let i = 0; i < depth; i++) v = wrap(v);
  Object.defineProperty(v, fc.toStringMethod, { value: () => `<${JSON.stringify(wrap(inner))} nested ${depth} deep>` });
  return v;
};

export const LONG_STRING = 'x'.repeat(200_000);

export const hostileStrings = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udc00y',
  '\ud83d',
  '\uffff\ufffe',
  '\u202eevil',
  '\r\n\t\u0007\u001b[31m',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '../../../etc/passwd',
  '..',
  '.git/config',
  '/',
  '%',
  '%00',
  '%E0%A4%A',
  '%2e%2e%2f',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '"; drop table users; --',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e309',
  '9'.repeat(40),
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '中'.repeat(2_000),
  '😀'.repeat(500),
  'a'.repeat(5_000),
  LONG_STRING,
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...hostileStrings) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
);

const hostileNumbers = [0, -0, -1, 1.5, 2 ** 31, 2 ** 53 + 1, -(2 ** 53), 1e308, -1e308, 5e-324, Number.MAX_SAFE_INTEGER];

/** Keys that must never reach a prototype. Built with JSON.parse, which makes them own properties. */
const pollution: unknown[] = [
  JSON.parse('{"__proto__":{"isAdmin":true,"roles":["admin"],"ok":true}}'),
  JSON.parse('{"constructor":{"prototype":{"isAdmin":true}}}'),
  JSON.parse('{"__proto__":null}'),
  JSON.parse('{"prototype":"x","toString":"y","valueOf":1,"hasOwnProperty":false}'),
];

/** Big shapes, made once. Nesting is kept where the socket.io client's own (recursive) encoder survives it. */
const big = (maxDepth: number): unknown[] => [
  Array(20_000).fill(0),
  Array(60_000).fill('a'),
  Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, i])),
  nested(maxDepth, 1, (v) => [v]),
  nested(maxDepth, 'x', (v) => ({ a: v })),
  LONG_STRING,
];

function valueArbitrary(ids: string[], maxDepth: number): fc.Arbitrary<unknown> {
  const key = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'id', 'path', 'content', ''), fc.string({ maxLength: 8 }));
  const scalar = fc.oneof(
    hostileString,
    fc.constantFrom(...ids),
    fc.constantFrom(...hostileNumbers),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
  );
  const { value } = fc.letrec<{ value: unknown; array: unknown[]; object: Record<string, unknown> }>((tie) => ({
    value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('array'), tie('object')),
    array: fc.array(tie('value'), { maxLength: 4 }),
    object: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  }));
  return fc.oneof({ weight: 6, arbitrary: value }, { weight: 1, arbitrary: fc.constantFrom(...pollution) }, { weight: 1, arbitrary: fc.constantFrom(...big(maxDepth)) });
}

/** The keys a zod object schema declares (through refinements and transforms), to aim values at. */
export function schemaKeys(schema: z.ZodType | undefined): string[] {
  let s = schema as unknown as { shape?: Record<string, unknown>; _zod?: { def?: { in?: unknown; innerType?: unknown } } } | undefined;
  for (let i = 0; s && i < 5; i++) {
    if (s.shape) return Object.keys(s.shape);
    s = (s._zod?.def?.in ?? s._zod?.def?.innerType) as typeof s;
  }
  return [];
}

/** Strings a schema may well accept that are hostile all the same: they reach the services and the database. */
const sneakyStrings = ['a\u0000b', 'x\ud800y', '\udfff', '__proto__', 'constructor', "O'Brien; --", '%00', 'ﬀ\u202e', '中文', '😀', '  padded  ', 'a\r\nb'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- zod's internal definitions, read loosely on purpose
type ZodDef = { type: string; format?: string; checks?: { _zod: { def: { check: string; format?: string; minimum?: number; maximum?: number; value?: number } } }[] } & Record<string, any>;

function stringFor(def: ZodDef, ids: string[]): fc.Arbitrary<unknown> {
  const checks = (def.checks ?? []).map((c) => c._zod.def);
  const format = def.format ?? checks.find((c) => c.check === 'string_format')?.format;
  if (format === 'uuid' || format === 'guid') return fc.constantFrom(...ids);
  if (format === 'email') return fc.constantFrom('a@b.test', 'a\u0000@b.test', '__proto__@b.test', `${'x'.repeat(300)}@b.test`);
  if (format === 'datetime') return fc.constantFrom(new Date().toISOString(), new Date(Date.now() + 86_400_000).toISOString(), '1970-01-01T00:00:00Z', '9999-12-31T23:59:59Z');
  const min = Math.max(0, ...checks.filter((c) => c.check === 'min_length').map((c) => c.minimum ?? 0));
  const max = Math.min(10_000, ...checks.filter((c) => c.check === 'max_length').map((c) => c.maximum ?? Infinity));
  const fit = (v: string) => (v.length < min ? v.padEnd(min, 'a') : v).slice(0, max);
  // Plausible text (so a regex or a length rule lets it through), then often a NUL or a lone surrogate inside it.
  const base = fc.oneof(fc.constantFrom('fuzz', 'fuzz-text', 'src/main.js', 'A fuzzed title', ...sneakyStrings), fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom(...ids));
  const spoil = fc.constantFrom('', '', '\u0000', '\ud800', '\udc00');
  return fc.tuple(base, spoil).map(([b, bad]) => {
    const v = fit(b);
    const at = Math.floor(v.length / 2);
    return bad && v.length < max ? v.slice(0, at) + bad + v.slice(at) : v;
  });
}

function numberFor(def: ZodDef): fc.Arbitrary<unknown> {
  const checks = (def.checks ?? []).map((c) => c._zod.def);
  const lo = Math.max(-1e6, ...checks.filter((c) => c.check === 'greater_than').map((c) => Number(c.value)));
  const hi = Math.min(1e6, ...checks.filter((c) => c.check === 'less_than').map((c) => Number(c.value)));
  return fc.oneof(fc.integer({ min: Math.ceil(lo), max: Math.max(Math.ceil(lo), Math.floor(hi)) }), fc.constantFrom(lo, hi, 0, 1));
}

/**
 * Input shaped like the schema (right keys, mostly right types), so it gets past validation and
 * into the services, with hostile strings and an occasional field of anything at all.
 */
export function fromSchema(schema: unknown, ids: string[], hostile: fc.Arbitrary<unknown>, depth = 0): fc.Arbitrary<unknown> {
  const def = (schema as { _zod?: { def?: ZodDef } } | undefined)?._zod?.def;
  if (!def || depth > 8) return hostile;
  const inner = (s: unknown) => fromSchema(s, ids, hostile, depth + 1);
  let shaped: fc.Arbitrary<unknown>;
  switch (def.type) {
    case 'object':
      shaped = fc.record(Object.fromEntries(Object.entries(def.shape as Record<string, unknown>).map(([k, v]) => [k, inner(v)])));
      break;
    case 'optional':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      shaped = fc.option(inner(def.innerType), { nil: undefined, freq: 4 });
      break;
    case 'nullable':
      shaped = fc.option(inner(def.innerType), { nil: null, freq: 4 });
      break;
    case 'pipe':
      shaped = inner(def.in);
      break;
    case 'string':
      shaped = stringFor(def, ids);
      break;
    case 'number':
      shaped = numberFor(def);
      break;
    case 'boolean':
      shaped = fc.boolean();
      break;
    case 'enum':
      shaped = fc.constantFrom(...Object.values(def.entries as Record<string, unknown>));
      break;
    case 'literal':
      shaped = fc.constantFrom(...(def.values as unknown[]));
      break;
    case 'array':
      shaped = fc.array(inner(def.element), { maxLength: 3 });
      break;
    case 'union':
      shaped = fc.oneof(...(def.options as unknown[]).map(inner));
      break;
    case 'record':
      shaped = fc.dictionary(fc.constantFrom('a', '__proto__', 'constructor', 'x.y'), inner(def.valueType), { maxKeys: 3 });
      break;
    default:
      return hostile;
  }
  return fc.oneof({ weight: 8, arbitrary: shaped }, { weight: 1, arbitrary: hostile });
}

/** A whole input for a schema: shaped like it, its keys holding anything, or anything at all. */
export function inputFor(schema: z.ZodType | undefined, ids: string[], maxDepth: number): fc.Arbitrary<unknown> {
  const value = valueArbitrary(ids, maxDepth);
  const keys = schemaKeys(schema);
  if (keys.length === 0) return value;
  const field = fc.oneof(value, fc.constantFrom(...ids), hostileString);
  const record = fc.record(Object.fromEntries(keys.map((k) => [k, field])), { requiredKeys: [] });
  const withExtra = fc.tuple(record, fc.constantFrom(...pollution)).map(([r, p]) => Object.assign(JSON.parse(JSON.stringify(p ?? {})), r));
  return fc.oneof(
    { weight: 6, arbitrary: fromSchema(schema, ids, fc.oneof(hostileString, value)) },
    { weight: 2, arbitrary: record },
    { weight: 1, arbitrary: value },
    { weight: 1, arbitrary: withExtra },
  );
}

/** Percent-encodes anything, lone surrogates too (as the WTF-8 bytes no decoder accepts). */
export function encodeAny(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) out += `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`.toUpperCase();
    else out += encodeURIComponent(ch);
  }
  return out;
}

/** A path segment: a real id (of any kind), a subject kind, or something hostile; sometimes badly percent-encoded. */
export function paramArbitrary(ids: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...ids) },
    { weight: 2, arbitrary: fc.constantFrom('report_section', 'scenario_version') },
    { weight: 1, arbitrary: fc.constantFrom(...ids).map((id) => `${id}:overview`) },
    { weight: 3, arbitrary: hostileString.map((s) => encodeAny(s.slice(0, 10_000))) },
    { weight: 1, arbitrary: fc.constantFrom('%', '%E0%A4%A', '%zz', '..', '%2F', '%00') },
  );
}

/** A raw query string over the schema's keys (and others): repeated keys, bad encodings. */
export function queryArbitrary(schema: z.ZodType | undefined, ids: string[]): fc.Arbitrary<string> {
  const keys = [...schemaKeys(schema), '__proto__', 'constructor', 'x'];
  const pair = fc.tuple(
    fc.constantFrom(...keys),
    fc.oneof(
      hostileString.map((s) => encodeAny(s.slice(0, 2_000))),
      fc.constantFrom(...ids),
      fc.constantFrom('%', '%E0%A4%A', '-1', '1e309', '[]', ''),
    ),
  );
  return fc.array(pair, { maxLength: 5 }).map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));
}
