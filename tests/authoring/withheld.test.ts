import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VersionDiffView, VersionFilesView } from '../../server/contract/authoring';
import type { TestAgent, TestServer } from '../helpers/app';
import { getTestServer } from '../helpers/app';
import type { OrgRecord } from '../helpers/factories';
import { buildPackage, reviewScenario } from '../helpers/scenario';
import { publishPackage } from '../../server/scenarios/sync';
import { buildOrg, buildPartnership, importFramework, signInWith, type Person } from '../feedback/world';

/**
 * A reader outside the enterprise without solution sharing sees what a student is shown (brief,
 * tasks, events, starter files, scenario.yaml without answers or check details) and nothing
 * else: checks/, fixtures/ and solution/ are withheld by folder, whether a check names the file
 * or not, and so is any file no student is shown (an author's notes).
 */
const GENERATOR = 'fixtures/gen-fixture.mjs';
const SECRET_FILES = [GENERATOR, 'fixtures/orders.csv', 'checks/visible.test.js', 'checks/hidden.test.js', 'solution/total.js', 'solution/answers.json', 'notes/answers.md'];
const STUDENT_FILES = ['brief.md', 'events/report.md', 'events/thanks.md', 'events/welcome.md', 'scenario.yaml', 'tasks/fix.md', 'tasks/report.md', 'workspace/answers.json', 'workspace/total.js'];

function scenarioVersion(generator: string, version: string) {
  const base = reviewScenario('gen-data');
  const files = Object.fromEntries([...base.files].filter(([p]) => p !== 'scenario.yaml'));
  return buildPackage(
    { ...base.manifest, version },
    { ...files, [GENERATOR]: generator, 'fixtures/orders.csv': 'id,total\n1,5\n', 'notes/answers.md': 'The hidden totals are 0 and 6.' },
  );
}

let t: TestServer;
let swift: OrgRecord;
let school: OrgRecord;
let author: Person;
let reviewer: Person;
let teacher: Person;
let v1: string;
let v2: string;

async function exported(agent: TestAgent, versionId: string): Promise<{ status: number; names: string[] }> {
  const res = await agent
    .get(`/api/scenario-versions/${versionId}/export`)
    .buffer(true)
    .parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
  return { status: res.status, names: res.status === 200 ? Object.keys(unzipSync(new Uint8Array(res.body as Buffer))).map((n) => n.slice('gen-data/'.length)) : [] };
}

const filesOf = async (p: Person, id: string) => (await p.agent.get(`/api/scenario-versions/${id}/files`)).body as VersionFilesView;
const diffOf = async (p: Person) => (await p.agent.get(`/api/scenario-versions/${v2}/diff?against=${v1}`)).body as VersionDiffView;

beforeAll(async () => {
  t = await getTestServer();
  const now = new Date();
  await importFramework(t.db, now);
  swift = await buildOrg(t.db, { kind: 'enterprise', name: 'Generator Works' });
  school = await buildOrg(t.db, { kind: 'school', name: 'Generator School' });
  author = await signInWith(t, { org: swift, roles: ['author'] });
  reviewer = await signInWith(t, { org: swift, roles: ['reviewer'] });
  teacher = await signInWith(t, { org: school, roles: ['teacher'] });
  await buildPartnership(t.db, school, swift);
  await publishPackage(t.db, scenarioVersion('// writes fixtures/orders.csv\n', '1.0.0'), now);
  await publishPackage(t.db, scenarioVersion('// writes fixtures/orders.csv and the hidden rows 0 and 6\n', '1.1.0'), now);
  const scenario = await t.db('scenarios').where({ slug: 'gen-data' }).first('id');
  await t.db('scenarios').where({ id: scenario.id }).update({ owner_org_id: swift.id });
  [v1, v2] = (await t.db('scenario_versions').where({ scenario_id: scenario.id }).orderBy('seq').pluck('id')) as [string, string];
}, 60_000);

afterAll(() => t.close());

const sharing = (on: boolean) => t.db('partnerships').where({ school_id: school.id, enterprise_id: swift.id }).update({ shares_solutions: on });

describe('a partner teacher without solution sharing', () => {
  it('reads the version’s files as a student is shown them, with checks/, fixtures/ and solution/ withheld by folder', async () => {
    const view = await filesOf(teacher, v2);
    expect(view.files.map((f) => f.path).sort()).toEqual(STUDENT_FILES);
    expect(view.withheld).toEqual([...SECRET_FILES].sort());
    const text = JSON.stringify(view.files);
    expect(text).not.toContain('hidden rows');
    expect(text).not.toContain('expect(total');
  });

  it('keeps the checks’ details out of scenario.yaml, visible ones too (students never see a check’s file)', async () => {
    const yaml = (await filesOf(teacher, v2)).files.find((f) => f.path === 'scenario.yaml')!.content;
    expect(yaml).toMatch(/id: total-visible[\s\S]*?details: \(withheld\)/);
    expect(yaml).toMatch(/id: total-hidden[\s\S]*?details: \(withheld\)/);
    expect(yaml).toContain('answer: (withheld)');
    expect(yaml).not.toContain('checks/');
  });

  it('reads a diff without them, even where they changed', async () => {
    const diff = await diffOf(teacher);
    expect(diff.files.map((f) => f.path).sort()).toEqual(STUDENT_FILES);
    expect(diff.withheld).toEqual([...SECRET_FILES].sort());
    expect(JSON.stringify(diff.files)).not.toContain('gen-fixture');
  });

  it('cannot export the package', async () => {
    expect((await exported(teacher.agent, v2)).status).toBe(404);
  });
});

describe('a partner teacher with solution sharing', () => {
  beforeAll(() => sharing(true));
  afterAll(() => sharing(false));

  it('reads every file, in the files, the diff and the export', async () => {
    const view = await filesOf(teacher, v2);
    expect(view.withheld).toEqual([]);
    expect(view.files.map((f) => f.path)).toEqual(expect.arrayContaining(SECRET_FILES));
    const diff = await diffOf(teacher);
    expect(diff.files.find((f) => f.path === GENERATOR)).toMatchObject({ status: 'changed' });
    const zip = await exported(teacher.agent, v2);
    expect(zip.status).toBe(200);
    expect(zip.names).toEqual(expect.arrayContaining([...SECRET_FILES, ...STUDENT_FILES]));
  });
});

describe('the enterprise’s own authors and reviewers', () => {
  it('read everything, in the files, the diff and the export', async () => {
    for (const p of [author, reviewer]) {
      const view = await filesOf(p, v2);
      expect(view.withheld).toEqual([]);
      expect(view.files.map((f) => f.path).sort()).toEqual([...SECRET_FILES, ...STUDENT_FILES].sort());
      expect(view.files.find((f) => f.path === 'scenario.yaml')!.content).toContain('checks/hidden.test.js');
      const diff = await diffOf(p);
      expect(diff.withheld).toEqual([]);
      expect(diff.files.find((f) => f.path === GENERATOR)).toMatchObject({ status: 'changed', after: expect.stringContaining('hidden rows') });
      const zip = await exported(p.agent, v2);
      expect(zip.status).toBe(200);
      expect(zip.names.sort()).toEqual([...SECRET_FILES, ...STUDENT_FILES].sort());
    }
  });
});
