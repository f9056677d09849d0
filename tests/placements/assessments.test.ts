import { createHash, randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssessmentView, PlacementAssessmentsView } from '../../server/contract/assessments';
import { ClientEvents, ServerEvents } from '../../server/contract/realtime';
import { getTestServer, type TestAgent, type TestServer } from '../helpers/app';
import { DAY_MS, clockStart, isoDay } from '../helpers/clock';
import { buildOrg, buildPartnership, buildUser, type UserRecord } from '../helpers/factories';
import { connected, nextEvent, openSocket } from '../helpers/socket';

/** Workplace assessments (issue 16): points, both mentors, drafts, sign-off, versions, the record. */

let t: TestServer;
const start = clockStart();
let now = start;
const day = (n: number) => isoDay(start + n * DAY_MS);
let teacher: UserRecord;
let teacherAgent: TestAgent;
let colleagueAgent: TestAgent;
let mentor: UserRecord;
let mentorAgent: TestAgent;
let otherMentorAgent: TestAgent;
let studentAgent: TestAgent;
let strangerAgent: TestAgent;
let student: UserRecord;
let courseId: string;
let placementId: string;
let noCoursePlacementId: string;
const CODES = ['logistics.rating', 'logistics.safety'];

const url = (id: string, rest = '') => `/api/placements/${id}/assessments${rest}`;
const content = (levels: [string, string], evidence = 'Loaded two trucks safely.') => ({
  ratings: CODES.map((code, i) => ({ code, levelId: levels[i]!, comment: `on ${code}` })),
  evidence,
});
/** The canonical content written out by hand: keys sorted, ratings by code. */
const hashOf = (c: ReturnType<typeof content>) =>
  createHash('sha256')
    .update(JSON.stringify({ evidence: c.evidence, ratings: [...c.ratings].sort((a, b) => a.code.localeCompare(b.code)).map((r) => ({ code: r.code, comment: r.comment, levelId: r.levelId })) }))
    .digest('hex');
const read = async (agent: TestAgent, id = placementId) => (await agent.get(url(id)).expect(200)).body.assessments as PlacementAssessmentsView;

beforeAll(async () => {
  t = await getTestServer({ clock: () => new Date(now) });
  const school = await buildOrg(t.db, { kind: 'school' });
  const swift = await buildOrg(t.db, { kind: 'enterprise' });
  const partnershipId = await buildPartnership(t.db, school, swift);
  const enterpriseAdmin = (await t.signIn(await buildUser(t.db, { org: swift, roles: ['admin'] }))).agent;
  teacher = await buildUser(t.db, { org: school, roles: ['teacher'] });
  teacherAgent = (await t.signIn(teacher)).agent;
  colleagueAgent = (await t.signIn(await buildUser(t.db, { org: school, roles: ['teacher'] }))).agent;
  student = await buildUser(t.db, { org: school, roles: ['student'] });
  studentAgent = (await t.signIn(student)).agent;
  mentor = await buildUser(t.db, { org: swift, roles: ['mentor'] });
  mentorAgent = (await t.signIn(mentor)).agent;
  otherMentorAgent = (await t.signIn(await buildUser(t.db, { org: swift, roles: ['mentor'] }))).agent;
  strangerAgent = (await t.signIn(await buildUser(t.db, { roles: ['teacher'] }))).agent;

  courseId = (await teacherAgent.post('/api/courses').send({ title: 'Logistics systems' }).expect(201)).body.course.id;
  await teacherAgent.post(`/api/courses/${courseId}/enrolments`).send({ userIds: [student.id] }).expect((r) => expect(r.status).toBeLessThan(300));
  const baseId = (await enterpriseAdmin.post('/api/training-bases').send({ partnershipId, name: 'DC North', roles: ['Dispatcher'], competencies: CODES, capacity: 2 }).expect(201)).body.base.id;
  const body = { baseId, studentId: student.id, role: 'Dispatcher', weeklyHours: 20 };
  placementId = (await teacherAgent.post('/api/placements').send({ ...body, startsOn: day(0), endsOn: day(59), courseId }).expect(201)).body.placement.id;
  noCoursePlacementId = (await teacherAgent.post('/api/placements').send({ ...body, startsOn: day(0), endsOn: day(59) }).expect(201)).body.placement.id;
  // Naming the enterprise mentor is the mentors part's route; here the row is enough.
  await t.db('placements').whereIn('id', [placementId, noCoursePlacementId]).update({ enterprise_mentor_id: mentor.id });
}, 60_000);
afterAll(() => t.close());

