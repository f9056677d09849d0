import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../server/db/knex';
import { ClientEvents } from '../../server/contract/realtime';
import { DEMO_COURSE } from '../../server/seed/demo';
import { addStudentsWithSessions } from '../helpers/loadStudents';
import { startServerProcess, type ServerProcess } from '../helpers/serverProcess';

/**
 * Group commit (issue 18) keeps the promise of an ack: kill -9 while 300 students save as fast
 * as their acks come back (so saves share transactions), and every acked save is in the
 * database after the crash, with its content. A save in a batch that had not committed was
 * not acked, so it makes no promise.
 */
const STUDENTS = 300;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'practicum-crash-load-'));
const env = { DATA_DIR: dataDir, LOG_LEVEL: 'error' };
const dbFile = path.join(dataDir, 'practicum.sqlite');
let server: ServerProcess | undefined;
let db: Db | undefined;

afterAll(async () => {
  await server?.stop('SIGKILL');
  await db?.destroy();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

type Acked = { attemptId: string; revision: number; content: string };

describe('a server killed with SIGKILL under a class’s load of saves', () => {
  it('has every acked save in the database after the crash', async () => {
    // First start: migrations and the demo world; the class is added while the server is down.
    await (await startServerProcess(env, 120_000)).stop();
    db = createDb({ dialect: 'sqlite', filename: dbFile });
    const course = await db('courses').where({ title: DEMO_COURSE }).first('id', 'school_id');
    const assignment = await db('assignments').where({ course_id: course.id }).orderBy('title').first('id');
    const tokens = await addStudentsWithSessions(db, { courseId: course.id, schoolId: course.school_id, count: STUDENTS, emailPrefix: 'crash', now: new Date() });
    await db.destroy();
    db = undefined;

    server = await startServerProcess(env, 120_000);
    const url = server.url;
    const clients: { socket: Socket; attemptId: string }[] = [];
    for (let i = 0; i < STUDENTS; i += 25) {
      await Promise.all(
        tokens.slice(i, i + 25).map(async (token) => {
          const cookie = `practicum_session=${token}`;
          const res = await fetch(`${url}/api/assignments/${assignment.id}/attempts`, { method: 'POST', headers: { origin: url, cookie } });
          expect(res.status).toBe(201);
          const { attempt } = (await res.json()) as { attempt: { id: string } };
          const socket = connect(url, { transports: ['websocket'], reconnection: false, extraHeaders: { origin: url, cookie } });
          await new Promise<void>((resolve, reject) => {
            socket.once('connect', () => resolve());
            socket.once('connect_error', reject);
          });
          clients.push({ socket, attemptId: attempt.id });
        }),
      );
    }

    const acked: Acked[] = [];
    let killed = false;
    const streams = clients.map(async (c) => {
      let base = 0;
      for (let i = 0; !killed && i < 25; i++) {
        const content = `# Notes ${i} of ${c.attemptId}\n${'x'.repeat(200)}\n`;
        try {
          const reply = await c.socket.timeout(5_000).emitWithAck(ClientEvents.fileSave, { attemptId: c.attemptId, path: 'notes.md', baseRevision: base, content });
          if (!reply.ok) return;
          acked.push({ attemptId: c.attemptId, revision: reply.data.revision, content });
          base = reply.data.revision;
        } catch {
          return; // the server is gone
        }
      }
    });
    // Kill it once the class is well into its saves.
    const deadline = Date.now() + 30_000;
    while (acked.length < STUDENTS * 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await server.stop('SIGKILL');
    killed = true;
    await Promise.all(streams);
    for (const c of clients) c.socket.close();
    expect(acked.length).toBeGreaterThanOrEqual(STUDENTS * 3);

    // Opening the database after the crash replays its write-ahead log, as a restarted server's would.
    db = createDb({ dialect: 'sqlite', filename: dbFile });
    const rows: { attempt_id: string; revision: number; content: string }[] = await db('file_revisions')
      .whereIn(
        'attempt_id',
        clients.map((c) => c.attemptId),
      )
      .where('path', 'notes.md')
      .select('attempt_id', 'revision', 'content');
    const found = new Map(rows.map((r) => [`${r.attempt_id}#${Number(r.revision)}`, r.content]));
    const missing = acked.filter((a) => found.get(`${a.attemptId}#${a.revision}`) !== a.content);
    expect(missing).toEqual([]);
  }, 180_000);
});
