import { strToU8, unzipSync, zipSync } from 'fflate';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageZip, readPackageZip } from '../../server/authoring/zip';
import type { DraftView } from '../../server/contract/authoring';
import type { Ack } from '../../server/contract/realtime';
import { ClientEvents } from '../../server/contract/realtime';
import { insertVersion, loadVersion } from '../../server/scenarios/repo';
import { hashFiles } from '../../server/scenarios/package';
import { getTestServer, type TestServer } from '../helpers/app';
import { connected, openSocket } from '../helpers/socket';
import { buildOrg, importFramework, ownedScenario, signInWith, type Person } from '../feedback/world';

/**
 * One path rule for every way a file gets into (or out of) a package: draft saves, deletes and
 * uploads, the preview workspace, zip import and zip export. The three findings of the
 * penetration test come first in every list.
 */
const FINDINGS: [string, string][] = [
  ['.git/config', 'a folder name may not start with a dot: .git'],
  ['src//double.ts', 'has an empty folder name (two / in a row)'],
  ['src/ space.ts', 'a file name may not start or end with a space: " space.ts"'],
];
const OTHERS: [string, string][] = [
  ['workspace/.env', 'a file name may not start with a dot: .env'],
  ['fixtures/orders.csv ', 'a file name may not start or end with a space: "orders.csv "'],
  ['fixtures/a\u0007.csv', 'contains a control character (U+0007)'],
  ['fixtures\\a.csv', 'contains a backslash: separate folders with /'],
  ['/etc/passwd', 'must be relative to the package: no / at the start'],
  ['../etc/passwd', 'may not contain .. as a folder: a path stays inside the package'],
  ['fixtures/naïve.csv', 'a file name may use only letters A-Z'],
  [`fixtures/${'n'.repeat(101)}.csv`, 'a file name is longer than 100 characters'],
  ['fixtures/aux.csv', 'a file name may not be one Windows keeps for a device: aux.csv'],
];

let t: TestServer;
let author: Person;
let draft: DraftView;
let legacyVersionId: string;
const sockets: Socket[] = [];

async function socketOf(p: Person): Promise<Socket> {
  const s = await connected(openSocket(t.url, { cookie: p.cookie }));
  sockets.push(s);
  return s;
}

const emit = <T>(s: Socket, event: string, payload: unknown) => s.timeout(30_000).emitWithAck(event, payload) as Promise<Ack<T>>;

function refusedFor(reply: Ack<unknown>, reason: string) {
  expect(reply.ok).toBe(false);
  if (!reply.ok) {
    expect(reply.error.code).toBe('validation_failed');
    expect(reply.error.message).toContain(`payload.path: ${reason}`);
  }
}

const zipBase64 = (entries: Record<string, string>) => Buffer.from(zipSync(Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, strToU8(v)])))).toString('base64');

beforeAll(async () => {
  t = await getTestServer();
  const now = new Date();
  await importFramework(t.db, now);
  const swift = await buildOrg(t.db, { kind: 'enterprise', name: 'Path Works' });
  author = await signInWith(t, { org: swift, roles: ['author'] });
  draft = (await author.agent.post('/api/authoring/drafts').send({ enterpriseId: swift.id, template: { slug: 'path-rules', title: 'Path rules' } })).body.draft;
  // A version published before the rule, holding a file no package may hold any more.
  const { scenarioId, versionId } = await ownedScenario(t.db, 'legacy-paths', swift, now);
  const pkg = (await loadVersion(t.db, versionId))!;
  const files = new Map([...pkg.files, ['.git/config', '[remote "origin"]\n\turl = https://token@example.test/x.git\n']]);
  legacyVersionId = await insertVersion(t.db, scenarioId, { ...pkg, files, contentHash: hashFiles(files) }, '1.1.0', 2, now);
}, 60_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await t.close();
});

