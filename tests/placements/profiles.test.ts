import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlacementGapsView, RoleProfilesView } from '../../server/contract/profiles';
import { DEFAULT_LEVELS } from '../../server/competency/mastery';
import { gapsFrom } from '../../server/placements/profiles';
import { msg, render, type MessageKey } from '../../server/messages';
import { importFramework } from '../feedback/world';
import { getTestServer, type TestAgent, type TestServer } from '../helpers/app';
import { DAY_MS, clockStart, isoDay } from '../helpers/clock';
import { buildOrg, buildPartnership, buildUser, type OrgRecord, type UserRecord } from '../helpers/factories';

/** Requirement profiles (岗位能力要求): who states and reads them, which one applies, and a placement's gap to it. */

const start = clockStart();
const day = (n: number) => isoDay(start + n * DAY_MS);
const level = (id: string) => DEFAULT_LEVELS.find((l) => l.id === id)!;

let t: TestServer;
let swift: OrgRecord;
let otherEnterprise: OrgRecord;
let enterpriseAdmin: TestAgent;
let otherEnterpriseAdmin: TestAgent;
let mentor: UserRecord;
let mentorAgent: TestAgent;
let teacher: TestAgent;
let schoolAdmin: TestAgent;
let otherTeacher: TestAgent;
let student: UserRecord;
let studentAgent: TestAgent;
let classmateAgent: TestAgent;
let baseId: string;
let spareBaseId: string;
let courseId: string;
let placementId: string;
let spareBasePlacementId: string;
let noCoursePlacementId: string;

beforeAll(async () => {
  t = await getTestServer({ clock: () => new Date(start) });
  await importFramework(t.db, new Date(start));
  const school = await buildOrg(t.db, { kind: 'school', name: 'Profile School' });
  const otherSchool = await buildOrg(t.db, { kind: 'school', name: 'Elsewhere School' });
  swift = await buildOrg(t.db, { kind: 'enterprise', name: 'Swift Logistics' });
  otherEnterprise = await buildOrg(t.db, { kind: 'enterprise', name: 'Other Works' });
  const partnershipId = await buildPartnership(t.db, school, swift);
  enterpriseAdmin = (await t.signIn(await buildUser(t.db, { org: swift, roles: ['admin'] }))).agent;
  otherEnterpriseAdmin = (await t.signIn(await buildUser(t.db, { org: otherEnterprise, roles: ['admin'] }))).agent;
  mentor = await buildUser(t.db, { org: swift, roles: ['mentor'] });
  mentorAgent = (await t.signIn(mentor)).agent;
  teacher = (await t.signIn(await buildUser(t.db, { org: school, roles: ['teacher'] }))).agent;
  schoolAdmin = (await t.signIn(await buildUser(t.db, { org: school, roles: ['admin'] }))).agent;
  otherTeacher = (await t.signIn(await buildUser(t.db, { org: otherSchool, roles: ['teacher'] }))).agent;
  student = await buildUser(t.db, { org: school, roles: ['student'] });
  studentAgent = (await t.signIn(student)).agent;
  const classmate = await buildUser(t.db, { org: school, roles: ['student'] });
  classmateAgent = (await t.signIn(classmate)).agent;

  const base = (name: string) => enterpriseAdmin.post('/api/training-bases').send({ partnershipId, name, roles: ['Dispatcher'], capacity: 5 }).expect(201);
  baseId = (await base('Swift DC North')).body.base.id;
  spareBaseId = (await base('Swift DC South')).body.base.id;
  courseId = (await teacher.post('/api/courses').send({ title: 'Logistics' }).expect(201)).body.course.id;
  await teacher.post(`/api/courses/${courseId}/enrolments`).send({ userIds: [student.id] }).expect(200);
  const place = async (body: Record<string, unknown>) =>
    (await teacher.post('/api/placements').send({ studentId: student.id, role: 'Dispatcher', weeklyHours: 10, ...body }).expect(201)).body.placement.id as string;
  placementId = await place({ baseId, courseId, startsOn: day(0), endsOn: day(30) });
  spareBasePlacementId = await place({ baseId: spareBaseId, courseId, startsOn: day(40), endsOn: day(50) });
  noCoursePlacementId = await place({ baseId, startsOn: day(60), endsOn: day(70) });
  await t.db('placements').where({ id: placementId }).update({ enterprise_mentor_id: mentor.id });
  await t.db('mastery').insert({
    course_id: courseId,
    student_id: student.id,
    values_json: JSON.stringify({ 'js.debugging': [0.5, 2], 'data.analysis': [0.9, 1] }),
    updated_at: new Date(start),
  });
}, 60_000);
afterAll(() => t.close());

