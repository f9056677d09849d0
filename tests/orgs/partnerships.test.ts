import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PartnerSuggestions, PartnershipView } from '../../server/contract/partnerships';
import { publishPackage } from '../../server/scenarios/sync';
import { getTestServer, type TestAgent, type TestServer } from '../helpers/app';
import { buildOrg, buildPartnership, buildUser, type OrgRecord } from '../helpers/factories';
import { buildPackage, workspaceScenario } from '../helpers/scenario';
import { importFramework } from '../feedback/world';

let t: TestServer;
let school: OrgRecord;
let alpha: OrgRecord;
let beta: OrgRecord;
let gamma: OrgRecord;
let schoolAdmin: TestAgent;
let betaAdmin: TestAgent;
let teacher: TestAgent;
let courseId: string;
const versions: Record<string, string> = {};

/** Publishes `slug` with the given competencies (the checks' own codes always included). */
async function publish(slug: string, competencies: string[], owner: OrgRecord | null, version = '1.0.0') {
  const base = workspaceScenario(slug);
  const files = Object.fromEntries([...base.files].filter(([p]) => p !== 'scenario.yaml'));
  await publishPackage(t.db, buildPackage({ ...base.manifest, version, competencies }, files), new Date());
  const scenario = await t.db('scenarios').where({ slug }).first('id');
  if (owner) await t.db('scenarios').where({ id: scenario.id }).update({ owner_org_id: owner.id });
  const v = await t.db('scenario_versions').where({ scenario_id: scenario.id }).orderBy('seq', 'desc').first('id');
  return v.id as string;
}

const assign = (versionId: string) => teacher.post(`/api/courses/${courseId}/assignments`).send({ scenarioVersionId: versionId, title: 'Partner work' });

beforeAll(async () => {
  t = await getTestServer();
  await importFramework(t.db, new Date());
  school = await buildOrg(t.db, { kind: 'school', name: 'Ranking School' });
  alpha = await buildOrg(t.db, { kind: 'enterprise', name: 'Alpha Freight' });
  beta = await buildOrg(t.db, { kind: 'enterprise', name: 'Beta Systems' });
  gamma = await buildOrg(t.db, { kind: 'enterprise', name: 'Gamma Open' });
  schoolAdmin = (await t.signIn(await buildUser(t.db, { org: school, roles: ['admin'] }))).agent;
  betaAdmin = (await t.signIn(await buildUser(t.db, { org: beta, roles: ['admin'] }))).agent;
  teacher = (await t.signIn(await buildUser(t.db, { org: school, roles: ['teacher'] }))).agent;
  await buildPartnership(t.db, school, alpha);

  versions.library = await publish('library-one', ['js.debugging', 'data.analysis'], null);
  versions.alpha = await publish('alpha-one', ['js.debugging', 'data.analysis', 'communication.technical'], alpha);
  // Beta's first version names ops.troubleshooting; its latest does not, and only the latest counts.
  await publish('beta-one', ['js.debugging', 'data.analysis', 'sql.query', 'ops.troubleshooting'], beta, '1.0.0');
  versions.beta = await publish('beta-one', ['js.debugging', 'data.analysis', 'sql.query'], beta, '2.0.0');
  versions.gamma = await publish('gamma-open', ['js.debugging', 'data.analysis'], gamma);
  await t.db('scenarios').where({ slug: 'gamma-open' }).update({ public: true });

  courseId = (await teacher.post('/api/courses').send({ title: 'Partner course' })).body.course.id;
  const module = (title: string, codes: string[]) =>
    teacher.post(`/api/courses/${courseId}/modules`).send({ title, competencies: codes.map((code) => ({ code })) }).expect(201);
  await module('Module A', ['js.debugging', 'sql.query']);
  await module('Module B', ['sql.query', 'data.analysis', 'ops.troubleshooting', 'logistics.rating']);
}, 60_000);
afterAll(() => t.close());

