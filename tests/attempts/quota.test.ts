import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTEMPT_QUOTA_BYTES, FILE_MAX_BYTES } from '../../server/contract/limits';
import type { Ack } from '../../server/contract/realtime';
import { ClientEvents } from '../../server/contract/realtime';
import type { AttemptView } from '../../server/contract/workspace';
import { publishPackage } from '../../server/scenarios/sync';
import { up as backfill } from '../../migrations/20261207060100_storage_sizes_backfill';
import { getTestServer, type TestServer } from '../helpers/app';
import { clockStart } from '../helpers/clock';
import { buildOrg, buildUser, type OrgRecord } from '../helpers/factories';
import { workspaceScenario } from '../helpers/scenario';
import { connected, openSocket } from '../helpers/socket';
import { assign, course, type Person } from '../feedback/world';

/**
 * Storage limits of a student's attempt (issue 13 §4): a file's size is its UTF-8 bytes, and
 * an attempt holds at most ATTEMPT_QUOTA_BYTES of saved files, whatever the pattern of saves.
 */
const now = clockStart();
let t: TestServer;
let school: OrgRecord;
let teacher: Person;
const sockets: Socket[] = [];

async function attemptOf(): Promise<{ student: Person; attempt: AttemptView; socket: Socket }> {
  const student = await t.signIn(await buildUser(t.db, { org: school, roles: ['student'] }));
  const courseId = await course(teacher, `Course of ${student.user.name}`, [student.user]);
  const assignment = await assign(teacher, courseId, (await t.db('scenario_versions').first('id')).id);
  const res = await student.agent.post(`/api/assignments/${assignment}/attempts`);
  expect(res.status).toBe(201);
  const socket = await connected(openSocket(t.url, { cookie: student.cookie }));
  sockets.push(socket);
  return { student, attempt: res.body.attempt, socket };
}

const save = (socket: Socket, attemptId: string, path: string, baseRevision: number, content: string) =>
  socket.emitWithAck(ClientEvents.fileSave, { attemptId, path, baseRevision, content }) as Promise<Ack<{ revision: number }>>;

const storedOf = async (attemptId: string) => Number((await t.db('attempts').where({ id: attemptId }).first('stored_bytes')).stored_bytes);
const savedBytesOf = async (attemptId: string) => {
  const [{ n }] = (await t.db('file_revisions').where({ attempt_id: attemptId }).whereNotNull('author_id').sum({ n: 'size_bytes' })) as [{ n: number | string | null }];
  return Number(n ?? 0);
};

/** A file of exactly FILE_MAX_BYTES, different for each `i`. */
const fullFile = (i: number) => {
  const head = `// part ${i}\n`;
  return head + 'x'.repeat(FILE_MAX_BYTES - head.length);
};

beforeAll(async () => {
  t = await getTestServer({ clock: () => new Date(now) });
  // This file measures storage, not the save rate: saves may come as fast as acks do.
  t.deps.saveLimiter = new RateLimiterMemory({ points: 1_000_000, duration: 1, keyPrefix: 'quota-test' });
  await publishPackage(t.db, workspaceScenario(), new Date(now));
  school = await buildOrg(t.db, { kind: 'school', name: 'Quota School' });
  teacher = await t.signIn(await buildUser(t.db, { org: school, roles: ['teacher'] }));
}, 60_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  await t.close();
});

describe('revisions stored before sizes were kept', () => {
  it('are sized in UTF-8 bytes by the migration, totalled on the attempt, and marked due for thinning', async () => {
    const { attempt, socket } = await attemptOf();
    expect((await save(socket, attempt.id, 'total.js', 1, '中'.repeat(1_000))).ok).toBe(true);
    expect((await save(socket, attempt.id, 'total.js', 2, 'é'.repeat(10))).ok).toBe(true);
    // As the rows were before the migration: no sizes, nothing counted.
    await t.db('file_revisions').where({ attempt_id: attempt.id }).update({ size_bytes: 0 });
    await t.db('attempts').where({ id: attempt.id }).update({ stored_bytes: 0, compact_due_at: null });
    await backfill(t.db);
    const rows: { content: string; size_bytes: number | string }[] = await t.db('file_revisions').where({ attempt_id: attempt.id }).select('content', 'size_bytes');
    for (const r of rows) expect(Number(r.size_bytes)).toBe(Buffer.byteLength(r.content));
    expect(await storedOf(attempt.id)).toBe(3_000 + 20);
    const due = (await t.db('attempts').where({ id: attempt.id }).first('compact_due_at')).compact_due_at;
    expect(new Date(due).getTime()).toBeLessThanOrEqual(now);
  });
});

describe('a file’s size is its UTF-8 bytes', () => {
  it('refuses 330,000 × 中 (330,000 characters, 990,000 bytes) with a validation error naming the limit in bytes', async () => {
    const { attempt, socket } = await attemptOf();
    const reply = await save(socket, attempt.id, 'total.js', 1, '中'.repeat(330_000));
    expect(reply).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    if (reply.ok) return;
    expect(reply.error.message).toContain('payload.content');
    expect(reply.error.message).toContain('990000 bytes');
    expect(reply.error.message).toContain(`${FILE_MAX_BYTES} bytes`);
    const stored = await t.db('file_revisions').where({ attempt_id: attempt.id, path: 'total.js' }).max({ rev: 'revision' }).first();
    expect(Number(stored?.rev)).toBe(1);
  });

  it('takes 174,762 × 中 (524,286 bytes), just under the limit, and counts it in bytes', async () => {
    const { attempt, socket } = await attemptOf();
    expect(await save(socket, attempt.id, 'total.js', 1, '中'.repeat(174_762))).toEqual({ ok: true, data: { revision: 2 } });
    expect(await storedOf(attempt.id)).toBe(524_286);
  });
});

