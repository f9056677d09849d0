import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudentFeedbackView } from '../../server/contract/review';
import type { AttemptView } from '../../server/contract/workspace';
import { publishPackage } from '../../server/scenarios/sync';
import { excerptOf } from '../../server/review/studentFeedback';
import { getTestServer, type TestAgent, type TestServer } from '../helpers/app';
import { buildOrg, buildPartnership, buildUser, type UserRecord } from '../helpers/factories';
import { reviewScenario } from '../helpers/scenario';
import { clockStart } from '../helpers/clock';

/**
 * Issue 14 §1: the student home's "Feedback" panel said "No feedback yet" even with released
 * reviews. `GET /api/released-reviews` gives the newest released reviews of the signed-in
 * student: what, the score, the start of the reviewer's comment and where to read the rest.
 */

let now = clockStart();
const clock = () => new Date(now);

type Person = { agent: TestAgent; user: UserRecord; cookie: string };

let t: TestServer;
let reviewer: Person;
let student: Person;
let other: Person;
let teacher: Person;
let courseId: string;
let versionId: string;

const LONG = `${'The fix is right and the note names the rounding band. '.repeat(5)}Next time say which test you ran first.`;

const feedbackOf = async (who: Person, query = '') => {
  const res = await who.agent.get(`/api/released-reviews${query}`);
  expect(res.status).toBe(200);
  return res.body as StudentFeedbackView;
};

async function assignment(body: object): Promise<string> {
  const res = await teacher.agent.post(`/api/courses/${courseId}/assignments`).send({ scenarioVersionId: versionId, review: 'single', maxAttempts: 5, ...body });
  expect(res.status).toBe(201);
  return res.body.assignment.id;
}

async function submit(who: Person, assignmentId: string): Promise<string> {
  const started = await who.agent.post(`/api/assignments/${assignmentId}/attempts`);
  expect(started.status).toBe(201);
  const attempt: AttemptView = started.body.attempt;
  expect((await who.agent.post(`/api/attempts/${attempt.id}/submission`)).status).toBe(200);
  return attempt.id;
}

async function review(attemptId: string, overallComment: string, comments: { path: string; line: number; body: string }[] = []) {
  const itemId = (await t.db('review_items').where({ attempt_id: attemptId }).first('id')).id as string;
  expect((await reviewer.agent.post(`/api/review-items/${itemId}/claim`)).status).toBe(201);
  const res = await reviewer.agent.post(`/api/review-items/${itemId}/reviews`).send({
    scores: [
      { criterionId: 'explains', level: 2 },
      { criterionId: 'style', level: 1 },
    ],
    comments,
    overallComment,
  });
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  t = await getTestServer({ clock });
  await publishPackage(t.db, reviewScenario('home-feedback'), clock());
  const enterprise = await buildOrg(t.db, { kind: 'enterprise', name: 'Feedback Works' });
  const scenario = await t.db('scenarios').where({ slug: 'home-feedback' }).first('id');
  await t.db('scenarios').where({ id: scenario.id }).update({ owner_org_id: enterprise.id });
  versionId = (await t.db('scenario_versions').where({ scenario_id: scenario.id }).first('id')).id;
  reviewer = await t.signIn(await buildUser(t.db, { org: enterprise, roles: ['reviewer'], name: 'Reviewer Ren' }));
  const school = await buildOrg(t.db, { kind: 'school', name: 'Feedback School' });
  await buildPartnership(t.db, school, enterprise);
  teacher = await t.signIn(await buildUser(t.db, { org: school, roles: ['teacher'] }));
  student = await t.signIn(await buildUser(t.db, { org: school, roles: ['student'], name: 'Student Song' }));
  other = await t.signIn(await buildUser(t.db, { org: school, roles: ['student'], name: 'Student Shi' }));
  courseId = (await teacher.agent.post('/api/courses').send({ title: 'Feedback course' })).body.course.id;
  await teacher.agent.post(`/api/courses/${courseId}/enrolments`).send({ userIds: [student.user.id, other.user.id] });
}, 60_000);
afterAll(() => t.close());

describe('GET /api/released-reviews', () => {
  let first: string;
  let second: string;

  it('is empty before any review is released, a pending one included', async () => {
    expect(await feedbackOf(student)).toEqual({ items: [], total: 0 });
    first = await submit(student, await assignment({ title: 'First brief' }));
    expect(await feedbackOf(student)).toEqual({ items: [], total: 0 });
  });

  it('shows a released review: scenario, score, the start of the comment and its line comments', async () => {
    await review(first, LONG, [{ path: 'total.js', line: 1, body: 'Good name.' }]);
    const { items, total } = await feedbackOf(student);
    expect(total).toBe(1);
    const [item] = items;
    expect(item).toMatchObject({
      attemptId: first,
      scenario: { title: 'Test scenario home-feedback' },
      assignment: { title: 'First brief', course: 'Feedback course' },
      reviewScore: 0.75,
      truncated: true,
      lineComments: 1,
      releasedAt: new Date(now).toISOString(),
    });
    expect(item!.finalScore).toBeCloseTo(((await student.agent.get(`/api/attempts/${first}`)).body.attempt as AttemptView).review!.finalScore!, 12);
    expect(item!.excerpt!.length).toBeLessThanOrEqual(241);
    expect(item!.excerpt).toMatch(/^The fix is right and the note names the rounding band\. .*\S…$/);
    expect(LONG.startsWith(item!.excerpt!.slice(0, -1))).toBe(true);
  });

  it('lists the newest release first and keeps to the limit', async () => {
    now += 60_000;
    second = await submit(student, await assignment({ title: 'Second brief' }));
    await review(second, 'Short and clear.');
    const { items, total } = await feedbackOf(student);
    expect(total).toBe(2);
    expect(items.map((i) => [i.attemptId, i.excerpt, i.truncated])).toEqual([
      [second, 'Short and clear.', false],
      [first, expect.any(String), true],
    ]);
    expect((await feedbackOf(student, '?limit=1')).items.map((i) => i.attemptId)).toEqual([second]);
    expect((await student.agent.get('/api/released-reviews?limit=0')).status).toBe(400);
  });

  it('holds back a grade an after-close reveal policy keeps until the window closes', async () => {
    const closesAt = new Date(now + 2 * 86_400_000).toISOString();
    const held = await submit(student, await assignment({ title: 'After close', revealPolicy: 'after-close', closesAt }));
    await review(held, '');
    expect((await feedbackOf(student)).items.map((i) => i.attemptId)).not.toContain(held);
    now += 3 * 86_400_000;
    student = await t.signIn(student.user); // the session idled out meanwhile
    const { items } = await feedbackOf(student);
    expect(items[0]).toMatchObject({ attemptId: held, excerpt: null, releasedAt: closesAt });
  });

  it('shows a student only their own work', async () => {
    other = await t.signIn(other.user);
    expect(await feedbackOf(other)).toEqual({ items: [], total: 0 });
  });
});

describe('excerpts', () => {
  it('cut at the last whole word and fold line breaks', () => {
    expect(excerptOf('Short\n\n  and   clear.')).toEqual({ text: 'Short and clear.', truncated: false });
    expect(excerptOf('one two three four', 9)).toEqual({ text: 'one two…', truncated: true });
    expect(excerptOf('one, two three', 5)).toEqual({ text: 'one…', truncated: true });
    expect(excerptOf('x'.repeat(20), 8)).toEqual({ text: 'xxxxxxxx…', truncated: true });
  });
});