describe('assessment points', () => {
  it('the school mentor and teachers of the school set them inside the placement', async () => {
    await teacherAgent.put(url(placementId, '/mid')).send({ dueOn: day(29) }).expect(200);
    const outside = await teacherAgent.put(url(placementId, '/final')).send({ dueOn: day(60) }).expect(400);
    expect(outside.body.error.details[0]).toMatchObject({ field: 'body.dueOn', key: 'assessments.dueOutside' });
    await colleagueAgent.put(url(placementId, '/final')).send({ dueOn: day(59) }).expect(200);
    await teacherAgent.put(url(noCoursePlacementId, '/final')).send({ dueOn: day(59) }).expect(200);
    expect((await read(teacherAgent)).points.map((p) => [p.kind, p.dueOn])).toEqual([['mid', day(29)], ['final', day(59)]]);
  });

  it('the enterprise side, a student and another school do not', async () => {
    await mentorAgent.put(url(placementId, '/mid')).send({ dueOn: day(3) }).expect(403);
    await studentAgent.put(url(placementId, '/mid')).send({ dueOn: day(3) }).expect(403);
    await strangerAgent.put(url(placementId, '/mid')).send({ dueOn: day(3) }).expect(404);
    expect((await read(teacherAgent)).points[0]!.dueOn).toBe(day(29));
  });
});

describe('drafts', () => {
  it('autosave by revision: a stale base is a conflict with the server’s version, a resend is answered again', async () => {
    const first = await mentorAgent.put(url(placementId, '/final/mine')).send({ baseRevision: 0, content: content(['proficient', 'developing']) }).expect(200);
    expect(first.body.assessment).toMatchObject({ side: 'enterprise', version: 1, revision: 1, status: 'draft', supersedesId: null });
    const resend = await mentorAgent.put(url(placementId, '/final/mine')).send({ baseRevision: 0, content: content(['proficient', 'developing']) }).expect(200);
    expect(resend.body.assessment.revision).toBe(1);
    const stale = await mentorAgent.put(url(placementId, '/final/mine')).send({ baseRevision: 0, content: content(['advanced', 'advanced']) }).expect(409);
    expect(stale.body.error).toMatchObject({ key: 'assessments.changedElsewhere', details: { serverRevision: 1, serverContent: content(['proficient', 'developing']) } });
    const second = await mentorAgent.put(url(placementId, '/final/mine')).send({ baseRevision: 1, content: content(['advanced', 'developing']) }).expect(200);
    expect(second.body.assessment.revision).toBe(2);
  });

  it('refuses competencies the placement is not assessed on, levels the framework lacks, and points not set', async () => {
    const bad = { ratings: [{ code: 'cooking', levelId: 'proficient' }], evidence: '' };
    expect((await mentorAgent.put(url(placementId, '/mid/mine')).send({ baseRevision: 0, content: bad }).expect(400)).body.error.details[0].key).toBe('assessments.unknownCompetency');
    const level = { ratings: [{ code: CODES[0], levelId: 'wizard' }], evidence: '' };
    expect((await mentorAgent.put(url(placementId, '/mid/mine')).send({ baseRevision: 0, content: level }).expect(400)).body.error.details[0].key).toBe('assessments.unknownLevel');
    const noMid = await mentorAgent.put(url(noCoursePlacementId, '/mid/mine')).send({ baseRevision: 0, content: content(['proficient', 'proficient']) }).expect(409);
    expect(noMid.body.error.key).toBe('assessments.pointNotSet');
  });

  it('nobody reads another assessor’s draft; the enterprise mentor sees their own side only', async () => {
    await teacherAgent.put(url(placementId, '/final/mine')).send({ baseRevision: 0, content: content(['proficient', 'proficient']) }).expect(200);
    const school = (await read(teacherAgent)).points.find((p) => p.kind === 'final')!;
    expect([school.school.length, school.enterprise.length]).toEqual([1, 0]);
    const own = (await read(mentorAgent)).points.find((p) => p.kind === 'final')!;
    expect([own.school.length, own.enterprise.length]).toEqual([0, 1]);
    expect((await read(mentorAgent)).you).toEqual({ side: 'enterprise', setsPoints: false });
  });
});

