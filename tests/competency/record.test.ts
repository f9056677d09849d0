import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientEvents } from '../../server/contract/realtime';
import type { CourseReport, StudentRecord } from '../../server/contract/competency';
import type { AttemptView } from '../../server/contract/workspace';
import { SHIPPED_FRAMEWORK } from '../../server/competency/framework';
import { importCase } from '../../server/competency/case';
import { readMastery, writeEvidence } from '../../server/competency/evidence';
import { levelOf } from '../../server/competency/mastery';
import { masteryJobDone } from '../helpers/mastery';
import { publishPackage } from '../../server/scenarios/sync';
import { getTestServer, type TestAgent, type TestServer } from '../helpers/app';
import { buildOrg, buildPartnership, buildUser, type OrgRecord, type UserRecord } from '../helpers/factories';
import { reviewScenario } from '../helpers/scenario';
import { connected, openSocket } from '../helpers/socket';
import { clockStart, isoDay } from '../helpers/clock';
import { caseId, caseItem, childOf } from '../helpers/case';

let now = clockStart();
// The day the course began: every piece of evidence below comes after it, even when the run crosses midnight.
const firstDay = isoDay(now);
const clock = () => new Date(now);
const minutes = (n: number) => (now += n * 60_000);

type Person = { agent: TestAgent; user: UserRecord; cookie: string };
let t: TestServer;
let enterprise: OrgRecord;
let school: OrgRecord;
let teacher: Person;
let reviewer: Person;
let admin: Person;
const students: Person[] = [];
let courseId: string;
let auto: string; // assignment graded on checks alone
let reviewed: string; // assignment with a single review

const GOOD = 'exports.total = (xs) => xs.reduce((a, b) => a + b, 0);\n';
const count = async (table: string, where: Record<string, unknown> = {}) => Number(((await t.db(table).where(where).count({ n: '*' })) as [{ n: number | string }])[0].n);

/** Starts, saves (the fix when `good`), submits; returns the graded or waiting attempt. */
async function work(student: Person, assignmentId: string, good: boolean): Promise<AttemptView> {
  const attempt: AttemptView = (await student.agent.post(`/api/assignments/${assignmentId}/attempts`)).body.attempt;
  const socket = await connected(openSocket(t.url, { cookie: student.cookie }));
  if (good) {
    const f = attempt.files.find((x) => x.path === 'total.js')!;
    await socket.emitWithAck(ClientEvents.fileSave, { attemptId: attempt.id, path: 'total.js', baseRevision: f.revision, content: GOOD });
  }
  const a = attempt.files.find((x) => x.path === 'answers.json')!;
  await socket.emitWithAck(ClientEvents.fileSave, { attemptId: attempt.id, path: 'answers.json', baseRevision: a.revision, content: good ? '{ "sum": 5 }' : '{ "sum": 4 }' });
  socket.close();
  minutes(5);
  return (await student.agent.post(`/api/attempts/${attempt.id}/submission`)).body.attempt;
}

async function reviewIt(attemptId: string, levels: [number, number], comment: string) {
  const item = await t.db('review_items').where({ attempt_id: attemptId }).first('id');
  await reviewer.agent.post(`/api/review-items/${item.id}/claim`).expect(201);
  await reviewer.agent
    .post(`/api/review-items/${item.id}/reviews`)
    .send({ scores: [{ criterionId: 'explains', level: levels[0] }, { criterionId: 'style', level: levels[1] }], overallComment: comment })
    .expect(200);
}

beforeAll(async () => {
  t = await getTestServer({ clock });
  await importCase(t.db, JSON.parse(fs.readFileSync(SHIPPED_FRAMEWORK, 'utf8')), clock());
  await publishPackage(t.db, reviewScenario(), clock());
  enterprise = await buildOrg(t.db, { kind: 'enterprise' });
  await t.db('scenarios').update({ owner_org_id: enterprise.id });
  const versionId = (await t.db('scenario_versions').first('id')).id;
  reviewer = await t.signIn(await buildUser(t.db, { org: enterprise, roles: ['reviewer'], name: 'Reviewer Ruan' }));
  admin = await t.signIn(['operator']);
  school = await buildOrg(t.db, { kind: 'school' });
  await buildPartnership(t.db, school, enterprise);
  teacher = await t.signIn(await buildUser(t.db, { org: school, roles: ['teacher'] }));
  for (const name of ['Amy An', 'Bo Bai', 'Cai Chen']) students.push(await t.signIn(await buildUser(t.db, { org: school, roles: ['student'], name })));
  courseId = (await teacher.agent.post('/api/courses').send({ title: 'Record course' })).body.course.id;
  await teacher.agent.post(`/api/courses/${courseId}/enrolments`).send({ userIds: students.map((s) => s.user.id) });
  auto = (await teacher.agent.post(`/api/courses/${courseId}/assignments`).send({ scenarioVersionId: versionId, title: 'Checks only' })).body.assignment.id;
  reviewed = (await teacher.agent.post(`/api/courses/${courseId}/assignments`).send({ scenarioVersionId: versionId, title: 'Reviewed', review: 'single' })).body.assignment.id;
}, 60_000);
afterAll(() => t.close());

