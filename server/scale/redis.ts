import { Redis } from 'ioredis';

/**
 * One Redis connection. BullMQ needs `maxRetriesPerRequest: null` (its blocking reads must wait
 * through a Redis restart instead of failing); the socket.io adapter is fine with it too.
 */
export function connectRedis(url: string, name: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, connectionName: `practicum:${name}`, lazyConnect: false });
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
