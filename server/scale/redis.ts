import { Redis } from 'ioredis';

/**
 * One Redis connection. `blocking` ones (BullMQ workers and queue events, the socket.io adapter)
 * wait through a Redis restart (`maxRetriesPerRequest: null`, as BullMQ requires). The others
 * serve requests someone waits on (a submit, a health check): while Redis is down they fail at
 * once instead of queueing commands forever, and the caller says so or retries later.
 */
export function connectRedis(url: string, name: string, kind: 'blocking' | 'request' = 'blocking'): Redis {
  const redis = new Redis(url, {
    connectionName: `practicum:${name}`,
    ...(kind === 'blocking' ? { maxRetriesPerRequest: null } : { maxRetriesPerRequest: 1, enableOfflineQueue: false }),
  });
  // ioredis reconnects by itself; say so once per outage, not on every retry.
  let lastSaid = 0;
  redis.on('error', (err: Error) => {
    if (Date.now() - lastSaid < 30_000) return;
    lastSaid = Date.now();
    process.stderr.write(`Redis (${name}): ${err.message}; reconnecting\n`);
  });
  return redis;
}

/** Rejects when `promise` has not settled within `ms` (Redis calls must not hold a request forever). */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
    }),
  ]);
}

/** Answers within `ms` whether Redis responds, for the health check. */
export async function redisAlive(redis: Redis, ms = 1_000): Promise<boolean> {
  try {
    const pong = await Promise.race([redis.ping(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);
    return pong === 'PONG';
  } catch {
    return false;
  }
}
