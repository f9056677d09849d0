import { io as connect, type Socket } from 'socket.io-client';

/** A real socket.io client that sends a browser-like Origin and the given session cookie. */
export function openSocket(url: string, opts: { cookie?: string; origin?: string } = {}): Socket {
  return connect(url, {
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: { origin: opts.origin ?? url, ...(opts.cookie ? { cookie: opts.cookie } : {}) },
  });
}

export function connected(socket: Socket): Promise<Socket> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

export function nextEvent<T = unknown>(socket: Socket, event: string, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}