describe('draft files', () => {
  it.each([...FINDINGS, ...OTHERS])('a save (and an upload) to %j is refused: %s', async (path, reason) => {
    await t.deps.saveLimiter.delete(author.user.id);
    refusedFor(await emit(await socketOf(author), ClientEvents.draftFileSave, { draftId: draft.id, path, baseRevision: 0, content: 'x' }), reason);
  });

  it('stored none of them', async () => {
    const paths = (await t.db('draft_files').where({ draft_id: draft.id }).pluck('path')) as string[];
    expect(paths.sort()).toEqual(draft.files.map((f) => f.path).sort());
  });

  it('deletes a file stored before the rule, so it cannot be published again', async () => {
    await t.db('draft_files').insert({ draft_id: draft.id, path: '.git/config', revision: 1, content: '[core]\n', author_id: null, updated_at: new Date() });
    await t.deps.saveLimiter.delete(author.user.id);
    expect(await emit(await socketOf(author), ClientEvents.draftFileDelete, { draftId: draft.id, path: '.git/config', baseRevision: 1 })).toEqual({ ok: true, data: { deleted: true } });
    expect(await t.db('draft_files').where({ draft_id: draft.id, path: '.git/config' }).first()).toBeUndefined();
  });

  it('a copy of a version published before the rule leaves the refused path behind', async () => {
    const res = await author.agent.post('/api/authoring/drafts').send({ enterpriseId: draft.scenario.ownerOrgId, fromVersionId: legacyVersionId });
    expect(res.status).toBe(201);
    const copy: DraftView = res.body.draft;
    expect(copy.files.map((f) => f.path)).not.toContain('.git/config');
    expect(copy.files.map((f) => f.path)).toContain('workspace/total.js');
    expect((await author.agent.delete(`/api/authoring/drafts/${copy.id}`)).status).toBe(204);
  });
});

describe('the preview workspace', () => {
  it('refuses the same paths with the same reasons', async () => {
    const started = await author.agent.post(`/api/authoring/drafts/${draft.id}/preview`);
    expect(started.status).toBe(201);
    const s = await socketOf(author);
    expect((await emit(s, ClientEvents.previewJoin, { previewId: started.body.previewId })).ok).toBe(true);
    for (const [path, reason] of [...FINDINGS, ...OTHERS]) {
      refusedFor(await emit(s, ClientEvents.previewFileSave, { previewId: started.body.previewId, path, baseRevision: 0, content: 'x' }), reason);
    }
    const view = (await author.agent.get(`/api/previews/${started.body.previewId}`)).body;
    expect(view.files.map((f: { path: string }) => f.path)).toEqual(['NOTES.md', 'src/total.js']);
  });
});

describe('zip import', () => {
  const good = () => Object.fromEntries(draft.files.map((f) => [`path-rules/${f.path}`, f.content]));

  it.each(FINDINGS)('refuses a zip holding %j, naming the entry and what is wrong', async (path, reason) => {
    const res = await author.agent.post('/api/authoring/import').send({ enterpriseId: draft.scenario.ownerOrgId, zipBase64: zipBase64({ ...good(), [`path-rules/${path}`]: 'x' }) });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(`path-rules/${path}: ${reason}`);
  });

  it.each(OTHERS.filter(([p]) => !p.startsWith('/') && !p.startsWith('..')))('refuses an entry %j: %s', (path, reason) => {
    expect(() => readPackageZip(zipSync({ 'scenario.yaml': strToU8('id: x'), [path]: strToU8('x') }))).toThrow(`${path}: ${reason}`);
  });

  it('refuses entries that leave the package, wherever they point', () => {
    for (const path of ['../evil.sh', '/etc/cron.d/x', 'a/../../b']) {
      expect(() => readPackageZip(zipSync({ 'scenario.yaml': strToU8('id: x'), [path]: strToU8('x') }))).toThrow(/cannot be imported: .*(must be relative|may not contain \.\.)/);
    }
  });

  it('leaves out what the zip tool adds (macOS resource forks and Finder’s .DS_Store), and keeps the rest', () => {
    const files = readPackageZip(zipSync({ 'p/scenario.yaml': strToU8('id: p'), 'p/.DS_Store': strToU8('x'), 'p/tasks/.DS_Store': strToU8('x'), '__MACOSX/p/._scenario.yaml': strToU8('x') }));
    expect([...files.keys()]).toEqual(['scenario.yaml']);
  });
});

describe('zip export', () => {
  it('never writes a refused path, even one a version holds from before the rule', async () => {
    const res = await author.agent
      .get(`/api/scenario-versions/${legacyVersionId}/export`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    const names = Object.keys(unzipSync(new Uint8Array(res.body as Buffer)));
    expect(names).toContain('legacy-paths/workspace/total.js');
    expect(names.filter((n) => n.includes('.git'))).toEqual([]);
  });

  it('packageZip leaves out every path the rule refuses', () => {
    const files = new Map<string, string>([['scenario.yaml', 'id: x'], ...[...FINDINGS, ...OTHERS].map(([p]) => [p, 'x'] as [string, string])]);
    expect(Object.keys(unzipSync(packageZip('x', files)))).toEqual(['x/scenario.yaml']);
  });
});