describe('partnership lifecycle', () => {
  let s: OrgRecord;
  let e: OrgRecord;
  let sAdmin: TestAgent;
  let eAdmin: TestAgent;
  let outsiderAdmin: TestAgent;
  let id: string;

  beforeAll(async () => {
    s = await buildOrg(t.db, { kind: 'school', name: 'Lifecycle School' });
    e = await buildOrg(t.db, { kind: 'enterprise', name: 'Lifecycle Works' });
    sAdmin = (await t.signIn(await buildUser(t.db, { org: s, roles: ['admin'] }))).agent;
    eAdmin = (await t.signIn(await buildUser(t.db, { org: e, roles: ['admin'] }))).agent;
    outsiderAdmin = (await t.signIn(['admin'])).agent;
  });

  it('lets a school admin propose to an enterprise', async () => {
    const res = await sAdmin.post('/api/partnerships').send({ partnerId: e.id });
    expect(res.status).toBe(201);
    expect(res.body.partnership).toMatchObject({
      school: { id: s.id, name: 'Lifecycle School' },
      enterprise: { id: e.id, name: 'Lifecycle Works' },
      status: 'proposed',
      proposedBy: { id: s.id, name: 'Lifecycle School' },
      acceptedAt: null,
      endedAt: null,
      canAccept: false,
      canEnd: true,
    });
    id = res.body.partnership.id;
  });

  it('refuses a second proposal for the same pair with 409', async () => {
    expect((await eAdmin.post('/api/partnerships').send({ partnerId: s.id })).status).toBe(409);
  });

  it('refuses a partner of the same kind, or none, naming the field', async () => {
    const other = await buildOrg(t.db, { kind: 'school' });
    const same = await sAdmin.post('/api/partnerships').send({ partnerId: other.id });
    expect(same.status).toBe(400);
    expect(same.body.error.details).toEqual([expect.objectContaining({ field: 'body.partnerId' })]);
    const none = await sAdmin.post('/api/partnerships').send({ partnerId: '00000000-0000-4000-8000-000000000000' });
    expect(none.status).toBe(400);
  });

  it('does not let the proposing side accept its own proposal', async () => {
    const res = await sAdmin.patch(`/api/partnerships/${id}`).send({ status: 'active' });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/Lifecycle Works/);
  });

  it('answers 404 to an admin of neither organisation and lists nothing for them', async () => {
    expect((await outsiderAdmin.patch(`/api/partnerships/${id}`).send({ status: 'active' })).status).toBe(404);
    expect((await outsiderAdmin.patch(`/api/partnerships/${id}`).send({ status: 'ended' })).status).toBe(404);
    const list = (await outsiderAdmin.get('/api/partnerships')).body.partnerships as PartnershipView[];
    expect(list.map((p) => p.id)).not.toContain(id);
  });

  it('answers 403 to a teacher', async () => {
    expect((await teacher.patch(`/api/partnerships/${id}`).send({ status: 'active' })).status).toBe(403);
    expect((await teacher.post('/api/partnerships').send({ partnerId: e.id })).status).toBe(403);
  });

  it('lets the other side accept', async () => {
    const listed = (await eAdmin.get('/api/partnerships')).body.partnerships as PartnershipView[];
    expect(listed).toEqual([expect.objectContaining({ id, status: 'proposed', canAccept: true })]);
    const res = await eAdmin.patch(`/api/partnerships/${id}`).send({ status: 'active' });
    expect(res.status).toBe(200);
    expect(res.body.partnership).toMatchObject({ status: 'active', canAccept: false, canEnd: true });
    expect(res.body.partnership.acceptedAt).toEqual(expect.any(String));
  });

  it('lets either side end it, once', async () => {
    const res = await sAdmin.patch(`/api/partnerships/${id}`).send({ status: 'ended' });
    expect(res.status).toBe(200);
    expect(res.body.partnership).toMatchObject({ status: 'ended', canEnd: false });
    expect(res.body.partnership.endedAt).toEqual(expect.any(String));
    expect((await eAdmin.patch(`/api/partnerships/${id}`).send({ status: 'ended' })).status).toBe(409);
    expect((await eAdmin.patch(`/api/partnerships/${id}`).send({ status: 'active' })).status).toBe(409);
  });

  it('reopens the same row when proposed again after it ended', async () => {
    const res = await eAdmin.post('/api/partnerships').send({ partnerId: s.id });
    expect(res.status).toBe(201);
    expect(res.body.partnership).toMatchObject({ id, status: 'proposed', proposedBy: { id: e.id }, endedAt: null, acceptedAt: null });
    const rows = await t.db('partnerships').where({ school_id: s.id, enterprise_id: e.id }).select('id');
    expect(rows).toEqual([{ id }]);
    expect((await sAdmin.patch(`/api/partnerships/${id}`).send({ status: 'active' })).body.partnership.status).toBe('active');
  });
});

