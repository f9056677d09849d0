import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { ClientEvents, ServerEvents } from '../../server/contract/realtime';
import type { QueueChanged, QueueView, ReviewAlertsView, ReviewItemDetail } from '../../server/contract/review';
import type { AttemptView } from '../../server/contract/workspace';
import { publishPackage } from '../../server/scenarios/sync';
import { getTestServer, type TestAgent, type TestServer } from '../helpers/app';
import { buildOrg, buildPartnership, buildUser, type OrgRecord, type UserRecord } from '../helpers/factories';
import { reviewScenario } from '../helpers/scenario';
import { connected, openSocket } from '../helpers/socket';
import { clockStart } from '../helpers/clock';

/**
 * Issue 14 §1: with two reviewers, when the only lead scored one of the two reviews and they
 * disagree, nobody independent is left to moderate. Every disagreement must still have someone
 * who can settle it, the queue must say who, and the enterprise's admins and leads must be told
 * (on their pages and live) while nobody independent can.
 */

const now = clockStart();
const clock = () => new Date(now);

type Person = { agent: TestAgent; user: UserRecord; cookie: string };

let t: TestServer;
let enterprise: OrgRecord;
let lead: Person; // the only lead, and one of only two reviewers
let plain: Person;
let admin: Person; // the enterprise's admin, who reviews nothing
let student: Person;
let assignmentId: string;
const sockets: Socket[] = [];

const queue = async (who: Person, status = 'moderation') => (await who.agent.get(`/api/review-queue?status=${status}`)).body as QueueView;
const detailOf = async (who: Person, itemId: string) => (await who.agent.get(`/api/review-items/${itemId}`)).body.detail as ReviewItemDetail;
const alerts = async (who: Person) => {
  const res = await who.agent.get('/api/review-alerts');
  expect(res.status).toBe(200);
  return res.body as ReviewAlertsView;
};
const score = (who: Person, itemId: string, levels: [number, number]) =>
  who.agent.post(`/api/review-items/${itemId}/reviews`).send({
    scores: [
      { criterionId: 'explains', level: levels[0] },
      { criterionId: 'style', level: levels[1] },
    ],
    overallComment: `Scored ${levels.join('/')}`,
  });
const moderate = (who: Person, itemId: string, moderationNote?: string) =>
  who.agent.post(`/api/review-items/${itemId}/reviews`).send({ scores: [{ criterionId: 'explains', level: 1 }], ...(moderationNote === undefined ? {} : { moderationNote }) });

async function follow(who: Person, event: string, enterpriseId: string): Promise<Socket> {
  const socket = await connected(openSocket(t.url, { cookie: who.cookie }));
  sockets.push(socket);
  const ack = await socket.emitWithAck(event, { enterpriseId });
  expect(ack.ok).toBe(true);
  return socket;
}

/** A submission both reviewers score far apart on "explains": it goes to moderation. */
async function disagreement(): Promise<{ attemptId: string; itemId: string }> {
  const started = await student.agent.post(`/api/assignments/${assignmentId}/attempts`);
  expect(started.status).toBe(201);
  const attempt: AttemptView = started.body.attempt;
  expect((await student.agent.post(`/api/attempts/${attempt.id}/submission`)).status).toBe(200);
  const itemId = (await t.db('review_items').where({ attempt_id: attempt.id }).first('id')).id as string;
  expect((await plain.agent.post(`/api/review-items/${itemId}/claim`)).status).toBe(201);
  expect((await score(plain, itemId, [0, 2])).status).toBe(200);
  expect((await lead.agent.post(`/api/review-items/${itemId}/claim`)).status).toBe(201);
  const res = await score(lead, itemId, [2, 2]);
  expect(res.body.detail.item.status).toBe('moderation');
  return { attemptId: attempt.id, itemId };
}