describe('CASE frameworks', () => {
  it('exports a framework exactly as it was imported', async () => {
    const { frameworks } = (await teacher.agent.get('/api/frameworks')).body;
    expect(frameworks).toEqual([expect.objectContaining({ title: 'Practicum vocational competencies', items: 27 })]);
    const exported = await teacher.agent.get(`/api/frameworks/${frameworks[0].id}/case`);
    expect(exported.headers['content-disposition']).toMatch(/attachment/);
    expect(exported.body).toEqual(JSON.parse(fs.readFileSync(SHIPPED_FRAMEWORK, 'utf8')));
    // Importing the export again changes nothing.
    expect((await admin.agent.post('/api/frameworks').send(exported.body)).status).toBe(201);
    expect((await teacher.agent.get(`/api/frameworks/${frameworks[0].id}/case`)).body).toEqual(exported.body);
  });

  it('refuses a malformed package whole, naming the item and field', async () => {
    const before = await count('framework_items');
    const res = await admin.agent.post('/api/frameworks').send({
      CFDocument: { identifier: caseId('doc-2'), title: 'Broken' },
      CFItems: [caseItem('ok.one', 'Fine'), { identifier: caseId('i-2'), humanCodingScheme: 'no.statement' }],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      expect.objectContaining({ key: 'competency.case.field', message: expect.stringMatching(new RegExp(`^CFItems\\[1\\] \\(identifier ${caseId('i-2')}\\) fullStatement: `)) }),
    ]);
    expect(await count('framework_items')).toBe(before);
    expect(await count('frameworks', { identifier: caseId('doc-2') })).toBe(0);
  });
});

describe('CASE packages that are not forests', () => {
  it('refuses cycles, two parents and repeated identifiers with a 400 naming them', async () => {
    const cycle = await admin.agent.post('/api/frameworks').send({
      CFDocument: { identifier: caseId('cyc'), title: 'Cycle' },
      CFItems: [caseItem('cyc.a'), caseItem('cyc.b')],
      CFAssociations: [childOf('l1', caseId('cyc.a'), caseId('cyc.b')), childOf('l2', caseId('cyc.b'), caseId('cyc.a'))],
    });
    expect(cycle.status).toBe(400);
    expect(cycle.body.error.message).toMatch(/cycle/);
    const twice = await admin.agent.post('/api/frameworks').send({
      CFDocument: { identifier: caseId('dup'), title: 'Duplicates' },
      CFItems: [caseItem('dup.a'), caseItem('dup.a'), caseItem('dup.b')],
      CFAssociations: [childOf('l1', caseId('dup.a'), caseId('dup')), childOf('l1', caseId('dup.a'), caseId('dup.b'))],
    });
    expect(twice.status).toBe(400);
    expect(twice.body.error.details.map((d: { message: string }) => d.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`CFItems ${caseId('dup.a')}: identifier is used twice`)),
        expect.stringMatching(new RegExp(`CFAssociations ${caseId('association:l1')}: identifier is used twice`)),
        expect.stringMatching(/already has a parent/),
      ]),
    );
    expect(await count('frameworks', { identifier: caseId('cyc') })).toBe(0);
  });
});

