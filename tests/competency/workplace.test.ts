import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientEvents } from '../../server/contract/realtime';
import type { CourseReport, RecordCompetency, SourceComparison, StudentRecord } from '../../server/contract/competency';
import type { AttemptView } from '../../server/contract/workspace';
import { SHIPPED_FRAMEWORK } from '../../server/competency/framework';
import { importCase } from '../../server/competency/case';
import { readMastery, recomputeMastery } from '../../server/competency/evidence';
import { combineSources, describeWeights } from '../../server/competency/mastery';
import { publishPackage } from '../../server/scenarios/sync';
import { getTestServer, type TestAgent, type TestServer } from '../helpers/app';
import { DAY_MS, clockStart, isoDay } from '../helpers/clock';
import { buildOrg, buildPartnership, buildUser, type OrgRecord, type UserRecord } from '../helpers/factories';
import { reviewScenario } from '../helpers/scenario';
import { connected, openSocket } from '../helpers/socket';
import { masteryJobDone } from '../helpers/mastery';

/**
 * Workplace evidence (issue 16) in the competency record and the course report: each signed
 * assessment is its own piece of work, mastery is the course's method over simulated work and
 * over workplace assessments apart, then their weighted mean by the course's source weights.
 * The workplace rows are inserted here as the assessment sign-off writes them.
 */

let now = clockStart();
const clock = () => new Date(now);
const minutes = (n: number) => (now += n * 60_000);

type Person = { agent: TestAgent; user: UserRecord; cookie: string };
let t: TestServer;
let school: OrgRecord;
let swift: OrgRecord;
let teacher: Person;
let mentor: UserRecord;
let amy: Person; // simulated work (all right) and two workplace assessments
let bo: Person; // simulated work only
let cai: Person; // workplace assessment only
let courseId: string;
let placementId: string;
let baseId: string;

const GOOD = 'exports.total = (xs) => xs.reduce((a, b) => a + b, 0);\n';

/** Starts, saves the fix, submits: a graded attempt with every check passed. */
async function goodWork(student: Person, assignmentId: string): Promise<AttemptView> {
  const attempt: AttemptView = (await student.agent.post(`/api/assignments/${assignmentId}/attempts`)).body.attempt;
  const socket = await connected(openSocket(t.url, { cookie: student.cookie }));
  const f = attempt.files.find((x) => x.path === 'total.js')!;
  await socket.emitWithAck(ClientEvents.fileSave, { attemptId: attempt.id, path: 'total.js', baseRevision: f.revision, content: GOOD });
  const a = attempt.files.find((x) => x.path === 'answers.json')!;
  await socket.emitWithAck(ClientEvents.fileSave, { attemptId: attempt.id, path: 'answers.json', baseRevision: a.revision, content: '{ "sum": 5 }' });
  socket.close();
  minutes(5);
  return (await student.agent.post(`/api/attempts/${attempt.id}/submission`)).body.attempt;
}

/** A signed workplace assessment's evidence, as the sign-off writes it, and the mastery it feeds. */
async function assess(student: Person, scores: Record<string, number>, placement = placementId): Promise<string> {
  const assessmentId = randomUUID();
  minutes(2);
  const at = clock();
  await t.db('evidence').insert(
    Object.entries(scores).map(([code, score]) => ({
      course_id: courseId,
      student_id: student.user.id,
      competency_code: code,
      score,
      weight: 1,
      source: 'workplace',
      attempt_id: null,
      ref_kind: 'assessment',
      ref_id: assessmentId,
      assessor_id: mentor.id,
      placement_id: placement,
      submitted_at: at,
      created_at: at,
    })),
  );
  await t.db.transaction((trx) => recomputeMastery(trx, courseId, student.user.id, Object.keys(scores)));
  return assessmentId;
}

const close = (x: number | null | undefined) => (x === null || x === undefined ? x : Math.round(x * 10_000) / 10_000);
const record = async (agent: TestAgent, student: Person): Promise<StudentRecord> => (await agent.get(`/api/courses/${courseId}/students/${student.user.id}/record`).expect(200)).body;
const competency = (r: StudentRecord, code: string): RecordCompetency => r.competencies.find((c) => c.code === code)!;

