import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DraftView } from '../../server/contract/authoring';
import { DRAFT_QUOTA_BYTES, FILE_MAX_BYTES, utf8Length } from '../../server/contract/limits';
import type { Ack } from '../../server/contract/realtime';
import { ClientEvents } from '../../server/contract/realtime';
import { up as backfill } from '../../migrations/20261207060100_storage_sizes_backfill';
import { getTestServer, type TestServer } from '../helpers/app';
import type { OrgRecord } from '../helpers/factories';
import { connected, openSocket } from '../helpers/socket';
import { buildOrg, importFramework, signInWith, type Person } from '../feedback/world';

/** A draft's and a preview's limits count UTF-8 bytes (issue 13 §4). */
let t: TestServer;
let swift: OrgRecord;
let author: Person;
let author2: Person;
let socket: Socket;

const emit = <T>(event: string, payload: unknown) => socket.timeout(60_000).emitWithAck(event, payload) as Promise<Ack<T>>;
const newDraft = async (slug: string): Promise<DraftView> => {
  const res = await author.agent.post('/api/authoring/drafts').send({ enterpriseId: swift.id, template: { slug, title: `Draft ${slug}` } });
  expect(res.status).toBe(201);
  return res.body.draft;
};
const sizeOf = async (draftId: string) => Number((await t.db('scenario_drafts').where({ id: draftId }).first('size_bytes')).size_bytes);

beforeAll(async () => {
  t = await getTestServer();
  // This file measures storage, not the save rate.
  t.deps.saveLimiter = new RateLimiterMemory({ points: 1_000_000, duration: 1, keyPrefix: 'draft-quota-test' });
  await importFramework(t.db, new Date());
  swift = await buildOrg(t.db, { kind: 'enterprise', name: 'Byte Counting Works' });
  author = await signInWith(t, { org: swift, roles: ['author'] });
  author2 = await signInWith(t, { org: swift, roles: ['author'] });
  socket = await connected(openSocket(t.url, { cookie: author.cookie }));
}, 60_000);

afterAll(async () => {
  socket.close();
  await t.close();
});

describe('drafts stored before sizes were kept in bytes', () => {
  it('are sized in UTF-8 bytes by the migration', async () => {
    const draft = await newDraft('sized-later');
    expect((await emit(ClientEvents.draftFileSave, { draftId: draft.id, path: 'fixtures/names.txt', baseRevision: 0, content: '中文' })).ok).toBe(true);
    const expected = (await t.db('draft_files').where({ draft_id: draft.id }).pluck('content')).reduce((n: number, c: string) => n + Buffer.byteLength(c), 0);
    expect(await sizeOf(draft.id)).toBe(expected);
    // As before the migration: the draft's size in characters, no file sizes.
    await t.db('draft_files').where({ draft_id: draft.id }).update({ size_bytes: 0 });
    await t.db('scenario_drafts').where({ id: draft.id }).update({ size_bytes: expected - 4 });
    await backfill(t.db);
    expect(await sizeOf(draft.id)).toBe(expected);
    expect(Number((await t.db('draft_files').where({ draft_id: draft.id, path: 'fixtures/names.txt' }).first('size_bytes')).size_bytes)).toBe(6);
  });
});

describe('a draft file', () => {
  it('is refused at 330,000 × 中 (990,000 bytes), with the limit named in bytes', async () => {
    const draft = await newDraft('wide-chars');
    const reply = await emit(ClientEvents.draftFileSave, { draftId: draft.id, path: 'fixtures/names.txt', baseRevision: 0, content: '中'.repeat(330_000) });
    expect(reply).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    if (!reply.ok) expect(reply.error.message).toContain(`990000 bytes of UTF-8, larger than the ${FILE_MAX_BYTES} bytes`);
  });
});

