import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlacementView, TrainingBaseView } from '../../server/contract/placements';
import { getTestServer, type TestAgent, type TestServer } from '../helpers/app';
import { DAY_MS, clockStart, isoDay } from '../helpers/clock';
import { buildOrg, buildPartnership, buildUser, type OrgRecord, type UserRecord } from '../helpers/factories';

/** Training bases on partnerships and placements of a school's students at them (issue 16). */

let t: TestServer;
let school: OrgRecord;
let otherSchool: OrgRecord;
let swift: OrgRecord;
let partnershipId: string;
let proposedId: string;
let enterpriseAdmin: TestAgent;
let schoolAdmin: TestAgent;
let teacher: TestAgent;
let otherTeacher: TestAgent;
let student: UserRecord;
let studentAgent: TestAgent;
let classmate: UserRecord;
let classmateAgent: TestAgent;
let otherStudent: UserRecord;
let base: TrainingBaseView;
const start = clockStart();
const day = (n: number) => isoDay(start + n * DAY_MS);

beforeAll(async () => {
  t = await getTestServer();
  school = await buildOrg(t.db, { kind: 'school', name: 'Placement School' });
  otherSchool = await buildOrg(t.db, { kind: 'school', name: 'Other School' });
  swift = await buildOrg(t.db, { kind: 'enterprise', name: 'Swift Logistics' });
  partnershipId = await buildPartnership(t.db, school, swift);
  proposedId = await buildPartnership(t.db, otherSchool, swift, { status: 'proposed' });
  enterpriseAdmin = (await t.signIn(await buildUser(t.db, { org: swift, roles: ['admin'] }))).agent;
  schoolAdmin = (await t.signIn(await buildUser(t.db, { org: school, roles: ['admin'] }))).agent;
  teacher = (await t.signIn(await buildUser(t.db, { org: school, roles: ['teacher'] }))).agent;
  otherTeacher = (await t.signIn(await buildUser(t.db, { org: otherSchool, roles: ['teacher'] }))).agent;
  student = await buildUser(t.db, { org: school, roles: ['student'] });
  studentAgent = (await t.signIn(student)).agent;
  classmate = await buildUser(t.db, { org: school, roles: ['student'] });
  classmateAgent = (await t.signIn(classmate)).agent;
  otherStudent = await buildUser(t.db, { org: otherSchool, roles: ['student'] });
}, 60_000);
afterAll(() => t.close());

const place = (agent: TestAgent, body: Record<string, unknown>) =>
  agent.post('/api/placements').send({ baseId: base.id, studentId: student.id, role: 'Warehouse operator', startsOn: day(0), endsOn: day(30), weeklyHours: 20, ...body });

describe('training bases', () => {
  it('the enterprise admin opens a base only on an active partnership of its enterprise', async () => {
    const body = { name: 'Swift DC North', site: 'Distribution centre', roles: ['Warehouse operator', 'Dispatcher'], competencies: ['logistics.rating'], capacity: 4 };
    const created = await enterpriseAdmin.post('/api/training-bases').send({ ...body, partnershipId }).expect(201);
    base = created.body.base;
    expect(base).toMatchObject({ name: 'Swift DC North', roles: ['Warehouse operator', 'Dispatcher'], capacity: 4, school: { id: school.id }, enterprise: { id: swift.id } });

    const proposed = await enterpriseAdmin.post('/api/training-bases').send({ ...body, partnershipId: proposedId }).expect(409);
    expect(proposed.body.error.key).toBe('placements.partnershipNotActive');
    // The school's admin does not run bases: the partnership is not found for them.
    await schoolAdmin.post('/api/training-bases').send({ ...body, partnershipId }).expect(404);
  });

  it('the enterprise admin updates its base; others get 404', async () => {
    const res = await enterpriseAdmin.patch(`/api/training-bases/${base.id}`).send({ capacity: 6 }).expect(200);
    expect(res.body.base.capacity).toBe(6);
    await schoolAdmin.patch(`/api/training-bases/${base.id}`).send({ capacity: 1 }).expect(404);
  });

  it('the partner school’s teachers and admins list it; another school sees nothing', async () => {
    for (const agent of [teacher, schoolAdmin, enterpriseAdmin]) {
      const ids = (await agent.get('/api/training-bases').expect(200)).body.bases.map((b: TrainingBaseView) => b.id);
      expect(ids).toEqual([base.id]);
    }
    expect((await otherTeacher.get('/api/training-bases').expect(200)).body.bases).toEqual([]);
  });
});

