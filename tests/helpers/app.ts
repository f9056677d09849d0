import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import request from 'supertest';
import { createApp } from '../../server/app';
import { createDeps, type AppDeps } from '../../server/deps';
import { loadConfig } from '../../server/config';
import type { AccessRole } from '../../server/http/policy';
import { attachRealtime } from '../../server/realtime/io';
import { Publisher } from '../../server/realtime/publisher';
import { createTestDb, type TestDb } from './db';
import { buildUser, type UserRecord } from './factories';

export type TestAgent = ReturnType<typeof request.agent>;

export type TestServer = {
  deps: AppDeps;
  db: TestDb['db'];
  url: string;
  server: http.Server;
  /** A supertest agent that keeps cookies and sends this server's Origin on every request. */
  agent(): TestAgent;
  /** A new user with `roles`, signed in on a fresh agent. */
  signIn(roles: AccessRole[] | UserRecord): Promise<{ agent: TestAgent; user: UserRecord; cookie: string }>;
  close(): Promise<void>;
};

export type TestServerOptions = { env?: Record<string, string>; clock?: () => Date; logger?: Logger };

/** The real app with real socket.io on a random port over its own database. */
export async function getTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const testDb = await createTestDb();
  const config = loadConfig({ NODE_ENV: 'test', ...opts.env });
  const deps = createDeps({ config, db: testDb.db, logger: opts.logger ?? pino({ level: 'silent' }), publisher: new Publisher(), clock: opts.clock });
  const server = http.createServer(createApp(deps));
  const io = attachRealtime(server, deps);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  deps.origins.listeningOn(server.address());
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const agent = () => request.agent(server).set('Origin', url);

  return {
    deps,
    db: testDb.db,
    url,
    server,
    agent,
    async signIn(who) {
      const user = Array.isArray(who) ? await buildUser(testDb.db, { roles: who }) : who;
      const a = agent();
      const res = await a.post('/api/session').send({ email: user.email, password: user.password });
      if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
      const cookie = String(res.headers['set-cookie']?.[0] ?? '').split(';')[0]!;
      return { agent: a, user, cookie };
    },
    async close() {
      await io.close();
      server.closeAllConnections();
      await deps.closeSandbox();
      await testDb.destroy();
    },
  };
}