describe('evidence', () => {
  let first: AttemptView;

  it('is written when a score becomes final, dated when the work was submitted', async () => {
    first = await work(students[0]!, auto, false);
    expect(first.status).toBe('graded');
    const rows = await t.db('evidence').where({ attempt_id: first.id }).orderBy(['ref_id', 'competency_code']);
    expect(rows.map((r) => [r.ref_id, r.competency_code, Number(r.score), Number(r.weight), r.source])).toEqual([
      ['sum', 'data.analysis', 0, 10, 'check'],
      ['total-hidden', 'js.debugging', 0.5, 10, 'check'], // a * b still gets [1, 2, 3] right
      ['total-visible', 'js.debugging', 0, 10, 'check'],
    ]);
    expect(new Date(rows[0].submitted_at).toISOString()).toBe(first.submittedAt);
  });

  it('is idempotent: writing it again replaces, never duplicates', async () => {
    const before = await count('evidence', { attempt_id: first.id });
    await t.db.transaction((trx) => writeEvidence(trx, first.id, clock()));
    await t.db.transaction((trx) => writeEvidence(trx, first.id, clock()));
    expect(await count('evidence', { attempt_id: first.id })).toBe(before);
    expect(Object.keys(await readMastery(t.db, courseId, students[0]!.user.id)).sort()).toEqual(['data.analysis', 'js.debugging']);
  });

  it('comes from the rubric once reviewed, with the assessor, and follows a regrade', async () => {
    const a = await work(students[0]!, reviewed, true);
    expect(await count('evidence', { attempt_id: a.id })).toBe(0); // not final yet
    await reviewIt(a.id, [0, 1], 'The fix works but NOTES.md says nothing about why.');
    const rubric = await t.db('evidence').where({ attempt_id: a.id, ref_kind: 'criterion' }).orderBy('ref_id');
    expect(rubric.map((r) => [r.ref_id, r.competency_code, Number(r.score), r.source, r.assessor_id])).toEqual([
      ['explains', 'communication.technical', 0, 'rubric', reviewer.user.id],
      ['style', 'communication.technical', 0.5, 'rubric', reviewer.user.id],
    ]);
    const total = await count('evidence', { attempt_id: a.id });
    await students[0]!.agent.post(`/api/attempts/${a.id}/regrade-requests`).send({ target: { kind: 'criterion', id: 'explains' }, reason: 'Line 2 of my code explains it.' }).expect(201);
    const [req] = (await reviewer.agent.get('/api/regrade-requests')).body.requests;
    await reviewer.agent.post(`/api/regrade-requests/${req.id}/decision`).send({ decision: 'accept', level: 1, reply: 'Partly, yes.' }).expect(200);
    expect(await count('evidence', { attempt_id: a.id })).toBe(total);
    expect(await t.db('evidence').where({ attempt_id: a.id, ref_id: 'explains' }).first()).toMatchObject({ source: 'regrade', score: 0.5 });
  });
});

