import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientEvents, ServerEvents } from '../../server/contract/realtime';
import { getTestServer, type TestServer } from '../helpers/app';
import { connected, nextEvent, openSocket } from '../helpers/socket';

let t: TestServer;
beforeAll(async () => {
  t = await getTestServer();
});
afterAll(() => t.close());

describe('handshake', () => {
  it('refuses a socket without a session', async () => {
    await expect(connected(openSocket(t.url))).rejects.toThrow('unauthenticated');
  });

  it('refuses a forged cookie', async () => {
    await expect(connected(openSocket(t.url, { cookie: 'practicum_session=forged' }))).rejects.toThrow('unauthenticated');
  });

  it('refuses a page from another origin even with a valid cookie', async () => {
    const { cookie } = await t.signIn(['student']);
    const socket = openSocket(t.url, { cookie, origin: 'https://evil.example' });
    await expect(connected(socket)).rejects.toThrow();
    expect(socket.connected).toBe(false);
    socket.close();
  });

  it('accepts same-origin long-polling, which carries no Origin header', async () => {
    const { cookie } = await t.signIn(['student']);
    const socket = connect(t.url, { transports: ['polling'], reconnection: false, extraHeaders: { cookie, 'sec-fetch-site': 'same-origin' } });
    await connected(socket);
    expect(socket.io.engine.transport.name).toBe('polling');
    socket.close();
  });

  it('refuses a cross-site request that hides its Origin', async () => {
    const { cookie } = await t.signIn(['student']);
    const socket = connect(t.url, { transports: ['polling'], reconnection: false, extraHeaders: { cookie, 'sec-fetch-site': 'cross-site' } });
    await expect(connected(socket)).rejects.toThrow();
    socket.close();
  });

  it('accepts the session cookie and reports recovery support', async () => {
    const { cookie } = await t.signIn(['student']);
    const socket = await connected(openSocket(t.url, { cookie }));
    expect(socket.connected).toBe(true);
    expect(socket.recovered).toBe(false);
    socket.close();
  });
});

describe('rooms', () => {
  it('delivers to user:<id> only the sockets of that user', async () => {
    const a = await t.signIn(['student']);
    const b = await t.signIn(['student']);
    const sa = await connected(openSocket(t.url, { cookie: a.cookie }));
    const sb = await connected(openSocket(t.url, { cookie: b.cookie }));
    const received: string[] = [];
    sb.on('note.created', () => received.push('b'));
    const arrived = nextEvent<{ text: string }>(sa, 'note.created');
    t.deps.publisher.toUser(a.user.id, 'note.created', { text: 'for a' });
    expect(await arrived).toEqual({ text: 'for a' });
    await new Promise((r) => setTimeout(r, 100));
    expect(received).toEqual([]);
    sa.close();
    sb.close();
  });
});

describe('clock.sync', () => {
  it('answers with the server time through the ack', async () => {
    const { cookie } = await t.signIn(['teacher']);
    const socket = await connected(openSocket(t.url, { cookie }));
    const before = Date.now();
    const reply = await socket.timeout(5000).emitWithAck(ClientEvents.clockSync);
    expect(reply.ok).toBe(true);
    expect(Date.parse(reply.data.serverTime)).toBeGreaterThanOrEqual(before - 1000);
    socket.close();
  });
});

describe('sign-out', () => {
  it('tells the session’s sockets and closes them', async () => {
    const { agent, cookie } = await t.signIn(['student']);
    const socket = await connected(openSocket(t.url, { cookie }));
    const ended = nextEvent<{ reason: string }>(socket, ServerEvents.sessionEnded);
    const closed = nextEvent<string>(socket, 'disconnect');
    expect((await agent.delete('/api/session')).status).toBe(204);
    expect(await ended).toEqual({ reason: 'signed-out' });
    expect(await closed).toBe('io server disconnect');
  });
});