describe('who may assign a scenario', () => {
  it('refuses a scenario of an enterprise that is not a partner, saying why', async () => {
    const res = await assign(versions.beta!);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/is published by Beta Systems, which is not a partner of your school; ask your admin to request a partnership/);
    expect(res.body.error.details).toEqual([expect.objectContaining({ field: 'body.scenarioVersionId' })]);
  });

  it('allows library, public and partner scenarios', async () => {
    for (const v of [versions.library!, versions.gamma!, versions.alpha!]) expect((await assign(v)).status).toBe(201);
  });

  it('tells the teacher per version whether it is assignable and who publishes it', async () => {
    const res = await teacher.get('/api/scenario-versions').query({ courseId });
    expect(res.status).toBe(200);
    const byId = new Map((res.body.versions as { id: string; assignable: boolean; owner: unknown; slug: string }[]).map((v) => [v.id, v]));
    expect(byId.get(versions.library!)).toMatchObject({ slug: 'library-one', assignable: true, owner: null });
    expect(byId.get(versions.alpha!)).toMatchObject({ assignable: true, owner: { id: alpha.id, name: 'Alpha Freight' } });
    expect(byId.get(versions.gamma!)).toMatchObject({ assignable: true, public: true });
    expect(byId.get(versions.beta!)).toMatchObject({ assignable: false, owner: { id: beta.id, name: 'Beta Systems' } });
    // Without a course: at any school where the caller teaches; same answer here.
    expect((await teacher.get('/api/scenario-versions')).body.versions.find((v: { id: string }) => v.id === versions.beta).assignable).toBe(false);
  });

  it('lets the owning enterprise open a scenario to every school, and nobody else', async () => {
    const betaScenario = (await t.db('scenarios').where({ slug: 'beta-one' }).first('id')).id;
    const betaAuthor = (await t.signIn(await buildUser(t.db, { org: beta, roles: ['author'] }))).agent;
    const alphaAuthor = (await t.signIn(await buildUser(t.db, { org: alpha, roles: ['author'] }))).agent;
    expect((await alphaAuthor.put(`/api/scenarios/${betaScenario}/visibility`).send({ public: true })).status).toBe(404);
    expect((await betaAuthor.put(`/api/scenarios/${betaScenario}/visibility`).send({ public: 'yes' })).status).toBe(400);
    const res = await betaAuthor.put(`/api/scenarios/${betaScenario}/visibility`).send({ public: true });
    expect(res.body.scenario).toMatchObject({ slug: 'beta-one', public: true });
    expect((await assign(versions.beta!)).status).toBe(201);
    await betaAuthor.put(`/api/scenarios/${betaScenario}/visibility`).send({ public: false }).expect(200);
    expect((await assign(versions.beta!)).status).toBe(403);
  });

  it('refuses a former partner’s scenario once the partnership ended', async () => {
    const row = await t.db('partnerships').where({ school_id: school.id, enterprise_id: alpha.id }).first('id');
    const alphaAdmin = (await t.signIn(await buildUser(t.db, { org: alpha, roles: ['admin'] }))).agent;
    expect((await alphaAdmin.patch(`/api/partnerships/${row.id}`).send({ status: 'ended' })).status).toBe(200);
    const res = await assign(versions.alpha!);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/Alpha Freight, which is not a partner/);
    // Restore for the ranking below.
    await t.db('partnerships').where({ id: row.id }).update({ status: 'active', ended_at: null });
  });
});