describe('placements', () => {
  let placement: PlacementView;

  it('a teacher places a student of the school, mentoring by default', async () => {
    const res = await place(teacher, {}).expect(201);
    placement = res.body.placement;
    expect(placement).toMatchObject({ student: { id: student.id }, base: { id: base.id }, role: 'Warehouse operator', startsOn: day(0), endsOn: day(30), weeklyHours: 20, status: 'planned', enterpriseMentor: null });
  });

  it('refuses an end before the start', async () => {
    const res = await place(teacher, { startsOn: day(10), endsOn: day(9) }).expect(400);
    expect(res.body.error.details[0]).toMatchObject({ field: 'body.endsOn', key: 'placements.endsBeforeStart' });
  });

  it('refuses overlapping placements over full time, allows them within it', async () => {
    const over = await place(teacher, { startsOn: day(20), endsOn: day(40), weeklyHours: 21 }).expect(409);
    expect(over.body.error.key).toBe('placements.overFullTime');
    await place(teacher, { startsOn: day(20), endsOn: day(40), weeklyHours: 20 }).expect(201);
    // After the first one ends, only the second overlaps.
    await place(teacher, { startsOn: day(31), endsOn: day(35), weeklyHours: 20 }).expect(201);
    await place(teacher, { startsOn: day(41), endsOn: day(60), weeklyHours: 40 }).expect(201);
  });

  it('refuses a role the base does not offer', async () => {
    const res = await place(teacher, { role: 'Pilot', startsOn: day(100), endsOn: day(110) }).expect(400);
    expect(res.body.error.details[0]).toMatchObject({ field: 'body.role', key: 'placements.roleNotOffered' });
  });

  it('refuses a student or a mentor from another school', async () => {
    const res = await place(teacher, { studentId: otherStudent.id, startsOn: day(100), endsOn: day(110) }).expect(400);
    expect(res.body.error.details[0]).toMatchObject({ field: 'body.studentId', key: 'placements.notSchoolStudent' });
    const mentor = await place(teacher, { studentId: classmate.id, teacherId: otherStudent.id }).expect(400);
    expect(mentor.body.error.details[0]).toMatchObject({ field: 'body.teacherId', key: 'placements.notSchoolTeacher' });
  });

  it('the student sees only their own placements; the school and the enterprise see them all', async () => {
    await place(teacher, { studentId: classmate.id }).expect(201);
    const own = (await studentAgent.get('/api/placements').expect(200)).body.placements as PlacementView[];
    expect(own.length).toBe(4);
    expect(own.every((p) => p.student.id === student.id)).toBe(true);
    const classmates = (await classmateAgent.get('/api/placements').expect(200)).body.placements as PlacementView[];
    expect(classmates.map((p) => p.student.id)).toEqual([classmate.id]);
    expect((await teacher.get('/api/placements').expect(200)).body.placements).toHaveLength(5);
    const atBases = (await enterpriseAdmin.get('/api/placements').expect(200)).body.placements as PlacementView[];
    expect(atBases).toHaveLength(5);
    expect(atBases.map((p) => p.id)).toContain(placement.id);
  });

  it('another school’s teacher sees nothing and cannot place at the base', async () => {
    expect((await otherTeacher.get('/api/placements').expect(200)).body.placements).toEqual([]);
    await place(otherTeacher, { studentId: otherStudent.id }).expect(404);
  });

  it('refuses a period in which the base is full, and counts only the students there at the same time', async () => {
    const small = (await enterpriseAdmin.post('/api/training-bases').send({ partnershipId, name: 'Swift kiosk', roles: ['Clerk'], capacity: 1 }).expect(201)).body.base as TrainingBaseView;
    const at = (studentId: string, from: number, to: number) =>
      teacher.post('/api/placements').send({ baseId: small.id, studentId, role: 'Clerk', startsOn: day(from), endsOn: day(to), weeklyHours: 5 });
    const first = (await at(student.id, 100, 120).expect(201)).body.placement as PlacementView;
    const full = await at(classmate.id, 110, 130).expect(409);
    expect(full.body.error).toMatchObject({ key: 'placements.baseFull', params: { base: 'Swift kiosk', capacity: 1 } });
    // After the first ends the place is free again.
    await at(classmate.id, 121, 130).expect(201);
    // Moving the first into the second's period is refused the same way; cancelling frees it.
    expect((await teacher.patch(`/api/placements/${first.id}`).send({ endsOn: day(125) }).expect(409)).body.error.key).toBe('placements.baseFull');
    await teacher.patch(`/api/placements/${first.id}`).send({ status: 'cancelled' }).expect(200);
    await at(classmate.id, 100, 110).expect(201);
  });
});
