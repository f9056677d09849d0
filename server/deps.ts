import type { Logger } from 'pino';
import type { Redis } from 'ioredis';
import type { RateLimiterMemory } from 'rate-limiter-flexible';
import { createTokenLimiter } from './accounts/apiTokens';
import { LoginLimiter } from './accounts/loginLimiter';
import { SessionStore } from './accounts/sessions';
import { createSaveLimiter } from './attempts/autosave';
import { createChecksLimiter } from './attempts/service';
import { createToolsLimiter } from './attempts/tools';
import type { Config } from './config';
import type { Db } from './db/knex';
import { SandboxPool } from './grading/sandbox/pool';
import { OwnOrigins } from './http/origin';
import { createCommentLimiter, type CommentLimiter } from './http/rateLimit';
import { sealerFor, type Sealer } from './secrets/sealer';
import type { Publisher } from './realtime/publisher';
import type { GradingQueue } from './scale/gradingQueue';

/**
 * What every part of the server is given: storage, time, pushes, the grading pool, limiters.
 * Its own module, below the routes, so a domain can name its dependencies without importing
 * `app.ts`, which imports every domain's routes (that made fifteen files one import circle).
 */
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
  /** Requests per API token (server/accounts/apiTokens.ts); read per request, so a test may swap it. */
  tokenLimiter: RateLimiterMemory;
  /** Seals the secrets stored in the database (server/secrets/sealer.ts). */
  sealer: Sealer;
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
    tokenLimiter: base.tokenLimiter ?? createTokenLimiter(),
    sealer: base.sealer ?? sealerFor(base.config),
    sessions: base.sessions ?? new SessionStore(base.db, base.config.session, clock),
    // With REDIS_URL the sign-in counters live in Redis, so every web process sees them.
    limiter: base.limiter ?? new LoginLimiter({ clock, redis: base.redis ?? undefined }),
    origins: base.origins ?? new OwnOrigins(base.config.publicOrigins),
    redis: base.redis ?? null,
    gradingQueue: base.gradingQueue ?? null,
  };
}
