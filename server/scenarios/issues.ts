import type { z } from 'zod';
import { isPathReasonKey, pathReasonText, type PathReason } from '../contract/paths';

/**
 * Turns zod's findings about a YAML file of a package into sentences for the people who write
 * packages: which key is unknown and which known key is nearest, which key is required and for
 * what, what kind of value was expected instead of what. Pure (no Node APIs): the editor runs it
 * in the browser as the author types.
 */

/**
 * A problem's message key and parameters in server/messages' `scenario` catalog, beside its
 * English sentence, so the editor shows it in the author's language (ICU; the noun a select).
 */
export type ProblemText = { key: string; params?: Record<string, string | number> };

export type KeyIssue = { path: PropertyKey[]; message: string; /** The key an unknown-key issue is about, for its line. */ key?: string; text?: ProblemText };

/** What an object at a path is, in words ("a check"), by the list or key that holds it. */
const NOUNS: Record<string, string> = {
  tasks: 'a task',
  checks: 'a check',
  rubric: 'a rubric criterion',
  levels: 'a rubric level',
  events: 'an event',
  options: 'a choice option',
  assertions: 'a file assertion',
  answer: 'an answer',
  scoring: 'scoring',
  csvColumnSum: 'csvColumnSum',
  csvRowEquals: 'csvRowEquals',
  equivalent: 'an equivalent mutant',
};

/** The object at `path` in words: `tasks[0].checks[1]` is "a check". */
export function nounAt(path: PropertyKey[], top: string): string {
  for (let i = path.length - 1; i >= 0; i--) {
    const seg = path[i];
    if (typeof seg === 'number') continue;
    return NOUNS[String(seg)] ?? `\`${String(seg)}\``;
  }
  return top;
}

/** The same object as a code for a message's `{noun, select, …}`: the list or key that holds it, `scenario` at the top. */
export function nounCodeAt(path: PropertyKey[]): string {
  for (let i = path.length - 1; i >= 0; i--) {
    const seg = path[i];
    if (typeof seg === 'number') continue;
    return String(seg);
  }
  return 'top';
}

/**
 * Edit distance with adjacent transpositions (optimal string alignment): `visibel` is one step
 * from `visible`, as a typist sees it, not two.
 */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The known words nearest to `word`, best first: within a third of its length (at least one
 * edit, at most three), case ignored. A word that merely shares a prefix is not "near".
 */
export function nearest(word: string, known: Iterable<string>, max = 1): string[] {
  const w = word.toLowerCase();
  const limit = Math.max(1, Math.min(3, Math.floor(w.length / 3)));
  const scored: { k: string; d: number }[] = [];
  for (const k of known) {
    const d = editDistance(w, k.toLowerCase());
    if (d <= limit) scored.push({ k, d });
  }
  return scored
    .sort((x, y) => x.d - y.d || x.k.localeCompare(y.k))
    .slice(0, max)
    .map((s) => s.k);
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (key: value)',
  record: 'a mapping (key: value)',
};

/** What describeInput says, as parameters: `given` a select (`text`, `list`…), `value` the text or number. */
function inputParams(v: unknown): { given: string; value: string } {
  if (v === null) return { given: 'empty', value: '' };
  if (Array.isArray(v)) return { given: 'list', value: '' };
  if (typeof v === 'string') return { given: 'text', value: v.length > 40 ? `${v.slice(0, 40)}…` : v };
  if (typeof v === 'number' || typeof v === 'boolean') return { given: 'value', value: String(v) };
  if (typeof v === 'object') return { given: 'mapping', value: '' };
  return { given: 'value', value: typeof v };
}

