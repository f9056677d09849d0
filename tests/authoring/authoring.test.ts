import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DraftValidationProgress, DraftView, VersionDiffView, VersionFilesView } from '../../server/contract/authoring';
import type { Ack } from '../../server/contract/realtime';
import { ClientEvents, ServerEvents } from '../../server/contract/realtime';
import { strToU8, zipSync } from 'fflate';
import { packageZip, readPackageZip } from '../../server/authoring/zip';
import { loadFrameworkFile } from '../../server/competency/framework';
import { loadPackage } from '../../server/scenarios/package';
import { lintPackage } from '../../server/scenarios/lint';
import { insertVersion, loadVersion } from '../../server/scenarios/repo';
import { getTestServer, type TestServer } from '../helpers/app';
import { connected, nextEvent, openSocket } from '../helpers/socket';
import { assign, buildOrg, buildPartnership, course, importFramework, ownedScenario, signInWith, type Person } from '../feedback/world';
import type { OrgRecord } from '../helpers/factories';

let t: TestServer;
let swift: OrgRecord;
let other: OrgRecord;
let school: OrgRecord;
let author: Person;
let author2: Person;
let reviewer: Person;
let outsider: Person;
let teacher: Person;
let sampleVersionId: string;
const sockets: Socket[] = [];

async function socketOf(p: Person): Promise<Socket> {
  const s = await connected(openSocket(t.url, { cookie: p.cookie }));
  sockets.push(s);
  return s;
}

function emit<T>(s: Socket, event: string, payload: unknown, timeout = 60_000): Promise<Ack<T>> {
  return s.timeout(timeout).emitWithAck(event, payload) as Promise<Ack<T>>;
}

async function ok<T>(s: Socket, event: string, payload: unknown): Promise<T> {
  const ack = await emit<T>(s, event, payload);
  if (!ack.ok) throw new Error(`${event}: ${JSON.stringify(ack.error)}`);
  return ack.data;
}

const fileOf = (d: DraftView, p: string) => d.files.find((f) => f.path === p)!;

beforeAll(async () => {
  t = await getTestServer();
  const now = new Date();
  await importFramework(t.db, now);
  swift = await buildOrg(t.db, { kind: 'enterprise', name: 'Swift Authoring' });
  other = await buildOrg(t.db, { kind: 'enterprise', name: 'Other Works' });
  school = await buildOrg(t.db, { kind: 'school', name: 'Partner School' });
  author = await signInWith(t, { org: swift, roles: ['author'] });
  author2 = await signInWith(t, { org: swift, roles: ['author'] });
  reviewer = await signInWith(t, { org: swift, roles: ['reviewer'] });
  outsider = await signInWith(t, { org: other, roles: ['author'] });
  teacher = await signInWith(t, { org: school, roles: ['teacher'] });
  await buildPartnership(t.db, school, swift);
  sampleVersionId = (await ownedScenario(t.db, 'owned-sample', swift, now, 'Owned sample')).versionId;
}, 60_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await t.close();
});

