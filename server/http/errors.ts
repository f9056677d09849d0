import { msg, render, type Msg, type MessageParams } from '../messages';

/** Stable error codes: clients and tests match on these, never on messages. */
export type ErrorCode =
  | 'validation_failed'
  | 'invalid_json'
  | 'nesting_too_deep'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unauthenticated'
  | 'invalid_credentials'
  | 'forbidden'
  | 'csrf_failed'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'quota_exceeded'
  | 'internal';

const STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  invalid_json: 400,
  nesting_too_deep: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  // The stored content would outgrow its quota: the request is refused as too large, never as a server fault.
  quota_exceeded: 413,
  internal: 500,
};

/** Every error code with its HTTP status, for the API document's error schema. */
export const ERROR_STATUS: Readonly<Record<ErrorCode, number>> = STATUS;

/**
 * `code` is the kind of failure (clients branch on it); `key` and `params` name the message, which
 * the web client renders in the reader's language from server/messages; `message` is its English.
 */
export type ErrorBody = {
  error: { code: ErrorCode; message: string; key?: string; params?: MessageParams; details?: unknown };
};

/** What an error says: always a catalog message, so every reader gets it in their language. */
export type ErrorText = Msg;

/** One bad field: its path, the reason in English, and the reason's message key for other languages. */
export type FieldIssue = { field: string; message: string; key: string; params?: MessageParams };

/** A validation error's details: one entry per bad field, each with its reason's key. */
export type FieldDetails = (FieldIssue & Record<string, unknown>)[];

export class AppError extends Error {
  readonly status: number;
  readonly key: string | undefined;
  readonly params: MessageParams | undefined;
  constructor(
    readonly code: ErrorCode,
    text: ErrorText,
    readonly details?: unknown,
    /** Extra response headers, e.g. Retry-After on 429. */
    readonly headers: Record<string, string> = {},
  ) {
    super(render(text));
    this.name = 'AppError';
    this.status = STATUS[code];
    this.key = text.key;
    this.params = text.params;
  }

  /** The wire shape of the error, for HTTP bodies and socket acks alike. */
  toBody(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.key === undefined ? {} : { key: this.key }),
        ...(this.params === undefined ? {} : { params: this.params }),
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

export const errors = {
  validation: (text: ErrorText, details?: FieldDetails) => new AppError('validation_failed', text, details),
  unauthenticated: () => new AppError('unauthenticated', msg('http.unauthenticated')),
  invalidCredentials: () => new AppError('invalid_credentials', msg('http.invalidCredentials')),
  forbidden: (text: ErrorText = msg('http.forbidden')) => new AppError('forbidden', text),
  csrf: () => new AppError('csrf_failed', msg('http.csrf')),
  notFound: (text: ErrorText = msg('http.notFound')) => new AppError('not_found', text),
  conflict: (text: ErrorText, details?: unknown) => new AppError('conflict', text, details),
  /** A save that would take an attempt or a draft past its storage quota; `details` say how far. */
  quotaExceeded: (text: ErrorText, details: { limitBytes: number; usedBytes: number; neededBytes: number }) => new AppError('quota_exceeded', text, details),
  rateLimited: (retryAfterSeconds: number, text?: ErrorText) =>
    new AppError(
      'rate_limited',
      text ?? waitMessage(retryAfterSeconds),
      { retryAfterSeconds },
      { 'Retry-After': String(retryAfterSeconds) },
    ),
};

function waitMessage(seconds: number): Msg {
  if (seconds < 60) return msg('http.rateLimited', { seconds });
  return msg('http.rateLimitedMinutes', { minutes: Math.ceil(seconds / 60) });
}
