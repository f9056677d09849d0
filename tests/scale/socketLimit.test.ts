import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import request from 'supertest';
import type { Redis } from 'ioredis';
import type { Server } from 'socket.io';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { createDeps } from '../../server/deps';
import { loadConfig } from '../../server/config';
import { attachRealtime } from '../../server/realtime/io';
import { Publisher } from '../../server/realtime/publisher';
import { MAX_SOCKETS_PER_USER } from '../../server/realtime/connections';
import { connectRedis } from '../../server/scale/redis';
import { createTestDb, type TestDb } from '../helpers/db';
import { buildUser } from '../helpers/factories';
import { connected, openSocket } from '../helpers/socket';

/**
 * With REDIS_URL the per-user socket limit holds across web processes: two socket.io servers
 * over one database and one Redis, the user's sockets spread over both. Runs when
 * TEST_REDIS_URL is set (npm run test:cluster).
 */
const REDIS = process.env.TEST_REDIS_URL;

type Node = { url: string; io: Server; server: http.Server; redis: Redis[] };
let testDb: TestDb;
const nodes: Node[] = [];

async function startNode(): Promise<Node> {
  const redisUrl = new URL(REDIS!);
  redisUrl.pathname = '/5';
  const config = loadConfig({ NODE_ENV: 'test', REDIS_URL: redisUrl.toString() });
  const redis = connectRedis(config.redisUrl!, 'test-web', 'request');
  const adapter = connectRedis(config.redisUrl!, 'test-adapter');
  const deps = createDeps({ config, db: testDb.db, logger: pino({ level: 'silent' }), publisher: new Publisher(), redis });
  const server = http.createServer(createApp(deps));
  const io = attachRealtime(server, deps, { adapterRedis: adapter });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  deps.origins.listeningOn(server.address());
  const node = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, io, server, redis: [redis, adapter] };
  nodes.push(node);
  return node;
}

beforeAll(async () => {
  if (!REDIS) return;
  testDb = await createTestDb();
});

afterAll(async () => {
  for (const n of nodes) {
    await n.io.close();
    n.server.closeAllConnections();
    for (const r of n.redis) r.disconnect();
  }
  await testDb?.destroy();
});

describe.skipIf(!REDIS)('sockets per user across web processes', () => {
  it('counts the sockets of every process, and frees a place wherever one closes', async () => {
    const [a, b] = [await startNode(), await startNode()];
    const user = await buildUser(testDb.db, { roles: ['student'] });
    const res = await request(a.url).post('/api/session').set('Origin', a.url).send({ email: user.email, password: user.password });
    expect(res.status).toBe(200);
    const cookie = String(res.headers['set-cookie']?.[0] ?? '').split(';')[0]!;

    const onA: Socket[] = [];
    const onB: Socket[] = [];
    for (let i = 0; i < MAX_SOCKETS_PER_USER; i++) {
      const node = i % 2 === 0 ? a : b;
      const s = await connected(openSocket(node.url, { cookie }));
      (node === a ? onA : onB).push(s);
    }
    for (const node of [a, b]) await expect(connected(openSocket(node.url, { cookie }))).rejects.toThrow('too_many_connections');

    onA.pop()!.close();
    const deadline = Date.now() + 15_000;
    let again: Socket | undefined;
    while (!again) {
      const s = openSocket(b.url, { cookie });
      try {
        again = await connected(s);
      } catch (err) {
        s.close();
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    expect(again.connected).toBe(true);
    for (const s of [...onA, ...onB, again]) s.close();
  });
});