beforeAll(async () => {
  t = await getTestServer({ clock });
  await importCase(t.db, JSON.parse(fs.readFileSync(SHIPPED_FRAMEWORK, 'utf8')), clock());
  await publishPackage(t.db, reviewScenario(), clock());
  swift = await buildOrg(t.db, { kind: 'enterprise', name: 'Swift Logistics' });
  await t.db('scenarios').update({ owner_org_id: swift.id });
  school = await buildOrg(t.db, { kind: 'school' });
  const partnershipId = await buildPartnership(t.db, school, swift);
  mentor = await buildUser(t.db, { org: swift, roles: ['mentor'], name: 'Mentor Ma' });
  const enterpriseAdmin = (await t.signIn(await buildUser(t.db, { org: swift, roles: ['admin'] }))).agent;
  teacher = await t.signIn(await buildUser(t.db, { org: school, roles: ['teacher'] }));
  amy = await t.signIn(await buildUser(t.db, { org: school, roles: ['student'], name: 'Amy An' }));
  bo = await t.signIn(await buildUser(t.db, { org: school, roles: ['student'], name: 'Bo Bai' }));
  cai = await t.signIn(await buildUser(t.db, { org: school, roles: ['student'], name: 'Cai Chen' }));
  courseId = (await teacher.agent.post('/api/courses').send({ title: 'Placement course' })).body.course.id;
  await teacher.agent.post(`/api/courses/${courseId}/enrolments`).send({ userIds: [amy, bo, cai].map((s) => s.user.id) });
  // "average" keeps the expected numbers readable; the source weighting is the same for every method.
  await masteryJobDone(t.db, (await teacher.agent.put(`/api/courses/${courseId}/mastery`).send({ method: 'average' }).expect(202)).body.job.id);
  const versionId = (await t.db('scenario_versions').first('id')).id;
  const assignment = (await teacher.agent.post(`/api/courses/${courseId}/assignments`).send({ scenarioVersionId: versionId, title: 'Checks only' })).body.assignment.id;
  expect((await goodWork(amy, assignment)).status).toBe('graded');
  expect((await goodWork(bo, assignment)).status).toBe('graded');

  const base = (
    await enterpriseAdmin
      .post('/api/training-bases')
      .send({ partnershipId, name: 'Swift DC North', site: 'Distribution centre', roles: ['Dispatcher'], competencies: ['data.analysis'], capacity: 4 })
      .expect(201)
  ).body.base;
  baseId = base.id;
  placementId = await place(amy);
}, 60_000);
afterAll(() => t.close());

/** A placement in the course at Swift, mentored by Mentor Ma (the mentor's own assignment is another part's). */
async function place(student: Person): Promise<string> {
  const day = (n: number) => isoDay(clockStart() + n * DAY_MS);
  const placed = await teacher.agent.post('/api/placements').send({ baseId, studentId: student.user.id, courseId, role: 'Dispatcher', startsOn: day(0), endsOn: day(30), weeklyHours: 20 });
  expect(placed.status).toBe(201);
  const id = placed.body.placement.id as string;
  await t.db('placements').where({ id }).update({ enterprise_mentor_id: mentor.id });
  return id;
}

describe('combining simulated work and workplace assessments', () => {
  it('is the weighted mean when both have a result, else the one there is', () => {
    expect(combineSources(0.9, 0.6, { simulated: 1, workplace: 1 })).toBeCloseTo(0.75);
    expect(combineSources(0.9, 0.6, { simulated: 1, workplace: 2 })).toBeCloseTo(0.7);
    expect(combineSources(0.9, null, { simulated: 1, workplace: 2 })).toBe(0.9);
    expect(combineSources(null, 0.6, { simulated: 1, workplace: 2 })).toBe(0.6);
    expect(combineSources(null, null, { simulated: 1, workplace: 2 })).toBeNull();
  });

  it('says the weights in words', () => {
    expect(describeWeights({ simulated: 1, workplace: 1 })).toBe('Workplace assessments and simulated work count equally.');
    expect(describeWeights({ simulated: 1, workplace: 2 })).toBe('Workplace assessments count twice as much as simulated work.');
    expect(describeWeights({ simulated: 3, workplace: 1 })).toBe('Simulated work counts 3 times as much as workplace assessments.');
  });
});

