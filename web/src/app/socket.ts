import i18next from 'i18next';
import { io, type Socket } from 'socket.io-client';
import { ClientEvents, ServerEvents, type Ack, type ClockSyncResult } from '../../../server/contract/realtime';
import { clientText, serverText } from './serverText';

/**
 * The one socket of the page. It is opened after sign-in (the cookie authenticates it) and
 * closed on sign-out; the store learns about it only through the handlers.
 */
export type LinkStatus = 'off' | 'connecting' | 'live' | 'reconnecting';

export type RealtimeHandlers = {
  onStatus: (status: LinkStatus) => void;
  /** Server clock minus device clock, so countdowns can follow the server. */
  onClockSynced: (offsetMs: number) => void;
  /** The server ended the session (signed out elsewhere, expired) or refused the socket without one. */
  onSessionEnded: (reason: string) => void;
  /** An administrator changed the user's roles; the socket already left what they no longer allow. */
  onAccessChanged: () => void;
  /** The server refused the link for a reason the user can act on (too many open tabs). */
  onRefused: (message: string) => void;
};

const CLOCK_SYNC_EVERY_MS = 5 * 60_000;
const ACK_TIMEOUT_MS = 5_000;

let socket: Socket | null = null;
let syncTimer: ReturnType<typeof setInterval> | undefined;

type ServerEventName = (typeof ServerEvents)[keyof typeof ServerEvents];
type Listener = (payload: unknown) => void;

// Pages subscribe here rather than on the socket itself, so a subscription made before the
// socket exists (children mount before the shell opens it) or across a sign-in still hears.
const listeners = new Map<ServerEventName, Set<Listener>>();
const connectListeners = new Set<(recovered: boolean) => void>();

export function startRealtime(handlers: RealtimeHandlers): void {
  if (socket) return;
  // Default transports: long-polling first, upgraded to WebSocket, so proxies that block
  // WebSocket still get a working connection.
  // `auth` is read on every (re)connect: the server answers in the language the page speaks then.
  const s = io({ autoConnect: false, withCredentials: true, auth: (send) => send({ locale: i18next.language }) });
  socket = s;
  handlers.onStatus('connecting');

  s.on('connect', () => {
    void syncClock(s, handlers);
    // Without recovery the server forgot this socket's rooms and the events it missed.
    for (const listener of [...connectListeners]) listener(s.recovered);
  });
  for (const name of Object.values(ServerEvents)) {
    if (name === ServerEvents.sessionEnded || name === ServerEvents.accessChanged) continue;
    s.on(name, (payload: unknown) => {
      for (const listener of [...(listeners.get(name) ?? [])]) listener(payload);
    });
  }
  s.on('disconnect', (reason) => {
    if (reason === 'io client disconnect') return;
    handlers.onStatus(s.active ? 'reconnecting' : 'off');
  });
  s.on('connect_error', (err: Error & { data?: { code?: string } }) => {
    if (s.active) return handlers.onStatus('reconnecting');
    // Not retried by socket.io: the handshake itself was refused.
    if (err.message === 'unauthenticated' || err.data?.code === 'unauthenticated') handlers.onSessionEnded('expired');
    else if (err.data?.code === 'too_many_connections') handlers.onRefused((err.data as { message?: string }).message ?? err.message);
    else handlers.onStatus('off');
  });
  s.on(ServerEvents.sessionEnded, (payload: { reason?: string } | undefined) => handlers.onSessionEnded(payload?.reason ?? 'expired'));
  s.on(ServerEvents.accessChanged, () => handlers.onAccessChanged());

  syncTimer = setInterval(() => {
    if (s.connected) void syncClock(s, handlers);
  }, CLOCK_SYNC_EVERY_MS);
  s.connect();
}

export function stopRealtime(): void {
  clearInterval(syncTimer);
  syncTimer = undefined;
  if (!socket) return;
  socket.removeAllListeners();
  socket.disconnect();
  socket = null;
}

/** Live means a round trip worked: connected, authenticated and answering. */
async function syncClock(s: Socket, handlers: RealtimeHandlers): Promise<void> {
  const sentAt = Date.now();
  let reply: Ack<ClockSyncResult>;
  try {
    reply = (await s.timeout(ACK_TIMEOUT_MS).emitWithAck(ClientEvents.clockSync, {})) as Ack<ClockSyncResult>;
  } catch {
    return; // timed out; the next connect or interval tries again
  }
  if (s !== socket) return;
  if (!reply.ok) {
    if (reply.error.code === 'unauthenticated') handlers.onSessionEnded('expired');
    return;
  }
  const receivedAt = Date.now();
  const serverAtReceipt = Date.parse(reply.data.serverTime) + (receivedAt - sentAt) / 2;
  handlers.onClockSynced(Math.round(serverAtReceipt - receivedAt));
  handlers.onStatus('live');
}

/** Hears a server event for as long as the returned function is not called. */
export function onServerEvent<T>(name: ServerEventName, listener: (payload: T) => void): () => void {
  let set = listeners.get(name);
  if (!set) listeners.set(name, (set = new Set()));
  const l = listener as Listener;
  set.add(l);
  return () => void set.delete(l);
}

/**
 * Called on every (re)connection with whether socket.io recovered the session (rooms and
 * missed events kept). Called at once when the socket is already connected, as a fresh join.
 */
export function onConnected(listener: (recovered: boolean) => void): () => void {
  connectListeners.add(listener);
  if (socket?.connected) queueMicrotask(() => connectListeners.has(listener) && listener(false));
  return () => void connectListeners.delete(listener);
}

export function isConnected(): boolean {
  return socket?.connected ?? false;
}

/**
 * Sends a client event and waits for its ack. Never queues while disconnected (socket.io
 * would replay it later, out of the caller's control): the caller keeps its work and retries.
 */
export async function request<T>(event: (typeof ClientEvents)[keyof typeof ClientEvents], payload: unknown, timeoutMs = ACK_TIMEOUT_MS): Promise<Ack<T>> {
  const s = socket;
  if (!s?.connected) return { ok: false, error: { code: 'offline', message: clientText('offline') } };
  let ack: Ack<T>;
  try {
    ack = (await s.timeout(timeoutMs).emitWithAck(event, payload)) as Ack<T>;
  } catch {
    return { ok: false, error: { code: 'timeout', message: clientText('timeout') } };
  }
  // Callers show `error.message`: it is the reader's language from here on.
  return ack.ok ? ack : { ok: false, error: { ...ack.error, message: serverText(ack.error) } };
}