describe('drafts', () => {
  let draft: DraftView;

  it('opens a new scenario from the starter template, and the template is a valid package', async () => {
    const res = await author.agent.post('/api/authoring/drafts').send({ enterpriseId: swift.id, template: { slug: 'stock-count', title: 'Count the stock' } });
    expect(res.status).toBe(201);
    draft = res.body.draft;
    expect(draft.scenario.slug).toBe('stock-count');
    expect(draft.scenario.title).toBe('Count the stock');
    expect(draft.canEdit).toBe(true);
    expect(draft.nextVersions).toEqual({ major: '1.0.0', minor: '1.0.0', patch: '1.0.0' });
    const files = new Map(draft.files.map((f) => [f.path, f.content]));
    expect(lintPackage('stock-count', files, loadFrameworkFile()).problems).toEqual([]);
  });

  it('names the field of a bad id or a missing title', async () => {
    const res = await author.agent.post('/api/authoring/drafts').send({ enterpriseId: swift.id, template: { slug: 'Stock Count', title: 'x' } });
    expect(res.status).toBe(400);
    const fields = res.body.error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['body.template.slug', 'body.template.title']));
    const neither = await author.agent.post('/api/authoring/drafts').send({ enterpriseId: swift.id });
    expect(neither.body.error.details[0]).toMatchObject({ field: 'body.template', message: expect.stringMatching(/either template .* or fromVersionId/) });
  });

  it('refuses an id that is taken, with the field named', async () => {
    const res = await author.agent.post('/api/authoring/drafts').send({ enterpriseId: swift.id, template: { slug: 'owned-sample', title: 'Again' } });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/owned-sample.*exists already/);
  });

  it('lists the enterprise’s scenarios with versions and drafts for its authors and reviewers only', async () => {
    for (const p of [author, reviewer]) {
      const res = await p.agent.get('/api/authoring');
      expect(res.status).toBe(200);
      expect(res.body.enterprise.id).toBe(swift.id);
      expect(res.body.canEdit).toBe(p === author);
      const slugs = res.body.scenarios.map((s: { slug: string }) => s.slug);
      expect(slugs).toEqual(['owned-sample', 'stock-count']);
      expect(res.body.scenarios[1].draft.id).toBe(draft.id);
      expect(res.body.scenarios[0].versions).toHaveLength(1);
    }
    expect((await outsider.agent.get(`/api/authoring?enterpriseId=${swift.id}`)).status).toBe(404);
    expect((await outsider.agent.get(`/api/authoring/drafts/${draft.id}`)).status).toBe(404);
    expect((await teacher.agent.get(`/api/authoring/drafts/${draft.id}`)).status).toBe(403);
    expect((await reviewer.agent.get(`/api/authoring/drafts/${draft.id}`)).body.draft.canEdit).toBe(false);
  });

  it('autosaves with the workspace protocol: acks, conflicts, resends and live pushes to the other author', async () => {
    const a = await socketOf(author);
    const b = await socketOf(author2);
    await ok(a, ClientEvents.draftJoin, { draftId: draft.id });
    const joined = await ok<DraftView>(b, ClientEvents.draftJoin, { draftId: draft.id });
    const brief = fileOf(joined, 'brief.md');

    const pushed = nextEvent<{ path: string; revision: number; content: string; byUserId: string }>(b, ServerEvents.draftFileChanged);
    const first = { draftId: draft.id, path: 'brief.md', baseRevision: brief.revision, content: '# Stock count at the Wuhan warehouse\n' };
    expect(await ok(a, ClientEvents.draftFileSave, first)).toEqual({ revision: brief.revision + 1 });
    expect(await pushed).toMatchObject({ path: 'brief.md', revision: brief.revision + 1, byUserId: author.user.id });

    // The same save again (its ack was lost): acked with the same revision, nothing doubled.
    expect(await ok(a, ClientEvents.draftFileSave, first)).toEqual({ revision: brief.revision + 1 });

    // The second author's edit was based on the old revision: a conflict with the server's text.
    const stale = await emit(b, ClientEvents.draftFileSave, { ...first, content: '# Something else\n' });
    expect(stale.ok).toBe(false);
    if (!stale.ok) {
      expect(stale.error.code).toBe('conflict');
      expect(stale.error.details).toMatchObject({ path: 'brief.md', serverRevision: brief.revision + 1, serverContent: first.content });
    }

    // New file (fixture upload) with base 0; a second create of the same path conflicts.
    expect(await ok(b, ClientEvents.draftFileSave, { draftId: draft.id, path: 'fixtures/stock.csv', baseRevision: 0, content: 'sku,qty\nA1,3\n' })).toEqual({ revision: 1 });
    const again = await emit(a, ClientEvents.draftFileSave, { draftId: draft.id, path: 'fixtures/stock.csv', baseRevision: 0, content: 'other' });
    expect(again.ok || again.error.code).toBe('conflict');

    // Delete only the revision seen; scenario.yaml cannot go.
    const del = await emit(a, ClientEvents.draftFileDelete, { draftId: draft.id, path: 'fixtures/stock.csv', baseRevision: 1 });
    expect(del.ok).toBe(true);
    const yamlDel = await emit(a, ClientEvents.draftFileDelete, { draftId: draft.id, path: 'scenario.yaml', baseRevision: 1 });
    expect(!yamlDel.ok && yamlDel.error.code).toBe('validation_failed');
  });

  it('takes many saves from two authors at once without losing or refusing any (no lock waits in a circle)', async () => {
    const a = await socketOf(author);
    const b = await socketOf(author2);
    const saves = Array.from({ length: 24 }, (_, i) =>
      ok<{ revision: number }>(i % 2 ? a : b, ClientEvents.draftFileSave, { draftId: draft.id, path: `fixtures/part-${i}.csv`, baseRevision: 0, content: `n\n${i}\n` }),
    );
    expect((await Promise.all(saves)).every((r) => r.revision === 1)).toBe(true);
    const stored = await t.db('draft_files').where({ draft_id: draft.id }).where('path', 'like', 'fixtures/part-%').count({ n: '*' });
    expect(Number(stored[0]!.n)).toBe(24);
    // Tidy up behind the test (and give both authors their save budget back).
    await t.db('draft_files').where({ draft_id: draft.id }).where('path', 'like', 'fixtures/part-%').delete();
    await Promise.all([author, author2].map((p) => t.deps.saveLimiter.delete(p.user.id)));
  });

  it('keeps the draft’s size as files are created, changed and deleted (the limit reads no files)', async () => {
    const a = await socketOf(author);
    const kept = async () => Number((await t.db('scenario_drafts').where({ id: draft.id }).first('size_bytes')).size_bytes);
    const start = await kept();
    await ok(a, ClientEvents.draftFileSave, { draftId: draft.id, path: 'fixtures/size.csv', baseRevision: 0, content: 'a,b\n' });
    expect(await kept()).toBe(start + 4);
    await ok(a, ClientEvents.draftFileSave, { draftId: draft.id, path: 'fixtures/size.csv', baseRevision: 1, content: 'a,b\n1,2\n3,4\n' });
    expect(await kept()).toBe(start + 12);
    await ok(a, ClientEvents.draftFileDelete, { draftId: draft.id, path: 'fixtures/size.csv', baseRevision: 2 });
    expect(await kept()).toBe(start);
  });

  it('lets reviewers follow a draft but not change it; outsiders cannot even join', async () => {
    const r = await socketOf(reviewer);
    expect((await ok<DraftView>(r, ClientEvents.draftJoin, { draftId: draft.id })).canEdit).toBe(false);
    const save = await emit(r, ClientEvents.draftFileSave, { draftId: draft.id, path: 'brief.md', baseRevision: 2, content: 'x' });
    expect(!save.ok && save.error.code).toBe('forbidden');
    const o = await socketOf(outsider);
    const join = await emit(o, ClientEvents.draftJoin, { draftId: draft.id });
    expect(!join.ok && join.error.code).toBe('not_found');
    const o2 = await emit(o, ClientEvents.draftFileSave, { draftId: draft.id, path: 'brief.md', baseRevision: 2, content: 'x' });
    expect(!o2.ok && o2.error.code).toBe('not_found');
  });

  it('refuses a path outside the package and a binary file with a clear message', async () => {
    const a = await socketOf(author);
    const up = await emit(a, ClientEvents.draftFileSave, { draftId: draft.id, path: '../etc/passwd', baseRevision: 0, content: 'x' });
    expect(!up.ok && up.error.message).toMatch(/payload\.path: may not contain \.\. as a folder: a path stays inside the package/);
    const bin = await emit(a, ClientEvents.draftFileSave, { draftId: draft.id, path: 'fixtures/img.png', baseRevision: 0, content: 'a\u0000b' });
    expect(!bin.ok && bin.error.message).toMatch(/NUL characters/);
  });

  it('will not publish before a validation of the current content', async () => {
    const res = await author.agent.post(`/api/authoring/drafts/${draft.id}/publish`).send({ bump: 'minor', changelog: 'First version' });
    expect(res.status).toBe(409);
    expect(res.body.error.details.reason).toBe('not_validated');
    const bad = await author.agent.post(`/api/authoring/drafts/${draft.id}/publish`).send({ bump: 'huge', changelog: '' });
    expect(bad.status).toBe(400);
  });

  it('validates with progress streamed to the draft room, then publishes 1.0.0 with its changelog', async () => {
    const a = await socketOf(author);
    await ok(a, ClientEvents.draftJoin, { draftId: draft.id });
    const phases: DraftValidationProgress[] = [];
    a.on(ServerEvents.draftValidation, (p: DraftValidationProgress) => phases.push(p));
    const result = await ok<{ passed: boolean; problems: unknown[]; strength: number; lines: string[] }>(a, ClientEvents.draftValidate, { draftId: draft.id });
    expect(result.problems).toEqual([]);
    expect(result.passed).toBe(true);
    expect(result.strength).toBeGreaterThanOrEqual(0.8);
    expect(phases.map((p) => p.phase)).toEqual(expect.arrayContaining(['load', 'solution', 'starter', 'mutants', 'done']));
    expect(phases.some((p) => p.phase === 'mutants' && p.total > 0)).toBe(true);

    // Reviewers may not run it (it costs sandbox time and is part of publishing).
    const r = await socketOf(reviewer);
    const denied = await emit(r, ClientEvents.draftValidate, { draftId: draft.id });
    expect(!denied.ok && denied.error.code).toBe('forbidden');

    const res = await author.agent.post(`/api/authoring/drafts/${draft.id}/publish`).send({ bump: 'major', changelog: 'First version: count the stock' });
    expect(res.status).toBe(201);
    expect(res.body.version).toBe('1.0.0');
    const row = await t.db('scenario_versions').where({ id: res.body.versionId }).first('changelog', 'published_by', 'manifest_json');
    expect(row.changelog).toBe('First version: count the stock');
    expect(row.published_by).toBe(author.user.id);
    expect(JSON.parse(row.manifest_json).version).toBe('1.0.0');
    expect(await t.db('scenario_drafts').where({ id: draft.id }).first()).toBeUndefined();
  });
});

