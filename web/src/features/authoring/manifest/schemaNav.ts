import i18next from 'i18next';
import type { JsonSchema } from './manifestSchema';

/** A step into a YAML document: a map key or a list index. */
export type Segment = string | number;

/** The schemas that may apply at a path, and the path written as a description pattern (`tasks[].checks[].kind`). */
export type SchemaMatch = { schemas: JsonSchema[]; pattern: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function resolveRef(root: JsonSchema, schema: JsonSchema): JsonSchema {
  let s = schema;
  for (let hops = 0; s.$ref && hops < 20; hops++) {
    const parts = s.$ref.replace(/^#\/?/, '').split('/').filter(Boolean);
    let target: unknown = root;
    for (const p of parts) target = isObject(target) ? target[decodeURIComponent(p)] : undefined;
    if (!isObject(target)) return {};
    s = target;
  }
  return s;
}

/** A schema's alternatives, unions flattened. */
function alternatives(root: JsonSchema, schema: JsonSchema): JsonSchema[] {
  const s = resolveRef(root, schema);
  const union = [...(s.oneOf ?? []), ...(s.anyOf ?? []), ...(s.allOf ?? [])];
  return union.length > 0 ? union.flatMap((b) => alternatives(root, b)) : [s];
}

const allowedValues = (s: JsonSchema): unknown[] | undefined => (s.enum ? s.enum : s.const !== undefined ? [s.const] : undefined);

/**
 * Narrows union branches by what the author already wrote: a branch whose `kind` (or any other
 * enum key) disagrees is dropped, then those that declare every written key are preferred. With
 * nothing to go on, every branch stays (completion then offers the keys of all check kinds).
 */
function narrow(branches: JsonSchema[], data: unknown, preferDeclaring = true): JsonSchema[] {
  if (branches.length < 2 || !isObject(data)) return branches;
  const agree = branches.filter((b) =>
    Object.entries(data).every(([k, v]) => {
      const allowed = b.properties?.[k] ? allowedValues(b.properties[k]) : undefined;
      return !allowed || v === null || v === undefined || typeof v === 'object' || allowed.includes(v);
    }),
  );
  const pool = agree.length > 0 ? agree : branches;
  if (!preferDeclaring) return pool;
  const keys = Object.keys(data);
  const declaring = pool.filter((b) => keys.every((k) => (b.properties && k in b.properties) || (typeof b.additionalProperties === 'object' && !b.properties)));
  return declaring.length > 0 ? declaring : pool;
}

function dataAt(data: unknown, path: Segment[]): unknown {
  let cur = data;
  for (const seg of path) {
    if (Array.isArray(cur) && typeof seg === 'number') cur = cur[seg];
    else if (isObject(cur) && typeof seg === 'string') cur = cur[seg];
    else return undefined;
  }
  return cur;
}

/**
 * The schemas at `path` of a document whose plain value is `data` (used to choose union branches).
 * `anyBranch`: the map holding the last key keeps every branch its written values allow, so the
 * values offered for `kind` include every kind, not only those that have the keys written so far.
 */
export function schemasAt(root: JsonSchema, path: Segment[], data: unknown, opts: { anyBranch?: boolean } = {}): SchemaMatch {
  const declaring = (depth: number) => !(opts.anyBranch && depth === path.length - 1);
  let current = narrow(alternatives(root, root), data, declaring(0));
  let pattern = '';
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const next: JsonSchema[] = [];
    let step: string | undefined;
    for (const s of current) {
      if (typeof seg === 'number') {
        if (s.items) {
          next.push(s.items);
          step = '[]';
        }
      } else if (s.properties?.[seg]) {
        next.push(s.properties[seg]);
        step ??= `.${seg}`;
      } else if (typeof s.additionalProperties === 'object') {
        next.push(s.additionalProperties);
        step ??= '.*';
      }
    }
    if (next.length === 0) return { schemas: [], pattern };
    pattern = step === '[]' ? `${pattern}[]` : pattern ? `${pattern}${step}` : step!.slice(1);
    current = narrow(
      next.flatMap((s) => alternatives(root, s)),
      dataAt(data, path.slice(0, i + 1)),
      declaring(i + 1),
    );
  }
  return { schemas: current, pattern };
}

export type PropertyOption = { key: string; schema: JsonSchema; required: boolean };

/** The keys a map at this point may have, required first, in schema order otherwise. */
export function propertiesOf(schemas: JsonSchema[]): PropertyOption[] {
  const seen = new Map<string, PropertyOption>();
  for (const s of schemas) {
    for (const [key, schema] of Object.entries(s.properties ?? {})) {
      const required = (s.required ?? []).includes(key);
      const known = seen.get(key);
      if (!known) seen.set(key, { key, schema, required });
      else if (!known.schema.description && schema.description) known.schema = schema;
    }
  }
  const all = [...seen.values()];
  return [...all.filter((p) => p.required), ...all.filter((p) => !p.required)];
}

export type ValueOption = { value: string | number | boolean; description: string };

/** The values a scalar here may take when the schema lists them (enums, consts, booleans). */
export function valuesOf(schemas: JsonSchema[]): ValueOption[] {
  const out = new Map<string, ValueOption>();
  for (const s of schemas) {
    const listed = allowedValues(s);
    if (listed) {
      listed.forEach((v, i) => {
        if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out.set(String(v), { value: v, description: s.enumDescriptions?.[i] ?? '' });
      });
    } else if (typeOf(s).includes('boolean')) {
      out.set('true', { value: true, description: '' });
      out.set('false', { value: false, description: '' });
    }
  }
  return [...out.values()];
}

const typeOf = (s: JsonSchema): string[] => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);

