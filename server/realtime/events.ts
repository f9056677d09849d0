import type { z } from 'zod';
import { ClientEvents, type ClockSyncResult } from '../contract/realtime';
import type { AppDeps } from '../app';
import { access, type Access, type Actor } from '../http/policy';

export type SocketEventDef<S extends z.ZodType | undefined = z.ZodType | undefined> = {
  event: string;
  access: Access;
  summary: string;
  payload?: S;
  handler: (ctx: { actor: Actor; payload: S extends z.ZodType ? z.infer<S> : undefined }) => Promise<unknown> | unknown;
};

export type AnySocketEvent = SocketEventDef<any>;

export function socketEvent<S extends z.ZodType | undefined = undefined>(def: SocketEventDef<S>): SocketEventDef<S> {
  return def;
}

/** Every client → server event; the authorization-matrix test walks this list. */
export function allSocketEvents(deps: AppDeps): AnySocketEvent[] {
  return [
    socketEvent({
      event: ClientEvents.clockSync,
      access: access.authenticated,
      summary: 'Server time, so countdowns follow the server clock and not the device clock',
      handler: (): ClockSyncResult => ({ serverTime: deps.clock().toISOString() }),
    }),
  ];
}