describe('the next version of a published scenario', () => {
  let draft: DraftView;
  let courseId: string;
  let assignmentId: string;
  let v2: string;

  beforeAll(async () => {
    courseId = await course(teacher, 'Logistics 1', []);
    assignmentId = await assign(teacher, courseId, sampleVersionId);
  });

  it('duplicates the published version into a draft; asking again returns the same draft', async () => {
    const res = await author.agent.post('/api/authoring/drafts').send({ enterpriseId: swift.id, fromVersionId: sampleVersionId });
    expect(res.status).toBe(201);
    draft = res.body.draft;
    expect(draft.baseVersion?.id).toBe(sampleVersionId);
    expect(draft.nextVersions.minor).toBe('1.1.0');
    const again = await author2.agent.post('/api/authoring/drafts').send({ enterpriseId: swift.id, fromVersionId: sampleVersionId });
    expect(again.body.draft.id).toBe(draft.id);
    // Another enterprise cannot copy it, under any id.
    const theirs = await outsider.agent.post('/api/authoring/drafts').send({ enterpriseId: other.id, fromVersionId: sampleVersionId, slug: 'stolen' });
    expect(theirs.status).toBe(404);
  });

  it('refuses to publish a solution that fails its checks, naming the check in the problems', async () => {
    const a = await socketOf(author);
    const sol = fileOf(draft, 'solution/total.js');
    await ok(a, ClientEvents.draftFileSave, { draftId: draft.id, path: sol.path, baseRevision: sol.revision, content: 'exports.total = (xs) => xs.length;\n' });
    const result = await ok<{ passed: boolean; problems: { file: string; path?: string; message: string }[] }>(a, ClientEvents.draftValidate, { draftId: draft.id });
    expect(result.passed).toBe(false);
    expect(result.problems).toContainEqual(expect.objectContaining({ file: 'checks/visible.test.js', path: 'check total-visible', message: expect.stringMatching(/reference solution fails/) }));
    const res = await author.agent.post(`/api/authoring/drafts/${draft.id}/publish`).send({ bump: 'minor', changelog: 'Broken' });
    expect(res.status).toBe(409);
    expect(res.body.error.details.reason).toBe('invalid');
    // Put it right again.
    await ok(a, ClientEvents.draftFileSave, { draftId: draft.id, path: sol.path, baseRevision: sol.revision + 1, content: sol.content });
  });

  it('publishes 1.1.0 after a change; the teacher sees the newer version and what changed', async () => {
    const a = await socketOf(author);
    const task = fileOf(draft, 'tasks/fix.md');
    await ok(a, ClientEvents.draftFileSave, { draftId: draft.id, path: task.path, baseRevision: task.revision, content: 'Make `total` add up, including an empty order.' });
    // An author's note in the YAML that gives an answer away: partners must never see it.
    const yaml = fileOf(draft, 'scenario.yaml');
    await ok(a, ClientEvents.draftFileSave, { draftId: draft.id, path: 'scenario.yaml', baseRevision: yaml.revision, content: `# note to self: the sum answer is 5\n${yaml.content}` });
    expect((await ok<{ passed: boolean }>(a, ClientEvents.draftValidate, { draftId: draft.id })).passed).toBe(true);

    // An edit after validation makes the validation stale.
    const view = await ok<DraftView>(a, ClientEvents.draftJoin, { draftId: draft.id });
    const brief = fileOf(view, 'brief.md');
    await ok(a, ClientEvents.draftFileSave, { draftId: draft.id, path: 'brief.md', baseRevision: brief.revision, content: `${brief.content}\nUpdated.` });
    const stale = await author.agent.post(`/api/authoring/drafts/${draft.id}/publish`).send({ bump: 'minor', changelog: 'Clearer task' });
    expect(stale.body.error?.details?.reason).toBe('not_validated');
    expect((await ok<{ passed: boolean }>(a, ClientEvents.draftValidate, { draftId: draft.id })).passed).toBe(true);

    const res = await author.agent.post(`/api/authoring/drafts/${draft.id}/publish`).send({ bump: 'minor', changelog: 'Clearer task: the empty order is asked for' });
    expect(res.status).toBe(201);
    expect(res.body.version).toBe('1.1.0');
    v2 = res.body.versionId;

    const coursePage = await teacher.agent.get(`/api/courses/${courseId}`);
    const asg = coursePage.body.assignments.find((x: { id: string }) => x.id === assignmentId);
    expect(asg.newerVersion).toEqual({ latest: { id: v2, version: '1.1.0' }, changes: [{ version: '1.1.0', changelog: 'Clearer task: the empty order is asked for' }] });
  });

  it('shows a partner teacher the diff without the solution or hidden checks, and the enterprise everything', async () => {
    const asTeacher = await teacher.agent.get(`/api/scenario-versions/${v2}/diff?against=${sampleVersionId}`);
    expect(asTeacher.status).toBe(200);
    const diff: VersionDiffView = asTeacher.body;
    expect(diff.changelog).toEqual([{ version: '1.1.0', changelog: 'Clearer task: the empty order is asked for' }]);
    expect(diff.files.find((f) => f.path === 'tasks/fix.md')).toMatchObject({ status: 'changed', after: 'Make `total` add up, including an empty order.' });
    expect(diff.files.map((f) => f.path)).not.toContain('solution/total.js');
    expect(diff.files.map((f) => f.path)).not.toContain('checks/hidden.test.js');
    expect(diff.withheld).toEqual(expect.arrayContaining(['solution/total.js', 'checks/hidden.test.js']));
    // The expected answer is not in the teacher's scenario.yaml either.
    const yaml = diff.files.find((f) => f.path === 'scenario.yaml')!.after!;
    expect(yaml).toContain('answer: (withheld)');
    expect(yaml).not.toMatch(/value: 5/);
    expect(yaml).not.toContain('note to self');
    expect(yaml).toMatch(/id: total-hidden[\s\S]*?details: \(withheld\)/);

    // Admin is per organisation: another enterprise's admin, or the school's, reads nothing more.
    for (const admin of [await signInWith(t, { org: other, roles: ['admin'] }), await signInWith(t, { org: school, roles: ['admin'] })]) {
      expect((await admin.agent.get(`/api/scenario-versions/${v2}/export`)).status).toBe(404);
      const files = await admin.agent.get(`/api/scenario-versions/${v2}/files`);
      expect(files.status).toBe(404);
    }

    const asAuthor: VersionDiffView = (await reviewer.agent.get(`/api/scenario-versions/${v2}/diff?against=${sampleVersionId}`)).body;
    expect(asAuthor.withheld).toEqual([]);
    expect(asAuthor.files.map((f) => f.path)).toContain('solution/total.js');

    // Shared with the school by the enterprise's admin (not the school's): the teacher reads it whole.
    const partnership = await t.db('partnerships').where({ school_id: school.id, enterprise_id: swift.id }).first('id');
    const schoolAdmin = await signInWith(t, { org: school, roles: ['admin'] });
    const swiftAdmin = await signInWith(t, { org: swift, roles: ['admin'] });
    expect((await schoolAdmin.agent.put(`/api/partnerships/${partnership.id}/sharing`).send({ sharesSolutions: true })).status).toBe(403);
    const share = await swiftAdmin.agent.put(`/api/partnerships/${partnership.id}/sharing`).send({ sharesSolutions: true });
    expect(share.body.partnership).toMatchObject({ sharesSolutions: true, canShare: true });
    const shared: VersionFilesView = (await teacher.agent.get(`/api/scenario-versions/${v2}/files`)).body;
    expect(shared.withheld).toEqual([]);
    expect(shared.files.map((f) => f.path)).toContain('solution/total.js');
    await swiftAdmin.agent.put(`/api/partnerships/${partnership.id}/sharing`).send({ sharesSolutions: false }).expect(200);
    expect(((await teacher.agent.get(`/api/scenario-versions/${v2}/files`)).body as VersionFilesView).withheld).toContain('solution/total.js');

    // A teacher of a school with no partnership reads nothing of a partners-only scenario.
    const stranger = await signInWith(t, { roles: ['teacher'] });
    expect((await stranger.agent.get(`/api/scenario-versions/${v2}/files`)).status).toBe(404);
    expect((await stranger.agent.get(`/api/scenario-versions/${v2}/export`)).status).toBe(404);
    expect((await teacher.agent.get(`/api/scenario-versions/${v2}/export`)).status).toBe(404);
  });

  it('exports a version as a zip that loads as a package folder, and imports it back as a draft', async () => {
    const res = await author.agent.get(`/api/scenario-versions/${v2}/export`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain('owned-sample-1.1.0.zip');
    const files = readPackageZip(new Uint8Array(res.body as Buffer));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'export-'));
    for (const [p, content] of files) {
      fs.mkdirSync(path.dirname(path.join(dir, 'owned-sample', p)), { recursive: true });
      fs.writeFileSync(path.join(dir, 'owned-sample', p), content);
    }
    const loaded = loadPackage(path.join(dir, 'owned-sample'), loadFrameworkFile());
    expect(loaded.problems).toEqual([]);
    expect(loaded.pkg?.manifest.version).toBe('1.1.0');

    // Back in as the scenario's next draft; a second import while it is open is refused.
    const zipBase64 = Buffer.from(packageZip('owned-sample', files)).toString('base64');
    const imported = await author.agent.post('/api/authoring/import').send({ enterpriseId: swift.id, zipBase64 });
    expect(imported.status).toBe(201);
    expect(imported.body.draft.baseVersion.id).toBe(v2);
    const twice = await author.agent.post('/api/authoring/import').send({ enterpriseId: swift.id, zipBase64 });
    expect(twice.status).toBe(409);
    // Another enterprise cannot import over a scenario id it does not own.
    const theirs = await outsider.agent.post('/api/authoring/import').send({ enterpriseId: other.id, zipBase64 });
    expect(theirs.status).toBe(409);
    expect((await author.agent.delete(`/api/authoring/drafts/${imported.body.draft.id}`)).status).toBe(204);
  });

  it('will not publish over a version published meanwhile by another way', async () => {
    const opened = (await author.agent.post('/api/authoring/drafts').send({ enterpriseId: swift.id, fromVersionId: v2 })).body.draft as DraftView;
    const a = await socketOf(author);
    const brief = fileOf(opened, 'brief.md');
    await ok(a, ClientEvents.draftFileSave, { draftId: opened.id, path: 'brief.md', baseRevision: brief.revision, content: `${brief.content}\nA later note.` });
    expect((await ok<{ passed: boolean }>(a, ClientEvents.draftValidate, { draftId: opened.id })).passed).toBe(true);
    // Someone publishes 1.2.0 from a folder (the CLI) while the draft is open.
    const pkg = (await loadVersion(t.db, v2))!;
    const scenarioId = (await t.db('scenario_versions').where({ id: v2 }).first('scenario_id')).scenario_id;
    const sideVersion = await insertVersion(t.db, scenarioId, { ...pkg, contentHash: 'side-door' }, '1.2.0', 3, new Date());
    const res = await author.agent.post(`/api/authoring/drafts/${opened.id}/publish`).send({ bump: 'minor', changelog: 'Would drop 1.2.0' });
    expect(res.status).toBe(409);
    expect(res.body.error.details).toMatchObject({ reason: 'behind', latest: { version: '1.2.0' } });
    await t.db('scenario_versions').where({ id: sideVersion }).delete();
    expect((await author.agent.delete(`/api/authoring/drafts/${opened.id}`)).status).toBe(204);
  });

  it('unpacks nothing for someone who may not import for the enterprise', async () => {
    const res = await outsider.agent.post('/api/authoring/import').send({ enterpriseId: swift.id, zipBase64: Buffer.from('not a zip').toString('base64') });
    expect(res.status).toBe(404);
  });

  it('stops a zip bomb at the limit, and refuses paths outside the package and text that is not UTF-8', async () => {
    // 24 MB of zeros in a 24 KB zip.
    const bomb = zipSync({ 'bomb/scenario.yaml': strToU8('id: bomb\n'), 'bomb/fixtures/zeros.csv': new Uint8Array(24 * 1024 * 1024) });
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(() => readPackageZip(bomb)).toThrow(/fixtures\/zeros\.csv is larger than 512 KB/);
    expect(() => readPackageZip(zipSync({ 'scenario.yaml': strToU8('id: x'), '../evil.sh': strToU8('rm -rf /') }))).toThrow(/\.\.\/evil\.sh: may not contain \.\. as a folder/);
    expect(() => readPackageZip(zipSync({ 'scenario.yaml': strToU8('id: x'), 'fixtures/gbk.csv': new Uint8Array([0xc4, 0xe3, 0x2c, 0x31]) }))).toThrow(/not UTF-8 text/);
  });

  it('refuses zips that are not packages with a clear message', async () => {
    const notZip = await author.agent.post('/api/authoring/import').send({ enterpriseId: swift.id, zipBase64: Buffer.from('hello').toString('base64') });
    expect(notZip.status).toBe(400);
    expect(notZip.body.error.message).toMatch(/not a \.zip file|not a readable \.zip/);
    const noYaml = await author.agent
      .post('/api/authoring/import')
      .send({ enterpriseId: swift.id, zipBase64: Buffer.from(packageZip('x', new Map([['brief.md', 'hi']]))).toString('base64') });
    expect(noYaml.status).toBe(400);
    expect(noYaml.body.error.message).toMatch(/no scenario\.yaml/);
  });
});

