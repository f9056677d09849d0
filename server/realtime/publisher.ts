import type { Redis } from 'ioredis';
import type { Server } from 'socket.io';

/**
 * Across processes: which watched rooms have a listener somewhere. Each process marks the
 * watched rooms its own sockets are in (a Redis key with a short expiry, renewed while they
 * stay) and reads other processes' marks through a small cache, so a save asks Redis at most
 * once per room every few seconds instead of pushing to rooms nobody is in.
 */
const WATCH_TTL_S = 60;
const RENEW_EVERY_MS = 20_000;
const CACHE_MS = 3_000;
const watchKey = (room: string) => `practicum:watched:${room}`;
/** A server-to-server message between web processes (never sent to a browser). */
const ACCESS_CHANGED = 'practicum:access-changed';

/**
 * The one path from domain code to sockets: services call the publisher, the publisher
 * emits to rooms. It is created before socket.io exists, so the app and tests can hold it.
 */
export class Publisher {
  private io: Server | null = null;
  /** With a shared adapter (REDIS_URL), other processes' sockets count too. */
  private redis: Redis | null = null;
  private clustered = false;
  private readonly known = new Map<string, { watched: boolean; at: number }>();
  private renewTimer: ReturnType<typeof setInterval> | null = null;
  private accessListener: ((userId: string) => void) | null = null;

  attach(io: Server, opts: { clustered?: boolean; redis?: Redis } = {}): void {
    this.io = io;
    this.clustered = opts.clustered ?? false;
    this.redis = opts.redis ?? null;
    if (this.redis) {
      this.renewTimer = setInterval(() => this.renewWatches(), RENEW_EVERY_MS);
      this.renewTimer.unref();
    }
  }

  detach(): void {
    if (this.renewTimer) clearInterval(this.renewTimer);
  }

  /** Call after a socket joins a room whose pushes are skipped when nobody watches (the monitor). */
  watching(room: string): void {
    this.known.set(room, { watched: true, at: Date.now() });
    void this.redis?.set(watchKey(room), '1', 'EX', WATCH_TTL_S).catch(() => undefined);
  }

  private renewWatches(): void {
    if (!this.io || !this.redis) return;
    for (const [room, members] of this.io.sockets.adapter.rooms) {
      if (room.startsWith('assignment:') && members.size > 0) void this.redis.set(watchKey(room), '1', 'EX', WATCH_TTL_S).catch(() => undefined);
    }
  }

  toUser(userId: string, event: string, payload: unknown): void {
    this.io?.to(rooms.user(userId)).emit(event, payload);
  }

  /** Rooms are joined only through socket events whose handlers authorized the caller. */
  toRoom(room: string, event: string, payload: unknown, exceptUser?: string): void {
    // `exceptUser`: a person whose roles just changed; their sockets may not have left the room yet.
    if (exceptUser) this.io?.to(room).except(rooms.user(exceptUser)).emit(event, payload);
    else this.io?.to(room).emit(event, payload);
  }

  /**
   * Whether anyone may be in the room: lets costly pushes (the monitor row) be skipped when
   * nobody watches. On one process that is exact. Across processes it is this process's sockets
   * or another's mark in Redis (seen within a few seconds); without Redis to ask, yes.
   */
  mayHaveListeners(room: string): boolean {
    if ((this.io?.sockets.adapter.rooms.get(room)?.size ?? 0) > 0) return true;
    if (!this.clustered) return false;
    if (!this.redis) return true;
    const seen = this.known.get(room);
    if (!seen || Date.now() - seen.at > CACHE_MS) {
      // Answer from what was known, and ask again for the next save.
      this.known.set(room, { watched: seen?.watched ?? false, at: Date.now() });
      void this.redis
        .exists(watchKey(room))
        .then((n) => this.known.set(room, { watched: n > 0, at: Date.now() }))
        .catch(() => this.known.set(room, { watched: true, at: Date.now() }));
    }
    return this.known.get(room)!.watched;
  }

  /**
   * A user's roles changed (a membership removed, given, or the account disabled): their
   * sockets, on every process, are checked again against what they follow now. The realtime
   * layer registers how (`onAccessChanged`); across processes the message goes through the
   * adapter, which does not deliver it back to the sender, so this process checks its own too.
   */
  accessChanged(userId: string): void {
    this.accessListener?.(userId);
    if (this.clustered) this.io?.serverSideEmit(ACCESS_CHANGED, userId);
  }

  onAccessChanged(listener: (userId: string) => void): void {
    this.accessListener = listener;
    this.io?.on(ACCESS_CHANGED, (userId: unknown) => typeof userId === 'string' && listener(userId));
  }

  /** Closes every socket of a user on every process (an account disabled), after telling them why. */
  endUser(userId: string, event: string, payload: unknown): void {
    if (!this.io) return;
    this.io.to(rooms.user(userId)).emit(event, payload);
    this.io.in(rooms.user(userId)).disconnectSockets(true);
  }

  /** Closes every socket of a session, e.g. after sign-out, so a dead session keeps no live channel. */
  endSession(sessionId: string, event: string, payload: unknown): void {
    if (!this.io) return;
    this.io.to(rooms.session(sessionId)).emit(event, payload);
    this.io.in(rooms.session(sessionId)).disconnectSockets(true);
  }
}

export const rooms = {
  user: (id: string) => `user:${id}`,
  session: (id: string) => `session:${id}`,
};