describe('the course report and the record', () => {
  let report: CourseReport;
  let moduleId: string;

  beforeAll(async () => {
    const b = await work(students[1]!, reviewed, true);
    await reviewIt(b.id, [2, 2], 'Clear note and clean code.');
    await work(students[2]!, auto, true);
    const res = await teacher.agent.post(`/api/courses/${courseId}/modules`).send({
      title: 'Module 3: Writing for colleagues',
      competencies: [{ code: 'communication.technical', weight: 1 }],
    });
    expect(res.status).toBe(201);
    moduleId = res.body.module.id;
    report = (await teacher.agent.get(`/api/courses/${courseId}/report`)).body;
  });

  it('refuses a module naming a competency no framework has', async () => {
    const res = await teacher.agent.post(`/api/courses/${courseId}/modules`).send({ title: 'Mystery', competencies: [{ code: 'no.such.thing' }] });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/no\.such\.thing is not in any imported framework/);
  });

  it('shows each student’s mastery per competency with its level', async () => {
    expect(report.students.map((s) => s.name)).toEqual(['Amy An', 'Bo Bai', 'Cai Chen']);
    expect(report.competencies.map((c) => c.code)).toEqual(['communication.technical', 'data.analysis', 'js.debugging']);
    const cell = (s: number, code: string) => {
      const i = report.students.findIndex((x) => x.id === students[s]!.user.id);
      const j = report.competencies.findIndex((c) => c.code === code);
      const value = report.heatmap.values[i]![j]!;
      return value === null ? undefined : { value, attempts: report.heatmap.attempts[i]![j], level: levelOf(value)?.id };
    };
    // Amy, js.debugging: first work (0 + 0.5) / 2 = 0.25, then 1 → decaying 0.65 × 1 + 0.35 × 0.25 = 0.7375
    expect(cell(0, 'js.debugging')).toMatchObject({ value: expect.closeTo(0.7375, 6), level: 'proficient', attempts: 2 });
    expect(cell(0, 'communication.technical')).toMatchObject({ value: expect.closeTo(0.5, 6), level: 'developing' });
    expect(cell(1, 'communication.technical')).toMatchObject({ value: 1, level: 'advanced' });
    expect(cell(2, 'communication.technical')).toBeUndefined();
    expect(report.distribution.find((d) => d.code === 'communication.technical')!.counts).toEqual({ beginner: 0, developing: 1, proficient: 0, advanced: 1, none: 1 });
  });

  it('ranks gaps with the modules that teach them and what reviewers wrote', () => {
    expect(report.gaps[0]).toMatchObject({
      code: 'communication.technical',
      below: 1,
      assessed: 2,
      share: 0.5,
      modules: [{ id: moduleId, title: 'Module 3: Writing for colleagues', weight: 1 }],
      quotes: [expect.objectContaining({ text: 'The fix works but NOTES.md says nothing about why.' })],
    });
  });

  it('lists students who need practice with scenarios for their weak spots, and assigns one to them only', async () => {
    const amy = report.practice.find((p) => p.student.name === 'Amy An')!;
    expect(amy.reasons.join(' ')).toMatch(/below the enterprise’s pass mark/);
    // The same reasons as data, for the page to say in the reader's language.
    expect(amy.why).toHaveLength(amy.reasons.length);
    expect(amy.why).toContainEqual(expect.objectContaining({ kind: 'belowPassMark', score: expect.any(Number), passAt: expect.any(Number) }));
    expect(amy.scenarios[0]).toMatchObject({ slug: 'mini-review' });
    const res = await teacher.agent.post(`/api/courses/${courseId}/practice`).send({ scenarioVersionId: amy.scenarios[0]!.versionId, studentIds: [students[0]!.user.id] });
    expect(res.status).toBe(201);
    const ids = async (s: Person) => (await s.agent.get('/api/assignments')).body.assignments.map((a: { id: string }) => a.id);
    expect(await ids(students[0]!)).toContain(res.body.assignment.id);
    expect(await ids(students[1]!)).not.toContain(res.body.assignment.id);
    expect((await students[1]!.agent.post(`/api/assignments/${res.body.assignment.id}/attempts`)).status).toBe(404);
    expect(res.body.assignment).toMatchObject({ mode: 'practice', revealPolicy: 'description', onlyFor: ['Amy An'] });
  });

  it('logs an adjustment and compares before and after, saying when evidence is thin', async () => {
    const res = await teacher.agent.post(`/api/courses/${courseId}/adjustments`).send({ moduleId, madeOn: firstDay, what: 'Added a worked example of a commit note', why: 'Reviewers say notes do not explain causes' });
    expect(res.status).toBe(201);
    expect(res.body.adjustment).toMatchObject({
      module: { id: moduleId },
      madeOn: firstDay,
      comparison: [{ code: 'communication.technical', before: { n: 0 }, after: { n: 2 }, enough: false }],
    });
    const bad = await teacher.agent.post(`/api/courses/${courseId}/adjustments`).send({ moduleId, madeOn: 'yesterday', what: '', why: 'x' });
    expect(bad.status).toBe(400);
    // The comparison is kept between reports, and follows new evidence at once.
    const again = async () => ((await teacher.agent.get(`/api/courses/${courseId}/report`)).body as CourseReport).adjustments[0]!.comparison[0]!;
    expect((await again()).after.n).toBe(2);
    const c = await work(students[2]!, reviewed, true);
    await reviewIt(c.id, [1, 1], 'Better, still short on why.');
    expect((await again()).after.n).toBe(3);
  });

  it('exports the heatmap and the gaps as CSV', async () => {
    const heat = await teacher.agent.get(`/api/courses/${courseId}/report.csv?part=heatmap`);
    expect(heat.headers['content-type']).toMatch(/text\/csv/);
    const lines = heat.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toMatch(/^student,communication\.technical /);
    expect(lines[1]).toMatch(/^Amy An,50,/);
    const gaps = await teacher.agent.get(`/api/courses/${courseId}/report.csv?part=gaps`);
    expect(gaps.text).toContain('Module 3: Writing for colleagues');
    expect(gaps.text.split('\r\n')[0]).toBe([
        '\uFEFFcompetency,title,students below proficient,students assessed,share below',
        'below proficient on campus (simulated work),assessed on campus,below proficient off campus (workplace),assessed off campus',
        'modules,reviewer quotes',
      ].join(','));
  });

  it('writes the CSV headers in the language the page asks for, else Accept-Language, with a BOM for Excel', async () => {
    const zh = await teacher.agent.get(`/api/courses/${courseId}/report.csv?part=heatmap&lang=zh-CN`).set('Accept-Language', 'en-US');
    expect(zh.status).toBe(200);
    expect(zh.headers['content-language']).toBe('zh-CN');
    expect(zh.text.startsWith('\uFEFF学生,communication.technical ')).toBe(true);
    expect(zh.text.split('\r\n')[1]).toMatch(/^Amy An,50,/);
    const gaps = await teacher.agent.get(`/api/courses/${courseId}/report.csv?part=gaps`).set('Accept-Language', 'zh-TW,zh;q=0.9,en;q=0.8');
    expect(gaps.text.split('\r\n')[0]).toBe([
        '\uFEFF能力代码,能力名称,未达熟练的学生数,已评价的学生数,未达熟练比例（%）',
        '校内（仿真实训）未达熟练的学生数,校内已评价的学生数,校外（岗位实习）未达熟练的学生数,校外已评价的学生数',
        '教学模块,评阅人评语',
      ].join(','));
    const en = await teacher.agent.get(`/api/courses/${courseId}/report.csv?part=heatmap&lang=en`).set('Accept-Language', 'zh-CN');
    expect(en.text).toMatch(/^\uFEFFstudent,/);
    const preferred = await teacher.agent.get(`/api/courses/${courseId}/report.csv?part=heatmap`).set('Accept-Language', 'fr;q=1, en;q=0.5, zh-CN;q=0.8');
    expect(preferred.text).toMatch(/^\uFEFF学生,/);
    const bad = await teacher.agent.get(`/api/courses/${courseId}/report.csv?part=heatmap&lang=fr`);
    expect(bad.status).toBe(400);
  });

  it('recomputes every value when the teacher changes the method', async () => {
    const res = await teacher.agent.put(`/api/courses/${courseId}/mastery`).send({ method: 'highest' }).expect(202);
    expect(res.body.job.method).toMatchObject({ kind: 'highest', description: expect.any(String) });
    expect(await masteryJobDone(t.db, res.body.job.id)).toBe('done');
    const after: CourseReport = (await teacher.agent.get(`/api/courses/${courseId}/report`)).body;
    expect(after.heatmap.values[0]![after.competencies.findIndex((c) => c.code === 'js.debugging')]).toBe(1);
    expect((await teacher.agent.put(`/api/courses/${courseId}/mastery`).send({ method: 'weighted_average', weight: 1.5 })).status).toBe(400);
  });

  it('gives a student their own record, each number with the evidence behind it', async () => {
    const res = await students[0]!.agent.get(`/api/courses/${courseId}/students/${students[0]!.user.id}/record`);
    expect(res.status).toBe(200);
    const record: StudentRecord = res.body;
    const comm = record.competencies.find((c) => c.code === 'communication.technical')!;
    expect(comm).toMatchObject({ parent: 'professional', depth: 1, level: 'developing', attempts: 1 });
    // A parent without evidence of its own is not "no evidence": it rolls its children up, marked as such.
    expect(record.competencies.find((c) => c.code === 'professional')).toMatchObject({
      depth: 0,
      value: null,
      rollup: { value: comm.value, level: comm.level, competencies: 1, work: 1 },
    });
    expect(comm.rollup).toBeNull();
    expect(comm.evidence.map((e) => [e.ref.title, e.source, e.assessor])).toEqual([
      ['Explains the fix', 'regrade', 'Reviewer Ruan'],
      ['Readable code', 'rubric', 'Reviewer Ruan'],
    ]);
    expect(comm.evidence[0]!.comment).toBe('The fix works but NOTES.md says nothing about why.');
    expect(record.competencies.find((c) => c.code === 'js.debugging')!.trend.map((p) => p.score)).toEqual([0.25, 1]);
    // Nobody else's record, and not for another course's teacher.
    expect((await students[1]!.agent.get(`/api/courses/${courseId}/students/${students[0]!.user.id}/record`)).status).toBe(404);
    const stranger = await t.signIn(['teacher']);
    expect((await stranger.agent.get(`/api/courses/${courseId}/students/${students[0]!.user.id}/record`)).status).toBe(404);
    expect((await stranger.agent.get(`/api/courses/${courseId}/report`)).status).toBe(404);
    expect((await teacher.agent.get(`/api/courses/${courseId}/students/${students[0]!.user.id}/record`)).status).toBe(200);
  });

  it('shows a student only work whose grade was released to them', async () => {
    const versionId = (await t.db('scenario_versions').first('id')).id;
    const closesAt = new Date(now + 7 * 86_400_000).toISOString();
    const held = (await teacher.agent.post(`/api/courses/${courseId}/assignments`).send({ scenarioVersionId: versionId, title: 'Held back', revealPolicy: 'after-close', closesAt })).body.assignment.id;
    const a = await work(students[2]!, held, true);
    expect(a.status).toBe('graded');
    const mine: StudentRecord = (await students[2]!.agent.get(`/api/courses/${courseId}/students/${students[2]!.user.id}/record`)).body;
    const theirs: StudentRecord = (await teacher.agent.get(`/api/courses/${courseId}/students/${students[2]!.user.id}/record`)).body;
    const pieces = (r: StudentRecord) => r.competencies.find((c) => c.code === 'js.debugging')!.evidence.filter((e) => e.attemptId === a.id).length;
    expect(pieces(theirs)).toBe(2);
    expect(pieces(mine)).toBe(0);
    // The student's mastery counts only what they can see: one piece of work fewer.
    const attempts = (r: StudentRecord) => r.competencies.find((c) => c.code === 'js.debugging')!.attempts;
    expect(attempts(mine)).toBe(attempts(theirs) - 1);
  });
});