describe('the problems an author sees as they type (lintPackage, run in the browser)', () => {
  const framework = loadFrameworkFile();
  const base = () => {
    const files = new Map<string, string>();
    for (const f of fs.readdirSync(path.resolve('server/authoring/template'), { recursive: true, withFileTypes: true })) {
      if (!f.isFile()) continue;
      const full = path.join(f.parentPath, f.name);
      files.set(path.relative(path.resolve('server/authoring/template'), full).split(path.sep).join('/'), fs.readFileSync(full, 'utf8'));
    }
    files.set('scenario.yaml', files.get('scenario.yaml')!.replace('id: new-scenario', 'id: bad-input'));
    return files;
  };

  it('broken YAML: the line and what the parser says', () => {
    const files = base();
    files.set('scenario.yaml', files.get('scenario.yaml')!.replace('title: New scenario', 'title: [unclosed'));
    const { problems } = lintPackage('bad-input', files, framework);
    expect(problems[0]).toMatchObject({ file: 'scenario.yaml', line: expect.any(Number), message: expect.stringMatching(/^YAML: /) });
  });

  it('a missing referenced file: where it is referenced and which file', () => {
    const files = base();
    files.delete('checks/edge-cases.hidden.test.js');
    const { problems } = lintPackage('bad-input', files, framework);
    expect(problems).toContainEqual(
      expect.objectContaining({ file: 'scenario.yaml', path: 'tasks[0].checks[1].file', line: 28, message: 'the check file checks/edge-cases.hidden.test.js does not exist in the package' }),
    );
  });

  it('an unknown competency: the code and the list it is missing from', () => {
    const files = base();
    files.set('scenario.yaml', files.get('scenario.yaml')!.replace('competencies: [js.implementation,', 'competencies: [js.telepathy, js.implementation,'));
    const { problems } = lintPackage('bad-input', files, framework);
    expect(problems).toContainEqual(expect.objectContaining({ file: 'scenario.yaml', path: 'competencies[0]', line: 11, message: expect.stringContaining('competency "js.telepathy" is not in the framework') }));
  });
});