describe('sign-off', () => {
  let signed: AssessmentView;
  const sockets: Socket[] = [];
  afterAll(() => sockets.forEach((s) => s.close()));
  const socketOf = async (who: UserRecord) => {
    const s = await connected(openSocket(t.url, { cookie: (await t.signIn(who)).cookie }));
    sockets.push(s);
    return s;
  };
  const join = (s: Socket, id: string) => s.timeout(5000).emitWithAck(ClientEvents.placementJoin, { placementId: id });

  it('needs a level for every competency and the revision the assessor read', async () => {
    await mentorAgent.put(url(placementId, '/final/mine')).send({ baseRevision: 2, content: { ratings: [{ code: CODES[0], levelId: 'advanced', comment: '' }], evidence: '' } }).expect(200);
    expect((await mentorAgent.post(url(placementId, '/final/mine/sign')).send({ revision: 3 }).expect(400)).body.error.key).toBe('assessments.incomplete');
    await mentorAgent.put(url(placementId, '/final/mine')).send({ baseRevision: 3, content: content(['advanced', 'developing']) }).expect(200);
    expect((await mentorAgent.post(url(placementId, '/final/mine/sign')).send({ revision: 3 }).expect(409)).body.error.key).toBe('assessments.changedElsewhere');
  });

  it('stores the signer’s name, the time and the hash of the content, and tells the placement’s room', async () => {
    now = start + 5 * 60_000;
    // The pages follow the room live: the school mentor's and the student's sockets join it; a stranger cannot.
    const [teacherSocket, studentSocket, strangerSocket] = await Promise.all([socketOf(teacher), socketOf(student), socketOf(await buildUser(t.db, { roles: ['teacher'] }))]);
    for (const s of [teacherSocket, studentSocket]) expect(await join(s, placementId)).toEqual({ ok: true, data: { joined: true } });
    const refused = await join(strangerSocket, placementId);
    expect(refused).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(refused).toEqual(await join(strangerSocket, randomUUID()));
    const heard = [teacherSocket, studentSocket].map((s) => nextEvent(s, ServerEvents.placementAssessment));
    let strangerHeard = false;
    strangerSocket.on(ServerEvents.placementAssessment, () => (strangerHeard = true));

    signed = (await mentorAgent.post(url(placementId, '/final/mine/sign')).send({ revision: 4 }).expect(200)).body.assessment;
    expect(signed).toMatchObject({ status: 'signed', signerName: mentor.name, signedAt: new Date(now).toISOString(), contentHash: hashOf(content(['advanced', 'developing'])) });
    expect(await Promise.all(heard)).toEqual([{ placementId }, { placementId }]);
    // The room's event went out before the sign-off answered; the stranger's socket heard none.
    await strangerSocket.timeout(5000).emitWithAck(ClientEvents.clockSync, {});
    expect(strangerHeard).toBe(false);
  });

  it('is read-only afterwards: a save or a sign-off through the API changes nothing', async () => {
    const before = await t.db('workplace_assessments').where({ id: signed.id }).first();
    const save = await mentorAgent.put(url(placementId, '/final/mine')).send({ baseRevision: signed.revision, content: content(['beginner', 'beginner']) }).expect(409);
    expect(save.body.error.key).toBe('assessments.signedReadOnly');
    await mentorAgent.put(url(placementId, '/final/mine')).send({ baseRevision: 0, content: content(['beginner', 'beginner']) }).expect(409);
    expect((await mentorAgent.post(url(placementId, '/final/mine/sign')).send({ revision: signed.revision }).expect(409)).body.error.key).toBe('assessments.signedReadOnly');
    expect(await t.db('workplace_assessments').where({ id: signed.id }).first()).toEqual(before);
  });

  it('enters the record: one workplace row per competency, the level’s band middle as score', async () => {
    const rows = await t.db('evidence').where({ ref_id: signed.id }).orderBy('competency_code');
    expect(rows.map((r) => ({ ...r, score: Number(r.score), weight: Number(r.weight), submitted_at: new Date(r.submitted_at).toISOString() }))).toEqual([
      expect.objectContaining({ competency_code: 'logistics.rating', score: 0.925, weight: 1, source: 'workplace', ref_kind: 'assessment', attempt_id: null, placement_id: placementId, assessor_id: mentor.id, course_id: courseId, student_id: student.id, submitted_at: new Date(now).toISOString() }),
      expect.objectContaining({ competency_code: 'logistics.safety', score: 0.5 }),
    ]);
    const mastery = JSON.parse((await t.db('mastery').where({ course_id: courseId, student_id: student.id }).first()).values_json);
    expect(mastery['logistics.rating'][0]).toBeCloseTo(0.925);
  });

  it('shows the school both sides and where they disagree', async () => {
    const draft = (await read(teacherAgent)).points.find((p) => p.kind === 'final')!.school[0]!;
    await teacherAgent.post(url(placementId, '/final/mine/sign')).send({ revision: draft.revision }).expect(200);
    const final = (await read(teacherAgent)).points.find((p) => p.kind === 'final')!;
    expect([final.school[0]!.status, final.enterprise[0]!.status]).toEqual(['signed', 'signed']);
    expect(final.disagreements).toEqual(['logistics.rating', 'logistics.safety']);
  });

  it('a correction is a new version superseding the old, whose evidence it replaces; the old stays readable', async () => {
    const v2 = (await mentorAgent.post(url(placementId, '/final/mine/versions')).expect(201)).body.assessment as AssessmentView;
    expect(v2).toMatchObject({ version: 2, supersedesId: signed.id, status: 'draft', content: content(['advanced', 'developing']) });
    expect((await mentorAgent.post(url(placementId, '/final/mine/versions')).expect(409)).body.error.key).toBe('assessments.draftOpen');
    await mentorAgent.put(url(placementId, '/final/mine')).send({ baseRevision: v2.revision, content: content(['proficient', 'proficient']) }).expect(200);
    now += 60_000;
    await mentorAgent.post(url(placementId, '/final/mine/sign')).send({ revision: v2.revision + 1 }).expect(200);
    expect(await t.db('evidence').where({ ref_id: signed.id })).toEqual([]);
    expect((await t.db('evidence').where({ ref_id: v2.id }).select('score')).map((r) => Number(r.score))).toEqual([0.725, 0.725]);
    const final = (await read(teacherAgent)).points.find((p) => p.kind === 'final')!;
    expect(final.enterprise.map((a) => [a.version, a.status])).toEqual([[2, 'signed'], [1, 'signed']]);
    expect(final.enterprise[1]!.contentHash).toBe(signed.contentHash);
    expect(final.disagreements).toEqual([]);
  });

  it('a placement without a course signs off but enters no record, and says so', async () => {
    await mentorAgent.put(url(noCoursePlacementId, '/final/mine')).send({ baseRevision: 0, content: content(['proficient', 'proficient']) }).expect(200);
    const a = (await mentorAgent.post(url(noCoursePlacementId, '/final/mine/sign')).send({ revision: 1 }).expect(200)).body.assessment;
    expect(await t.db('evidence').where({ ref_id: a.id })).toEqual([]);
    expect((await read(teacherAgent, noCoursePlacementId)).feedsRecord).toBe(false);
  });
});

