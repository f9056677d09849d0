import type { z } from 'zod';
import { errors } from './errors';

export type FieldIssue = { field: string; message: string };

/** Parses `value` or throws a 400 whose message names the first bad field and whose details list all. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'params' | 'payload'): z.infer<S> {
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
