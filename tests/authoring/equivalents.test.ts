import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DraftValidationView, DraftView } from '../../server/contract/authoring';
import type { Ack } from '../../server/contract/realtime';
import { ClientEvents } from '../../server/contract/realtime';
import { readPackageZip } from '../../server/authoring/zip';
import { EQUIVALENTS_FILE, readEquivalents, withEquivalent } from '../../server/scenarios/equivalents';
import { getTestServer, type TestServer } from '../helpers/app';
import { connected, openSocket } from '../helpers/socket';
import { buildOrg, type OrgRecord } from '../helpers/factories';
import { importFramework, signInWith, type Person } from '../feedback/world';

/**
 * Marking a surviving mutant as equivalent, as the validation panel does: the mark is a file of
 * the draft written with the draft autosave protocol, the next validation counts the mutant out,
 * and the mark travels with the published version's zip.
 */

let t: TestServer;
let swift: OrgRecord;
let author: Person;
let socket: Socket;

function emit<T>(event: string, payload: unknown): Promise<Ack<T>> {
  return socket.timeout(120_000).emitWithAck(event, payload) as Promise<Ack<T>>;
}
async function ok<T>(event: string, payload: unknown): Promise<T> {
  const ack = await emit<T>(event, payload);
  if (!ack.ok) throw new Error(`${event}: ${JSON.stringify(ack.error)}`);
  return ack.data;
}

beforeAll(async () => {
  t = await getTestServer();
  await importFramework(t.db, new Date());
  swift = await buildOrg(t.db, { kind: 'enterprise', name: 'Swift Marks' });
  author = await signInWith(t, { org: swift, roles: ['author'] });
  socket = await connected(openSocket(t.url, { cookie: author.cookie }));
}, 60_000);

afterAll(async () => {
  socket.disconnect();
  await t.close();
});

describe('equivalent mutants in a draft', () => {
  it('are marked in mutants.yaml through the autosave, counted out by validation, un-marked by a changed line, and exported', async () => {
    const draft = (await author.agent.post('/api/authoring/drafts').send({ enterpriseId: swift.id, template: { slug: 'marked-mutants', title: 'Marked mutants' } })).body.draft as DraftView;
    await ok(ClientEvents.draftJoin, { draftId: draft.id });
    // A constant nobody reads: its "1 → 2" mutant survives every check.
    const solution = draft.files.find((f) => f.path === 'solution/src/total.js')!;
    const withSpare = `${solution.content}\nconst spare = 1;\n`;
    const saved = await ok<{ revision: number }>(ClientEvents.draftFileSave, { draftId: draft.id, path: solution.path, baseRevision: solution.revision, content: withSpare });

    const first = await ok<DraftValidationView>(ClientEvents.draftValidate, { draftId: draft.id });
    const survivor = first.survivors.find((m) => m.before === 'const spare = 1;' && m.description === 'constant 1 → 2')!;
    expect(survivor.id).toMatch(/^[0-9a-f]{16}$/);
    expect(first.equivalent).toEqual([]);

    const mark = { id: survivor.id!, file: survivor.file, mutation: survivor.description, before: survivor.before, after: survivor.after, reason: 'spare is never read' };
    await ok(ClientEvents.draftFileSave, { draftId: draft.id, path: EQUIVALENTS_FILE, baseRevision: 0, content: withEquivalent(undefined, mark) });
    const marked = await ok<DraftValidationView>(ClientEvents.draftValidate, { draftId: draft.id });
    expect(marked.equivalent).toEqual([{ id: survivor.id, file: survivor.file, line: survivor.line, description: 'constant 1 → 2', before: 'const spare = 1;', after: 'const spare = 2;', reason: 'spare is never read' }]);
    expect(marked.survivors.map((m) => m.id)).not.toContain(survivor.id);
    expect(marked.lines.some((l) => l.includes('1 marked equivalent in mutants.yaml, not counted'))).toBe(true);
    expect(marked.strength!).toBeGreaterThan(first.strength!);
    // Stored with the draft: a reload shows it.
    expect((await author.agent.get(`/api/authoring/drafts/${draft.id}`)).body.draft.validation.equivalent).toHaveLength(1);

    // The marked line changes: the mark stops counting, and the validation says so.
    const edited = await ok<{ revision: number }>(ClientEvents.draftFileSave, {
      draftId: draft.id,
      path: solution.path,
      baseRevision: saved.revision,
      content: withSpare.replace('const spare = 1;', 'const spare = 1; // kept for later'),
    });
    const unmarked = await ok<DraftValidationView>(ClientEvents.draftValidate, { draftId: draft.id });
    expect(unmarked.equivalent).toEqual([]);
    expect(unmarked.lines).toContain('mutants.yaml: the mark for src/total.js (constant 1 → 2) matches no mutant any more (the line changed), so it does not count: remove it');

    // Back as it was, validated and published: the export carries the mark.
    await ok(ClientEvents.draftFileSave, { draftId: draft.id, path: solution.path, baseRevision: edited.revision, content: withSpare });
    const again = await ok<DraftValidationView>(ClientEvents.draftValidate, { draftId: draft.id });
    expect(again).toMatchObject({ passed: true, equivalent: [expect.objectContaining({ id: survivor.id })] });
    const published = await author.agent.post(`/api/authoring/drafts/${draft.id}/publish`).send({ bump: 'major', changelog: 'With an equivalent mutant marked' });
    expect(published.status).toBe(201);
    const zip = await author.agent
      .get(`/api/scenario-versions/${published.body.versionId}/export`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(zip.status).toBe(200);
    expect(readEquivalents(readPackageZip(new Uint8Array(zip.body as Buffer)).get(EQUIVALENTS_FILE))).toEqual([mark]);
  }, 300_000);
});
