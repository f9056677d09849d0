import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedInvitation } from '../../server/contract/mentors';
import type { PlacementView } from '../../server/contract/placements';
import { ClientEvents, ServerEvents } from '../../server/contract/realtime';
import { getTestServer, type TestAgent, type TestServer } from '../helpers/app';
import { DAY_MS, clockStart, isoDay } from '../helpers/clock';
import { buildOrg, buildPartnership, buildUser, type OrgRecord, type UserRecord } from '../helpers/factories';
import { connected, nextEvent, openSocket } from '../helpers/socket';

/** A placement's enterprise mentor (named, or invited by a one-time link), its lifecycle and its live room (issue 16). */

const start = clockStart();
let now = start;
const day = (n: number) => isoDay(start + n * DAY_MS);

let t: TestServer;
let school: OrgRecord;
let swift: OrgRecord;
let baseId: string;
let teacher: TestAgent;
let teacherUser: UserRecord;
let colleague: TestAgent;
let schoolAdmin: TestAgent;
let enterpriseAdmin: TestAgent;
let stranger: TestAgent;
let strangerAdmin: TestAgent;
let student: UserRecord;
let studentAgent: TestAgent;
let mentor: UserRecord;
let mentorAgent: TestAgent;
let otherMentor: UserRecord;
let placement: PlacementView;

beforeAll(async () => {
  t = await getTestServer({ clock: () => new Date(now) });
  school = await buildOrg(t.db, { kind: 'school', name: 'Mentor School' });
  const otherSchool = await buildOrg(t.db, { kind: 'school', name: 'Elsewhere School' });
  swift = await buildOrg(t.db, { kind: 'enterprise', name: 'Swift Logistics' });
  const otherEnterprise = await buildOrg(t.db, { kind: 'enterprise', name: 'Other Works' });
  const partnershipId = await buildPartnership(t.db, school, swift);
  enterpriseAdmin = (await t.signIn(await buildUser(t.db, { org: swift, roles: ['admin'] }))).agent;
  teacherUser = await buildUser(t.db, { org: school, roles: ['teacher'], name: 'Teacher Tan' });
  teacher = (await t.signIn(teacherUser)).agent;
  colleague = (await t.signIn(await buildUser(t.db, { org: school, roles: ['teacher'] }))).agent;
  schoolAdmin = (await t.signIn(await buildUser(t.db, { org: school, roles: ['admin'] }))).agent;
  stranger = (await t.signIn(await buildUser(t.db, { org: otherSchool, roles: ['teacher'] }))).agent;
  strangerAdmin = (await t.signIn(await buildUser(t.db, { org: otherEnterprise, roles: ['admin'] }))).agent;
  student = await buildUser(t.db, { org: school, roles: ['student'], name: 'Student Su' });
  studentAgent = (await t.signIn(student)).agent;
  mentor = await buildUser(t.db, { org: swift, roles: ['mentor'], name: 'Mentor Ma' });
  mentorAgent = (await t.signIn(mentor)).agent;
  otherMentor = await buildUser(t.db, { org: otherEnterprise, roles: ['mentor'] });
  const base = await enterpriseAdmin.post('/api/training-bases').send({ partnershipId, name: 'Swift DC North', roles: ['Dispatcher'], capacity: 5 }).expect(201);
  baseId = base.body.base.id;
  placement = (await place(teacher, { startsOn: day(0), endsOn: day(30), weeklyHours: 20 })).body.placement;
}, 60_000);
afterAll(() => t.close());

const place = (agent: TestAgent, body: Record<string, unknown>) =>
  agent.post('/api/placements').send({ baseId, studentId: student.id, role: 'Dispatcher', ...body }).expect(201);