beforeAll(async () => {
  t = await getTestServer({ clock });
  await publishPackage(t.db, reviewScenario('stuck-review'), clock());
  enterprise = await buildOrg(t.db, { kind: 'enterprise', name: 'Two Reviewers Ltd' });
  const scenario = await t.db('scenarios').where({ slug: 'stuck-review' }).first('id');
  await t.db('scenarios').where({ id: scenario.id }).update({ owner_org_id: enterprise.id });
  const versionId = (await t.db('scenario_versions').where({ scenario_id: scenario.id }).first('id')).id as string;
  const leadUser = await buildUser(t.db, { org: enterprise, roles: ['reviewer'], name: 'Lead Lan' });
  await t.db('memberships').where({ user_id: leadUser.id }).update({ lead: true });
  lead = await t.signIn(leadUser);
  plain = await t.signIn(await buildUser(t.db, { org: enterprise, roles: ['reviewer'], name: 'Reviewer Rui' }));
  admin = await t.signIn(await buildUser(t.db, { org: enterprise, roles: ['admin'], name: 'Admin Ai' }));
  const school = await buildOrg(t.db, { kind: 'school', name: 'Stuck School' });
  await buildPartnership(t.db, school, enterprise);
  const teacher = await t.signIn(await buildUser(t.db, { org: school, roles: ['teacher'] }));
  student = await t.signIn(await buildUser(t.db, { org: school, roles: ['student'], name: 'Student Sui' }));
  const courseId = (await teacher.agent.post('/api/courses').send({ title: 'Moderation course' })).body.course.id;
  await teacher.agent.post(`/api/courses/${courseId}/enrolments`).send({ userIds: [student.user.id] });
  const made = await teacher.agent.post(`/api/courses/${courseId}/assignments`).send({ scenarioVersionId: versionId, title: 'Double review', review: 'double', maxAttempts: 5 });
  expect(made.status).toBe(201);
  assignmentId = made.body.assignment.id;
}, 60_000);
afterAll(async () => {
  for (const s of sockets) s.close();
  await t.close();
});

describe('the only lead scored it', () => {
  let first: { attemptId: string; itemId: string };

  it('tells the admin live, without the student’s work, when a disagreement has no independent moderator', async () => {
    const socket = await follow(admin, ClientEvents.reviewAlertsJoin, enterprise.id);
    const heard: QueueChanged[] = [];
    socket.on(ServerEvents.reviewQueueChanged, (c: QueueChanged) => heard.push(c));
    const stuck = new Promise<QueueChanged>((resolve) => socket.on(ServerEvents.reviewQueueChanged, (c: QueueChanged) => c.counts.stuck === 1 && resolve(c)));
    first = await disagreement();
    expect((await stuck).counts).toMatchObject({ moderation: 1, stuck: 1 });
    // Items stay out of the admins' room: they see no student work.
    expect(heard.every((c) => c.item === null)).toBe(true);
    expect(JSON.stringify(heard)).not.toContain('Student Sui');
  });

  it('says in the queue who may settle it: the lead who scored it, with a note', async () => {
    const view = await queue(lead);
    expect(view.counts).toMatchObject({ moderation: 1, stuck: 1 });
    expect(view.items[0]!.moderation).toEqual({ by: 'scoring-lead', people: [{ id: lead.user.id, name: 'Lead Lan' }] });
    const mine = await detailOf(lead, first.itemId);
    expect(mine).toMatchObject({ canModerate: true, moderation: { by: 'scoring-lead', noteRequired: true } });
    const theirs = await detailOf(plain, first.itemId);
    expect(theirs).toMatchObject({ canModerate: false, moderation: { by: 'scoring-lead', noteRequired: false } });
    const refused = await plain.agent.post(`/api/review-items/${first.itemId}/claim`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/Lead Lan/);
  });

  it('lists it for the admin and the reviewers, with who scored it', async () => {
    for (const who of [admin, lead, plain]) {
      const view = await alerts(who);
      expect(view).toMatchObject({ enterpriseId: enterprise.id, total: 1, reviewers: 2 });
      expect(view.items).toEqual([
        expect.objectContaining({
          itemId: first.itemId,
          by: 'scoring-lead',
          criteria: 1,
          scenario: { title: 'Test scenario stuck-review' },
          scorers: expect.arrayContaining([
            { id: lead.user.id, name: 'Lead Lan', lead: true },
            { id: plain.user.id, name: 'Reviewer Rui', lead: false },
          ]),
        }),
      ]);
    }
    expect(JSON.stringify(await alerts(admin))).not.toContain('Student Sui');
  });

  it('lets that lead moderate only with a note, which stays on the record for the student too', async () => {
    expect((await lead.agent.post(`/api/review-items/${first.itemId}/claim`)).status).toBe(201);
    const bare = await moderate(lead, first.itemId);
    expect(bare.status).toBe(400);
    expect(bare.body.error.details).toEqual([expect.objectContaining({ field: 'moderationNote', reason: 'moderation_note_required' })]);
    expect((await moderate(lead, first.itemId, 'Too short')).status).toBe(400);
    const note = 'Only two reviewers this term; I re-read the notes against the rubric before settling.';
    const res = await moderate(lead, first.itemId, note);
    expect(res.status).toBe(200);
    const detail: ReviewItemDetail = res.body.detail;
    expect(detail.item.status).toBe('done');
    expect([detail.mine, ...detail.others].find((r) => r?.kind === 'moderation')).toMatchObject({ reviewer: { id: lead.user.id }, moderationNote: note });
    expect((await detailOf(plain, first.itemId)).others.find((o) => o.kind === 'moderation')).toMatchObject({ moderationNote: note });
    const review = ((await student.agent.get(`/api/attempts/${first.attemptId}`)).body.attempt as AttemptView).review!;
    expect(review).toMatchObject({ status: 'released', moderation: { criteria: 1, byScorer: true, note } });
    expect((await alerts(admin)).total).toBe(0);
  });
});

