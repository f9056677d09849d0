import path from 'node:path';
import { z } from 'zod';

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('data'),
  DATABASE_URL: z.string().url().optional(),
  /**
   * The origins people open Practicum at (comma separated; the first is the canonical URL). Only
   * these may make cookie-authenticated writes. Required in production; elsewhere, when unset,
   * the addresses the server listens on (http://localhost:PORT, http://127.0.0.1:PORT).
   */
  PUBLIC_ORIGINS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const origins = (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      for (const o of origins) {
        if (!isBareOrigin(o)) ctx.addIssue({ code: 'custom', message: `"${o}" is not an origin like https://practicum.example.edu (scheme and host, optional port, no path)` });
      }
      return origins.filter(isBareOrigin).map((o) => new URL(o).origin);
    }),
  /** Set when a TLS-terminating proxy sits in front, so cookies get Secure and req.ip is the client's. */
  TRUST_PROXY: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
  SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(120),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().positive().default(12),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  SEED_DEMO: z.enum(['0', '1', 'true', 'false']).optional(),
  /** The demo world's language: every demo user's preference (`both`: some in each). */
  DEMO_LOCALE: z.enum(['en', 'zh-CN', 'both']).optional(),
  /** Where scenario packages are published from at start (default: the repository's scenarios/). */
  SCENARIOS_DIR: z.string().optional(),
  /** redis://…: the socket.io adapter across processes and the grading queue (workers grade). */
  REDIS_URL: z.string().url().optional(),
  /** How long a grading worker holds a job without renewing before another may take it over. */
  GRADING_LOCK_MS: z.coerce.number().int().min(1_000).max(600_000).default(15_000),
  /**
   * Development and tests only: single sign-on may talk to an identity provider over plain http
   * (openid-client's allowInsecureRequests), as the in-process test provider is. Refused in production.
   */
  SSO_ALLOW_HTTP_ISSUERS: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
  /** smtp://user:pass@host:port (smtps:// for TLS): where e-mail goes; unset writes each mail to the log. */
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().min(3).default('Practicum <no-reply@practicum.invalid>'),
  /** Signs unsubscribe links; unset, a random one kept in DATA_DIR/mail-secret (every process sharing the data dir agrees). */
  MAIL_SECRET: z.string().min(16).optional(),
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(10),
  /** Seals stored secrets (server/secrets/sealer.ts): 32 random bytes, base64. Unset, a random one kept in DATA_DIR/secrets-key. */
  SECRETS_KEY: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return undefined;
      const key = Buffer.from(v, 'base64');
      if (key.length !== 32) ctx.addIssue({ code: 'custom', message: 'must be 32 random bytes in base64 (e.g. `openssl rand -base64 32`)' });
      return key;
    }),
});

export type Config = {
  env: 'development' | 'test' | 'production';
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  publicOrigins: string[];
  trustProxy: boolean;
  session: { idleMs: number; absoluteMs: number };
  logLevel: string;
  seedDemo: boolean;
  scenariosDir?: string;
  /** DEMO_LOCALE: the demo users' interface language; unset leaves it to each browser. */
  demoLocale: 'en' | 'zh-CN' | 'both' | undefined;
  redisUrl?: string;
  gradingLockMs: number;
  /** SSO_ALLOW_HTTP_ISSUERS: never true in production. */
  ssoAllowHttpIssuers: boolean;
  mail: { smtpUrl?: string; from: string; secret?: string; maxAttempts: number };
  /** SECRETS_KEY: the key stored secrets are sealed with; unset, one kept in the data dir. */
  secretsKey?: Buffer;
};

function isBareOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password && !value.endsWith('#') && !value.endsWith('?');
  } catch {
    return false;
  }
}

/**
 * Parses the environment once; a bad value stops the process with a message naming the variable.
 * `web: false` for processes that serve no pages (the grading worker, the CLI), which need no
 * public origin.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, opts: { web?: boolean } = {}): Config {
  const web = opts.web ?? true;
  const parsed = EnvSchema.superRefine((e, ctx) => {
    if (web && e.NODE_ENV === 'production' && e.PUBLIC_ORIGINS.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['PUBLIC_ORIGINS'],
        message: 'is required in production: the URL people open Practicum at, e.g. https://practicum.example.edu (writes are accepted only from it)',
      });
    }
    if (e.NODE_ENV === 'production' && e.SSO_ALLOW_HTTP_ISSUERS) {
      ctx.addIssue({ code: 'custom', path: ['SSO_ALLOW_HTTP_ISSUERS'], message: 'is for development and tests only: in production identity providers are reached over https' });
    }
  }).safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const seedDefault = e.NODE_ENV !== 'production';
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    gradingLockMs: e.GRADING_LOCK_MS,
    ssoAllowHttpIssuers: e.SSO_ALLOW_HTTP_ISSUERS,
    publicOrigins: e.PUBLIC_ORIGINS,
    trustProxy: e.TRUST_PROXY,
    session: {
      idleMs: e.SESSION_IDLE_MINUTES * 60_000,
      absoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000,
    },
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'silent' : 'info'),
    seedDemo: e.SEED_DEMO ? e.SEED_DEMO === '1' || e.SEED_DEMO === 'true' : seedDefault,
    scenariosDir: e.SCENARIOS_DIR ? path.resolve(e.SCENARIOS_DIR) : undefined,
    demoLocale: e.DEMO_LOCALE,
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM, secret: e.MAIL_SECRET, maxAttempts: e.MAIL_MAX_ATTEMPTS },
    secretsKey: e.SECRETS_KEY,
  };
}
