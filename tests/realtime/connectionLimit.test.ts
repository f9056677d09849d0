import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientEvents } from '../../server/contract/realtime';
import { MAX_SOCKETS_PER_USER } from '../../server/realtime/connections';
import { getTestServer, type TestServer } from '../helpers/app';
import { connected, nextEvent, openSocket } from '../helpers/socket';

let t: TestServer;
beforeAll(async () => {
  t = await getTestServer();
});
afterAll(() => t.close());

type Refusal = Error & { data?: { code: string; message: string } };

/** Opens `n` sockets at once; resolves with those that connected and the refusals. */
async function openMany(cookie: string, n: number): Promise<{ open: Socket[]; refused: Refusal[] }> {
  const sockets = Array.from({ length: n }, () => openSocket(t.url, { cookie }));
  const results = await Promise.allSettled(sockets.map((s) => connected(s)));
  const open = sockets.filter((_, i) => results[i]!.status === 'fulfilled');
  for (const s of sockets) if (!open.includes(s)) s.close();
  const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Refusal] : []));
  return { open, refused };
}

/** Tries to connect until the server has noticed a socket went away (no timed assertion). */
async function connectWhenRoom(cookie: string): Promise<Socket> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const socket = openSocket(t.url, { cookie });
    try {
      return await connected(socket);
    } catch (err) {
      socket.close();
      if ((err as Refusal).data?.code !== 'too_many_connections' || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

describe('sockets per user', () => {
  it(`admits ${MAX_SOCKETS_PER_USER} and refuses the next with a clear code, even when they arrive at once`, async () => {
    const { cookie } = await t.signIn(['student']);
    const { open, refused } = await openMany(cookie, MAX_SOCKETS_PER_USER + 5);
    expect(open).toHaveLength(MAX_SOCKETS_PER_USER);
    expect(refused).toHaveLength(5);
    expect(refused[0]!.message).toBe('too_many_connections');
    expect(refused[0]!.data).toEqual({ code: 'too_many_connections', message: expect.stringMatching(/20 live connections open already/), key: 'realtime.tooManyConnections', params: { max: 20 } });
    // The admitted ones work.
    const reply = await open[0]!.timeout(5000).emitWithAck(ClientEvents.clockSync);
    expect(reply.ok).toBe(true);
    for (const s of open) s.close();
  });

  it('counts each user apart', async () => {
    const a = await t.signIn(['teacher']);
    const b = await t.signIn(['teacher']);
    const full = await openMany(a.cookie, MAX_SOCKETS_PER_USER);
    expect(full.open).toHaveLength(MAX_SOCKETS_PER_USER);
    const other = await connected(openSocket(t.url, { cookie: b.cookie }));
    expect(other.connected).toBe(true);
    for (const s of [...full.open, other]) s.close();
  });

  it('frees a place when a socket closes', async () => {
    const { cookie } = await t.signIn(['student']);
    const { open } = await openMany(cookie, MAX_SOCKETS_PER_USER);
    expect(open).toHaveLength(MAX_SOCKETS_PER_USER);
    await expect(connected(openSocket(t.url, { cookie }))).rejects.toThrow('too_many_connections');
    open.pop()!.close();
    const again = await connectWhenRoom(cookie);
    expect(again.connected).toBe(true);
    for (const s of [...open, again]) s.close();
  });

  it('lets a socket at the limit recover after its link dropped', async () => {
    const { cookie, user } = await t.signIn(['student']);
    const { open } = await openMany(cookie, MAX_SOCKETS_PER_USER - 1);
    const last = connect(t.url, { transports: ['websocket'], extraHeaders: { origin: t.url, cookie }, reconnectionDelay: 50 });
    await connected(last);
    // Recovery needs a first delivered event to resume from.
    const delivered = nextEvent(last, 'note.created');
    t.deps.publisher.toUser(user.id, 'note.created', { text: 'hello' });
    await delivered;
    const reconnected = new Promise<void>((r) => last.once('disconnect', () => last.once('connect', () => r())));
    last.io.engine.close(); // a dropped link
    await reconnected;
    expect(last.recovered).toBe(true);
    expect(last.connected).toBe(true);
    for (const s of [...open, last]) s.close();
  });
});
