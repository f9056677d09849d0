import fs from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { accountRoutes } from './accounts/routes';
import { LoginLimiter } from './accounts/loginLimiter';
import { SessionStore } from './accounts/sessions';
import type { Config } from './config';
import type { Db } from './db/knex';
import { healthRoutes } from './health/routes';
import { apiNotFound, errorHandler } from './http/errorHandler';
import { checkOrigin, loadSession } from './http/middleware';
import { OwnOrigins } from './http/origin';
import { mountRoutes, type AnyRoute } from './http/routes';
import { orgRoutes } from './orgs/routes';
import { courseRoutes } from './courses/routes';
import { attemptRoutes } from './attempts/routes';
import { reviewRoutes } from './review/routes';
import { competencyRoutes } from './competency/routes';
import { feedbackRoutes } from './feedback/routes';
import { authoringRoutes } from './authoring/routes';
import type { Publisher } from './realtime/publisher';
import { SandboxPool } from './grading/sandbox/pool';
import type { RateLimiterMemory } from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';
import type { GradingQueue } from './scale/gradingQueue';
import { createChecksLimiter, createSaveLimiter } from './attempts/service';
import { createCommentLimiter, type CommentLimiter } from './http/rateLimit';
import { createToolsLimiter } from './attempts/tools';

export type AppDeps = {
  config: Config;
  db: Db;
  logger: Logger;
  clock: () => Date;
  sessions: SessionStore;
  limiter: LoginLimiter;
  /** The origins allowed to write with the session cookie; told the listening address after listen. */
  origins: OwnOrigins;
  publisher: Publisher;
  /** The grading pool, started on first use (API tests that never grade start no processes). */
  sandbox: () => SandboxPool;
  closeSandbox: () => Promise<void>;
  saveLimiter: RateLimiterMemory;
  checksLimiter: RateLimiterMemory;
  /** Run and the data explorer (attempts and previews), per user. */
  toolsLimiter: RateLimiterMemory;
  commentLimiter: CommentLimiter;
  /** Built web client to serve; omitted in API-only tests. */
  webDist?: string;
  /** With REDIS_URL: the connection the health check pings; null on one machine. */
  redis: Redis | null;
  /** With REDIS_URL: submissions are graded by worker processes; null grades in this process. */
  gradingQueue: GradingQueue | null;
};

export function createDeps(base: Pick<AppDeps, 'config' | 'db' | 'logger' | 'publisher'> & Partial<AppDeps>): AppDeps {
  const clock = base.clock ?? (() => new Date());
  let pool: SandboxPool | undefined;
  return {
    ...base,
    clock,
    sandbox: base.sandbox ?? (() => (pool ??= new SandboxPool({ logger: base.logger }))),
    closeSandbox: base.closeSandbox ?? (async () => pool?.close()),
    saveLimiter: base.saveLimiter ?? createSaveLimiter(),
    checksLimiter: base.checksLimiter ?? createChecksLimiter(),
    toolsLimiter: base.toolsLimiter ?? createToolsLimiter(),
    commentLimiter: base.commentLimiter ?? createCommentLimiter(),
    sessions: base.sessions ?? new SessionStore(base.db, base.config.session, clock),
    // With REDIS_URL the sign-in counters live in Redis, so every web process sees them.
    limiter: base.limiter ?? new LoginLimiter({ clock, redis: base.redis ?? undefined }),
    origins: base.origins ?? new OwnOrigins(base.config.publicOrigins),
    redis: base.redis ?? null,
    gradingQueue: base.gradingQueue ?? null,
  };
}

/** Every HTTP route of the app; the authorization-matrix test walks this list. */
export function allRoutes(deps: AppDeps): AnyRoute[] {
  return [...healthRoutes(deps), ...accountRoutes(deps), ...orgRoutes(deps), ...courseRoutes(deps), ...attemptRoutes(deps), ...reviewRoutes(deps), ...competencyRoutes(deps), ...feedbackRoutes(deps), ...authoringRoutes(deps)];
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.trustProxy ? 1 : false);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // Monaco sets inline styles on its DOM nodes.
          styleSrc: ["'self'", "'unsafe-inline'"],
          workerSrc: ["'self'", 'blob:'],
          connectSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'", 'data:'],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          upgradeInsecureRequests: deps.config.trustProxy ? [] : null,
        },
      },
      hsts: deps.config.trustProxy,
      // Same-origin Referer lets the Origin check fall back to it for old browsers.
      referrerPolicy: { policy: 'same-origin' },
    }),
  );

  // Origin, then the session: both from headers alone. A body is read only by the route the
  // request is for, after its access rule passed, with that route's limit (server/http/routes.ts).
  app.use('/api', checkOrigin(deps.origins));
  app.use('/api', loadSession(deps.sessions));
  app.use('/api', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  mountRoutes(app, allRoutes(deps));
  app.use('/api', apiNotFound);

  if (deps.webDist && fs.existsSync(path.join(deps.webDist, 'index.html'))) {
    const index = path.join(deps.webDist, 'index.html');
    app.use('/assets', express.static(path.join(deps.webDist, 'assets'), { immutable: true, maxAge: '1y', fallthrough: false }));
    app.use(express.static(deps.webDist, { index: false }));
    // Client-side routes (/admin/users, /login …) all load the single page.
    app.get(/^(?!\/api\/|\/socket\.io\/).*/, (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index);
    });
  }

  app.use(errorHandler(deps.logger));
  return app;
}
