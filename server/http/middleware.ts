import type { RequestHandler } from 'express';
import { parse as parseCookie } from 'cookie';
import type { Actor } from './policy';
import type { SessionStore } from '../accounts/sessions';
import { SESSION_COOKIE } from '../accounts/sessions';
import { errors } from './errors';
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

/** Runs before the session lookup and before any body is read: a cross-site write costs nothing. */
export function checkOrigin(own: OwnOrigins): RequestHandler {
  return (req, _res, next) => {
    if (!UNSAFE.has(req.method)) return next();
    if (!own.allows(originOf({ origin: req.get('origin'), referer: req.get('referer') }))) return next(errors.csrf());
    next();
  };
}

export function loadSession(sessions: SessionStore): RequestHandler {
  return async (req, _res, next) => {
    req.actor = null;
    try {
      const token = parseCookie(req.get('cookie') ?? '')[SESSION_COOKIE];
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