describe('proficiency levels per framework', () => {
  it('lets an admin set a framework’s levels, which the report then uses', async () => {
    const { frameworks } = (await teacher.agent.get('/api/frameworks')).body;
    expect(frameworks[0].levels.map((l: { id: string }) => l.id)).toEqual(['beginner', 'developing', 'proficient', 'advanced']);
    const levels = [
      { id: 'novice', label: 'Novice', min: 0 },
      { id: 'proficient', label: 'Competent', min: 0.45 },
      { id: 'expert', label: 'Expert', min: 0.9 },
    ];
    expect((await teacher.agent.put(`/api/frameworks/${frameworks[0].id}/levels`).send({ levels })).status).toBe(403);
    const bad = await admin.agent.put(`/api/frameworks/${frameworks[0].id}/levels`).send({ levels: levels.filter((l) => l.id !== 'proficient') });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/proficient/);
    expect((await admin.agent.put(`/api/frameworks/${frameworks[0].id}/levels`).send({ levels })).status).toBe(200);
    const report: CourseReport = (await teacher.agent.get(`/api/courses/${courseId}/report`)).body;
    expect(report.levels).toEqual(levels);
    // Amy's 0.5 on technical communication is proficient on these levels: no longer a gap.
    expect(report.gaps.find((g) => g.code === 'communication.technical')).toBeUndefined();
  });
});