describe('mastery with workplace evidence', () => {
  it('makes each signed assessment its own piece of work, kept apart from simulated work', async () => {
    expect((await readMastery(t.db, courseId, amy.user.id))['data.analysis']).toEqual([1, 1, [1, 1], [null, 0]]);
    await assess(amy, { 'data.analysis': 0.4 });
    await assess(amy, { 'data.analysis': 0.5 });
    const [value, pieces, simulated, workplace] = (await readMastery(t.db, courseId, amy.user.id))['data.analysis']!;
    // Two assessments are two pieces (never one under a NULL attempt): average (0.4 + 0.5) / 2.
    expect(pieces).toBe(3);
    expect(simulated).toEqual([1, 1]);
    expect(workplace![1]).toBe(2);
    expect(close(workplace![0])).toBe(0.45);
    // Equal weights by default: (1 + 0.45) / 2.
    expect(close(value)).toBe(0.725);
  });

  it('a student with workplace evidence alone has exactly its mastery', async () => {
    await assess(cai, { 'data.analysis': 0.8 });
    const entry = (await readMastery(t.db, courseId, cai.user.id))['data.analysis']!;
    expect(entry[0]).toBeCloseTo(0.8);
    expect(entry[1]).toBe(1);
  });

  it('the teacher sets the weights beside the method; the whole course is recomputed', async () => {
    const res = await teacher.agent.put(`/api/courses/${courseId}/mastery`).send({ method: 'average', workplaceWeight: 2 }).expect(202);
    expect(await masteryJobDone(t.db, res.body.job.id)).toBe('done');
    expect(res.body.job.method.sources).toEqual({ simulated: 1, workplace: 2, description: 'Workplace assessments count twice as much as simulated work.' });
    // (1 × 1 + 2 × 0.45) / 3
    expect(close((await readMastery(t.db, courseId, amy.user.id))['data.analysis']![0])).toBe(0.6333);
    // Bo has no workplace evidence: unchanged by the weight.
    expect((await readMastery(t.db, courseId, bo.user.id))['data.analysis']![0]).toBe(1);
  });

  it('refuses weights of zero or above ten with a 400 naming the field', async () => {
    const zero = await teacher.agent.put(`/api/courses/${courseId}/mastery`).send({ method: 'average', workplaceWeight: 0 }).expect(400);
    expect(zero.body.error.details[0].field).toBe('body.workplaceWeight');
    await teacher.agent.put(`/api/courses/${courseId}/mastery`).send({ method: 'average', simulatedWeight: 11 }).expect(400);
    expect((await teacher.agent.get(`/api/courses/${courseId}/report`).expect(200)).body.method.sources.workplace).toBe(2);
  });
});

describe('the record with workplace evidence', () => {
  it('shows the workplace rows with their source, assessor, base, enterprise and date', async () => {
    const r = await record(teacher.agent, amy);
    const c = competency(r, 'data.analysis');
    const workplace = c.evidence.filter((e) => e.source === 'workplace');
    expect(workplace).toHaveLength(2);
    expect(workplace[0]).toMatchObject({
      attemptId: null,
      scenario: '',
      ref: { kind: 'assessment' },
      assessor: 'Mentor Ma',
      placement: { id: placementId, base: 'Swift DC North', enterprise: 'Swift Logistics', role: 'Dispatcher' },
    });
    expect(workplace[0]!.submittedAt < workplace[1]!.submittedAt).toBe(true);
    // The simulated evidence is still there beside it.
    expect(c.evidence.filter((e) => e.source === 'check').length).toBeGreaterThan(0);
    expect(c.attempts).toBe(3);
    expect(c.trend).toHaveLength(3);
    expect(c.bySource.simulated).toEqual({ value: 1, pieces: 1 });
    expect(c.bySource.workplace.pieces).toBe(2);
    expect(close(c.value)).toBe(0.6333);
    expect(r.method.sources).toMatchObject({ simulated: 1, workplace: 2 });
  });

  it('the student reads the same workplace evidence and the same mastery from it', async () => {
    const own = competency(await record(amy.agent, amy), 'data.analysis');
    expect(own.evidence.filter((e) => e.source === 'workplace')).toHaveLength(2);
    expect(close(own.value)).toBe(0.6333);
    expect(own.bySource.workplace.pieces).toBe(2);
    const onlyWorkplace = competency(await record(cai.agent, cai), 'data.analysis');
    expect(onlyWorkplace.value).toBeCloseTo(0.8);
    expect(onlyWorkplace.evidence.map((e) => e.source)).toEqual(['workplace']);
  });
});

