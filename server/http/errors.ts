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

export type ErrorBody = { error: { code: ErrorCode; message: string; details?: unknown } };

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    /** Extra response headers, e.g. Retry-After on 429. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.status = STATUS[code];
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details === undefined ? {} : { details: this.details }) } };
  }
}

export const errors = {
  validation: (message: string, details?: unknown) => new AppError('validation_failed', message, details),
  unauthenticated: () => new AppError('unauthenticated', 'You need to sign in first.'),
  invalidCredentials: () => new AppError('invalid_credentials', 'Email or password is incorrect.'),
  forbidden: (message = 'You do not have permission to do this.') => new AppError('forbidden', message),
  csrf: () =>
    new AppError('csrf_failed', 'This request did not come from a Practicum page (Origin check failed). Reload the page and try again.'),
  notFound: (what = 'Resource') => new AppError('not_found', `${what} not found.`),
  conflict: (message: string, details?: unknown) => new AppError('conflict', message, details),
  /** A save that would take an attempt or a draft past its storage quota; `details` say how far. */
  quotaExceeded: (message: string, details: { limitBytes: number; usedBytes: number; neededBytes: number }) => new AppError('quota_exceeded', message, details),
  rateLimited: (retryAfterSeconds: number, message?: string) =>
    new AppError(
      'rate_limited',
      message ?? `Too many attempts. Try again in ${formatWait(retryAfterSeconds)}.`,
      { retryAfterSeconds },
      { 'Retry-After': String(retryAfterSeconds) },
    ),
};

function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