const put = (agent: TestAgent, body: Record<string, unknown>) => agent.put('/api/role-profiles').send({ role: 'Dispatcher', ...body });

describe('PUT /api/role-profiles', () => {
  it('the enterprise admin states the role’s profile at every base, then one base’s own', async () => {
    const res = await put(enterpriseAdmin, {
      entries: [
        { code: 'js.debugging', level: 'proficient' },
        { code: 'data.analysis', level: 'developing' },
      ],
    }).expect(200);
    const view = res.body as RoleProfilesView;
    expect(view.canEdit).toBe(true);
    expect(view.profiles).toEqual([
      expect.objectContaining({ role: 'Dispatcher', base: null, entries: [expect.objectContaining({ code: 'js.debugging', level: level('proficient') }), expect.objectContaining({ code: 'data.analysis', level: level('developing') })] }),
    ]);
    const own = await put(enterpriseAdmin, { baseId, entries: [{ code: 'js.debugging', level: 'advanced' }] }).expect(200);
    expect((own.body as RoleProfilesView).profiles.map((p) => [p.base?.id ?? null, p.entries.length])).toEqual([
      [null, 2],
      [baseId, 1],
    ]);
  });

  it('replaces rather than adds: the same call twice leaves one profile', async () => {
    await put(enterpriseAdmin, { baseId, entries: [{ code: 'js.debugging', level: 'advanced' }] }).expect(200);
    expect((await t.db('role_profiles').where({ base_id: baseId })).length).toBe(1);
  });

  it('refuses a code no framework has and a level the code’s framework lacks, naming each entry', async () => {
    const res = await put(enterpriseAdmin, {
      entries: [
        { code: 'no.such', level: 'proficient' },
        { code: 'js.debugging', level: 'expert' },
        { code: 'data.analysis', level: 'developing' },
        { code: 'data.analysis', level: 'advanced' },
      ],
    }).expect(400);
    expect(res.body.error.details).toEqual([
      expect.objectContaining({ field: 'body.entries.0.code', key: 'field.unknownCompetency' }),
      expect.objectContaining({ field: 'body.entries.1.level', key: 'roleProfiles.notALevel', params: expect.objectContaining({ levels: 'beginner, developing, proficient, advanced' }) }),
      expect.objectContaining({ field: 'body.entries.3.code', key: 'roleProfiles.codeTwice' }),
    ]);
    // Nothing changed.
    expect((await t.db('role_profiles').where({ enterprise_id: swift.id })).length).toBe(3);
  });

  it('says so in Chinese too: the client renders the key and its parameters', async () => {
    const res = await put(enterpriseAdmin, { entries: [{ code: 'js.debugging', level: 'expert' }] }).expect(400);
    const issue = res.body.error.details[0] as { key: MessageKey; params: Record<string, string> };
    expect(render(msg(issue.key, issue.params), 'zh-CN')).toBe('“expert”不是 js.debugging 所属能力框架中的等级；可用等级：beginner, developing, proficient, advanced');
  });

  it('refuses a role the base does not offer', async () => {
    const res = await put(enterpriseAdmin, { baseId, role: 'Pilot', entries: [] }).expect(400);
    expect(res.body.error.details[0]).toMatchObject({ field: 'body.role', key: 'placements.roleNotOffered' });
  });

  it('another enterprise’s admin, a school admin and a base of another enterprise: not found', async () => {
    await put(otherEnterpriseAdmin, { enterpriseId: swift.id, entries: [] }).expect(404);
    await put(schoolAdmin, { entries: [] }).expect(404);
    await put(otherEnterpriseAdmin, { baseId, entries: [] }).expect(404);
    await put(teacher, { entries: [] }).expect(403);
  });
});