describe('naming the enterprise mentor', () => {
  it('lists the enterprise’s mentors to the school mentor, the school’s teachers and the enterprise admin', async () => {
    for (const agent of [teacher, colleague, enterpriseAdmin]) {
      const res = await agent.get(`/api/placements/${placement.id}/mentor-candidates`).expect(200);
      expect(res.body.mentors).toEqual([{ id: mentor.id, name: 'Mentor Ma' }]);
    }
  });

  it('refuses the school’s admin (403), strangers as if the placement did not exist (404)', async () => {
    const refused = await schoolAdmin.get(`/api/placements/${placement.id}/mentor-candidates`).expect(403);
    expect(refused.body.error.key).toBe('mentors.manageForbidden');
    const hidden = await stranger.get(`/api/placements/${placement.id}/mentor-candidates`).expect(404);
    const unknown = await stranger.get(`/api/placements/${crypto.randomUUID()}/mentor-candidates`).expect(404);
    expect(hidden.body).toEqual(unknown.body);
    await strangerAdmin.put(`/api/placements/${placement.id}/enterprise-mentor`).send({ userId: otherMentor.id }).expect(404);
  });

  it('refuses a mentor of another enterprise', async () => {
    const res = await teacher.put(`/api/placements/${placement.id}/enterprise-mentor`).send({ userId: otherMentor.id }).expect(400);
    expect(res.body.error.details[0]).toMatchObject({ field: 'body.userId', key: 'mentors.notEnterpriseMentor' });
  });

  it('names the mentor, who then sees this placement and nothing else', async () => {
    const res = await enterpriseAdmin.put(`/api/placements/${placement.id}/enterprise-mentor`).send({ userId: mentor.id }).expect(200);
    expect(res.body.placement.enterpriseMentor).toEqual({ id: mentor.id, name: 'Mentor Ma' });
    const mine = (await mentorAgent.get('/api/placements').expect(200)).body.placements as PlacementView[];
    expect(mine.map((p) => p.id)).toEqual([placement.id]);
    await mentorAgent.get('/api/training-bases').expect(403);
    await mentorAgent.get(`/api/placements/${placement.id}/mentor-candidates`).expect(403);
  });
});

async function invite(agent: TestAgent, body: { name: string; email: string }, placementId = placement.id): Promise<CreatedInvitation> {
  return (await agent.post(`/api/placements/${placementId}/mentor-invitations`).send(body).expect(201)).body.invitation;
}

