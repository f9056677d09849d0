import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientEvents, ServerEvents } from '../../server/contract/realtime';
import type { AttemptReviewView, QueueChanged, QueueView, RegradeQueueItem, ReviewItemDetail } from '../../server/contract/review';
import type { AttemptView } from '../../server/contract/workspace';
import { agreement } from '../../server/review/agreement';
import { publishPackage } from '../../server/scenarios/sync';
import { getTestServer, type TestAgent, type TestServer } from '../helpers/app';
import { buildOrg, buildPartnership, buildUser, type OrgRecord, type UserRecord } from '../helpers/factories';
import { reviewScenario, workspaceScenario } from '../helpers/scenario';
import { connected, nextEvent, openSocket } from '../helpers/socket';
import { clockStart } from '../helpers/clock';

let now = clockStart();
const clock = () => new Date(now);
const minutes = (n: number) => (now += n * 60_000);

type Person = { agent: TestAgent; user: UserRecord; cookie: string };

let t: TestServer;
let enterprise: OrgRecord;
let lead: Person; // lead reviewer, scores nothing below until moderation
let r1: Person;
let r2: Person;
let outsider: Person; // a reviewer of another enterprise
let teacher: Person;
const students: Person[] = [];
let school: OrgRecord;
let courseId: string;
let versionId: string;
let single: string; // assignment: single review, named
let double: string; // assignment: double review, blind

const SOLUTION = 'exports.total = (xs) => xs.reduce((a, b) => a + b, 0);\n// summed, not multiplied\n';

async function submitWork(student: Person, assignmentId: string): Promise<AttemptView> {
  const start = await student.agent.post(`/api/assignments/${assignmentId}/attempts`);
  expect(start.status).toBe(201);
  const attempt: AttemptView = start.body.attempt;
  const file = attempt.files.find((f) => f.path === 'total.js')!;
  const socket = await connected(openSocket(t.url, { cookie: student.cookie }));
  const ack = await socket.emitWithAck(ClientEvents.fileSave, { attemptId: attempt.id, path: 'total.js', baseRevision: file.revision, content: SOLUTION });
  const answers = attempt.files.find((f) => f.path === 'answers.json')!;
  const ack2 = await socket.emitWithAck(ClientEvents.fileSave, { attemptId: attempt.id, path: 'answers.json', baseRevision: answers.revision, content: '{ "sum": 5 }\n' });
  socket.close();
  expect([ack.ok, ack2.ok]).toEqual([true, true]);
  const res = await student.agent.post(`/api/attempts/${attempt.id}/submission`);
  expect(res.status).toBe(200);
  return res.body.attempt;
}

const queueOf = async (who: Person, query = '') => {
  const res = await who.agent.get(`/api/review-queue${query}`);
  expect(res.status).toBe(200);
  return res.body as QueueView;
};
const itemFor = async (who: Person, attemptId: string, status = 'open') => {
  const q = await queueOf(who, `?status=${status}&limit=100`);
  const owner = await t.db('review_items').where({ attempt_id: attemptId }).first('id');
  return q.items.find((i) => i.id === owner?.id);
};
const review = (who: Person, itemId: string, levels: [number, number], comments: unknown[] = [], overallComment = '') =>
  who.agent.post(`/api/review-items/${itemId}/reviews`).send({
    scores: [
      { criterionId: 'explains', level: levels[0] },
      { criterionId: 'style', level: levels[1] },
    ],
    comments,
    overallComment,
  });
const attemptOf = async (who: Person, attemptId: string) => (await who.agent.get(`/api/attempts/${attemptId}`)).body.attempt as AttemptView;

