import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnterpriseInsights, ScenarioInsight } from '../../server/contract/feedback';
import { getTestServer, type TestServer } from '../helpers/app';
import type { OrgRecord, UserRecord } from '../helpers/factories';
import { assign, buildOrg, buildPartnership, buildUser, course, gradedAttempt, importFramework, ownedScenario, signInWith, type Person } from './world';
import { clockStart, DAY_MS, isoDay } from '../helpers/clock';

const now = new Date(clockStart());
const daysAgo = (n: number) => isoDay(now.getTime() - n * DAY_MS);
let t: TestServer;
let swift: OrgRecord; // owns mini-a and mini-b
let harbour: OrgRecord; // owns mini-c
let north: OrgRecord; // school of teacher1
let south: OrgRecord; // school of teacher2
let teacher1: Person;
let teacher2: Person;
let author: Person;
let reviewerHarbour: Person;
const students: UserRecord[] = [];
const ids = { a: '', b: '', c: '', d: '' };
let course1: string;
let course2: string;
let moduleId: string;

const insights = async (who: Person, enterpriseId?: string) => who.agent.get('/api/enterprise-insights').query(enterpriseId ? { enterpriseId } : {});
const scenario = (body: EnterpriseInsights, slug: string) => body.scenarios.find((s) => s.scenario.slug === slug)!;

beforeAll(async () => {
  t = await getTestServer({ clock: () => now });
  await importFramework(t.db, now);
  swift = await buildOrg(t.db, { kind: 'enterprise', name: 'Swift Logistics' });
  harbour = await buildOrg(t.db, { kind: 'enterprise', name: 'Harbour Freight' });
  north = await buildOrg(t.db, { kind: 'school', name: 'North Vocational College' });
  south = await buildOrg(t.db, { kind: 'school', name: 'South Technical Institute' });
  await buildPartnership(t.db, north, swift);
  await buildPartnership(t.db, north, harbour);
  await buildPartnership(t.db, south, swift);
  const a = await ownedScenario(t.db, 'mini-a', swift, now);
  const b = await ownedScenario(t.db, 'mini-b', swift, now);
  const c = await ownedScenario(t.db, 'mini-c', harbour, now);
  const d = await ownedScenario(t.db, 'mini-d', swift, now);
  Object.assign(ids, { a: a.scenarioId, b: b.scenarioId, c: c.scenarioId, d: d.scenarioId });

  teacher1 = await t.signIn(await buildUser(t.db, { org: north, roles: ['teacher'], name: 'Teacher Tian', email: 'tian@north.test' }));
  teacher2 = await t.signIn(await buildUser(t.db, { org: south, roles: ['teacher'], name: 'Teacher Tao', email: 'tao@south.test' }));
  author = await t.signIn(await buildUser(t.db, { org: swift, roles: ['author'] }));
  reviewerHarbour = await t.signIn(await buildUser(t.db, { org: harbour, roles: ['reviewer'] }));
  for (const [i, name] of ['Xavier Quill', 'Yolanda Quince', 'Zora Quartz', 'Wendell Quarry', 'Violet Quaver', 'Ursula Quokka'].entries()) {
    students.push(await buildUser(t.db, { org: i < 3 ? north : south, roles: ['student'], name, email: `${name.split(' ')[0]!.toLowerCase()}@students.test` }));
  }
  course1 = await course(teacher1, 'North logistics', students.slice(0, 3));
  course2 = await course(teacher2, 'South logistics', students.slice(3));
  const a1 = await assign(teacher1, course1, a.versionId);
  const a2 = await assign(teacher2, course2, a.versionId);
  const b1 = await assign(teacher1, course1, b.versionId);
  const c1 = await assign(teacher1, course1, c.versionId);
  await assign(teacher2, course2, d.versionId);

  // mini-a: four graded attempts by three students in two schools, one submission still waiting.
  const [s1, s2, s3, s4, s5, s6] = students as [UserRecord, UserRecord, UserRecord, UserRecord, UserRecord, UserRecord];
  await gradedAttempt(t.db, { assignmentId: a1, student: s1, finalScore: 0.5, evidence: { 'js.debugging': [[0, 10], [1, 10]], 'data.analysis': [[1, 10]] } });
  await gradedAttempt(t.db, { assignmentId: a1, student: s1, finalScore: 0.9, evidence: { 'js.debugging': [[1, 10]], 'data.analysis': [[1, 10]] } });
  await gradedAttempt(t.db, { assignmentId: a1, student: s2, finalScore: 0.7, evidence: { 'js.debugging': [[0.5, 10], [0.75, 30]], 'data.analysis': [[0, 10]] } });
  await gradedAttempt(t.db, { assignmentId: a2, student: s4, finalScore: 0.3, evidence: { 'js.debugging': [[0, 10]], 'data.analysis': [[0.6, 10]], 'communication.technical': [[0.2, 10]] } });
  await gradedAttempt(t.db, { assignmentId: a2, student: s5, finalScore: null, status: 'submitted' });
  // mini-b: two students only.
  await gradedAttempt(t.db, { assignmentId: b1, student: s1, finalScore: 0.2, evidence: { 'js.debugging': [[0.1, 10]] } });
  await gradedAttempt(t.db, { assignmentId: b1, student: s2, finalScore: 0.4, evidence: { 'js.debugging': [[0.1, 10]] } });
  // mini-c (Harbour's): three students.
  for (const s of [s1, s2, s3]) await gradedAttempt(t.db, { assignmentId: c1, student: s, finalScore: 0.8, evidence: { 'sql.query': [[0.8, 10]] } });
  void s6;

  const res = await teacher1.agent.post(`/api/courses/${course1}/modules`).send({ title: 'Module 1: Debugging', competencies: [{ code: 'js.debugging', weight: 1 }] });
  moduleId = res.body.module.id;
}, 60_000);
afterAll(() => t.close());

