import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack } from '../../server/contract/realtime';
import { MAX_WORKSPACE_FILES } from '../../server/contract/limits';
import { ClientEvents } from '../../server/contract/realtime';
import type { AttemptView } from '../../server/contract/workspace';
import { saveWriterFor } from '../../server/attempts/groupCommit';
import { publishPackage } from '../../server/scenarios/sync';
import { getTestServer, type TestServer } from '../helpers/app';
import { clockStart } from '../helpers/clock';
import { buildOrg, buildUser, type OrgRecord } from '../helpers/factories';
import { workspaceScenario } from '../helpers/scenario';
import { connected, openSocket } from '../helpers/socket';
import { assign, course, type Person } from '../feedback/world';

/**
 * Group commit (issue 18): saves that arrive together share one transaction, each is acked
 * only once it is stored, two saves of one file are still decided in the order they came, and
 * a save the database refuses fails alone.
 */
let now = clockStart();
let t: TestServer;
let school: OrgRecord;
let teacher: Person;
let courseId: string;
let assignmentId: string;
const sockets: Socket[] = [];

type Student = { person: Person; attempt: AttemptView; socket: Socket };

async function student(): Promise<Student> {
  const person = await t.signIn(await buildUser(t.db, { org: school, roles: ['student'] }));
  await t.db('course_members').insert({ course_id: courseId, user_id: person.user.id, role: 'student', created_at: new Date(now) });
  const res = await person.agent.post(`/api/assignments/${assignmentId}/attempts`);
  expect(res.status).toBe(201);
  const socket = await connected(openSocket(t.url, { cookie: person.cookie }));
  sockets.push(socket);
  return { person, attempt: res.body.attempt, socket };
}

const save = (socket: Socket, attemptId: string, path: string, baseRevision: number, content: string) =>
  socket.emitWithAck(ClientEvents.fileSave, { attemptId, path, baseRevision, content }) as Promise<Ack<{ revision: number }>>;

const stored = async (attemptId: string, path: string, revision: number) =>
  (await t.db('file_revisions').where({ attempt_id: attemptId, path, revision }).first('content'))?.content as string | undefined;

beforeAll(async () => {
  t = await getTestServer({ clock: () => new Date(now) });
  // This file sends bursts on purpose: the save rate is not what it tests.
  t.deps.saveLimiter = new RateLimiterMemory({ points: 1_000_000, duration: 1, keyPrefix: 'group-commit-test' });
  await publishPackage(t.db, workspaceScenario(), new Date(now));
  school = await buildOrg(t.db, { kind: 'school', name: 'Group Commit School' });
  teacher = await t.signIn(await buildUser(t.db, { org: school, roles: ['teacher'] }));
  courseId = await course(teacher, 'Group commit course', []);
  assignmentId = await assign(teacher, courseId, (await t.db('scenario_versions').first('id')).id);
}, 60_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  await t.close();
});