describe('a re-import of a newer version', () => {
  it('updates in place, keeps the evidence of items that stay and reports the items that went with what they held', async () => {
    type Pkg = { CFItems: { identifier: string; humanCodingScheme: string }[]; CFAssociations: { originNodeURI: { identifier: string }; destinationNodeURI: { identifier: string } }[] };
    const original = JSON.parse(fs.readFileSync(SHIPPED_FRAMEWORK, 'utf8')) as Pkg;
    const parents = new Set(original.CFAssociations.map((a) => a.destinationNodeURI.identifier));
    const held = await t.db('evidence').groupBy('competency_code').select('competency_code').count<{ competency_code: string; n: number | string }[]>({ n: '*' });
    // A leaf that holds evidence leaves; everything else stays.
    const leaving = original.CFItems.find((i) => !parents.has(i.identifier) && held.some((h) => h.competency_code === i.humanCodingScheme))!;
    const heldBy = Number(held.find((h) => h.competency_code === leaving.humanCodingScheme)!.n);
    const newer = {
      ...original,
      CFItems: original.CFItems.filter((i) => i !== leaving),
      CFAssociations: original.CFAssociations.filter((a) => a.originNodeURI.identifier !== leaving.identifier),
    };
    const evidenceBefore = await count('evidence');
    const frameworkId = (await t.db('frameworks').whereNull('org_id').first('id')).id as string;

    const res = await admin.agent.post('/api/frameworks').send(newer);
    expect(res.status).toBe(201);
    expect(res.body.framework).toMatchObject({ id: frameworkId, items: original.CFItems.length - 1 });
    expect(res.body.removed).toEqual([{ identifier: leaving.identifier, code: leaving.humanCodingScheme, title: expect.any(String), evidence: heldBy, modules: expect.any(Number) }]);
    // Nothing is deleted: the evidence waits for the competency to come back (or to be moved).
    expect(await count('evidence')).toBe(evidenceBefore);

    const back = await admin.agent.post('/api/frameworks').send(original);
    expect([back.status, back.body.removed]).toEqual([201, []]);
  });
});