describe('POST /api/courses/:id/adjustments citing scenarios', () => {
  const body = (scenarioIds: unknown) => ({ moduleId, madeOn: daysAgo(2), what: 'Added a debugging kata before the freight task', why: 'Half the attempts at mini-a miss js.debugging', scenarioIds });

  it('stores the scenarios an adjustment cites', async () => {
    const res = await teacher1.agent.post(`/api/courses/${course1}/adjustments`).send(body([ids.a, ids.a]));
    expect(res.status).toBe(201);
    expect(await t.db('adjustment_scenarios').where({ adjustment_id: res.body.adjustment.id }).select('scenario_id')).toEqual([{ scenario_id: ids.a }]);
  });

  it('refuses a scenario the course did not assign, naming the field', async () => {
    const before = await t.db('adjustments').select('id');
    const res = await teacher1.agent.post(`/api/courses/${course1}/adjustments`).send(body([ids.a, ids.d]));
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ field: 'body.scenarioIds', message: `${ids.d} is not a scenario assigned in this course`, key: 'field.scenarioNotAssigned', params: { scenario: ids.d } }]);
    expect(await t.db('adjustments').select('id')).toHaveLength(before.length);
  });

  it('refuses more than 20 scenarios and ids that are not ids', async () => {
    const many = await teacher1.agent.post(`/api/courses/${course1}/adjustments`).send(body(Array.from({ length: 21 }, () => ids.a)));
    expect(many.status).toBe(400);
    expect(many.body.error.details[0].field).toBe('body.scenarioIds');
    const bad = await teacher1.agent.post(`/api/courses/${course1}/adjustments`).send(body(['mini-a']));
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('body.scenarioIds.0');
  });

  it('still takes an adjustment that cites nothing', async () => {
    const res = await teacher1.agent.post(`/api/courses/${course1}/adjustments`).send({ moduleId, madeOn: daysAgo(1), what: 'Moved the module earlier', why: 'Students needed it sooner' });
    expect(res.status).toBe(201);
  });
});