describe('the course report: on campus vs off campus', () => {
  let report: CourseReport;
  let row: SourceComparison;
  beforeAll(async () => {
    report = (await teacher.agent.get(`/api/courses/${courseId}/report`).expect(200)).body;
    row = report.sources.find((s) => s.code === 'data.analysis')!;
  });

  it('puts the two kinds side by side with the students having each', () => {
    // On campus: Amy 1 and Bo 1. Off campus: Amy 0.45 and Cai 0.8.
    expect(row.onCampus).toEqual({ mean: 1, level: 'advanced', students: 2 });
    expect(row.offCampus).toMatchObject({ mean: 0.625, level: 'proficient', students: 2 });
    expect(row.both).toBe(1);
    expect(row.disagreeing).toBe(1);
    expect(row.disagree).toBe('workplaceLower');
    // A competency with simulated work only disagrees with nothing.
    const js = report.sources.find((s) => s.code === 'js.debugging')!;
    expect(js.offCampus.students).toBe(0);
    expect(js.disagree).toBeNull();
  });

  it('counts both kinds of evidence in the gaps', () => {
    const gap = report.gaps.find((g) => g.code === 'data.analysis')!;
    // Amy's combined 0.63 is proficient; Bo 1, Cai 0.8: no one below on the mastery itself.
    expect(gap).toBeUndefined();
  });

  it('exports the comparison and the gaps by source as CSV in both languages', async () => {
    const en = await teacher.agent.get(`/api/courses/${courseId}/report.csv?part=sources&lang=en`).expect(200);
    const lines = en.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe(
      'competency,title,on-campus mastery (%),students with simulated work,off-campus mastery (%),students with workplace assessments,students with both,students at different levels,curriculum signal',
    );
    expect(lines.find((l) => l.startsWith('data.analysis,'))).toMatch(/,100,2,62\.5,2,1,1,off campus lower than on campus$/);
    const zh = await teacher.agent.get(`/api/courses/${courseId}/report.csv?part=sources&lang=zh-CN`).expect(200);
    expect(zh.text).toContain('校外掌握程度（%）');
    expect(zh.text).toContain('校外低于校内');
    const gaps = await teacher.agent.get(`/api/courses/${courseId}/report.csv?part=gaps&lang=en`).expect(200);
    expect(gaps.text.split('\r\n')[0]).toContain('below proficient off campus (workplace),assessed off campus');
  });
});

describe('a gap that shows off campus only', () => {
  it('counts the workplace side of a gap apart from the simulated side', async () => {
    // Bo's final workplace assessment is poor on data analysis: his combined mastery drops below proficient.
    await assess(bo, { 'data.analysis': 0.1 }, await place(bo));
    const report: CourseReport = (await teacher.agent.get(`/api/courses/${courseId}/report`).expect(200)).body;
    const gap = report.gaps.find((g) => g.code === 'data.analysis')!;
    // Bo: (1 + 2 × 0.1) / 3 = 0.4, below proficient; on campus nobody is below, off campus Amy (0.45) and Bo (0.1) are.
    expect(gap).toMatchObject({ below: 1, assessed: 3 });
    expect(gap.bySource).toEqual({ simulated: { below: 0, assessed: 2 }, workplace: { below: 2, assessed: 3 } });
  });

  it('leaves the adjustment log’s before/after to simulated work', async () => {
    const moduleId = (await teacher.agent.post(`/api/courses/${courseId}/modules`).send({ title: 'Module 1: Reading data', competencies: [{ code: 'data.analysis', weight: 1 }] }).expect(201)).body.module.id;
    const res = await teacher.agent.post(`/api/courses/${courseId}/adjustments`).send({ moduleId, madeOn: isoDay(clockStart() - DAY_MS), what: 'More data exercises', why: 'Gaps' }).expect(201);
    const side = res.body.adjustment.comparison.find((c: { code: string }) => c.code === 'data.analysis');
    // Two attempts after the date; the four workplace assessments are not pieces of this comparison.
    expect(side.after).toEqual({ mean: 1, n: 2 });
  });
});
