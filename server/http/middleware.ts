import type { Request, RequestHandler } from 'express';
import { parse as parseCookie } from 'cookie';
import type { Actor } from './policy';
import type { SessionStore } from '../accounts/sessions';
import { SESSION_COOKIE } from '../accounts/sessions';
import { AppError, errors } from './errors';
import { msg } from '../messages';
import { originOf, type OwnOrigins } from './origin';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      actor: Actor | null;
      sessionExpiresAt?: Date;
    }
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The secret of an `Authorization: Bearer …` header, if the request has one. */
export function bearerOf(req: Request): string | undefined {
  const header = req.get('authorization');
  const match = header ? /^Bearer[ ]+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

const sessionCookieOf = (req: Request): string | undefined => parseCookie(req.get('cookie') ?? '')[SESSION_COOKIE];

/**
 * Runs before the session lookup and before any body is read: a cross-site write costs nothing.
 * A script's Bearer token needs no Origin: a browser never adds that header by itself, so a
 * forged cross-site request cannot carry it. A request with the session cookie is checked
 * whatever else it carries — a Bearer header must not carry a cookie past the check.
 */
export function checkOrigin(own: OwnOrigins): RequestHandler {
  return (req, _res, next) => {
    if (!UNSAFE.has(req.method)) return next();
    if (bearerOf(req) !== undefined && sessionCookieOf(req) === undefined) return next();
    if (!own.allows(originOf({ origin: req.get('origin'), referer: req.get('referer') }))) return next(errors.csrf());
    next();
  };
}

/**
 * Who is calling: the session cookie's user, or the service actor of a Bearer API token. A
 * token that is unknown, expired or revoked is refused outright (401), never taken for an
 * anonymous call; a request with both credentials is refused, so nobody wonders which one acted.
 */
export function loadSession(sessions: SessionStore, tokens: (secret: string) => Promise<Actor | null>): RequestHandler {
  return async (req, _res, next) => {
    req.actor = null;
    try {
      const token = sessionCookieOf(req);
      const bearer = bearerOf(req);
      if (bearer !== undefined) {
        if (token !== undefined) return next(errors.validation(msg('apiToken.bothCredentials')));
        req.actor = await tokens(bearer);
        return next(req.actor ? undefined : invalidTokenError());
      }
      const resolved = await sessions.resolve(token);
      if (resolved) {
        req.actor = resolved.actor;
        req.sessionExpiresAt = resolved.expiresAt;
      }
      next();
    } catch (err) {
      next(err);
    }
  };
}

const invalidTokenError = () => new AppError('unauthenticated', msg('apiToken.invalid'));