describe('a draft’s 20 MB', () => {
  it('counts bytes: files of 中 fill it at a third of the characters, and the save past it gets quota_exceeded', async () => {
    const draft = await newDraft('wide-draft');
    const start = await sizeOf(draft.id);
    expect(start).toBe(draft.files.reduce((n, f) => n + utf8Length(f.content), 0));
    const file = '中'.repeat(170_000); // 510,000 bytes in 170,000 characters
    const fits = Math.floor((DRAFT_QUOTA_BYTES - start) / utf8Length(file));
    for (let i = 0; i < fits; i++) {
      const reply = await emit(ClientEvents.draftFileSave, { draftId: draft.id, path: `fixtures/part-${i}.txt`, baseRevision: 0, content: file });
      expect(reply.ok, `file ${i}`).toBe(true);
    }
    expect(await sizeOf(draft.id)).toBe(start + fits * utf8Length(file));

    const refused = await emit(ClientEvents.draftFileSave, { draftId: draft.id, path: `fixtures/part-${fits}.txt`, baseRevision: 0, content: file });
    expect(refused).toMatchObject({ ok: false, error: { code: 'quota_exceeded', details: { limitBytes: DRAFT_QUOTA_BYTES, neededBytes: utf8Length(file) } } });
    if (!refused.ok) expect(refused.error.message).toContain('kept in this browser');
    expect(await t.db('draft_files').where({ draft_id: draft.id, path: `fixtures/part-${fits}.txt` }).first('path')).toBeUndefined();
    expect(await sizeOf(draft.id)).toBe(start + fits * utf8Length(file));

    // Making a file smaller, or deleting one, always goes; then there is room again.
    expect(await emit(ClientEvents.draftFileSave, { draftId: draft.id, path: 'fixtures/part-0.txt', baseRevision: 1, content: '中' })).toEqual({ ok: true, data: { revision: 2 } });
    expect(await emit(ClientEvents.draftFileDelete, { draftId: draft.id, path: 'fixtures/part-1.txt', baseRevision: 1 })).toEqual({ ok: true, data: { deleted: true } });
    expect(await sizeOf(draft.id)).toBe(start + (fits - 2) * utf8Length(file) + 3);
    expect((await emit(ClientEvents.draftFileSave, { draftId: draft.id, path: `fixtures/part-${fits}.txt`, baseRevision: 0, content: file })).ok).toBe(true);
  });
});

describe('two authors taking the last room of a draft at once', () => {
  it('gives it to one of them; the other gets quota_exceeded and the draft stays within its limit', async () => {
    const draft = await newDraft('last-room');
    const file = 'x'.repeat(FILE_MAX_BYTES);
    let used = await sizeOf(draft.id);
    for (let i = 0; used + 2 * FILE_MAX_BYTES <= DRAFT_QUOTA_BYTES; i++, used += FILE_MAX_BYTES) {
      expect((await emit(ClientEvents.draftFileSave, { draftId: draft.id, path: `fixtures/fill-${i}.txt`, baseRevision: 0, content: file })).ok).toBe(true);
    }
    // Room for one more full file, not two.
    const other = await connected(openSocket(t.url, { cookie: author2.cookie }));
    const [a, b] = await Promise.all(
      [socket, other].map((s, i) => s.timeout(60_000).emitWithAck(ClientEvents.draftFileSave, { draftId: draft.id, path: `fixtures/last-${i}.txt`, baseRevision: 0, content: file }) as Promise<Ack<unknown>>),
    );
    other.close();
    expect([a!.ok, b!.ok].sort()).toEqual([false, true]);
    expect((a!.ok ? b! : a!)).toMatchObject({ ok: false, error: { code: 'quota_exceeded' } });
    expect(await sizeOf(draft.id)).toBe(used + FILE_MAX_BYTES);
    expect(await sizeOf(draft.id)).toBeLessThanOrEqual(DRAFT_QUOTA_BYTES);
  });
});

describe('a preview file', () => {
  it('is refused at 330,000 × 中 with the limit named in bytes', async () => {
    const draft = await newDraft('wide-preview');
    const started = await author.agent.post(`/api/authoring/drafts/${draft.id}/preview`);
    expect(started.status).toBe(201);
    const reply = await emit(ClientEvents.previewFileSave, { previewId: started.body.previewId, path: 'src/total.js', baseRevision: 1, content: '中'.repeat(330_000) });
    expect(reply).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    if (!reply.ok) expect(reply.error.message).toContain('990000 bytes of UTF-8');
  });
});
