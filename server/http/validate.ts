import type { z } from 'zod';
import { errors } from './errors';

export type FieldIssue = { field: string; message: string };

/** With the `u` flag a surrogate pair is one code point, so only an unpaired half matches. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * What makes `s` unfit to store as text, or undefined. The one rule for every string that comes
 * in (bodies, queries, params, socket payloads, text files in an imported zip): U+0000, which
 * PostgreSQL cannot store in a text column (a 500 there, silently kept on SQLite), and lone
 * UTF-16 surrogates, which are no character at all and cannot be written as UTF-8.
 */
export function textProblem(s: string): string | undefined {
  if (s.includes('\u0000')) return 'contains NUL characters (U+0000), which text cannot hold; remove them (binary files are not supported)';
  if (LONE_SURROGATE.test(s)) return 'contains an unpaired surrogate (broken Unicode text); send valid UTF-8 text';
  return undefined;
}

/**
 * The first string (or object key) in `value` that breaks `textProblem`, with its field path.
 * Iterative, so no input is too deep to walk (bodies are capped at 64 levels anyway).
 */
function findBadText(value: unknown, root: string): FieldIssue | undefined {
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length > 0) {
    const [v, field] = stack.pop()!;
    if (typeof v === 'string') {
      const problem = textProblem(v);
      if (problem) return { field, message: problem };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${field}.${i}`]);
    } else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v);
      for (const [key] of entries) {
        // The key itself is not repeated in the field: it is the broken text.
        const problem = textProblem(key);
        if (problem) return { field, message: `has a key that ${problem}` };
      }
      for (let i = entries.length - 1; i >= 0; i--) stack.push([entries[i]![1], `${field}.${entries[i]![0]}`]);
    }
  }
  return undefined;
}

/** Parses `value` or throws a 400 whose message names the first bad field and whose details list all. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'params' | 'payload'): z.infer<S> {
  // Before the schema, over the raw input: fields the schema lets through unread (an open CASE
  // package, a file's content) are checked as well.
  const bad = findBadText(value, where);
  if (bad) throw errors.validation(`Invalid ${bad.field}: ${bad.message}`, [bad]);
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues: FieldIssue[] = result.error.issues.map((issue) => ({
    field: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  const first = issues[0]!;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  throw errors.validation(`Invalid ${first.field}: ${first.message}${more}`, issues);
}
