import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientEvents, ServerEvents } from '../../server/contract/realtime';
import { getTestServer, type TestServer } from '../helpers/app';
import { clockStart } from '../helpers/clock';
import { connected, nextEvent, openSocket } from '../helpers/socket';

/**
 * Socket events do not wait on a session look-up (issue 18: at a class's save rate those
 * queries queued in front of saves), yet a session past its absolute end acts on nothing: the
 * socket knows that time from its handshake and ends itself on the first event after it.
 */
let now = clockStart();
let t: TestServer;
beforeAll(async () => {
  t = await getTestServer({ clock: () => new Date(now) });
});
afterAll(() => t.close());

describe('the session behind a socket', () => {
  it('answers events while the session lasts, and after its absolute end refuses the next one and closes the socket', async () => {
    const { cookie } = await t.signIn(['student']);
    const socket = await connected(openSocket(t.url, { cookie }));
    const before = await socket.timeout(5000).emitWithAck(ClientEvents.clockSync);
    expect(before.ok).toBe(true);

    now += t.deps.config.session.absoluteMs; // exactly at the end: no longer valid
    const ended = nextEvent<{ reason: string }>(socket, ServerEvents.sessionEnded);
    const after = await socket.timeout(5000).emitWithAck(ClientEvents.clockSync);
    expect(after).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await ended).toEqual({ reason: 'expired' });
    await new Promise((r) => setTimeout(r, 100));
    expect(socket.connected).toBe(false);
    socket.close();
  });
});