describe('GET /api/role-profiles', () => {
  it('the enterprise’s admins and mentors, and the partner school’s teachers and admins read them', async () => {
    for (const agent of [enterpriseAdmin, mentorAgent, teacher, schoolAdmin]) {
      const view = (await agent.get('/api/role-profiles').query({ enterpriseId: swift.id }).expect(200)).body as RoleProfilesView;
      expect(view.enterprise.id).toBe(swift.id);
      expect(view.profiles).toHaveLength(2);
      expect(view.bases.map((b) => b.id).sort()).toEqual([baseId, spareBaseId].sort());
    }
    const reader = (await teacher.get('/api/role-profiles').query({ enterpriseId: swift.id })).body as RoleProfilesView;
    expect([reader.canEdit, reader.levelChoices]).toEqual([false, {}]);
    // The editor is offered each competency's own framework levels.
    const editor = (await enterpriseAdmin.get('/api/role-profiles').expect(200)).body as RoleProfilesView;
    expect(editor.levelChoices['js.debugging']).toEqual(DEFAULT_LEVELS);
  });

  it('a school with no partnership, another enterprise, a student: not found or refused', async () => {
    await otherTeacher.get('/api/role-profiles').query({ enterpriseId: swift.id }).expect(404);
    await otherEnterpriseAdmin.get('/api/role-profiles').query({ enterpriseId: swift.id }).expect(404);
    await studentAgent.get('/api/role-profiles').query({ enterpriseId: swift.id }).expect(403);
  });
});

describe('gapsFrom', () => {
  const profile = {
    enterpriseId: 'e',
    role: 'r',
    baseId: null,
    entries: [
      { code: 'a', level: level('proficient') },
      { code: 'b', level: level('developing') },
      { code: 'c', level: level('advanced') },
    ],
  };
  it('is how far below the required minimum, 0 at or above it, and no value is not meeting it', () => {
    const values: Record<string, number | null> = { a: 0.45, b: 0.4, c: null };
    const gaps = gapsFrom(profile, (c) => values[c] ?? null, (c) => c.toUpperCase());
    expect(gaps.map((g) => [g.code, g.title, Number(g.gap.toFixed(2)), g.meets])).toEqual([
      ['a', 'A', 0.15, false],
      ['b', 'B', 0, true],
      ['c', 'C', 0, false],
    ]);
  });
});

describe('GET /api/placements/:id/gaps', () => {
  it('the base’s own profile wins over the role’s at every base', async () => {
    const view = (await teacher.get(`/api/placements/${placementId}/gaps`).expect(200)).body as PlacementGapsView;
    expect(view.scope).toBe('base');
    expect(view.gaps).toEqual([expect.objectContaining({ code: 'js.debugging', required: level('advanced'), value: 0.5, meets: false })]);
    expect(view.gaps![0]!.gap).toBeCloseTo(0.35);
  });

  it('a base without its own profile takes the role’s', async () => {
    const view = (await teacher.get(`/api/placements/${spareBasePlacementId}/gaps`).expect(200)).body as PlacementGapsView;
    expect(view.scope).toBe('role');
    expect(view.gaps!.map((g) => [g.code, g.meets])).toEqual([
      ['js.debugging', false],
      ['data.analysis', true],
    ]);
    expect(view.gaps![0]!.gap).toBeCloseTo(0.1);
  });

  it('a placement with no course says so: no record to compare', async () => {
    const view = (await teacher.get(`/api/placements/${noCoursePlacementId}/gaps`).expect(200)).body as PlacementGapsView;
    expect(view).toMatchObject({ course: null, gaps: null, scope: 'base' });
  });

  it('everyone with a relation to the placement reads it; others are told it does not exist', async () => {
    for (const agent of [studentAgent, teacher, schoolAdmin, enterpriseAdmin, mentorAgent]) await agent.get(`/api/placements/${placementId}/gaps`).expect(200);
    // The mentor guides one placement of the student, not the others.
    await mentorAgent.get(`/api/placements/${spareBasePlacementId}/gaps`).expect(404);
    for (const agent of [classmateAgent, otherTeacher, otherEnterpriseAdmin]) {
      const res = await agent.get(`/api/placements/${placementId}/gaps`).expect(404);
      expect(res.body.error.key).toBe('notFound.placement');
    }
  });
});