describe('inviting an outside mentor', () => {
  let first: CreatedInvitation;
  let second: CreatedInvitation;
  const anonymous = () => t.agent();

  it('returns a one-time link that expires after 14 days; only its hash is stored', async () => {
    first = await invite(teacher, { name: 'Engineer Eng', email: 'Eng@Outside.example' });
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.path).toBe(`/mentor-invitation/${first.token}`);
    expect(first.email).toBe('eng@outside.example');
    expect(first.expiresAt).toBe(new Date(now + 14 * DAY_MS).toISOString());
    const stored = await t.db('mentor_invitations').where({ id: first.id }).first();
    expect(JSON.stringify(stored)).not.toContain(first.token);
  });

  it('tells the link’s holder who invites them, for whom, where and when, and nothing more', async () => {
    const res = await anonymous().get(`/api/mentor-invitations/${first.token}`).expect(200);
    expect(res.body.invitation).toEqual({ inviter: 'Teacher Tan', student: 'Student Su', base: 'Swift DC North', enterprise: 'Swift Logistics', startsOn: day(0), endsOn: day(30) });
  });

  it('a new invitation revokes the older; revoked, unknown and malformed links get one answer', async () => {
    second = await invite(colleague, { name: 'Engineer Eng', email: 'eng@outside.example' });
    const revoked = await anonymous().get(`/api/mentor-invitations/${first.token}`).expect(404);
    expect(revoked.body.error.key).toBe('mentors.invitationInvalid');
    const unknown = await anonymous().get(`/api/mentor-invitations/${'x'.repeat(43)}`).expect(404);
    const malformed = await anonymous().post('/api/mentor-invitations/nonsense/accept').send({ password: 'a long enough password' }).expect(404);
    expect(unknown.body).toEqual(revoked.body);
    expect(malformed.body).toEqual(revoked.body);
  });

  it('strangers and the student cannot invite', async () => {
    await stranger.post(`/api/placements/${placement.id}/mentor-invitations`).send({ name: 'X', email: 'x@example.test' }).expect(404);
    await studentAgent.post(`/api/placements/${placement.id}/mentor-invitations`).send({ name: 'X', email: 'x@example.test' }).expect(403);
  });

  it('an expired link gets the same answer (the test clock moves)', async () => {
    const soon = await invite(teacher, { name: 'Engineer Eng', email: 'eng@outside.example' });
    // Only a cookie-less request runs meanwhile: the signed-in agents' sessions would idle out.
    now += 14 * DAY_MS;
    const expired = await anonymous().post(`/api/mentor-invitations/${soon.token}/accept`).send({ password: 'a long enough password' });
    now -= 14 * DAY_MS;
    expect([expired.status, expired.body.error.key]).toEqual([404, 'mentors.invitationInvalid']);
    // A minute before, it still worked.
    now += 14 * DAY_MS - 60_000;
    const before = await anonymous().get(`/api/mentor-invitations/${soon.token}`);
    now -= 14 * DAY_MS - 60_000;
    expect(before.status).toBe(200);
  });

  it('accepting creates a mentor account of the enterprise, names it and signs it in; the link works once', async () => {
    const link = await invite(teacher, { name: 'Engineer Eng', email: 'eng@outside.example' });
    const browser = anonymous();
    await browser.post(`/api/mentor-invitations/${link.token}/accept`).send({}).expect(400);
    const res = await browser.post(`/api/mentor-invitations/${link.token}/accept`).send({ password: 'a long enough password' }).expect(200);
    expect(res.body.user).toMatchObject({ email: 'eng@outside.example', name: 'Engineer Eng' });
    expect(res.body.roles).toEqual(['mentor']);
    expect(res.body.user.memberships).toEqual([expect.objectContaining({ orgId: swift.id, role: 'mentor' })]);
    const mine = (await browser.get('/api/placements').expect(200)).body.placements as PlacementView[];
    expect(mine.map((p) => [p.id, p.enterpriseMentor?.name])).toEqual([[placement.id, 'Engineer Eng']]);
    // The mentor role grants nothing beyond the mentees.
    await browser.get('/api/users').expect(403);
    await browser.get('/api/courses').expect(403);
    await browser.get('/api/training-bases').expect(403);
    const again = await anonymous().post(`/api/mentor-invitations/${link.token}/accept`).send({ password: 'a long enough password' }).expect(404);
    expect(again.body.error.key).toBe('mentors.invitationInvalid');
    expect(second).toBeDefined();
  });

  it('an address with an account must be signed in as it; then it gains the mentor role here', async () => {
    const elsewhere = await buildUser(t.db, { roles: ['reviewer'], name: 'Reviewer Ren' });
    const link = await invite(enterpriseAdmin, { name: 'Reviewer Ren', email: elsewhere.email });
    const signedOut = await anonymous().post(`/api/mentor-invitations/${link.token}/accept`).send({ password: 'a long enough password' }).expect(409);
    expect(signedOut.body.error.key).toBe('mentors.invitationSignInFirst');
    const wrongPerson = await colleague.post(`/api/mentor-invitations/${link.token}/accept`).send({}).expect(409);
    expect(wrongPerson.body.error.key).toBe('mentors.invitationSignInFirst');
    const { agent } = await t.signIn(elsewhere);
    const res = await agent.post(`/api/mentor-invitations/${link.token}/accept`).send({}).expect(200);
    expect(res.body.roles.sort()).toEqual(['mentor', 'reviewer']);
    const view = (await teacher.get('/api/placements').expect(200)).body.placements.find((p: PlacementView) => p.id === placement.id);
    expect(view.enterpriseMentor).toEqual({ id: elsewhere.id, name: 'Reviewer Ren' });
  });

  it('guessing links is slowed down as sign-in is', async () => {
    // Earlier tests opened a few invalid links from this address already; the count goes on.
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await anonymous().get(`/api/mentor-invitations/${String(i).repeat(43)}`)).status);
    const first = statuses.indexOf(429);
    expect(first).toBeGreaterThan(0);
    expect(statuses.slice(0, first).every((s) => s === 404)).toBe(true);
  });
});