describe('GET /api/courses/:id/partner-suggestions', () => {
  it('ranks enterprises by the share of module competencies their latest versions cover', async () => {
    const res = await teacher.get(`/api/courses/${courseId}/partner-suggestions`);
    expect(res.status).toBe(200);
    const body = res.body as PartnerSuggestions;
    // Module codes, distinct: data.analysis, js.debugging, logistics.rating, ops.troubleshooting, sql.query (5).
    expect(body.moduleCompetencies.map((c) => c.code)).toEqual(['data.analysis', 'js.debugging', 'logistics.rating', 'ops.troubleshooting', 'sql.query']);
    expect(body.moduleCompetencies.find((c) => c.code === 'sql.query')!.modules).toEqual(['Module A', 'Module B']);
    // Beta 3/5 (its v1's ops.troubleshooting does not count); Alpha and Gamma 2/5, by name.
    expect(body.enterprises.map((e) => [e.enterprise.name, e.coverage, e.covered, e.partnership?.status ?? null])).toEqual([
      ['Beta Systems', 0.6, ['data.analysis', 'js.debugging', 'sql.query'], null],
      ['Alpha Freight', 0.4, ['data.analysis', 'js.debugging'], 'active'],
      ['Gamma Open', 0.4, ['data.analysis', 'js.debugging'], null],
    ]);
    expect(body.enterprises[0]!.scenarios).toEqual([expect.objectContaining({ slug: 'beta-one', version: '2.0.0', versionId: versions.beta })]);
    expect(body.uncovered).toEqual(['logistics.rating', 'ops.troubleshooting']);
    expect(body.uncoveredByPartners).toEqual(['logistics.rating', 'ops.troubleshooting', 'sql.query']);
  });

  it('answers 404 to a teacher of another course', async () => {
    const other = (await t.signIn(['teacher'])).agent;
    expect((await other.get(`/api/courses/${courseId}/partner-suggestions`)).status).toBe(404);
  });
});

describe('POST /api/courses/:id/partner-requests', () => {
  it('proposes a partnership on behalf of the school, which the enterprise admin accepts', async () => {
    const res = await teacher.post(`/api/courses/${courseId}/partner-requests`).send({ enterpriseId: beta.id });
    expect(res.status).toBe(201);
    expect(res.body.partnership.status).toBe('proposed');
    const ranking = (await teacher.get(`/api/courses/${courseId}/partner-suggestions`)).body as PartnerSuggestions;
    expect(ranking.enterprises[0]!.partnership?.status).toBe('proposed');
    expect((await schoolAdmin.get('/api/partnerships')).body.partnerships).toContainEqual(
      expect.objectContaining({ enterprise: { id: beta.id, name: 'Beta Systems' }, proposedBy: { id: school.id, name: 'Ranking School' }, canAccept: false }),
    );
    expect((await teacher.post(`/api/courses/${courseId}/partner-requests`).send({ enterpriseId: beta.id })).status).toBe(409);
    const accepted = await betaAdmin.patch(`/api/partnerships/${res.body.partnership.id}`).send({ status: 'active' });
    expect(accepted.body.partnership.status).toBe('active');
    expect((await assign(versions.beta!)).status).toBe(201);
  });

  it('refuses an organisation that is not an enterprise', async () => {
    const res = await teacher.post(`/api/courses/${courseId}/partner-requests`).send({ enterpriseId: school.id });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([expect.objectContaining({ field: 'body.enterpriseId' })]);
  });

  it('answers 404 to a teacher of another course', async () => {
    const other = (await t.signIn(['teacher'])).agent;
    expect((await other.post(`/api/courses/${courseId}/partner-requests`).send({ enterpriseId: gamma.id })).status).toBe(404);
  });
});
