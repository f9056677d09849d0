import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { msg } from '../messages';
import { AppError } from './errors';

/** Unknown /api routes get a JSON 404 rather than the SPA page. */
export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(new AppError('not_found', msg('http.noRoute', { method: req.method, path: req.originalUrl.split('?')[0] ?? '' })));
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
      return new AppError('invalid_json', msg('http.invalidJson'));
    case 'entity.too.large':
      return new AppError('payload_too_large', msg('http.tooLarge', { kb: Math.round((e.limit ?? 0) / 1024) }));
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('unsupported_media_type', msg('http.encoding'));
    case 'request.aborted':
      return new AppError('validation_failed', msg('http.aborted'));
  }
  if (e?.status === 404) return new AppError('not_found', msg('http.notFound'));
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    // A library's own English (body-parser, express): passed on as it is, under a key that says so.
    return new AppError('validation_failed', e.message ? msg('http.clientError', { detail: e.message }) : msg('http.badRequest'));
  }
  return new AppError('internal', msg('http.internal'));
}