function describeInput(v: unknown): string {
  if (v === null) return 'nothing (an empty value)';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return `the text "${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'object') return 'a mapping';
  return typeof v;
}

type RawIssue = z.core.$ZodRawIssue;
type Shape = Record<string, unknown>;

/**
 * A zod error map for one parse, with the memory lint needs afterwards: the known keys of each
 * object that had unknown ones (zod reports the keys, not the shape they were checked against).
 * Messages a schema sets itself (`must be a positive weight`) come first; this fills the rest.
 */
export function issueMap(): { error: (issue: RawIssue) => string | undefined; knownKeys: WeakMap<object, string[]>; texts: Map<string, ProblemText> } {
  const knownKeys = new WeakMap<object, string[]>();
  /** The key and parameters of each sentence made here (zod keeps only the sentence). */
  const texts = new Map<string, ProblemText>();
  const error = (issue: RawIssue): string | undefined => {
    if (issue.code === 'unrecognized_keys') {
      const shape = (issue.inst as { _zod?: { def?: { shape?: Shape } } } | undefined)?._zod?.def?.shape;
      if (shape && typeof issue.input === 'object' && issue.input !== null) knownKeys.set(issue.input, Object.keys(shape));
      return `unknown key${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => `\`${k}\``).join(', ')}`;
    }
    if (issue.code === 'invalid_type') {
      if (issue.input === undefined) return 'is required';
      const expected = TYPE_WORDS[issue.expected] ?? issue.expected;
      const message = `must be ${expected}, not ${describeInput(issue.input)}`;
      texts.set(message, { key: 'scenario.value.wrongType', params: { expected: issue.expected, ...inputParams(issue.input) } });
      return message;
    }
    if (issue.code === 'invalid_value') {
      const values = issue.values.map(String);
      const [near] = typeof issue.input === 'string' ? nearest(issue.input, values) : [];
      const message = `must be one of: ${values.join(', ')} (not ${describeInput(issue.input)})${near ? ` — did you mean ${near}?` : ''}`;
      const params = { values: values.join(', '), ...inputParams(issue.input) };
      texts.set(message, near ? { key: 'scenario.value.oneOfNear', params: { ...params, near } } : { key: 'scenario.value.oneOf', params });
      return message;
    }
    if (issue.code === 'too_small' || issue.code === 'too_big') {
      const n = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
      const small = issue.code === 'too_small';
      if (issue.origin === 'string') {
        if (small && n <= 1) texts.set('must not be empty', { key: 'scenario.value.empty' });
        return small ? (n <= 1 ? 'must not be empty' : `must be at least ${n} characters`) : `must be at most ${n} characters`;
      }
      if (issue.origin === 'array') return small ? `needs at least ${n} item${n === 1 ? '' : 's'}` : `may have at most ${n} items`;
      if (issue.origin === 'number') return small ? (issue.inclusive ? `must be at least ${n}` : `must be more than ${n}`) : issue.inclusive ? `must be at most ${n}` : `must be less than ${n}`;
    }
    return undefined;
  };
  return { error, knownKeys, texts };
}

/** `objectPath` + `key` in the document's own notation: `tasks[0].checks[1]`. */
export const pathToString = (p: PropertyKey[]) =>
  p.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)), '');

/**
 * zod's issues as the problems an author reads. An unknown key becomes one problem per key,
 * with the nearest known key ("did you mean `visible`?") or the keys there are; a missing key
 * says which object needs it; a flow-style text cut at a comma says how to quote it.
 */
export function explainIssues(
  issues: z.core.$ZodIssue[],
  knownKeys: WeakMap<object, string[]>,
  top: string,
  /** Whether the object at a path is written in flow style (`{ a: 1, b: 2 }`), where commas separate keys. */
  isFlow: (path: PropertyKey[]) => boolean = () => false,
  /** The keys of the sentences issueMap made. */
  texts: ReadonlyMap<string, ProblemText> = new Map(),
): KeyIssue[] {
  const out: KeyIssue[] = [];
  for (const issue of issues) {
    const path = issue.path;
    if (issue.code === 'unrecognized_keys') {
      const input = (issue as { input?: unknown }).input;
      out.push(...unknownKeys(path, issue.keys, input, knownKeys, top, isFlow(path)));
    } else if (issue.code === 'invalid_type' && issue.message === 'is required') {
      const key = path.at(-1);
      out.push({
        path,
        message: `\`${String(key)}\` is required for ${nounAt(path.slice(0, -1), top)}`,
        text: { key: 'scenario.key.required', params: { key: String(key), noun: nounCodeAt(path.slice(0, -1)) } },
      });
    } else if (isPathReasonKey(issue.message)) {
      // The shared file-path rule names its reason by key (see server/contract/paths.ts).
      const reason = { key: issue.message, ...('params' in issue && issue.params ? { params: issue.params as Record<string, string | number> } : {}) };
      out.push({ path, message: pathReasonText(reason as PathReason), text: { key: reason.key, ...(reason.params ? { params: reason.params } : {}) } });
    } else {
      const text = texts.get(issue.message);
      out.push(text ? { path, message: issue.message, text } : { path, message: issue.message });
    }
  }
  return out;
}

function unknownKeys(path: PropertyKey[], keys: string[], input: unknown, knownKeys: WeakMap<object, string[]>, top: string, flow: boolean): KeyIssue[] {
  const obj = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const known = typeof input === 'object' && input !== null ? (knownKeys.get(input) ?? []) : [];
  const unknown = new Set(keys);
  const out: KeyIssue[] = [];
  // In a flow mapping (`{ score: 0, text: Missing, or vague }`) an unquoted comma ends the text:
  // what follows becomes keys without values. Name the text and how to keep it whole instead.
  const order = Object.keys(obj);
  const cut = new Set<string>();
  for (let i = 0; flow && i < order.length; i++) {
    const anchor = order[i]!;
    if (unknown.has(anchor) || typeof obj[anchor] !== 'string') continue;
    const rest: string[] = [];
    for (let j = i + 1; j < order.length && unknown.has(order[j]!) && obj[order[j]!] === null; j++) rest.push(order[j]!);
    if (rest.length === 0) continue;
    for (const r of rest) cut.add(r);
    const whole = [obj[anchor], ...rest].join(', ');
    out.push({
      path: [...path, anchor],
      message: `ends at a comma (“${rest.join(', ')}” is left over): put the text in quotes, e.g. ${anchor}: ${JSON.stringify(whole)}`,
    });
  }
  const noun = nounAt(path, top);
  for (const key of keys) {
    if (cut.has(key)) continue;
    const [near] = nearest(key, known);
    const listed = known.map((k) => `\`${k}\``).join(', ');
    const message = near ? `unknown key \`${key}\` — did you mean \`${near}\`?` : known.length > 0 ? `unknown key \`${key}\`: ${noun} has ${listed}` : `unknown key \`${key}\``;
    const text: ProblemText = near
      ? { key: 'scenario.key.unknownNear', params: { key, near } }
      : known.length > 0
        ? { key: 'scenario.key.unknownKnown', params: { key, noun: nounCodeAt(path), known: listed } }
        : { key: 'scenario.key.unknown', params: { key } };
    out.push({ path, key, message, text });
  }
  return out;
}
