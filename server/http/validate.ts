import type { z } from 'zod';
import { hasMessage, msg, render, type MessageParams, type Msg } from '../messages';
import { errors, type AppError, type FieldIssue } from './errors';

export type { FieldIssue };

/** A bad field with its reason as a catalog message (the English in `message`, the key for other languages). */
export function issueOf(field: string, reason: Msg): FieldIssue {
  return { field, message: render(reason), key: reason.key, ...(reason.params ? { params: reason.params } : {}) };
}

type ZodIssue = z.core.$ZodIssue;

/**
 * A zod issue's reason as a catalog message. A schema may name a key as its message
 * (`.min(1, 'field.required')`); otherwise the issue's code and limits choose a generic reason,
 * so a custom English wording stays in `message` and the reader's language gets the key.
 */
export function reasonOf(issue: ZodIssue): Msg {
  if (hasMessage(issue.message)) return msg(issue.message, paramsOf(issue));
  switch (issue.code) {
    case 'too_small': {
      const minimum = Number(issue.minimum);
      if (issue.origin === 'string') return minimum <= 1 ? msg('field.required') : msg('field.tooShort', { minimum });
      if (issue.origin === 'array' || issue.origin === 'set') return msg('field.tooFew', { minimum });
      return msg('field.tooSmall', { minimum });
    }
    case 'too_big': {
      const maximum = Number(issue.maximum);
      if (issue.origin === 'string') return msg('field.tooLong', { maximum });
      if (issue.origin === 'array' || issue.origin === 'set') return msg('field.tooMany', { maximum });
      return msg('field.tooBig', { maximum });
    }
    case 'invalid_type':
      if (issue.input === undefined) return msg('field.required');
      if (issue.expected === 'int') return msg('field.notInteger');
      return msg('field.wrongType', { expected: issue.expected });
    case 'invalid_value':
      return msg('field.oneOf', { options: issue.values.map(String).join(', ') });
    case 'invalid_format':
      if (issue.format === 'email') return msg('field.email');
      if (issue.format === 'uuid' || issue.format === 'guid') return msg('field.uuid');
      if (issue.format === 'url') return msg('field.url');
      if (issue.format === 'datetime') return msg('field.datetime');
      if (issue.format === 'date') return msg('field.date');
      return msg('field.pattern');
    case 'unrecognized_keys':
      return msg('field.unknownKeys', { keys: issue.keys.join(', ') });
    default:
      return msg('field.invalid');
  }
}

/**
 * The parameters a catalog key named by a schema gets: a custom issue's own `params`
 * (`ctx.addIssue({ code: 'custom', message: 'field.x', params: { … } })`), or a limit's bound.
 */
function paramsOf(issue: ZodIssue): MessageParams | undefined {
  if (issue.code === 'custom' && issue.params) {
    const params = Object.entries(issue.params).filter((e): e is [string, string | number] => typeof e[1] === 'string' || typeof e[1] === 'number');
    return params.length ? Object.fromEntries(params) : undefined;
  }
  if (issue.code === 'too_small') return { minimum: Number(issue.minimum) };
  if (issue.code === 'too_big') return { maximum: Number(issue.maximum) };
  return undefined;
}

/** With the `u` flag a surrogate pair is one code point, so only an unpaired half matches. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * What makes `s` unfit to store as text, or undefined. The one rule for every string that comes
 * in (bodies, queries, params, socket payloads, text files in an imported zip): U+0000, which
 * PostgreSQL cannot store in a text column (a 500 there, silently kept on SQLite), and lone
 * UTF-16 surrogates, which are no character at all and cannot be written as UTF-8.
 */
export function textProblem(s: string): string | undefined {
  return textReason(s) && render(textReason(s)!);
}

/** `textProblem` as a catalog message. */
export function textReason(s: string): Msg | undefined {
  if (s.includes('\u0000')) return msg('field.nul');
  if (LONE_SURROGATE.test(s)) return msg('field.surrogate');
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
      const reason = textReason(v);
      if (reason) return issueOf(field, reason);
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${field}.${i}`]);
    } else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v);
      for (const [key] of entries) {
        // The key itself is not repeated in the field: it is the broken text.
        const reason = textReason(key);
        if (reason) return issueOf(field, msg(reason.key === 'field.nul' ? 'field.keyNul' : 'field.keySurrogate'));
      }
      for (let i = entries.length - 1; i >= 0; i--) stack.push([entries[i]![1], `${field}.${entries[i]![0]}`]);
    }
  }
  return undefined;
}

/** The 400 for one bad field: "Invalid {field}: {reason}", with the field in its details. */
export function invalidField(field: string, reason: Msg): AppError {
  return errors.validation(msg('http.invalidField', { field, reason: render(reason) }), [issueOf(field, reason)]);
}

/** Parses `value` or throws a 400 whose message names the first bad field and whose details list all. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'params' | 'payload'): z.infer<S> {
  // Before the schema, over the raw input: fields the schema lets through unread (an open CASE
  // package, a file's content) are checked as well.
  const bad = findBadText(value, where);
  if (bad) throw errors.validation(msg('http.invalidField', { field: bad.field, reason: bad.message }), [bad]);
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues: FieldIssue[] = result.error.issues.map((issue) => {
    const field = [where, ...issue.path.map(String)].join('.');
    const reason = reasonOf(issue);
    // The schema's own English wording where it has one; the key carries the reason to other languages.
    return { ...issueOf(field, reason), message: hasMessage(issue.message) ? render(reason) : issue.message };
  });
  const first = issues[0]!;
  const params = { field: first.field, reason: first.message };
  throw errors.validation(issues.length > 1 ? msg('http.invalidFields', { ...params, more: issues.length - 1 }) : msg('http.invalidField', params), issues);
}
