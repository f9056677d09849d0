import { parse as parseCookie } from 'cookie';
import type { Server, Socket } from 'socket.io';
import type { SessionStore } from '../accounts/sessions';
import { SESSION_COOKIE } from '../accounts/sessions';
import { ServerEvents } from '../contract/realtime';
import type { Actor } from '../http/policy';
import { rooms } from './publisher';

/**
 * Every room a socket can join, by the prefix of its name, with the check that lets a caller
 * in (the same one its join event runs). Checking by name, rather than remembering a closure
 * per join, also covers rooms that socket.io's connection-state recovery hands back, on this
 * process or another.
 */
export type RoomAccess = { prefix: string; check: (actor: Actor, id: string) => Promise<unknown> };

/** Who a socket is, when the session behind it was last looked up, and when that session ends at the latest (ms). */
export type SocketData = { actor: Actor; checkedAt: number; expiresAt: number };

export const socketData = (socket: Pick<Socket, 'data'>) => socket.data as SocketData;

/** Rooms every socket is in by being signed in; nothing to check there. */
const isOwnRoom = (socket: Socket, room: string) => room === socket.id || room.startsWith(`${rooms.user('')}`) || room.startsWith(`${rooms.session('')}`);

export function accessFor(table: RoomAccess[], room: string): { entry: RoomAccess; id: string } | null {
  const entry = table.find((e) => room.startsWith(e.prefix));
  return entry ? { entry, id: room.slice(entry.prefix.length) } : null;
}

/**
 * Leaves every room the actor may no longer be in (a room with no entry in the table too:
 * fail closed). Returns how many were left.
 */
export async function leaveForbiddenRooms(socket: Socket, actor: Actor, table: RoomAccess[]): Promise<number> {
  let left = 0;
  for (const room of [...socket.rooms]) {
    if (isOwnRoom(socket, room)) continue;
    const found = accessFor(table, room);
    const allowed = found
      ? await found.entry.check(actor, found.id).then(
          () => true,
          () => false,
        )
      : false;
    if (allowed) continue;
    await socket.leave(room);
    left++;
  }
  return left;
}

export type AccessChanged = { left: number };

/**
 * After a user's roles changed: each of their sockets on this process takes up the new roles
 * and leaves at once every room it may no longer follow; a disabled account or an ended
 * session closes the socket. The browser hears `access.changed` and refreshes what it shows.
 */
export async function revalidateUserSockets(io: Server, sessions: SessionStore, table: RoomAccess[], userId: string): Promise<void> {
  for (const id of [...(io.sockets.adapter.rooms.get(rooms.user(userId)) ?? [])]) {
    const socket = io.sockets.sockets.get(id);
    if (!socket) continue;
    const resolved = await sessions.resolve(parseCookie(socket.request.headers.cookie ?? '')[SESSION_COOKIE]);
    if (!resolved) {
      socket.emit(ServerEvents.sessionEnded, { reason: 'expired' });
      socket.disconnect(true);
      continue;
    }
    socket.data = { actor: resolved.actor, checkedAt: Date.now(), expiresAt: resolved.expiresAt.getTime() } satisfies SocketData;
    const left = await leaveForbiddenRooms(socket, resolved.actor, table);
    socket.emit(ServerEvents.accessChanged, { left } satisfies AccessChanged);
  }
}