beforeAll(async () => {
  t = await getTestServer({ clock });
  await publishPackage(t.db, reviewScenario(), clock());
  enterprise = await buildOrg(t.db, { kind: 'enterprise', name: 'Swift Test Logistics' });
  const scenario = await t.db('scenarios').where({ slug: 'mini-review' }).first('id');
  await t.db('scenarios').where({ id: scenario.id }).update({ owner_org_id: enterprise.id });
  versionId = (await t.db('scenario_versions').where({ scenario_id: scenario.id }).first('id')).id;
  const leadUser = await buildUser(t.db, { org: enterprise, roles: ['reviewer'], name: 'Lead Liang' });
  await t.db('memberships').where({ user_id: leadUser.id }).update({ lead: true });
  lead = await t.signIn(leadUser);
  r1 = await t.signIn(await buildUser(t.db, { org: enterprise, roles: ['reviewer'], name: 'Reviewer Ren' }));
  r2 = await t.signIn(await buildUser(t.db, { org: enterprise, roles: ['reviewer'], name: 'Reviewer Rao' }));
  outsider = await t.signIn(await buildUser(t.db, { roles: ['reviewer'], name: 'Other Company' }));
  school = await buildOrg(t.db, { kind: 'school', name: 'Secret Vocational School' });
  await buildPartnership(t.db, school, enterprise);
  teacher = await t.signIn(await buildUser(t.db, { org: school, roles: ['teacher'] }));
  for (const name of ['Student Song', 'Student Shi', 'Student Sha', 'Student Su']) {
    students.push(await t.signIn(await buildUser(t.db, { org: school, roles: ['student'], name, email: `${name.split(' ')[1]!.toLowerCase()}@school.test` })));
  }
  courseId = (await teacher.agent.post('/api/courses').send({ title: 'Review course' })).body.course.id;
  await teacher.agent.post(`/api/courses/${courseId}/enrolments`).send({ userIds: students.map((s) => s.user.id) });
  const make = async (body: object) => {
    const res = await teacher.agent.post(`/api/courses/${courseId}/assignments`).send({ scenarioVersionId: versionId, ...body });
    expect(res.status).toBe(201);
    return res.body.assignment.id as string;
  };
  single = await make({ title: 'Single review', review: 'single' });
  double = await make({ title: 'Double blind review', review: 'double', blindReview: true });
}, 60_000);
afterAll(() => t.close());

