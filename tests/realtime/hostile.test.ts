import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { ClientEvents } from '../../server/contract/realtime';
import { MAX_FRAME_BYTES } from '../../server/realtime/frames';
import { getTestServer, type TestServer } from '../helpers/app';
import { connected, openSocket } from '../helpers/socket';

/**
 * Frames no honest client sends must cost their sender the connection, never the server: before
 * the fix, 100,000 arguments overflowed the stack inside socket.io's emit and the process exited.
 */
const logged: { msg: string; userId?: string; reason?: string }[] = [];
let t: TestServer;
beforeAll(async () => {
  const logger = pino({ level: 'warn' }, { write: (line: string) => void logged.push(JSON.parse(line)) });
  t = await getTestServer({ logger });
});
afterAll(() => t.close());

/** Sends a socket.io packet exactly as given, in one engine.io message frame. */
function sendRaw(socket: Socket, packet: string | Uint8Array): void {
  socket.io.engine.write(packet);
}

function disconnected(socket: Socket): Promise<string> {
  return new Promise((resolve) => (socket.connected ? socket.once('disconnect', (reason) => resolve(reason)) : resolve('already')));
}

async function stillServing(bystander: Socket): Promise<void> {
  const res = await t.agent().get('/api/health');
  expect(res.status).toBe(200);
  const reply = await bystander.timeout(5000).emitWithAck(ClientEvents.clockSync);
  expect(reply.ok).toBe(true);
}

const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);

const hostile: [string, string | Uint8Array][] = [
  ['100,000 arguments', '2' + JSON.stringify(['any-event', ...Array(100_000).fill(1)])],
  ['100,000 arguments to a real event, with an ack id', '27' + JSON.stringify([ClientEvents.clockSync, ...Array(100_000).fill({})])],
  ['an ack with 100,000 arguments', '31' + JSON.stringify(Array(100_000).fill(1))],
  ['a payload nested 100,000 levels deep', '2' + JSON.stringify(['clock.sync']).slice(0, -1) + ',' + deep(100_000) + ']'],
  ['a binary event', '51-["clock.sync",{"_placeholder":true,"num":0}]'],
  ['a lone binary attachment', new Uint8Array([1, 2, 3])],
  ['text that is not a socket.io packet', '2not json'],
];

describe('a hostile frame from a signed-in user', () => {
  it.each(hostile)('%s: the sender is disconnected and logged, the server keeps serving', async (_name, frame) => {
    const attacker = await t.signIn(['student']);
    const bystander = await t.signIn(['teacher']);
    const bad = await connected(openSocket(t.url, { cookie: attacker.cookie }));
    const good = await connected(openSocket(t.url, { cookie: bystander.cookie }));
    const gone = disconnected(bad);
    sendRaw(bad, frame);
    expect(await gone).toBe('transport close');
    await stillServing(good);
    expect(logged.some((l) => l.userId === attacker.user.id && /refuse/.test(l.msg))).toBe(true);
    good.close();
  });

  it('with four arguments is still an ordinary event (the limit leaves room)', async () => {
    const { cookie } = await t.signIn(['student']);
    const socket = await connected(openSocket(t.url, { cookie }));
    const reply = await socket.timeout(5000).emitWithAck(ClientEvents.clockSync, {}, 2, 3);
    expect(reply.ok).toBe(true);
    socket.close();
  });
});

describe('the frame size limit', () => {
  it('lets through the largest save the schema accepts, in the costliest characters', async () => {
    const { cookie } = await t.signIn(['student']);
    const socket = await connected(openSocket(t.url, { cookie }));
    // Each \u0001 is one UTF-8 byte but six bytes of JSON.
    // The longest path the rule allows (names of at most 100 characters).
    const payload = { attemptId: randomUUID(), path: `${'abcdefghi/'.repeat(29)}file.txt`, baseRevision: 2_000_000_000, content: '\u0001'.repeat(512 * 1024) };
    expect(JSON.stringify(payload).length).toBeGreaterThan(3 * 1024 * 1024);
    const reply = await socket.timeout(20_000).emitWithAck(ClientEvents.fileSave, payload);
    // It reached the handler: there is no such attempt.
    expect(reply.ok).toBe(false);
    expect(reply.error.code).toBe('not_found');
    expect(socket.connected).toBe(true);
    socket.close();
  });

  it('closes a connection that sends a larger frame', async () => {
    const { cookie } = await t.signIn(['student']);
    const bystander = await t.signIn(['student']);
    const good = await connected(openSocket(t.url, { cookie: bystander.cookie }));
    const socket = await connected(openSocket(t.url, { cookie }));
    const gone = disconnected(socket);
    sendRaw(socket, '2' + JSON.stringify(['file.save', { content: 'x'.repeat(MAX_FRAME_BYTES) }]));
    expect(await gone).toBe('transport close');
    await stillServing(good);
    good.close();
  });
});
