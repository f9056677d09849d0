import type { SerializedError } from '@reduxjs/toolkit';
import type { FetchBaseQueryError } from '@reduxjs/toolkit/query';

/** A failed request, reduced to what a page shows: one message and, for bad input, a message per field. */
export type Problem = {
  status: number | null;
  code: string;
  message: string;
  /** Keyed by the field path without its `body.`/`query.` prefix: `email`, `memberships.0.role`. */
  fields: Record<string, string>;
};

type ErrorBody = { error: { code: string; message: string; details?: unknown } };

function isErrorBody(data: unknown): data is ErrorBody {
  const error = (data as ErrorBody | null)?.error;
  return typeof error === 'object' && error !== null && typeof error.code === 'string' && typeof error.message === 'string';
}

function fieldsOf(details: unknown): Record<string, string> {
  if (!Array.isArray(details)) return {};
  const fields: Record<string, string> = {};
  for (const d of details as { field?: unknown; message?: unknown }[]) {
    if (typeof d?.field !== 'string' || typeof d.message !== 'string') continue;
    const key = d.field.replace(/^(body|query|params)\./, '');
    fields[key] ??= d.message;
  }
  return fields;
}

export function toProblem(error: FetchBaseQueryError | SerializedError | undefined): Problem | null {
  if (!error) return null;
  if ('status' in error) {
    if (typeof error.status === 'number') {
      if (isErrorBody(error.data)) {
        const { code, message, details } = error.data.error;
        return { status: error.status, code, message, fields: fieldsOf(details) };
      }
      return { status: error.status, code: 'http_error', message: `The server answered with an error (HTTP ${error.status}). Try again.`, fields: {} };
    }
    if (error.status === 'FETCH_ERROR' || error.status === 'TIMEOUT_ERROR') {
      return { status: null, code: 'offline', message: 'Cannot reach the Practicum server. Check your connection and try again.', fields: {} };
    }
    return { status: null, code: 'bad_response', message: 'The server sent an unexpected response. Reload the page and try again.', fields: {} };
  }
  return { status: null, code: 'client_error', message: error.message ?? 'Something went wrong in the page. Reload and try again.', fields: {} };
}

/**
 * Server field messages are fragments ("is taken", "must be at least 10 characters") or
 * sentences ("a student belongs to a school, …"); next to a field both should read well.
 */
export function fieldMessage(label: string, message: string): string {
  if (/^(is|are|must|needs|should|has|cannot)\b/.test(message)) return `${label} ${message}.`.replace(/\.\.$/, '.');
  const sentence = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}