describe('assignments that ask for review', () => {
  it('are refused for a scenario no enterprise owns', async () => {
    await publishPackage(t.db, workspaceScenario('unowned'), clock());
    const v = await t.db('scenario_versions as v').join('scenarios as s', 's.id', 'v.scenario_id').where('s.slug', 'unowned').first('v.id');
    const res = await teacher.agent.post(`/api/courses/${courseId}/assignments`).send({ scenarioVersionId: v.id, review: 'single' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/no owning enterprise/);
  });
});

describe('single review: queue, claim, score, comment, final score', () => {
  let attemptId: string;
  let itemId: string;

  it('puts an auto-graded submission in the owning enterprise’s queue, live', async () => {
    const socket = await connected(openSocket(t.url, { cookie: r2.cookie }));
    const joined = await socket.emitWithAck(ClientEvents.reviewQueueJoin, { enterpriseId: enterprise.id });
    expect(joined).toMatchObject({ ok: true, data: { open: 0 } });
    const pushed = nextEvent<QueueChanged>(socket, ServerEvents.reviewQueueChanged, 30_000);
    const attempt = await submitWork(students[0]!, single);
    attemptId = attempt.id;
    expect(attempt.status).toBe('submitted');
    expect(attempt.review).toMatchObject({ status: 'pending', finalScore: null });
    expect((await pushed).counts.open).toBe(1);
    socket.close();

    const dashboard = (await students[0]!.agent.get('/api/assignments')).body.assignments.find((a: { id: string }) => a.id === single);
    expect(dashboard.status).toBe('awaiting_review');
    const item = await itemFor(r1, attemptId);
    expect(item).toMatchObject({ student: { kind: 'named', name: 'Student Song', school: 'Secret Vocational School' }, mode: 'single', reviewsNeeded: 1, autoScore: 1 });
    itemId = item!.id;
  });

  it('keeps reviewers of other enterprises out of every route and room', async () => {
    expect((await outsider.agent.get(`/api/review-items/${itemId}`)).status).toBe(404);
    expect((await outsider.agent.post(`/api/review-items/${itemId}/claim`)).status).toBe(404);
    expect((await outsider.agent.delete(`/api/review-items/${itemId}/claim`)).status).toBe(404);
    expect((await review(outsider, itemId, [2, 2])).status).toBe(404);
    expect((await outsider.agent.post(`/api/review-items/${itemId}/calibration`).send({ scores: [{ criterionId: 'explains', level: 0 }] })).status).toBe(404);
    expect((await outsider.agent.get(`/api/review-queue?enterpriseId=${enterprise.id}`)).status).toBe(404);
    expect((await outsider.agent.get(`/api/regrade-requests?enterpriseId=${enterprise.id}`)).status).toBe(404);
    expect((await outsider.agent.get(`/api/review-calibration?enterpriseId=${enterprise.id}`)).status).toBe(404);
    expect((await outsider.agent.get(`/api/review-agreement?enterpriseId=${enterprise.id}`)).status).toBe(404);
    expect((await queueOf(outsider)).items).toEqual([]);
    const socket = await connected(openSocket(t.url, { cookie: outsider.cookie }));
    expect(await socket.emitWithAck(ClientEvents.reviewQueueJoin, { enterpriseId: enterprise.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    socket.close();
    // A student of the attempt cannot use reviewer routes either.
    expect((await students[0]!.agent.get(`/api/review-items/${itemId}`)).status).toBe(403);
  });

  it('lets one reviewer claim it; a claim expires so an absent reviewer does not block it', async () => {
    const claimed = await r1.agent.post(`/api/review-items/${itemId}/claim`);
    expect(claimed.status).toBe(201);
    const detail: ReviewItemDetail = claimed.body.detail;
    expect(detail.item.mine).toMatchObject({ status: 'claimed' });
    expect(detail.rubric.map((c) => [c.id, c.levels.map((l) => l.score)])).toEqual([
      ['explains', [0, 5, 10]],
      ['style', [0, 5, 10]],
    ]);
    // Hidden checks with their messages, the starter beside the submitted file, the instructions.
    expect(detail.checks.map((c) => [c.id, c.visible])).toContainEqual(['total-hidden', false]);
    expect(detail.files.find((f) => f.path === 'total.js')).toMatchObject({ content: SOLUTION, starter: expect.stringContaining('a * b') });
    expect(detail.tasks[0]).toMatchObject({ id: 'fix', instructions: 'Make `total` add up.' });

    const taken = await r2.agent.post(`/api/review-items/${itemId}/claim`);
    expect(taken.status).toBe(409);
    expect((await queueOf(r2, '?status=open')).items.find((i) => i.id === itemId)).toMatchObject({ claimedByOther: true });

    minutes(31);
    // The expired claim gives the item back to everyone, its first claimer included.
    expect((await queueOf(r1, '?status=open')).items.map((i) => i.id)).toContain(itemId);
    expect((await r2.agent.post(`/api/review-items/${itemId}/claim`)).status).toBe(201);
    const late = await review(r1, itemId, [2, 2]);
    expect(late.status).toBe(409);
    expect(late.body.error.details).toMatchObject({ reason: 'claim_lost' });
  });

  it('refuses scores and comments that do not fit the rubric or the files', async () => {
    const missing = await r2.agent.post(`/api/review-items/${itemId}/reviews`).send({ scores: [{ criterionId: 'explains', level: 1 }] });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/Readable code/);
    expect((await review(r2, itemId, [3, 1])).status).toBe(400);
    expect((await review(r2, itemId, [1, 1], [{ path: 'secret.js', line: 1, body: 'x' }])).status).toBe(400);
    const beyond = await review(r2, itemId, [1, 1], [{ path: 'total.js', line: 99, body: 'x' }]);
    expect(beyond.status).toBe(400);
    expect(beyond.body.error.message).toMatch(/has 3 lines/);
    // Nothing of the refused attempts was kept.
    expect(Number((await t.db('review_scores').count({ n: '*' }).first())?.n)).toBe(0);
  });

  it('releases the final score with the comment on its line, live to the student', async () => {
    const socket = await connected(openSocket(t.url, { cookie: students[0]!.cookie }));
    const graded = nextEvent<{ attemptId: string }>(socket, ServerEvents.attemptGraded);
    const res = await review(r2, itemId, [1, 2], [{ path: 'total.js', line: 2, body: 'Good: say why in the commit too.' }], 'Solid fix.');
    expect(res.status).toBe(200);
    expect((await graded).attemptId).toBe(attemptId);
    socket.close();

    const attempt = await attemptOf(students[0]!, attemptId);
    expect(attempt.status).toBe('graded');
    const r = attempt.review as AttemptReviewView;
    // review = (5 + 10) / 20 = 0.75; final = 0.6 × 1 + 0.4 × 0.75 = 0.9
    expect(r).toMatchObject({ status: 'released', reviewScore: 0.75, finalScore: 0.9, weights: { auto: 0.6, review: 0.4 } });
    expect(r.criteria.map((c) => [c.id, c.earned, c.levelText])).toEqual([
      ['explains', 5, 'Partly'],
      ['style', 10, 'Clear and complete'],
    ]);
    expect(r.comments).toEqual([expect.objectContaining({ path: 'total.js', line: 2, body: 'Good: say why in the commit too.', author: 'Reviewer Rao' })]);
    expect(r.overall).toEqual([{ reviewer: 'Reviewer Rao', comment: 'Solid fix.' }]);
    expect(r.regrade.open).toBe(true);
    const dashboard = (await students[0]!.agent.get('/api/assignments')).body.assignments.find((a: { id: string }) => a.id === single);
    expect(dashboard).toMatchObject({ status: 'graded', currentAttempt: { finalScore: 0.9 } });
    // The teacher sees the same feedback.
    expect((await attemptOf(teacher, attemptId)).review).toMatchObject({ finalScore: 0.9 });
  });

  it('pages and filters the queue', async () => {
    await submitWork(students[1]!, single);
    await submitWork(students[2]!, single);
    const page = await queueOf(r1, `?status=open&limit=1&assignmentId=${single}`);
    expect(page.total).toBe(2);
    expect(page.items).toHaveLength(1);
    const next = await queueOf(r1, `?status=open&limit=1&offset=1&assignmentId=${single}`);
    expect(next.items[0]!.id).not.toBe(page.items[0]!.id);
    expect((await queueOf(r1, `?status=open&assignmentId=${double}`)).total).toBe(0);
    expect((await queueOf(r1, '?status=done')).items.map((i) => i.id)).toEqual([itemId]);
    expect(page.filters.assignments.map((a) => a.title)).toContain('Single review');
  });
});

describe('double blind review with moderation', () => {
  const secret = () => [students[3]!.user.name, students[3]!.user.email, students[3]!.user.id, school.id, school.name];
  let attemptId: string;
  let itemId: string;

  it('shows reviewers a stable pseudonym, never the student, in the API and socket payloads', async () => {
    const socket = await connected(openSocket(t.url, { cookie: r1.cookie }));
    await socket.emitWithAck(ClientEvents.reviewQueueJoin, { enterpriseId: enterprise.id });
    const pushed = nextEvent<QueueChanged>(socket, ServerEvents.reviewQueueChanged, 30_000);
    attemptId = (await submitWork(students[3]!, double)).id;
    const payload = JSON.stringify(await pushed);
    socket.close();
    const item = (await itemFor(r1, attemptId))!;
    itemId = item.id;
    expect(item.student).toEqual({ kind: 'pseudonym', pseudonym: expect.stringMatching(/^Candidate [A-Z2-9]{6}$/) });
    const claimed = await r1.agent.post(`/api/review-items/${itemId}/claim`);
    const everything = [payload, JSON.stringify(await queueOf(r1, '?status=mine')), JSON.stringify(claimed.body)].join('\n');
    for (const s of secret()) expect(everything).not.toContain(s);
    expect(payload).toContain(item.student.kind === 'pseudonym' ? item.student.pseudonym : '');
  });

  it('keeps the two scores independent until both are in, then flags a wide disagreement', async () => {
    expect((await review(r1, itemId, [2, 2], [{ path: 'total.js', line: 1, body: 'Clean.' }])).status).toBe(200);
    const claimed = await r2.agent.post(`/api/review-items/${itemId}/claim`);
    expect(claimed.status).toBe(201);
    expect(claimed.body.detail.others).toEqual([]);
    expect(claimed.body.detail.comments).toEqual([]);
    const res = await review(r2, itemId, [0, 2]);
    expect(res.status).toBe(200);
    const detail: ReviewItemDetail = res.body.detail;
    expect(detail.item.status).toBe('moderation');
    expect(detail.flagged).toEqual(['explains']);
    expect(detail.others.map((o) => o.reviewer?.name)).toEqual(['Reviewer Ren']);
    expect((await attemptOf(students[3]!, attemptId)).review).toMatchObject({ status: 'pending' });
  });

  it('is moderated by a lead reviewer who did not score it; the rest is the mean', async () => {
    expect((await r1.agent.post(`/api/review-items/${itemId}/claim`)).status).toBe(403);
    await t.db('memberships').where({ user_id: r1.user.id }).update({ lead: true });
    expect((await r1.agent.post(`/api/review-items/${itemId}/claim`)).status).toBe(403);
    await t.db('memberships').where({ user_id: r1.user.id }).update({ lead: false });
    expect((await queueOf(lead, '?status=moderation')).items.map((i) => i.id)).toEqual([itemId]);
    expect((await lead.agent.post(`/api/review-items/${itemId}/claim`)).status).toBe(201);
    // Only the flagged criterion is scored in moderation.
    expect((await review(lead, itemId, [1, 1])).status).toBe(400);
    const res = await lead.agent.post(`/api/review-items/${itemId}/reviews`).send({ scores: [{ criterionId: 'explains', level: 1 }], overallComment: 'Partly explained.' });
    expect(res.status).toBe(200);
    const r = (await attemptOf(students[3]!, attemptId)).review!;
    // explains: moderated to 5; style: mean of 10 and 10 → review 15/20 = 0.75
    expect(r.criteria.map((c) => [c.id, c.earned, c.source])).toEqual([
      ['explains', 5, 'moderation'],
      ['style', 10, 'mean'],
    ]);
    expect(r.finalScore).toBe(0.9);
    // Blind both ways: the student never sees who reviewed.
    const seen = JSON.stringify(await attemptOf(students[3]!, attemptId));
    for (const name of ['Reviewer Ren', 'Reviewer Rao', 'Lead Liang']) expect(seen).not.toContain(name);
    expect(r.comments).toEqual([expect.objectContaining({ line: 1, body: 'Clean.', author: null })]);
  });

  it('takes the mean when the two differ by no more than the threshold', async () => {
    const a = await submitWork(students[0]!, double);
    const item = (await itemFor(r1, a.id))!;
    await r1.agent.post(`/api/review-items/${item.id}/claim`);
    await review(r1, item.id, [2, 1]);
    await r2.agent.post(`/api/review-items/${item.id}/claim`);
    const res = await review(r2, item.id, [1, 1]);
    expect(res.body.detail.item.status).toBe('done');
    const r = (await attemptOf(students[0]!, a.id)).review!;
    expect(r.criteria.map((c) => [c.id, c.earned, c.level])).toEqual([
      ['explains', 7.5, null],
      ['style', 5, 1],
    ]);
  });
});

describe('agreement and calibration', () => {
  it('shows a lead the agreement between reviewer pairs', async () => {
    expect((await r1.agent.get('/api/review-agreement')).status).toBe(403);
    const res = await lead.agent.get('/api/review-agreement');
    expect(res.status).toBe(200);
    // Pairs (Ren, Rao): explains (2,0) and (2,1); style (2,2) and (1,1).
    const expected = agreement([
      { a: 2, b: 0, k: 3 },
      { a: 2, b: 2, k: 3 },
      { a: 2, b: 1, k: 3 },
      { a: 1, b: 1, k: 3 },
    ]);
    expect(expected.kappa).not.toBeNull();
    const [scenario] = res.body.scenarios;
    expect(scenario).toMatchObject({ title: 'Test scenario mini-review', pairs: 2, overall: { n: 4, items: 2, exactAgreement: 0.5, meanAbsDifference: 0.75 } });
    // Two submissions are far below 2k² = 18 for a 3-level rubric: kappa is withheld, not 'slight'.
    expect(scenario.overall).toMatchObject({ kappa: null, kappaStatus: 'too_few', kappaMinItems: 18, kappaInterval: null });
    expect(scenario.criteria.find((c: { id: string }) => c.id === 'style')).toMatchObject({ n: 2, items: 2, exactAgreement: 1, meanAbsDifference: 0, kappa: null });
    expect(res.body.pairs).toEqual([expect.objectContaining({ n: 4, exactAgreement: 0.5, kappa: null, kappaStatus: 'too_few' })]);
    expect(res.body.reviewers.every((r: { kappa: number | null }) => r.kappa === null)).toBe(true);
    expect(res.body.reviewers.map((r: { name: string }) => r.name)).toEqual(['Reviewer Rao', 'Reviewer Ren']);
  });

  it('lets a lead keep a calibration set that each reviewer scores once', async () => {
    const done = (await queueOf(lead, '?status=done')).items.find((i) => i.mode === 'single')!;
    expect((await r1.agent.post(`/api/review-items/${done.id}/calibration`).send({ scores: [{ criterionId: 'explains', level: 1 }, { criterionId: 'style', level: 2 }] })).status).toBe(403);
    const marked = await lead.agent.post(`/api/review-items/${done.id}/calibration`).send({ scores: [{ criterionId: 'explains', level: 1 }, { criterionId: 'style', level: 2 }] });
    expect(marked.status).toBe(200);
    const list = (await r1.agent.get('/api/review-calibration')).body.items;
    expect(list).toEqual([expect.objectContaining({ itemId: done.id, scored: false, differences: null })]);
    const before = await r1.agent.get(`/api/review-items/${done.id}`);
    expect(before.body.detail.calibration).toEqual({ agreed: [], mine: null });
    const finalBefore = (await t.db('attempts').where({ id: (await t.db('review_items').where({ id: done.id }).first()).attempt_id }).first()).final_score;
    const scored = await review(r1, done.id, [2, 2]);
    expect(scored.status).toBe(200);
    expect(scored.body.detail.calibration.mine).toEqual([
      { criterionId: 'explains', level: 2, difference: 1 },
      { criterionId: 'style', level: 2, difference: 0 },
    ]);
    expect((await review(r1, done.id, [1, 2])).status).toBe(409);
    const after = (await r1.agent.get('/api/review-calibration')).body.items[0];
    expect(after.differences.map((d: { difference: number }) => d.difference)).toEqual([1, 0]);
    // Practice scoring never touches the student's grade.
    expect((await t.db('attempts').where({ id: (await t.db('review_items').where({ id: done.id }).first()).attempt_id }).first()).final_score).toBe(finalBefore);
  });
});

describe('regrade requests', () => {
  let attemptId: string;

  beforeAll(async () => {
    attemptId = (await t.db('review_items as i').join('attempts as a', 'a.id', 'i.attempt_id').where({ 'a.student_id': students[0]!.user.id, 'i.assignment_id': single }).first('a.id')).id;
  });

  it('takes a request on a criterion of one’s own graded attempt, once', async () => {
    const res = await students[0]!.agent.post(`/api/attempts/${attemptId}/regrade-requests`).send({ target: { kind: 'criterion', id: 'explains' }, reason: 'My NOTES explain the cause on line 2.' });
    expect(res.status).toBe(201);
    expect(res.body.request).toMatchObject({ status: 'open', target: { kind: 'criterion', id: 'explains', title: 'Explains the fix' } });
    expect((await students[0]!.agent.post(`/api/attempts/${attemptId}/regrade-requests`).send({ target: { kind: 'criterion', id: 'explains' }, reason: 'Asking again, louder.' })).status).toBe(409);
    expect((await students[1]!.agent.post(`/api/attempts/${attemptId}/regrade-requests`).send({ target: { kind: 'check', id: 'total-hidden' }, reason: 'Not my attempt at all.' })).status).toBe(404);
    const unknown = await students[0]!.agent.post(`/api/attempts/${attemptId}/regrade-requests`).send({ target: { kind: 'criterion', id: 'nope' }, reason: 'There is no such criterion.' });
    expect(unknown.status).toBe(400);
    expect((await students[0]!.agent.post(`/api/attempts/${attemptId}/regrade-requests`).send({ target: { kind: 'check', id: 'total-hidden' }, reason: 'short' })).status).toBe(400);
  });

  it('is decided by another reviewer than the one who scored, with an audit trail', async () => {
    const open: RegradeQueueItem[] = (await r1.agent.get('/api/regrade-requests')).body.requests;
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ current: 5, max: 10, student: { kind: 'named', name: 'Student Song' } });
    const scorer = await r2.agent.post(`/api/regrade-requests/${open[0]!.id}/decision`).send({ decision: 'accept', level: 2, reply: 'Fair.' });
    expect(scorer.status).toBe(409);
    expect((await r1.agent.post(`/api/regrade-requests/${open[0]!.id}/decision`).send({ decision: 'accept', reply: 'Missing level.' })).status).toBe(400);
    const socket = await connected(openSocket(t.url, { cookie: students[0]!.cookie }));
    const graded = nextEvent(socket, ServerEvents.attemptGraded);
    const res = await r1.agent.post(`/api/regrade-requests/${open[0]!.id}/decision`).send({ decision: 'accept', level: 2, reply: 'Line 2 does name the cause.' });
    expect(res.status).toBe(200);
    expect(res.body.request).toMatchObject({ status: 'accepted', from: 5, to: 10, reply: 'Line 2 does name the cause.' });
    await graded;
    socket.close();
    const r = (await attemptOf(students[0]!, attemptId)).review!;
    // review 20/20 = 1; final = 0.6 + 0.4 = 1
    expect(r).toMatchObject({ reviewScore: 1, finalScore: 1 });
    expect(r.criteria[0]).toMatchObject({ id: 'explains', earned: 10, source: 'regrade' });
    expect(r.changes).toEqual([
      expect.objectContaining({ actor: 'Reviewer Ren', target: { kind: 'criterion', id: 'explains', title: 'Explains the fix' }, from: 5, to: 10, reason: 'Line 2 does name the cause.' }),
      expect.objectContaining({ target: { kind: 'final', id: 'final', title: 'Final score' }, from: 0.9, to: 1 }),
    ]);
    expect(r.regrade.requests[0]).toMatchObject({ status: 'accepted', reply: 'Line 2 does name the cause.' });
    expect((await r1.agent.post(`/api/regrade-requests/${open[0]!.id}/decision`).send({ decision: 'decline', reply: 'again' })).status).toBe(409);
  });

  it('declines a check regrade with a reply and keeps the score', async () => {
    await students[0]!.agent.post(`/api/attempts/${attemptId}/regrade-requests`).send({ target: { kind: 'check', id: 'total-hidden' }, reason: 'The hidden check should give more.' });
    const [req] = (await lead.agent.get('/api/regrade-requests')).body.requests as RegradeQueueItem[];
    expect(req).toMatchObject({ target: { kind: 'check', id: 'total-hidden' }, current: 10, max: 10 });
    const res = await lead.agent.post(`/api/regrade-requests/${req!.id}/decision`).send({ decision: 'decline', reply: 'Full marks already.' });
    expect(res.body.request).toMatchObject({ status: 'declined' });
    expect((await attemptOf(students[0]!, attemptId)).review!.finalScore).toBe(1);
    expect((await lead.agent.get('/api/regrade-requests?status=resolved')).body.requests).toHaveLength(2);
  });

  it('keeps both of two decisions made at the same moment on one attempt', async () => {
    const blindAttempt = (await t.db('review_items').where({ assignment_id: double, status: 'done' }).orderBy('submitted_at').first('attempt_id')).attempt_id as string;
    const owner = students[3]!;
    for (const id of ['explains', 'style']) {
      expect((await owner.agent.post(`/api/attempts/${blindAttempt}/regrade-requests`).send({ target: { kind: 'criterion', id }, reason: 'Please look at this again.' })).status).toBe(201);
    }
    const open: RegradeQueueItem[] = (await r1.agent.get('/api/regrade-requests')).body.requests;
    const byTarget = Object.fromEntries(open.map((r) => [r.target.id, r.id]));
    const [a, b] = await Promise.all([
      r1.agent.post(`/api/regrade-requests/${byTarget.explains}/decision`).send({ decision: 'accept', level: 2, reply: 'Explained after all.' }),
      r2.agent.post(`/api/regrade-requests/${byTarget.style}/decision`).send({ decision: 'accept', level: 0, reply: 'Hard to read, on a second look.' }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const r = (await attemptOf(owner, blindAttempt)).review!;
    // explains 10, style 0 → review 0.5; final = 0.6 × 1 + 0.4 × 0.5 = 0.8
    expect(r.criteria.map((c) => [c.id, c.earned])).toEqual([
      ['explains', 10],
      ['style', 0],
    ]);
    expect(r).toMatchObject({ reviewScore: 0.5, finalScore: 0.8 });
    // The blind student sees neither reviewer's name in the decisions or the history.
    expect(JSON.stringify(r)).not.toMatch(/Reviewer Ren|Reviewer Rao/);
  });

  it('is refused outside the window', async () => {
    minutes(8 * 24 * 60);
    students[0] = await t.signIn(students[0]!.user); // the old session expired meanwhile
    const res = await students[0].agent.post(`/api/attempts/${attemptId}/regrade-requests`).send({ target: { kind: 'criterion', id: 'style' }, reason: 'Too late, but trying anyway.' });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/regrade window closed/);
    expect((await attemptOf(students[0], attemptId)).review!.regrade.open).toBe(false);
  });
});

describe('who may review what', () => {
  // The regrade-window test moved the clock 8 days on: every session has expired since.
  beforeAll(async () => {
    teacher = await t.signIn(teacher.user);
    lead = await t.signIn(lead.user);
    r1 = await t.signIn(r1.user);
    r2 = await t.signIn(r2.user);
    students[1] = await t.signIn(students[1]!.user);
  });

  it('never lets a reviewer score their own work', async () => {
    const both = await buildUser(t.db, { org: enterprise, roles: ['reviewer'], name: 'Reviewer And Student' });
    await t.db('memberships').insert({ id: crypto.randomUUID(), user_id: both.id, org_id: school.id, role: 'student', lead: false, created_at: new Date() });
    await teacher.agent.post(`/api/courses/${courseId}/enrolments`).send({ userIds: [both.id] });
    const me = await t.signIn(both);
    const attempt = await submitWork(me, single);
    const item = (await itemFor(r1, attempt.id))!;
    expect((await me.agent.post(`/api/review-items/${item.id}/claim`)).status).toBe(403);
    expect((await review(me, item.id, [2, 2])).status).toBe(403);
  });

  it('lets any reviewer who did not score it moderate when no lead can', async () => {
    const attempt = await submitWork(students[1]!, double);
    const item = (await itemFor(r1, attempt.id))!;
    await r1.agent.post(`/api/review-items/${item.id}/claim`);
    await review(r1, item.id, [0, 0]);
    await lead.agent.post(`/api/review-items/${item.id}/claim`);
    expect((await review(lead, item.id, [2, 0])).body.detail.item.status).toBe('moderation');
    // The only lead scored it: the third reviewer, not a lead, settles it.
    expect((await r1.agent.post(`/api/review-items/${item.id}/claim`)).status).toBe(403);
    expect((await r2.agent.post(`/api/review-items/${item.id}/claim`)).status).toBe(201);
    const res = await r2.agent.post(`/api/review-items/${item.id}/reviews`).send({ scores: [{ criterionId: 'explains', level: 1 }] });
    expect(res.body.detail.item.status).toBe('done');
  });
});