describe('group commit of autosaves', () => {
  it('stores a burst of saves from several students in fewer transactions than saves, and acks each only once it is stored', async () => {
    const students = await Promise.all([1, 2, 3, 4].map(() => student()));
    const files = ['a.md', 'b.md', 'c.md', 'd.md', 'e.md', 'f.md'];
    // First revisions (the careful path), then a burst of second revisions (the hot path).
    for (const s of students) for (const f of files) expect((await save(s.socket, s.attempt.id, f, 0, `${f} v1`)).ok).toBe(true);
    const before = saveWriterFor(t.db).stats();
    const burst = students.flatMap((s) => files.map(async (f) => ({ s, f, reply: await save(s.socket, s.attempt.id, f, 1, `${f} v2 of ${s.person.user.id}`) })));
    const replies = await Promise.all(burst);
    const after = saveWriterFor(t.db).stats();
    for (const { s, f, reply } of replies) {
      expect(reply).toEqual({ ok: true, data: { revision: 2 } });
      expect(await stored(s.attempt.id, f, 2)).toBe(`${f} v2 of ${s.person.user.id}`);
    }
    const saves = after.saves - before.saves;
    expect(saves).toBe(students.length * files.length);
    expect(after.batches - before.batches).toBeLessThan(saves);
    // The bytes on the attempt row count every stored revision, as one save at a time did.
    for (const s of students) {
      const [{ n }] = (await t.db('file_revisions').where({ attempt_id: s.attempt.id }).whereNotNull('author_id').sum({ n: 'size_bytes' })) as [{ n: number | string }];
      expect(Number((await t.db('attempts').where({ id: s.attempt.id }).first('stored_bytes')).stored_bytes)).toBe(Number(n));
    }
  });

  it('decides two saves of one file in the same batch in the order they came: the second, on the old base, is a conflict', async () => {
    const s = await student();
    expect((await save(s.socket, s.attempt.id, 'notes.md', 0, 'one')).ok).toBe(true);
    const [first, second] = await Promise.all([save(s.socket, s.attempt.id, 'notes.md', 1, 'tab A'), save(s.socket, s.attempt.id, 'notes.md', 1, 'tab B')]);
    expect(first).toEqual({ ok: true, data: { revision: 2 } });
    expect(second.ok).toBe(false);
    if (!second.ok) expect(second.error).toMatchObject({ code: 'conflict', details: { serverRevision: 2, serverContent: 'tab A' } });
    expect(await stored(s.attempt.id, 'notes.md', 2)).toBe('tab A');
    const bytes = Number((await t.db('attempts').where({ id: s.attempt.id }).first('stored_bytes')).stored_bytes);
    expect(bytes).toBe(Buffer.byteLength('one') + Buffer.byteLength('tab A'));
  });

  it('makes each stored save the attempt\'s last activity, which the teacher\'s monitor shows', async () => {
    const s = await student();
    now += 60_000;
    expect((await save(s.socket, s.attempt.id, 'notes.md', 0, 'first')).ok).toBe(true);
    now += 60_000;
    expect((await save(s.socket, s.attempt.id, 'notes.md', 1, 'second')).ok).toBe(true);
    const monitorRow = (await teacher.agent.get(`/api/assignments/${assignmentId}/monitor`)).body.rows.find((r: { attemptId: string }) => r.attemptId === s.attempt.id);
    expect(monitorRow.lastActivityAt).toBe(new Date(now).toISOString());
  });

  it('keeps an attempt at the most files when new files arrive in one burst', async () => {
    const s = await student();
    const files = async () => Number(((await t.db('file_revisions').where({ attempt_id: s.attempt.id }).countDistinct({ n: 'path' })) as [{ n: number | string }])[0].n);
    const starter = await files();
    for (let i = starter; i < MAX_WORKSPACE_FILES - 3; i++) expect((await save(s.socket, s.attempt.id, `f/${i}.md`, 0, 'x')).ok).toBe(true);
    const burst = await Promise.all(Array.from({ length: 8 }, (_, i) => save(s.socket, s.attempt.id, `burst/${i}.md`, 0, 'y')));
    expect(burst.filter((r) => r.ok)).toHaveLength(3);
    for (const r of burst.filter((x) => !x.ok)) expect(r).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(await files()).toBe(MAX_WORKSPACE_FILES);
  });

  it('fails only the save the database refuses; the others in its batch are stored and acked', async () => {
    const students = await Promise.all([1, 2, 3].map(() => student()));
    for (const s of students) expect((await save(s.socket, s.attempt.id, 'x.md', 0, 'start')).ok).toBe(true);
    // A real refusal by the database (as a full disk or a constraint would be), for one content only.
    if (t.db.dialect === 'sqlite') {
      await t.db.raw(`create trigger refuse_poison before insert on file_revisions when new.content = 'poison' begin select raise(abort, 'refused'); end`);
    } else {
      await t.db.raw(`create or replace function refuse_poison() returns trigger as $$ begin if new.content = 'poison' then raise exception 'refused'; end if; return new; end $$ language plpgsql`);
      await t.db.raw('create trigger refuse_poison before insert on file_revisions for each row execute function refuse_poison()');
    }
    try {
      const [a, poisoned, c] = await Promise.all([
        save(students[0]!.socket, students[0]!.attempt.id, 'x.md', 1, 'fine A'),
        save(students[1]!.socket, students[1]!.attempt.id, 'x.md', 1, 'poison'),
        save(students[2]!.socket, students[2]!.attempt.id, 'x.md', 1, 'fine C'),
      ]);
      expect(a).toEqual({ ok: true, data: { revision: 2 } });
      expect(c).toEqual({ ok: true, data: { revision: 2 } });
      expect(poisoned.ok).toBe(false);
      if (!poisoned.ok) expect(poisoned.error.code).toBe('internal');
      expect(await stored(students[0]!.attempt.id, 'x.md', 2)).toBe('fine A');
      expect(await stored(students[2]!.attempt.id, 'x.md', 2)).toBe('fine C');
      expect(await stored(students[1]!.attempt.id, 'x.md', 2)).toBeUndefined();
      // Nothing of the refused save was counted.
      expect(Number((await t.db('attempts').where({ id: students[1]!.attempt.id }).first('stored_bytes')).stored_bytes)).toBe(Buffer.byteLength('start'));
    } finally {
      await t.db.raw(t.db.dialect === 'sqlite' ? 'drop trigger refuse_poison' : 'drop trigger refuse_poison on file_revisions');
    }
  });
});
