import type { Server } from 'socket.io';

/**
 * The one path from domain code to sockets: services call the publisher, the publisher
 * emits to rooms. It is created before socket.io exists, so the app and tests can hold it.
 */
export class Publisher {
  private io: Server | null = null;

  attach(io: Server): void {
    this.io = io;
  }

  toUser(userId: string, event: string, payload: unknown): void {
    this.io?.to(rooms.user(userId)).emit(event, payload);
  }

  /** Rooms are joined only through socket events whose handlers authorized the caller. */
  toRoom(room: string, event: string, payload: unknown): void {
    this.io?.to(room).emit(event, payload);
  }

  /**
   * Whether any socket on this process is in the room: lets costly pushes (the monitor row)
   * be skipped when nobody watches. With several processes (a shared adapter) this must ask
   * the adapter instead.
   */
  hasLocalListeners(room: string): boolean {
    return (this.io?.sockets.adapter.rooms.get(room)?.size ?? 0) > 0;
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
