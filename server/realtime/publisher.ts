import type { Server } from 'socket.io';

/**
 * The one path from domain code to sockets: services call the publisher, the publisher
 * emits to rooms. It is created before socket.io exists, so the app and tests can hold it.
 */
export class Publisher {
  private io: Server | null = null;
  /** With a shared adapter, other processes' sockets count too, and this process cannot see them. */
  private clustered = false;

  attach(io: Server, opts: { clustered?: boolean } = {}): void {
    this.io = io;
    this.clustered = opts.clustered ?? false;
  }

  toUser(userId: string, event: string, payload: unknown): void {
    this.io?.to(rooms.user(userId)).emit(event, payload);
  }

  /** Rooms are joined only through socket events whose handlers authorized the caller. */
  toRoom(room: string, event: string, payload: unknown): void {
    this.io?.to(room).emit(event, payload);
  }

  /**
   * Whether anyone may be in the room: lets costly pushes (the monitor row) be skipped when
   * nobody watches. On one process that is exact; across processes a listener may sit on
   * another node, so the answer is always yes (asking every node would cost more than the push).
   */
  mayHaveListeners(room: string): boolean {
    if (this.clustered) return true;
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
