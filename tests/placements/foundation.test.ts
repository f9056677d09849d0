import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlacementView } from '../../server/contract/placements';
import type { Actor } from '../../server/http/policy';
import { placementAccess } from '../../server/placements/access';
import { gapsFrom, gapsTo, profileFor } from '../../server/placements/profiles';
import { getTestServer, type TestAgent, type TestServer } from '../helpers/app';
import { DAY_MS, clockStart, isoDay } from '../helpers/clock';
import { buildOrg, buildPartnership, buildUser, type OrgRecord, type UserRecord } from '../helpers/factories';

/**
 * What every later part of off-campus training stands on (issue 16): the mentor role and what
 * it sees, a placement's course, who the caller is to a placement, and requirement profiles.
 */
let t: TestServer;
let school: OrgRecord;
let swift: OrgRecord;
let teacher: UserRecord;
let teacherAgent: TestAgent;
let student: UserRecord;
let mentor: UserRecord;
let mentorAgent: TestAgent;
let otherMentorAgent: TestAgent;
let courseId: string;
let baseId: string;
let placement: PlacementView;
const start = clockStart();
const day = (n: number) => isoDay(start + n * DAY_MS);

const actorOf = async (u: UserRecord): Promise<Actor> => {
  const memberships = await t.db('memberships as m').join('organizations as o', 'o.id', 'm.org_id').where('m.user_id', u.id).select('m.id', 'm.org_id', 'o.name', 'o.kind', 'm.role');
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    sessionId: 'test',
    operator: false,
    memberships: memberships.map((m) => ({ id: m.id, orgId: m.org_id, orgName: m.name, orgKind: m.kind, role: m.role })),
    roles: new Set(memberships.map((m) => m.role)),
  };
};

beforeAll(async () => {
  t = await getTestServer();
  school = await buildOrg(t.db, { kind: 'school' });
  swift = await buildOrg(t.db, { kind: 'enterprise' });
  const partnershipId = await buildPartnership(t.db, school, swift);
  const enterpriseAdmin = (await t.signIn(await buildUser(t.db, { org: swift, roles: ['admin'] }))).agent;
  teacher = await buildUser(t.db, { org: school, roles: ['teacher'] });
  teacherAgent = (await t.signIn(teacher)).agent;
  student = await buildUser(t.db, { org: school, roles: ['student'] });
  mentor = await buildUser(t.db, { org: swift, roles: ['mentor'] });
  mentorAgent = (await t.signIn(mentor)).agent;
  otherMentorAgent = (await t.signIn(await buildUser(t.db, { org: swift, roles: ['mentor'] }))).agent;

  courseId = (await teacherAgent.post('/api/courses').send({ title: 'Logistics systems' }).expect(201)).body.course.id;
  await teacherAgent.post(`/api/courses/${courseId}/enrolments`).send({ userIds: [student.id] }).expect((r) => expect(r.status).toBeLessThan(300));
  baseId = (
    await enterpriseAdmin
      .post('/api/training-bases')
      .send({ partnershipId, name: 'DC North', roles: ['Dispatcher'], competencies: ['logistics.rating'], capacity: 2 })
      .expect(201)
  ).body.base.id;
}, 60_000);
afterAll(() => t.close());

describe('a placement in a course', () => {
  it('links the course the school mentor teaches and the student takes', async () => {
    const body = { baseId, studentId: student.id, role: 'Dispatcher', startsOn: day(0), endsOn: day(27), weeklyHours: 30 };
    const other = (await (await t.signIn(await buildUser(t.db, { org: school, roles: ['teacher'] }))).agent.post('/api/courses').send({ title: 'Not mine' }).expect(201)).body.course.id;
    const refused = await teacherAgent.post('/api/placements').send({ ...body, courseId: other }).expect(400);
    expect(JSON.stringify(refused.body)).toContain('placements.notMentorsCourse');
    placement = (await teacherAgent.post('/api/placements').send({ ...body, courseId }).expect(201)).body.placement;
    expect(placement.course).toEqual({ id: courseId, title: 'Logistics systems' });
  });
});

