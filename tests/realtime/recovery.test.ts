import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestServer, type TestServer } from '../helpers/app';

let t: TestServer;
beforeAll(async () => {
  t = await getTestServer();
});
afterAll(() => t.close());

describe('connection-state recovery', () => {
  it('restores rooms and replays what was emitted while the link was down', async () => {
    const { cookie, user } = await t.signIn(['student']);
    const socket = connect(t.url, { transports: ['websocket'], extraHeaders: { origin: t.url, cookie }, reconnectionDelay: 50 });
    await new Promise<void>((r) => socket.once('connect', () => r()));
    const received: string[] = [];
    socket.on('note.created', (m: { text: string }) => received.push(m.text));
    t.deps.publisher.toUser(user.id, 'note.created', { text: 'before' });
    await new Promise((r) => setTimeout(r, 100));

    const reconnected = new Promise<void>((r) => socket.io.once('reconnect', () => r()));
    socket.io.engine.close(); // a dropped link, not a sign-out
    await new Promise((r) => setTimeout(r, 20));
    t.deps.publisher.toUser(user.id, 'note.created', { text: 'while down' });
    await reconnected;
    await new Promise((r) => setTimeout(r, 200));
    expect(socket.recovered).toBe(true);
    t.deps.publisher.toUser(user.id, 'note.created', { text: 'after' });
    await new Promise((r) => setTimeout(r, 100));
    expect(received).toEqual(['before', 'while down', 'after']);
    socket.close();
  });

  it('does not recover a session that was signed out meanwhile', async () => {
    const { cookie, agent } = await t.signIn(['student']);
    // The reconnect waits long enough for the sign-out to land first.
    const socket = connect(t.url, {
      transports: ['websocket'],
      extraHeaders: { origin: t.url, cookie },
      reconnectionDelay: 1500,
      randomizationFactor: 0,
      reconnectionAttempts: 1,
    });
    await new Promise<void>((r) => socket.once('connect', () => r()));
    const outcome = new Promise<string>((r) => {
      socket.once('connect_error', (err) => r(err.message));
      socket.once('connect', () => r('reconnected'));
    });
    socket.io.engine.close();
    expect((await agent.delete('/api/session')).status).toBe(204);
    expect(await outcome).toBe('unauthenticated');
    socket.close();
  });
});
