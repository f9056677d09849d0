import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../server/db/knex';
import { ClientEvents, ServerEvents } from '../../server/contract/realtime';
import { DEMO_PASSWORD } from '../../server/seed/demo';
import { startServerProcess, type ServerProcess } from '../helpers/serverProcess';
import { workspaceScenario } from '../helpers/scenario';

/**
 * kill -9 in the middle of a stream of saves: every acked revision must be in the database
 * after a restart, and the scenario's timed events must each be delivered exactly once —
 * including one that fell due while the server was down.
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'practicum-crash-'));
const scenariosDir = fs.mkdtempSync(path.join(os.tmpdir(), 'practicum-crash-pkg-'));
const env = { DATA_DIR: dataDir, SCENARIOS_DIR: scenariosDir };
let server: ServerProcess | undefined;
let db: Db;

beforeAll(() => {
  const pkg = workspaceScenario('crash-quote');
  const manifest = { ...(JSON.parse(JSON.stringify(pkg.manifest)) as Record<string, unknown>) };
  manifest.events = [
    { id: 'early', at: '2s', from: 'Li Wei', subject: 'Early', body: 'events/welcome.md' },
    { id: 'while-down', at: '6s', from: 'Li Wei', subject: 'While down', body: 'events/report.md' },
  ];
  for (const [rel, content] of pkg.files) {
    fs.mkdirSync(path.dirname(path.join(scenariosDir, 'crash-quote', rel)), { recursive: true });
    fs.writeFileSync(path.join(scenariosDir, 'crash-quote', rel), rel === 'scenario.yaml' ? stringify(manifest) : content);
  }
});

afterAll(async () => {
  await server?.stop('SIGKILL');
  await db?.destroy();
});

async function signIn(url: string, email: string): Promise<string> {
  const res = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  expect(res.status).toBe(200);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

async function api(url: string, cookie: string, method: string, p: string) {
  const res = await fetch(`${url}${p}`, { method, headers: { cookie, origin: url } });
  return res.json();
}

type Acked = { attemptId: string; path: string; revision: number; content: string };

describe('a server killed with SIGKILL mid-stream', () => {
  it('keeps every acked revision and delivers each due event once', async () => {
    server = await startServerProcess(env);
    const students = ['student1@cvit.example', 'student2@cvit.example', 'student3@cvit.example'];
    const clients: { cookie: string; attemptId: string; socket: Socket; events: string[] }[] = [];
    for (const email of students) {
      const cookie = await signIn(server.url, email);
      const { assignments } = await api(server.url, cookie, 'GET', '/api/assignments');
      const assignment = assignments.find((a: { scenario: { slug: string } }) => a.scenario.slug === 'crash-quote');
      const { attempt } = await api(server.url, cookie, 'POST', `/api/assignments/${assignment.id}/attempts`);
      const socket = connect(server.url, { transports: ['websocket'], extraHeaders: { cookie, origin: server.url } });
      const events: string[] = [];
      socket.on(ServerEvents.eventDelivered, (m: { event: { id: string } }) => events.push(m.event.id));
      socket.on('connect', () => void socket.emitWithAck(ClientEvents.attemptJoin, { attemptId: attempt.id }));
      clients.push({ cookie, attemptId: attempt.id, socket, events });
    }
    await Promise.all(clients.map((c) => new Promise<void>((r) => (c.socket.connected ? r() : c.socket.once('connect', () => r())))));

    // Each client saves as fast as acks come back, until the server dies under it.
    const acked: Acked[] = [];
    let stop = false;
    const streams = clients.map(async (c) => {
      let base = 1;
      for (let i = 0; !stop; i++) {
        const content = `exports.total = (xs) => xs.length * ${i}; // ${c.attemptId}\n`;
        try {
          const reply = await c.socket.timeout(1500).emitWithAck(ClientEvents.fileSave, { attemptId: c.attemptId, path: 'total.js', baseRevision: base, content });
          if (!reply.ok) throw new Error(reply.error.message);
          acked.push({ attemptId: c.attemptId, path: 'total.js', revision: reply.data.revision, content });
          base = reply.data.revision;
        } catch {
          return; // the server is gone; an unacked save makes no promise
        }
      }
    });
    await new Promise((r) => setTimeout(r, 3000));
    await server.stop('SIGKILL');
    stop = true;
    await Promise.all(streams);
    for (const c of clients) c.socket.close();
    expect(acked.length).toBeGreaterThan(30);
    const deliveredBeforeCrash = clients.map((c) => [...c.events]);
    expect(deliveredBeforeCrash.every((e) => e.join() === 'early')).toBe(true);

    // Down for longer than the second event's due time.
    await new Promise((r) => setTimeout(r, 3500));
    server = await startServerProcess(env);
    db = createDb({ dialect: 'sqlite', filename: path.join(dataDir, 'practicum.sqlite') });

    for (const a of acked) {
      const row = await db('file_revisions').where({ attempt_id: a.attemptId, path: a.path, revision: a.revision }).first('content');
      expect(row?.content, `acked revision ${a.revision} of ${a.attemptId}`).toBe(a.content);
    }

    // The scheduler of the new process delivers the event that fell due while it was down.
    const deadline = Date.now() + 10_000;
    for (;;) {
      const rows: { attempt_id: string; event_id: string }[] = await db('event_deliveries').whereIn(
        'attempt_id',
        clients.map((c) => c.attemptId),
      );
      if (rows.length === clients.length * 2 || Date.now() > deadline) {
        expect(rows.length).toBe(clients.length * 2);
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    const received: { n: number | string }[] = await db('statements')
      .whereIn(
        'attempt_id',
        clients.map((c) => c.attemptId),
      )
      .where('verb', 'received')
      .groupBy('attempt_id', 'object')
      .count({ n: '*' });
    expect(received.map((r) => Number(r.n))).toEqual(Array(clients.length * 2).fill(1));

    // A client that reconnects sees both events once and its last acked file.
    const c = clients[0]!;
    const view = (await api(server.url, await signIn(server.url, students[0]!), 'GET', `/api/attempts/${c.attemptId}`)).attempt;
    expect(view.events.map((e: { id: string }) => e.id)).toEqual(['early', 'while-down']);
    const last = acked.filter((a) => a.attemptId === c.attemptId).at(-1)!;
    expect(view.files.find((f: { path: string }) => f.path === 'total.js')).toMatchObject({ revision: last.revision, content: last.content });
  }, 120_000);
});
