import type { SerializedError } from '@reduxjs/toolkit';
import type { FetchBaseQueryError } from '@reduxjs/toolkit/query';
import i18next from 'i18next';
import { clientText, detailText, serverText, type ServerDetail } from './serverText';

/**
 * A failed request, reduced to what a page shows: one message and, for bad input, a message per
 * field, both already in the reader's language.
 */
export type Problem = {
  status: number | null;
  code: string;
  message: string;
  /** Keyed by the field path without its `body.`/`query.` prefix: `email`, `memberships.0.role`. */
  fields: Record<string, string>;
};

type ErrorBody = { error: { code: string; message: string; key?: string; params?: Record<string, unknown>; details?: unknown } };

function isErrorBody(data: unknown): data is ErrorBody {
  const error = (data as ErrorBody | null)?.error;
  return typeof error === 'object' && error !== null && typeof error.code === 'string' && typeof error.message === 'string';
}

function fieldsOf(details: unknown): Record<string, string> {
  if (!Array.isArray(details)) return {};
  const fields: Record<string, string> = {};
  for (const d of details as ServerDetail[]) {
    if (typeof d?.field !== 'string') continue;
    const text = detailText(d);
    if (text === null) continue;
    const key = d.field.replace(/^(body|query|params)\./, '');
    fields[key] ??= text;
  }
  return fields;
}

export function toProblem(error: FetchBaseQueryError | SerializedError | undefined): Problem | null {
  if (!error) return null;
  if ('status' in error) {
    if (typeof error.status === 'number') {
      if (isErrorBody(error.data)) {
        const { code, details } = error.data.error;
        return { status: error.status, code, message: serverText(error.data.error), fields: fieldsOf(details) };
      }
      return { status: error.status, code: 'http_error', message: clientText('httpError', { status: error.status }), fields: {} };
    }
    if (error.status === 'FETCH_ERROR' || error.status === 'TIMEOUT_ERROR') {
      return { status: null, code: 'offline', message: clientText('offline'), fields: {} };
    }
    return { status: null, code: 'bad_response', message: clientText('badResponse'), fields: {} };
  }
  return { status: null, code: 'client_error', message: error.message ?? clientText('clientError'), fields: {} };
}

/**
 * Server field messages are fragments ("is taken", "must be at least 10 characters") or
 * sentences ("a student belongs to a school, …"); next to a field both should read well.
 */
export function fieldMessage(label: string, message: string): string {
  // Chinese joins the field and its reason without a space: "电子邮箱为必填项。"
  if (i18next.language === 'zh-CN' && /[\u4e00-\u9fff]/.test(message)) return /[。！？]$/.test(message) ? `${label}${message}` : `${label}${message}。`;
  if (/^(is|are|must|needs|should|has|cannot)\b/.test(message)) return `${label} ${message}.`.replace(/\.\.$/, '.');
  const sentence = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}