describe('the enterprise mentor', () => {
  it('sees their own mentees only', async () => {
    expect((await mentorAgent.get('/api/placements').expect(200)).body.placements).toEqual([]);
    await t.db('placements').where({ id: placement.id }).update({ enterprise_mentor_id: mentor.id });
    const mine = (await mentorAgent.get('/api/placements').expect(200)).body.placements as PlacementView[];
    expect(mine.map((p) => p.id)).toEqual([placement.id]);
    expect(mine[0]!.enterpriseMentor).toEqual({ id: mentor.id, name: mentor.name });
    // Another mentor of the same enterprise is not this student's mentor.
    expect((await otherMentorAgent.get('/api/placements').expect(200)).body.placements).toEqual([]);
  });

  it('is told who they are to a placement, and a stranger that it does not exist', async () => {
    const access = await placementAccess(t.db, await actorOf(mentor), placement.id, ['enterpriseMentor']);
    expect([...access.relations]).toEqual(['enterpriseMentor']);
    expect([...(await placementAccess(t.db, await actorOf(teacher), placement.id, ['schoolMentor'])).relations].sort()).toEqual(['school', 'schoolMentor']);
    await expect(placementAccess(t.db, await actorOf(student), placement.id, ['enterpriseMentor', 'school'])).rejects.toMatchObject({ status: 404 });
    await expect(placementAccess(t.db, await actorOf(mentor), randomUUID(), ['enterpriseMentor'])).rejects.toMatchObject({ status: 404 });
  });

  it('loses the placement with the mentor role, though still named on it', async () => {
    const role = await t.db('memberships').where({ user_id: mentor.id, role: 'mentor' }).first();
    await t.db('memberships').where({ id: role.id }).delete();
    try {
      await expect(placementAccess(t.db, await actorOf(mentor), placement.id, ['enterpriseMentor'])).rejects.toMatchObject({ status: 404 });
    } finally {
      await t.db('memberships').insert(role);
    }
    expect([...(await placementAccess(t.db, await actorOf(mentor), placement.id, ['enterpriseMentor'])).relations]).toEqual(['enterpriseMentor']);
  });
});

describe('requirement profiles', () => {
  it('take a base’s own profile over the role-wide one, and measure the gap from mastery', async () => {
    const now = new Date(start);
    await t.db('role_profiles').insert([
      { enterprise_id: swift.id, base_id: null, role: 'Dispatcher', competency_code: 'logistics.rating', level_id: 'developing', updated_at: now },
      { enterprise_id: swift.id, base_id: baseId, role: 'Dispatcher', competency_code: 'logistics.rating', level_id: 'proficient', updated_at: now },
    ]);
    const atBase = await profileFor(t.db, swift.id, 'Dispatcher', baseId);
    expect(atBase.baseId).toBe(baseId);
    expect(atBase.entries.map((e) => [e.code, e.level.id])).toEqual([['logistics.rating', 'proficient']]);
    const elsewhere = await profileFor(t.db, swift.id, 'Dispatcher', randomUUID());
    expect(elsewhere.entries.map((e) => e.level.id)).toEqual(['developing']);

    expect((await gapsTo(t.db, atBase, courseId, student.id))[0]).toMatchObject({ value: null, gap: 0, meets: false });
    await t.db('mastery').insert({ course_id: courseId, student_id: student.id, values_json: JSON.stringify({ 'logistics.rating': [0.5, 2] }), updated_at: now });
    const [gap] = await gapsTo(t.db, atBase, courseId, student.id);
    expect(gap).toMatchObject({ code: 'logistics.rating', value: 0.5, meets: false });
    expect(gap!.gap).toBeCloseTo(atBase.entries[0]!.level.min - 0.5);
    expect(gapsFrom(atBase, () => 0.95, (c) => c)[0]).toMatchObject({ gap: 0, meets: true });
  });
});

describe('workplace evidence', () => {
  it('needs no attempt and names its placement and assessment', async () => {
    const now = new Date(start);
    const row = { course_id: courseId, student_id: student.id, competency_code: 'logistics.rating', score: 0.7, weight: 1, source: 'workplace', attempt_id: null, ref_kind: 'assessment', ref_id: randomUUID(), assessor_id: mentor.id, placement_id: placement.id, submitted_at: now, created_at: now };
    await t.db('evidence').insert(row);
    expect(await t.db('evidence').where({ placement_id: placement.id }).first('source', 'ref_kind', 'attempt_id')).toEqual({ source: 'workplace', ref_kind: 'assessment', attempt_id: null });
    await expect(t.db('evidence').insert({ ...row, ref_id: randomUUID(), source: 'rumour' })).rejects.toThrow();
  });
});
