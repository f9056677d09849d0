import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { AppError } from './errors';

/** Unknown /api routes get a JSON 404 rather than the SPA page. */
export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(new AppError('not_found', `No API route ${req.method} ${req.originalUrl.split('?')[0]}.`));
};

/**
 * The one place errors become responses. Body-parser failures are client errors with their
 * own codes; anything unrecognised is logged and answered with a bare 500.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appError = toAppError(err);
    if (appError.status >= 500) logger.error({ err, method: req.method, url: req.originalUrl }, 'request failed');
    if (res.headersSent) return;
    for (const [name, value] of Object.entries(appError.headers)) res.setHeader(name, value);
    res.status(appError.status).json(appError.toBody());
  };
}

type BodyParserError = Error & { type?: string; status?: number; limit?: number };

function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = err as BodyParserError;
  switch (e?.type) {
    case 'entity.parse.failed':
      return new AppError('invalid_json', 'The request body is not valid JSON.');
    case 'entity.too.large':
      return new AppError('payload_too_large', `The request body is too large (limit ${Math.round((e.limit ?? 0) / 1024)} KB).`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('unsupported_media_type', 'The request body encoding is not supported; send UTF-8 JSON.');
    case 'request.aborted':
      return new AppError('validation_failed', 'The request was aborted before the body arrived.');
  }
  if (e?.status === 404) return new AppError('not_found', 'Not found.');
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    return new AppError('validation_failed', e.message || 'Bad request.');
  }
  return new AppError('internal', 'Something went wrong on our side. The error has been logged.');
}