describe('GET /api/enterprise-insights', () => {
  let swiftView: EnterpriseInsights;
  let a: ScenarioInsight;

  beforeAll(async () => {
    await teacher1.agent
      .post(`/api/courses/${course1}/adjustments`)
      .send({ moduleId, madeOn: daysAgo(3), what: 'Harbour task moved to week 2', why: 'SQL first', scenarioIds: [ids.c] })
      .expect(201);
    const res = await insights(author);
    expect(res.status).toBe(200);
    swiftView = res.body;
    a = scenario(swiftView, 'mini-a');
  });

  it('lists only the enterprise’s own scenarios', () => {
    expect(swiftView.enterprise).toEqual({ id: swift.id, name: 'Swift Logistics' });
    expect(swiftView.scenarios.map((s) => s.scenario.slug).sort()).toEqual(['mini-a', 'mini-b', 'mini-d']);
    expect(a.versions).toEqual([expect.objectContaining({ version: '1.0.0', id: expect.any(String) })]);
  });

  it('counts graded attempts, schools and the mean final score', () => {
    expect(a).toMatchObject({ suppressed: false, note: null, gradedAttempts: 4, schools: 2 });
    expect(a.meanFinalScore).toBeCloseTo(0.6, 4);
  });

  it('ranks the competencies students most often miss, per graded attempt', () => {
    expect(a.competencies.map((c) => [c.code, c.assessed, c.missed, c.share, c.suppressed])).toEqual([
      ['js.debugging', 4, 2, 0.5, false], // 0.5 and 0 are below 0.6; 1 and 0.6875 are not
      ['data.analysis', 4, 1, 0.25, false], // exactly 0.6 is not below
      ['sql.query', 0, 0, null, false], // named by the scenario, no evidence yet
      ['communication.technical', null, null, null, true], // one student so far
    ]);
    expect(a.competencies[0]!.title).not.toBe('js.debugging');
  });

  it('holds back figures built on fewer than 3 students, and says so', () => {
    const b = scenario(swiftView, 'mini-b');
    expect(b).toMatchObject({ suppressed: true, note: 'fewer than 3 students so far', gradedAttempts: null, schools: null, meanFinalScore: null });
    expect(b.competencies.every((c) => c.suppressed && c.share === null && c.assessed === null)).toBe(true);
    expect(scenario(swiftView, 'mini-d')).toMatchObject({ suppressed: true, gradedAttempts: null });
  });

  it('shows the adjustment notes citing the scenario with the school, never a person', () => {
    expect(a.adjustments).toEqual([
      { id: expect.any(String), madeOn: daysAgo(2), module: 'Module 1: Debugging', what: 'Added a debugging kata before the freight task', why: 'Half the attempts at mini-a miss js.debugging', school: 'North Vocational College' },
    ]);
    expect(scenario(swiftView, 'mini-b').adjustments).toEqual([]);
    // The note citing Harbour's scenario is not Swift's to read.
    expect(JSON.stringify(swiftView)).not.toContain('Harbour task moved to week 2');
  });

  it('names no student and no teacher anywhere', () => {
    const json = JSON.stringify(swiftView);
    for (const s of students) for (const v of [s.name, s.email, s.id]) expect(json).not.toContain(v);
    for (const p of [teacher1, teacher2]) for (const v of [p.user.name, p.user.email, p.user.id]) expect(json).not.toContain(v);
  });

  it('gives another enterprise its own scenarios and notes only', async () => {
    const res = await insights(reviewerHarbour);
    expect(res.status).toBe(200);
    expect(res.body.scenarios.map((s: ScenarioInsight) => s.scenario.slug)).toEqual(['mini-c']);
    expect(res.body.scenarios[0]).toMatchObject({ gradedAttempts: 3, schools: 1, adjustments: [expect.objectContaining({ what: 'Harbour task moved to week 2', school: 'North Vocational College' })] });
    expect(JSON.stringify(res.body)).not.toContain('Added a debugging kata');
  });

  it('answers with a fixed number of queries however many scenarios and attempts', async () => {
    const queries = async (who: Person) => {
      let n = 0;
      const count = () => n++;
      t.db.on('query', count);
      expect((await insights(who)).status).toBe(200);
      t.db.removeListener('query', count);
      return n;
    };
    const small = await queries(reviewerHarbour); // one scenario, three attempts
    const large = await queries(author); // three scenarios, seven attempts
    expect(large).toBe(small);
  });

  it('is for members of the enterprise with role author, reviewer or admin', async () => {
    const admin = await signInWith(t, { org: swift, roles: ['admin'] });
    expect((await insights(admin)).status).toBe(200);
    expect((await insights(admin, swift.id)).status).toBe(200);
    // Another enterprise's id, or none for someone in no enterprise: not found.
    expect((await insights(author, harbour.id)).status).toBe(404);
    const schoolAdmin = await signInWith(t, { org: north, roles: ['admin'] });
    expect((await insights(schoolAdmin)).status).toBe(404);
    expect((await insights(teacher1)).status).toBe(403);
    // A student with an enterprise membership of the wrong role still gets nothing.
    const student = await signInWith(t, { org: north, roles: ['student'] }, [{ org: swift, role: 'student' }]);
    expect((await insights(student)).status).toBe(403);
  });

  it('asks which enterprise when the caller belongs to several', async () => {
    const both = await signInWith(t, { org: swift, roles: ['reviewer'] }, [{ org: harbour, role: 'reviewer' }]);
    const res = await insights(both);
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ field: 'query.enterpriseId', message: 'is required', key: 'field.required' }]);
    expect((await insights(both, harbour.id)).body.scenarios.map((s: ScenarioInsight) => s.scenario.slug)).toEqual(['mini-c']);
    expect((await both.agent.get('/api/enterprise-insights?enterpriseId=nope')).status).toBe(400);
  });
});

describe('GET /api/courses/:id/assigned-scenarios', () => {
  it('lists what the course assigned, for the teacher only', async () => {
    const res = await teacher1.agent.get(`/api/courses/${course1}/assigned-scenarios`);
    expect(res.status).toBe(200);
    expect(res.body.scenarios.map((s: { id: string }) => s.id).sort()).toEqual([ids.a, ids.b, ids.c].sort());
    expect(res.body.scenarios.find((s: { id: string }) => s.id === ids.c)).toMatchObject({ slug: 'mini-c', enterprise: 'Harbour Freight' });
    expect((await teacher2.agent.get(`/api/courses/${course1}/assigned-scenarios`)).status).toBe(404);
  });
});
