import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import { withTimeout } from '../scale/redis';
import { rooms } from './publisher';

/**
 * How many sockets one user may hold at once. The web app opens one socket per browser tab: a
 * student has a few (the workspace, perhaps the same attempt in a second tab, the course page),
 * a teacher one more per class watched live, each perhaps on a second device. A tab whose
 * network changed keeps its old socket counted until the server notices it is gone (up to the
 * ping interval plus timeout, 45 s), so the same tabs can briefly count twice. 20 covers all of
 * that and holds one account to 20 connections' worth of buffers and rooms.
 */
export const MAX_SOCKETS_PER_USER = 20;

/** Across processes (REDIS_URL): a socket's mark lives this long unless its process renews it. */
const MARK_TTL_MS = 60_000;
const RENEW_EVERY_MS = 20_000;
const REDIS_TIMEOUT_MS = 1_000;
const key = (userId: string) => `practicum:sockets:${userId}`;

/**
 * Atomically: forget marks nobody renewed (a process that died), then admit the socket if it is
 * already counted (a recovered socket) or the user holds fewer than the limit.
 * KEYS[1] the user's set; ARGV now, ttl, max, socket id.
 */
const ADMIT = `
local now = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZSCORE', KEYS[1], ARGV[4]) or redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[3]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[4])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0`;

export type ConnectionLimit = {
  /**
   * Counts the socket for its user and joins it to the user's room, or answers false when the
   * user already holds `max` sockets. Call from a handshake middleware, after authentication.
   */
  admit(socket: Socket, userId: string): Promise<boolean>;
  close(): void;
};

/**
 * The count is the user's room: a socket joins it here and leaves it on every way out
 * (disconnect, a refused or abandoned handshake), so nothing is counted twice or leaks. With
 * Redis each process also marks its sockets in a per-user sorted set that every process checks;
 * marks of a process that died expire within a minute. If Redis does not answer, the socket is
 * admitted: the limit is a guard against abuse, not worth refusing honest users during an outage.
 */
export function connectionLimit(io: Server, opts: { redis?: Redis | null; logger: Logger; max?: number }): ConnectionLimit {
  const max = opts.max ?? MAX_SOCKETS_PER_USER;
  const redis = opts.redis ?? null;
  const adapter = io.of('/').adapter;
  const userOf = (room: string) => (room.startsWith('user:') ? room.slice('user:'.length) : null);

  let renewTimer: ReturnType<typeof setInterval> | null = null;
  if (redis) {
    adapter.on('leave-room', (room: string, socketId: string) => {
      const userId = userOf(room);
      if (userId) void redis.zrem(key(userId), socketId).catch(() => undefined);
    });
    renewTimer = setInterval(() => {
      const batch = redis.pipeline();
      const expires = Date.now() + MARK_TTL_MS;
      for (const [room, members] of adapter.rooms) {
        const userId = userOf(room);
        if (!userId) continue;
        for (const id of members) batch.zadd(key(userId), 'XX', expires, id);
        batch.pexpire(key(userId), MARK_TTL_MS);
      }
      if (batch.length > 0) void batch.exec().catch((err) => opts.logger.warn({ err }, 'could not renew socket marks in Redis'));
    }, RENEW_EVERY_MS);
    renewTimer.unref();
  }

  return {
    async admit(socket, userId) {
      const room = rooms.user(userId);
      if (redis) {
        try {
          const ok = await withTimeout(redis.eval(ADMIT, 1, key(userId), Date.now(), MARK_TTL_MS, max, socket.id), REDIS_TIMEOUT_MS, 'socket limit');
          if (ok !== 1) return false;
        } catch (err) {
          opts.logger.warn({ err, userId }, 'socket limit: Redis did not answer; admitting the socket');
        }
      } else {
        // No await between counting and joining: two handshakes cannot both take the last place.
        const members = adapter.rooms.get(room);
        const others = (members?.size ?? 0) - (members?.has(socket.id) ? 1 : 0);
        if (others >= max) return false;
      }
      void socket.join(room);
      return true;
    },
    close() {
      if (renewTimer) clearInterval(renewTimer);
    },
  };
}