/** Whether the value at this point is written as a map, a list or a single value. */
export function shapeOf(schemas: JsonSchema[]): 'map' | 'list' | 'listOfMaps' | 'scalar' {
  const s = schemas[0];
  if (!s) return 'scalar';
  if (typeOf(s).includes('object') || s.properties) return 'map';
  if (typeOf(s).includes('array') || s.items) {
    const items = s.items ? [s.items] : [];
    return items.some((i) => i.properties || typeOf(i).includes('object') || i.oneOf || i.anyOf) ? 'listOfMaps' : 'list';
  }
  // A union such as `fixture: file | [files]` is typed as its first form.
  return 'scalar';
}

const t = (key: string, params?: Record<string, unknown>) => i18next.t(`authoring:schema.expected.${key}`, params ?? {});

/** A short phrase for what is expected, e.g. "a number above 0" or "one of: js, ts". */
export function describeExpected(schemas: JsonSchema[]): string {
  const phrases = schemas.map((s) => {
    const values = allowedValues(s);
    if (values)
      return values.length === 1
        ? t('one', { value: `\`${String(values[0])}\`` })
        : t('oneOf', { values: values.map((v) => `\`${String(v)}\``).join(t('and')) });
    const types = typeOf(s);
    const range = [
      s.exclusiveMinimum !== undefined ? t('above', { n: s.exclusiveMinimum }) : s.minimum !== undefined ? t('atLeast', { n: s.minimum }) : '',
      s.maximum !== undefined && s.maximum < Number.MAX_SAFE_INTEGER ? t('atMost', { n: s.maximum }) : '',
    ]
      .filter(Boolean)
      .join(t('and'));
    if (types.includes('integer')) return t('integer', { range: range || 'none' });
    if (types.includes('number')) return t('number', { range: range || 'none' });
    if (types.includes('boolean')) return t('boolean');
    if (types.includes('string')) return t('text');
    if (types.includes('array') || s.items) return t('list');
    if (types.includes('object') || s.properties) return s.properties ? t('map') : t('mapOf');
    return t('any');
  });
  return [...new Set(phrases)].join(t('or'));
}
