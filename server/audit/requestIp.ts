import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestHandler } from 'express';

/**
 * Where the request being served came from, for the audit log's "from where". Kept in
 * AsyncLocalStorage for the request (as its language is, server/http/locale.ts), so a service
 * that records an entry deep inside its transaction does not need the address in every
 * signature. `req.ip` honours TRUST_PROXY (app.ts sets "trust proxy"), so behind a proxy it is
 * the client's address, not the proxy's. Outside a request (a daily job, a CLI, a test calling
 * a service) there is none: the entry's ip stays null.
 */
const store = new AsyncLocalStorage<string | null>();

export const requestIp: RequestHandler = (req, _res, next) => {
  store.run(req.ip ?? null, next);
};

/** The address of the request being served; null outside one. */
export function currentRequestIp(): string | null {
  return store.getStore() ?? null;
}

/** Runs `fn` as if serving a request from `ip` (sockets, tests). */
export function fromIp<T>(ip: string | null, fn: () => T): T {
  return store.run(ip, fn);
}