describe('nobody can moderate, until an admin adds a reviewer', () => {
  let second: { attemptId: string; itemId: string };
  let third: Person;

  it('says nobody can, when no scorer is a lead either', async () => {
    second = await disagreement();
    const membership = await admin.agent.post(`/api/users/${lead.user.id}/memberships`).send({ orgId: enterprise.id, role: 'reviewer', lead: false });
    expect(membership.status).toBe(201);
    const view = await alerts(admin);
    expect(view.items).toEqual([expect.objectContaining({ itemId: second.itemId, by: 'nobody' })]);
    expect((await queue(plain)).items[0]!.moderation).toEqual({ by: 'nobody', people: [] });
    const refused = await lead.agent.post(`/api/review-items/${second.itemId}/claim`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/administrator can add a reviewer/);
  });

  it('frees it live the moment a third reviewer is added, who moderates without a note', async () => {
    const socket = await follow(plain, ClientEvents.reviewQueueJoin, enterprise.id);
    const freed = new Promise<QueueChanged>((resolve) => socket.on(ServerEvents.reviewQueueChanged, (c: QueueChanged) => c.reason === 'reviewers' && resolve(c)));
    const created = await admin.agent
      .post('/api/users')
      .send({ email: 'third@two.test', name: 'Reviewer Three', password: 'a long enough password', memberships: [{ orgId: enterprise.id, role: 'reviewer' }] });
    expect(created.status).toBe(201);
    expect((await freed).counts).toMatchObject({ moderation: 1, stuck: 0 });
    third = await t.signIn({ id: created.body.user.id, email: 'third@two.test', name: 'Reviewer Three', password: 'a long enough password', orgId: enterprise.id });
    expect((await queue(plain)).items[0]!.moderation).toEqual({ by: 'reviewer', people: [{ id: third.user.id, name: 'Reviewer Three' }] });
    expect((await alerts(admin)).total).toBe(0);
  });

  it('strands it again while that reviewer’s account is disabled', async () => {
    expect((await admin.agent.patch(`/api/users/${third.user.id}`).send({ disabled: true })).status).toBe(200);
    expect((await queue(plain)).counts.stuck).toBe(1);
    expect((await admin.agent.patch(`/api/users/${third.user.id}`).send({ disabled: false })).status).toBe(200);
    expect((await queue(plain)).counts.stuck).toBe(0);
    third = await t.signIn(third.user);
  });

  it('refuses a note from a moderator who scored nothing, and takes the moderation without one', async () => {
    expect((await third.agent.post(`/api/review-items/${second.itemId}/claim`)).status).toBe(201);
    const noted = await moderate(third, second.itemId, 'I did not score this, but here is a note anyway.');
    expect(noted.status).toBe(400);
    expect(noted.body.error.details).toEqual([expect.objectContaining({ reason: 'moderation_note_unexpected' })]);
    const res = await moderate(third, second.itemId);
    expect(res.status).toBe(200);
    expect(res.body.detail.item.status).toBe('done');
    const review = ((await student.agent.get(`/api/attempts/${second.attemptId}`)).body.attempt as AttemptView).review!;
    expect(review.moderation).toEqual({ criteria: 1, byScorer: false, note: null });
  });
});

describe('who hears about stuck moderations', () => {
  it('refuses a school’s admin and another enterprise’s ids', async () => {
    const schoolAdmin = await t.signIn(await buildUser(t.db, { roles: ['admin'] }));
    expect((await schoolAdmin.agent.get('/api/review-alerts')).status).toBe(403);
    expect((await admin.agent.get(`/api/review-alerts?enterpriseId=${crypto.randomUUID()}`)).status).toBe(404);
    const socket = await connected(openSocket(t.url, { cookie: schoolAdmin.cookie }));
    sockets.push(socket);
    expect(await socket.emitWithAck(ClientEvents.reviewAlertsJoin, { enterpriseId: enterprise.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
