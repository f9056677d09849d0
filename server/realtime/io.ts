import type http from 'node:http';
import { parse as parseCookie } from 'cookie';
import { Server, type Socket } from 'socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Redis } from 'ioredis';
import type { AppDeps } from '../deps';
import { SESSION_COOKIE } from '../accounts/sessions';
import type { Ack } from '../contract/realtime';
import { ServerEvents } from '../contract/realtime';
import { msg, render } from '../messages';
import { isLocale, type Locale } from '../contract/constants';
import { inLocale, localeFromHeader } from '../http/locale';
import { AppError } from '../http/errors';
import { authorize } from '../http/policy';
import { parseInput } from '../http/validate';
import { accessFor, leaveForbiddenRooms, revalidateUserSockets, type RoomAccess, type SocketData } from './access';
import { allSocketEvents, roomAccess, type AnySocketEvent } from './events';
import { rooms } from './publisher';
import { guardedParser, MAX_FRAME_BYTES, RefusedFrame } from './frames';
import { connectionLimit, MAX_SOCKETS_PER_USER } from './connections';

/** How long a socket may act on a session check before the session is looked up again. */
const RECHECK_SESSION_MS = 60_000;

/**
 * Socket.io on the HTTP server. With `adapterRedis` (REDIS_URL) rooms span every web process
 * through the Redis streams adapter, which also keeps connection-state recovery working when a
 * client comes back on another node (sessions are kept in Redis).
 */
export function attachRealtime(server: http.Server, deps: AppDeps, opts: { adapterRedis?: Redis } = {}): Server {
  const io = new Server(server, {
    ...(opts.adapterRedis ? { adapter: createAdapter(opts.adapterRedis) } : {}),
    serveClient: false,
    // Hostile frames (100,000 arguments, deep nesting, binary) are refused before dispatch.
    parser: guardedParser,
    maxHttpBufferSize: MAX_FRAME_BYTES,
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
    // Cross-site pages must not open a socket with the user's cookie. Browsers send Origin on
    // every cross-origin request and on WebSocket upgrades; a same-origin polling GET carries
    // none, so there Sec-Fetch-Site vouches. A client with neither is not a browser, and so
    // cannot be carrying a victim's cookie.
    // The origins are the configured ones (server/http/origin.ts), never the Host header.
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      const fetchSite = req.headers['sec-fetch-site'];
      const ok = origin ? deps.origins.allows(origin) : fetchSite === undefined || fetchSite === 'same-origin' || fetchSite === 'none';
      callback(ok ? null : 'origin not allowed', ok);
    },
  });

  const table = roomAccess(deps);
  io.use(async (socket, next) => {
    try {
      const token = parseCookie(socket.request.headers.cookie ?? '')[SESSION_COOKIE];
      const resolved = await deps.sessions.resolve(token);
      if (!resolved) {
        const err = new Error('unauthenticated') as Error & { data: unknown };
        err.data = { code: 'unauthenticated', message: render(msg('realtime.signIn')), key: 'realtime.signIn' };
        return next(err);
      }
      // A recovered socket gets its old rooms back before this runs. If the cookie now belongs
      // to someone else (a shared computer), none of those rooms may stay.
      const previous = (socket.data as Partial<SocketData> | undefined)?.actor;
      if (socket.recovered && previous && (previous.id !== resolved.actor.id || previous.sessionId !== resolved.actor.sessionId)) {
        for (const room of [...socket.rooms]) if (room !== socket.id) void socket.leave(room);
      }
      // Roles may have changed while it was away: it keeps only the rooms it may still follow.
      if (socket.recovered) await leaveForbiddenRooms(socket, resolved.actor, table);
      socket.data = { actor: resolved.actor, checkedAt: Date.now(), expiresAt: resolved.expiresAt.getTime() } satisfies SocketData;
      next();
    } catch (err) {
      deps.logger.error({ err }, 'socket handshake failed');
      next(new Error('internal'));
    }
  });

  const limit = connectionLimit(io, { redis: deps.redis, logger: deps.logger });
  io.use(async (socket, next) => {
    const { actor } = socket.data as SocketData;
    // socket.io does not catch a rejected middleware: a surprise here must not end the process.
    const admitted = await limit.admit(socket, actor.id).catch((err: unknown) => {
      deps.logger.error({ err, userId: actor.id }, 'socket limit failed; admitting the socket');
      return true;
    });
    if (admitted) return next();
    deps.logger.warn({ userId: actor.id, max: MAX_SOCKETS_PER_USER }, 'socket refused: the user holds too many already');
    const err = new Error('too_many_connections') as Error & { data: unknown };
    err.data = {
      code: 'too_many_connections',
      message: render(msg('realtime.tooManyConnections', { max: MAX_SOCKETS_PER_USER })),
      key: 'realtime.tooManyConnections',
      params: { max: MAX_SOCKETS_PER_USER },
    };
    next(err);
  });

  const events = allSocketEvents(deps);
  io.on('connection', (socket: Socket) => {
    const { actor } = socket.data as SocketData;
    void socket.join([rooms.user(actor.id), rooms.session(actor.sessionId)]);
    // socket.io reports protocol errors here (a refused or unparsable frame) and then closes the connection.
    socket.on('error', (err: unknown) => {
      if (!(err instanceof Error)) return; // a client may emit an event named 'error'; it carries no Error
      const reason = err instanceof RefusedFrame ? err.reason : err.message;
      deps.logger.warn({ userId: actor.id, sessionId: actor.sessionId, reason }, 'socket sent a frame we refuse; disconnected');
    });
    for (const def of events) {
      socket.on(def.event, (...args: unknown[]) => {
        // In the language the page speaks now (its handshake says which, on every reconnect too).
        inLocale(socketLocale(socket), () => dispatch(deps, socket, def, args, table)).catch((err: unknown) => deps.logger.error({ err, event: def.event }, 'socket event could not be answered'));
      });
    }
  });

  deps.publisher.attach(io, { clustered: Boolean(opts.adapterRedis), redis: deps.redis ?? undefined });
  deps.publisher.onAccessChanged((userId) => {
    revalidateUserSockets(io, deps.sessions, table, userId).catch((err) => deps.logger.error({ err, userId }, 'could not re-check sockets after a change of roles'));
  });
  return io;
}