describe('access', () => {
  it('another mentor of the enterprise and another tenant’s teacher are told the placement does not exist', async () => {
    for (const agent of [otherMentorAgent, strangerAgent]) {
      await agent.get(url(placementId)).expect(404);
      await agent.put(url(placementId, '/mid/mine')).send({ baseRevision: 0, content: content(['proficient', 'proficient']) }).expect(404);
      await agent.post(url(placementId, '/mid/mine/sign')).send({ revision: 1 }).expect(404);
      await agent.post(url(placementId, '/final/mine/versions')).expect(404);
    }
  });

  it('a teacher of the school who is not the school mentor reads but does not assess; the student reads only what was signed', async () => {
    expect((await read(colleagueAgent)).you).toEqual({ side: null, setsPoints: true });
    expect((await colleagueAgent.put(url(placementId, '/mid/mine')).send({ baseRevision: 0, content: content(['proficient', 'proficient']) }).expect(403)).body.error.key).toBe('assessments.notAssessor');
    // The school mentor's mid-placement draft is theirs until signed.
    const midDraft = (await read(teacherAgent)).points.find((p) => p.kind === 'mid')!.school[0];
    await teacherAgent.put(url(placementId, '/mid/mine')).send({ baseRevision: midDraft?.revision ?? 0, content: content(['developing', 'proficient']) }).expect(200);
    const mine = await read(studentAgent);
    expect(mine.you).toEqual({ side: null, setsPoints: false });
    const all = mine.points.flatMap((p) => [...p.school, ...p.enterprise]);
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((a) => a.status === 'signed')).toBe(true);
    expect((await read(teacherAgent)).points.flatMap((p) => [...p.school, ...p.enterprise]).some((a) => a.status === 'draft')).toBe(true);
    await studentAgent.put(url(placementId, '/mid/mine')).send({ baseRevision: 0, content: content(['advanced', 'advanced']) }).expect(403);
  });

  it('the gap to the profile, shown beside the assessments, reads for the student and both mentors, after sign-offs', async () => {
    for (const agent of [studentAgent, teacherAgent, mentorAgent]) {
      const gaps = (await agent.get(`/api/placements/${placementId}/gaps`).expect(200)).body;
      expect(gaps).toMatchObject({ placementId, course: { id: courseId } });
    }
    await otherMentorAgent.get(`/api/placements/${placementId}/gaps`).expect(404);
  });

  it('reminds each mentor of the points they have not signed', async () => {
    const mentors = (await mentorAgent.get('/api/assessment-reminders').expect(200)).body.reminders;
    expect(mentors).toEqual([{ placementId, student: { id: student.id, name: student.name }, kind: 'mid', dueOn: day(29), state: 'none' }]);
    const teachers = (await teacherAgent.get('/api/assessment-reminders').expect(200)).body.reminders;
    expect(teachers.map((r: { placementId: string; kind: string }) => [r.placementId, r.kind])).toEqual([[placementId, 'mid'], [noCoursePlacementId, 'final']]);
    expect((await otherMentorAgent.get('/api/assessment-reminders').expect(200)).body.reminders).toEqual([]);
  });
});