describe('live comments on a scenario version', () => {
  it('pushes a new comment to everyone who follows the thread, and no one else', async () => {
    const a = await socketOf(author);
    const tch = await socketOf(teacher);
    const stranger = await signInWith(t, { roles: ['teacher'] });
    const s = await socketOf(stranger);
    await ok(a, ClientEvents.threadJoin, { kind: 'scenario_version', subjectId: sampleVersionId });
    const denied = await emit(s, ClientEvents.threadJoin, { kind: 'scenario_version', subjectId: sampleVersionId });
    expect(denied.ok).toBe(false);
    const arrived = nextEvent<{ subjectId: string; comment: { body: string } }>(a, ServerEvents.threadCommented);
    const res = await teacher.agent.post(`/api/threads/scenario_version/${sampleVersionId}`).send({ body: 'Task 1 says 60 minutes but the brief says 45.' });
    expect(res.status).toBe(201);
    expect(await arrived).toMatchObject({ subjectId: sampleVersionId, comment: { body: 'Task 1 says 60 minutes but the brief says 45.' } });
    expect(tch.connected).toBe(true);
  });
});

describe('preview as student', () => {
  let draft: DraftView;
  let previewId: string;
  const counts = async () =>
    Object.fromEntries(
      await Promise.all(
        ['attempts', 'file_revisions', 'event_deliveries', 'check_runs', 'statements', 'evidence'].map(async (table) => {
          const [{ n }] = (await t.db(table).count({ n: '*' })) as [{ n: number | string }];
          return [table, Number(n)];
        }),
      ),
    );
  let before: Record<string, number>;

  beforeAll(async () => {
    before = await counts();
    draft = (await author.agent.post('/api/authoring/drafts').send({ enterpriseId: swift.id, template: { slug: 'preview-me', title: 'Preview me' } })).body.draft;
  });

  it('opens the draft as a student would see it, for its author only', async () => {
    const res = await author.agent.post(`/api/authoring/drafts/${draft.id}/preview`);
    expect(res.status).toBe(201);
    previewId = res.body.previewId;
    const view = (await author.agent.get(`/api/previews/${previewId}`)).body;
    expect(view).toMatchObject({ id: previewId, status: 'in_progress', preview: { draftId: draft.id }, scenario: { title: 'Preview me' } });
    expect(view.files.map((f: { path: string }) => f.path)).toEqual(['NOTES.md', 'src/total.js']);
    expect(view.tasks[0].checks.map((c: { id: string }) => c.id)).toEqual(['examples-visible', 'edge-cases-hidden']);
    expect(view.events).toEqual([]);
    expect((await author2.agent.get(`/api/previews/${previewId}`)).status).toBe(404);
  });

  it('saves, runs the visible checks with streamed results, and fast-forwards to the next event', async () => {
    const a = await socketOf(author);
    const view = await ok<{ files: { path: string; revision: number }[] }>(a, ClientEvents.previewJoin, { previewId });
    const src = view.files.find((f) => f.path === 'src/total.js')!;
    const solved = 'export function total(items) {\n  return Math.round(items.reduce((s, i) => s + i.price * i.quantity, 0) * 100) / 100;\n}\n';
    expect(await ok(a, ClientEvents.previewFileSave, { previewId, path: 'src/total.js', baseRevision: src.revision, content: solved })).toEqual({ revision: 2 });
    const stale = await emit(a, ClientEvents.previewFileSave, { previewId, path: 'src/total.js', baseRevision: 1, content: 'x' });
    expect(!stale.ok && stale.error.code).toBe('conflict');

    const streamed = nextEvent<{ attemptId: string; result: { id: string; passed: boolean } }>(a, ServerEvents.checkResult, 30_000);
    const run = await ok<{ results: { id: string; passed: boolean }[] }>(a, ClientEvents.previewChecksRun, { previewId });
    expect(run.results).toEqual([expect.objectContaining({ id: 'examples-visible', passed: true })]);
    expect(await streamed).toMatchObject({ attemptId: previewId, result: { id: 'examples-visible', passed: true } });

    const delivered = nextEvent<{ attemptId: string; event: { id: string; subject: string } }>(a, ServerEvents.eventDelivered);
    expect(await ok(a, ClientEvents.previewSkip, { previewId })).toMatchObject({ delivered: 1 });
    expect(await delivered).toMatchObject({ attemptId: previewId, event: { id: 'welcome', subject: 'Welcome aboard' } });
    const skipAgain = await emit(a, ClientEvents.previewSkip, { previewId });
    expect(!skipAgain.ok && skipAgain.error.message).toMatch(/No timed event is waiting/);

    const other = await socketOf(author2);
    const theirs = await emit(other, ClientEvents.previewJoin, { previewId });
    expect(!theirs.ok && theirs.error.code).toBe('not_found');
  });

  it('left no attempt, file, event, check run, statement or evidence behind', async () => {
    expect(await counts()).toEqual(before);
  });

  it('refuses to preview a draft whose package does not load, saying why', async () => {
    const a = await socketOf(author);
    const yaml = fileOf(draft, 'scenario.yaml');
    await ok(a, ClientEvents.draftFileSave, { draftId: draft.id, path: 'scenario.yaml', baseRevision: yaml.revision, content: `${yaml.content}\ntasks: oops\n` });
    const res = await author.agent.post(`/api/authoring/drafts/${draft.id}/preview`);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/has \d+ problems? to fix before it can be previewed/);
    expect(res.body.error.details.problems[0]).toMatchObject({ file: 'scenario.yaml', line: expect.any(Number) });
  });
});

describe('setTopLevelScalar', () => {
  it('changes only the value, keeping flow lists, comments and quoting as written', async () => {
    const { setTopLevelScalar } = await import('../../server/authoring/yamlText');
    const text = "# mine\nid: old-id   # the folder name\nversion: 1.0.1\ncompetencies: [js.debugging, js.implementation, logistics.rating, communication.technical, work.requirements]\n";
    expect(setTopLevelScalar(text, 'version', '1.1.0')).toBe(text.replace('1.0.1', '1.1.0'));
    expect(setTopLevelScalar(text, 'id', 'new-id')).toBe(text.replace('old-id', 'new-id'));
    expect(setTopLevelScalar(text, 'title', 'Count: the stock')).toBe(`title: "Count: the stock"\n${text}`);
  });
});