/** The page's interface language from its handshake (`auth.locale`), else the browser's Accept-Language, else none. */
function socketLocale(socket: Socket): Locale | null {
  const chosen: unknown = (socket.handshake.auth as { locale?: unknown } | undefined)?.locale;
  return isLocale(chosen) ? chosen : localeFromHeader(socket.handshake.headers['accept-language']);
}

function endSocket(socket: Socket): void {
  socket.emit(ServerEvents.sessionEnded, { reason: 'expired' });
  socket.disconnect(true);
}

/** Looks the socket's session up again; one look-up at a time per socket (checkedAt moves first). */
function recheckSession(deps: AppDeps, socket: Socket, data: SocketData): void {
  data.checkedAt = Date.now();
  const token = parseCookie(socket.request.headers.cookie ?? '')[SESSION_COOKIE];
  deps.sessions
    .resolve(token)
    .then((resolved) => {
      if (!resolved) return endSocket(socket);
      data.actor = resolved.actor;
      data.expiresAt = resolved.expiresAt.getTime();
    })
    .catch((err: unknown) => deps.logger.error({ err, userId: data.actor.id }, 'could not look a socket’s session up again'));
}

async function dispatch(deps: AppDeps, socket: Socket, def: AnySocketEvent, args: unknown[], table: RoomAccess[]): Promise<void> {
  const ack = typeof args.at(-1) === 'function' ? (args.pop() as (reply: Ack<unknown>) => void) : undefined;
  const reply = (r: Ack<unknown>) => ack?.(r);
  const data = socket.data as SocketData;
  try {
    // A session past its absolute end is known here without a query.
    if (deps.clock().getTime() >= data.expiresAt) {
      reply({ ok: false, error: new AppError('unauthenticated', msg('http.sessionEnded')).toBody().error });
      endSocket(socket);
      return;
    }
    // The periodic look-up runs beside the event, not before it: at a class's save rate it would
    // otherwise queue a few queries in front of saves. Signing out, a password change, disabling
    // an account and a change of roles reach the socket at once anyway (publisher → session and
    // user rooms); this catches an idle timeout or a session deleted behind the server's back.
    if (Date.now() - data.checkedAt > RECHECK_SESSION_MS) recheckSession(deps, socket, data);
    authorize(def.access, data.actor);
    const payload = def.payload ? parseInput(def.payload, args[0] ?? {}, 'payload') : undefined;
    const join = async (room: string) => {
      // A room nobody can re-check could not be left when roles change: a programming error.
      if (!accessFor(table, room)) throw new Error(`room ${room} has no entry in roomAccess`);
      await socket.join(room);
    };
    reply({ ok: true, data: await def.handler({ actor: data.actor, payload, join }) });
  } catch (err) {
    if (err instanceof AppError) {
      reply({ ok: false, error: err.toBody().error });
    } else {
      deps.logger.error({ err, event: def.event }, 'socket event failed');
      reply({ ok: false, error: new AppError('internal', msg('http.internal')).toBody().error });
    }
  }
}