describe('the placement lifecycle', () => {
  let later: PlacementView;

  it('planned → active → completed; nothing leaves completed', async () => {
    const res = await teacher.patch(`/api/placements/${placement.id}`).send({ status: 'active' }).expect(200);
    expect(res.body.placement.status).toBe('active');
    const back = await colleague.patch(`/api/placements/${placement.id}`).send({ status: 'planned' }).expect(409);
    expect(back.body.error).toMatchObject({ key: 'mentors.badTransition', params: { from: 'active', to: 'planned' } });
    await colleague.patch(`/api/placements/${placement.id}`).send({ status: 'completed' }).expect(200);
    await teacher.patch(`/api/placements/${placement.id}`).send({ status: 'cancelled' }).expect(409);
    const closed = await teacher.patch(`/api/placements/${placement.id}`).send({ weeklyHours: 10 }).expect(409);
    expect(closed.body.error.key).toBe('mentors.placementClosed');
    // A completed placement's mentor no longer changes either.
    await teacher.put(`/api/placements/${placement.id}/enterprise-mentor`).send({ userId: mentor.id }).expect(409);
  });

  it('planned → cancelled, and nothing leaves cancelled', async () => {
    const other = (await place(teacher, { startsOn: day(100), endsOn: day(110), weeklyHours: 10 })).body.placement as PlacementView;
    await teacher.patch(`/api/placements/${other.id}`).send({ status: 'cancelled' }).expect(200);
    await teacher.patch(`/api/placements/${other.id}`).send({ status: 'active' }).expect(409);
  });

  it('re-checks the period and the hours as at creation', async () => {
    later = (await place(teacher, { startsOn: day(40), endsOn: day(60), weeklyHours: 20 })).body.placement;
    await place(teacher, { startsOn: day(50), endsOn: day(70), weeklyHours: 20 });
    const backwards = await teacher.patch(`/api/placements/${later.id}`).send({ endsOn: day(39) }).expect(400);
    expect(backwards.body.error.details[0]).toMatchObject({ field: 'body.endsOn', key: 'placements.endsBeforeStart' });
    const over = await teacher.patch(`/api/placements/${later.id}`).send({ weeklyHours: 21 }).expect(409);
    expect(over.body.error).toMatchObject({ key: 'placements.overFullTime', params: { hours: 20, adding: 21 } });
    // Its own hours do not count against it.
    const moved = await teacher.patch(`/api/placements/${later.id}`).send({ startsOn: day(41), weeklyHours: 20 }).expect(200);
    expect(moved.body.placement).toMatchObject({ startsOn: day(41), weeklyHours: 20 });
  });

  it('only the school’s teachers change it', async () => {
    await schoolAdmin.patch(`/api/placements/${later.id}`).send({ status: 'active' }).expect(403);
    await enterpriseAdmin.patch(`/api/placements/${later.id}`).send({ status: 'active' }).expect(403);
    await studentAgent.patch(`/api/placements/${later.id}`).send({ status: 'active' }).expect(403);
    await stranger.patch(`/api/placements/${later.id}`).send({ status: 'active' }).expect(404);
  });
});

describe('the placement room', () => {
  const sockets: Socket[] = [];
  afterAll(() => sockets.forEach((s) => s.close()));
  const socketOf = async (who: UserRecord) => {
    const { cookie } = await t.signIn(who);
    const s = await connected(openSocket(t.url, { cookie }));
    sockets.push(s);
    return s;
  };
  const join = (s: Socket, placementId: string) => s.timeout(5000).emitWithAck(ClientEvents.placementJoin, { placementId });

  it('every relation joins; a stranger is told it does not exist; changes are pushed', async () => {
    const room = (await place(teacher, { startsOn: day(200), endsOn: day(210), weeklyHours: 10 })).body.placement as PlacementView;
    await teacher.put(`/api/placements/${room.id}/enterprise-mentor`).send({ userId: mentor.id }).expect(200);
    const strangerUser = await buildUser(t.db, { roles: ['teacher'] });
    const [teacherSocket, studentSocket, mentorSocket, strangerSocket] = await Promise.all([socketOf(teacherUser), socketOf(student), socketOf(mentor), socketOf(strangerUser)]);
    for (const s of [teacherSocket, studentSocket, mentorSocket]) expect(await join(s, room.id)).toEqual({ ok: true, data: { joined: true } });
    const refused = await join(strangerSocket, room.id);
    const unknown = await join(strangerSocket, crypto.randomUUID());
    expect(refused).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(refused).toEqual(unknown);

    const heard = [teacherSocket, studentSocket, mentorSocket].map((s) => nextEvent(s, ServerEvents.placementChanged));
    await teacher.patch(`/api/placements/${room.id}`).send({ status: 'active' }).expect(200);
    expect(await Promise.all(heard)).toEqual([{ placementId: room.id }, { placementId: room.id }, { placementId: room.id }]);

    // Replacing the mentor takes the former one out of the room at once.
    const left = nextEvent<{ left: number }>(mentorSocket, ServerEvents.accessChanged);
    const newMentor = await buildUser(t.db, { org: swift, roles: ['mentor'] });
    await teacher.put(`/api/placements/${room.id}/enterprise-mentor`).send({ userId: newMentor.id }).expect(200);
    expect(await left).toEqual({ left: 1 });
    expect(await join(mentorSocket, room.id)).toEqual(refused);
  });
});