describe('an attempt’s storage quota', () => {
  let attempt: AttemptView;
  let socket: Socket;
  let student: Person;

  it(`refuses the save that would pass ${ATTEMPT_QUOTA_BYTES / 1024 / 1024} MB with quota_exceeded, and keeps every acked save`, async () => {
    ({ attempt, socket, student } = await attemptOf());
    const files = ATTEMPT_QUOTA_BYTES / FILE_MAX_BYTES;
    for (let i = 0; i < files; i++) expect(await save(socket, attempt.id, `data/part-${i}.txt`, 0, fullFile(i))).toEqual({ ok: true, data: { revision: 1 } });
    expect(await storedOf(attempt.id)).toBe(ATTEMPT_QUOTA_BYTES);

    const refused = await save(socket, attempt.id, `data/part-${files}.txt`, 0, fullFile(files));
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'quota_exceeded', details: { limitBytes: ATTEMPT_QUOTA_BYTES, usedBytes: ATTEMPT_QUOTA_BYTES, neededBytes: FILE_MAX_BYTES } },
    });
    if (refused.ok) return;
    expect(refused.error.message).toContain('20 MB');
    expect(refused.error.message).toContain('kept in this browser');
    // No room at all: one byte more is refused too.
    expect(await save(socket, attempt.id, 'notes.md', 0, 'x')).toMatchObject({ ok: false, error: { code: 'quota_exceeded' } });

    // Nothing acked is lost, and nothing refused was stored.
    const view: AttemptView = (await student.agent.get(`/api/attempts/${attempt.id}`)).body.attempt;
    for (let i = 0; i < files; i++) expect(view.files.find((f) => f.path === `data/part-${i}.txt`)).toEqual({ path: `data/part-${i}.txt`, revision: 1, content: fullFile(i) });
    expect(view.files.some((f) => f.path === `data/part-${files}.txt` || f.path === 'notes.md')).toBe(false);
    expect(await savedBytesOf(attempt.id)).toBe(ATTEMPT_QUOTA_BYTES);
  });

  it('lets the student change a file of a full attempt if it grows no larger, and making one smaller makes room', async () => {
    const same = fullFile(101);
    expect(await save(socket, attempt.id, 'data/part-1.txt', 1, same)).toEqual({ ok: true, data: { revision: 2 } });
    expect(await save(socket, attempt.id, 'data/part-0.txt', 1, 'just the header\n')).toEqual({ ok: true, data: { revision: 2 } });
    // The versions they replaced are let go: they were only kept as history.
    expect(await t.db('file_revisions').where({ attempt_id: attempt.id }).whereIn('path', ['data/part-0.txt', 'data/part-1.txt']).orderBy('path').pluck('revision')).toEqual([2, 2]);
    expect(await storedOf(attempt.id)).toBe(ATTEMPT_QUOTA_BYTES - FILE_MAX_BYTES + 16);
    expect(await save(socket, attempt.id, 'notes.md', 0, 'room again')).toEqual({ ok: true, data: { revision: 1 } });
    expect(await storedOf(attempt.id)).toBe(await savedBytesOf(attempt.id));
  });
});

describe('the quota cannot be evaded', () => {
  it('two files saved in turn store no more than the quota: older versions are thinned, every save is acked, the newest of each kept', async () => {
    const { attempt, socket } = await attemptOf();
    const base: Record<string, number> = { 'a.txt': 0, 'b.txt': 0 };
    const rounds = Math.ceil((1.5 * ATTEMPT_QUOTA_BYTES) / FILE_MAX_BYTES);
    for (let i = 0; i < rounds; i++) {
      const path = i % 2 === 0 ? 'a.txt' : 'b.txt';
      const reply = await save(socket, attempt.id, path, base[path]!, fullFile(i));
      expect(reply.ok, `save ${i}`).toBe(true);
      if (reply.ok) base[path] = reply.data.revision;
      // Every save is a full file: the rows the student's saves left are what is stored.
      const [{ n }] = (await t.db('file_revisions').where({ attempt_id: attempt.id }).whereNotNull('author_id').count({ n: '*' })) as [{ n: number | string }];
      expect(Number(n) * FILE_MAX_BYTES, `stored after save ${i}`).toBeLessThanOrEqual(ATTEMPT_QUOTA_BYTES);
    }
    expect(await storedOf(attempt.id)).toBe(await savedBytesOf(attempt.id));
    const newest = await t.db('file_revisions').where({ attempt_id: attempt.id, path: 'a.txt', revision: base['a.txt'] }).first('content');
    expect(newest.content).toBe(fullFile(rounds - 2 + (rounds % 2)));
  });

  it('many small files add up like one large one', async () => {
    const { attempt, socket } = await attemptOf();
    // A quota per file, or on the newest versions only, would let this through.
    const quarter = fullFile(0).slice(0, FILE_MAX_BYTES / 4);
    const files = ATTEMPT_QUOTA_BYTES / quarter.length;
    expect(files).toBeLessThan(200); // under MAX_WORKSPACE_FILES, so the quota is what stops it
    for (let i = 0; i < files; i++) expect((await save(socket, attempt.id, `small/${i}.txt`, 0, quarter)).ok).toBe(true);
    expect(await save(socket, attempt.id, `small/${files}.txt`, 0, quarter)).toMatchObject({ ok: false, error: { code: 'quota_exceeded' } });
  });
});
