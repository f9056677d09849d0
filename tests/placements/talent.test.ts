import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CandidateView, CandidatesView, InvitationView, MyConsentsView, ShortlistEntry } from '../../server/contract/talent';
import { getTestServer, type TestAgent, type TestServer } from '../helpers/app';
import { DAY_MS, clockStart, isoDay } from '../helpers/clock';
import { buildOrg, buildPartnership, buildUser, type OrgRecord, type UserRecord } from '../helpers/factories';

/**
 * Talent selection (issue 16): a student's revocable, logged consent per partner enterprise;
 * the enterprise's candidates ranked by fit to a role's profile, with only what each shares;
 * shortlist and interview invitations, seen by the student and their school.
 */
let t: TestServer;
let school: OrgRecord;
let otherSchool: OrgRecord;
let swift: OrgRecord;
let rival: OrgRecord;
let admin: TestAgent;
let rivalAdmin: TestAgent;
let schoolAdmin: TestAgent;
let teacher: TestAgent;
let otherTeacher: TestAgent;
let baseId: string;
let rivalBaseId: string;
const people: Record<string, { user: UserRecord; agent: TestAgent }> = {};
const start = clockStart();
const at = (days: number) => new Date(start + days * DAY_MS).toISOString();
const id = (name: string) => people[name]!.user.id;
const as = (name: string) => people[name]!.agent;
const both = { identity: true, assessments: true };
const levelsOnly = { identity: false, assessments: false };

const candidatesOf = async (query: Record<string, string> = {}, agent = admin) =>
  (await agent.get('/api/talent/candidates').query({ role: 'Dispatcher', ...query }).expect(200)).body as CandidatesView;
const consents = async (name: string) => (await as(name).get('/api/me/talent-consents').expect(200)).body as MyConsentsView;
const consent = (name: string, shares = both, enterprise = swift) => as(name).put(`/api/me/talent-consents/${enterprise.id}`).send({ shares });
/** Each consenting student's candidate ref at the enterprise (by name): what the enterprise knows them by. */
const refsAt = async (enterprise = swift): Promise<Record<string, string>> => {
  const rows: { student_id: string; candidate_ref: string }[] = await t.db('talent_consents').where({ enterprise_id: enterprise.id }).whereNull('revoked_at').select('student_id', 'candidate_ref');
  const byUser = new Map(rows.map((r) => [r.student_id, r.candidate_ref]));
  return Object.fromEntries(Object.keys(people).flatMap((name) => (byUser.has(id(name)) ? [[name, byUser.get(id(name))!]] : [])));
};
const invitationBody = { role: 'Dispatcher', at: at(10), place: 'Swift DC North, gate 2', message: 'Bring your logbook.' };

beforeAll(async () => {
  t = await getTestServer({ clock: () => new Date(start) });
  school = await buildOrg(t.db, { kind: 'school', name: 'Harbour Vocational' });
  otherSchool = await buildOrg(t.db, { kind: 'school', name: 'Hill School' });
  const farSchool = await buildOrg(t.db, { kind: 'school', name: 'Far School' });
  swift = await buildOrg(t.db, { kind: 'enterprise', name: 'Swift Logistics' });
  rival = await buildOrg(t.db, { kind: 'enterprise', name: 'Rival Freight' });
  const partnershipId = await buildPartnership(t.db, school, swift);
  await buildPartnership(t.db, otherSchool, swift);
  const rivalPartnership = await buildPartnership(t.db, school, rival);
  admin = (await t.signIn(await buildUser(t.db, { org: swift, roles: ['admin'] }))).agent;
  rivalAdmin = (await t.signIn(await buildUser(t.db, { org: rival, roles: ['admin'] }))).agent;
  schoolAdmin = (await t.signIn(await buildUser(t.db, { org: school, roles: ['admin'] }))).agent;
  const teacherUser = await buildUser(t.db, { org: school, roles: ['teacher'] });
  teacher = (await t.signIn(teacherUser)).agent;
  otherTeacher = (await t.signIn(await buildUser(t.db, { org: otherSchool, roles: ['teacher'] }))).agent;
  for (const name of ['ann', 'ben', 'cat', 'fay', 'dan', 'eve']) {
    const user = await buildUser(t.db, { org: school, roles: ['student'], name: `Student ${name}` });
    people[name] = { user, agent: (await t.signIn(user)).agent };
  }
  const hill = await buildUser(t.db, { org: otherSchool, roles: ['student'], name: 'Student hill' });
  people.hill = { user: hill, agent: (await t.signIn(hill)).agent };
  const far = await buildUser(t.db, { org: farSchool, roles: ['student'], name: 'Student far' });
  people.far = { user: far, agent: (await t.signIn(far)).agent };

  const base = { name: 'DC North', roles: ['Dispatcher'], competencies: ['logistics.rating'], capacity: 5 };
  baseId = (await admin.post('/api/training-bases').send({ ...base, partnershipId }).expect(201)).body.base.id;
  rivalBaseId = (await rivalAdmin.post('/api/training-bases').send({ ...base, partnershipId: rivalPartnership }).expect(201)).body.base.id;

  // Two courses: a candidate's value is the best across them.
  const course = async (title: string) => {
    const courseId = (await teacher.post('/api/courses').send({ title }).expect(201)).body.course.id as string;
    await teacher.post(`/api/courses/${courseId}/enrolments`).send({ userIds: Object.values(people).map((p) => p.user.id) });
    return courseId;
  };
  const c1 = await course('Warehouse systems');
  const c2 = await course('Dispatch');
  const now = new Date(start);
  const mastery = (courseId: string, name: string, values: Record<string, number>) =>
    t.db('mastery').insert({ course_id: courseId, student_id: id(name), values_json: JSON.stringify(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, [v, 1]]))), updated_at: now });
  // Default levels: developing from 0.4, proficient from 0.6.
  await t.db('role_profiles').insert([
    { enterprise_id: swift.id, base_id: null, role: 'Dispatcher', competency_code: 'logistics.rating', level_id: 'proficient', updated_at: now },
    { enterprise_id: swift.id, base_id: null, role: 'Dispatcher', competency_code: 'logistics.safety', level_id: 'developing', updated_at: now },
  ]);
  await mastery(c1, 'ann', { 'logistics.rating': 0.5, 'logistics.safety': 0.5 });
  await mastery(c2, 'ann', { 'logistics.rating': 0.7 });
  await mastery(c1, 'ben', { 'logistics.rating': 0.55, 'logistics.safety': 0.45 });
  await mastery(c1, 'cat', { 'logistics.rating': 0.3, 'logistics.safety': 0.9 });
  await mastery(c1, 'fay', { 'logistics.rating': 0.9 });
  await mastery(c1, 'dan', { 'logistics.rating': 0.9, 'logistics.safety': 0.9 });
  await mastery(c1, 'eve', { 'logistics.rating': 0.9, 'logistics.safety': 0.9 });

  // Ann's signed workplace assessment, as the assessments part writes it.
  const placement = (await teacher.post('/api/placements').send({ baseId, studentId: id('ann'), role: 'Dispatcher', startsOn: isoDay(start), endsOn: isoDay(start + 30 * DAY_MS), weeklyHours: 20, courseId: c1 }).expect(201)).body.placement;
  await t.db('evidence').insert({ course_id: c1, student_id: id('ann'), competency_code: 'logistics.rating', score: 0.7, weight: 1, source: 'workplace', attempt_id: null, ref_kind: 'assessment', ref_id: randomUUID(), assessor_id: teacherUser.id, placement_id: placement.id, submitted_at: now, created_at: now });
}, 60_000);
afterAll(() => t.close());

describe('consent', () => {
  it('lists the partner enterprises of the student’s school, none consented yet', async () => {
    const mine = await consents('ann');
    expect(mine.enterprises.map((e) => [e.enterprise.name, e.school.name, e.consent])).toEqual([
      ['Rival Freight', 'Harbour Vocational', null],
      ['Swift Logistics', 'Harbour Vocational', null],
    ]);
    expect(mine.log).toEqual([]);
  });

  it('is granted, changed and logged; the same choice twice logs nothing', async () => {
    let mine = (await consent('ann', levelsOnly).expect(200)).body as MyConsentsView;
    expect(mine.enterprises.find((e) => e.enterprise.id === swift.id)!.consent).toMatchObject({ shares: levelsOnly, grantedAt: at(0) });
    await consent('ann', both).expect(200);
    await consent('ann', both).expect(200);
    mine = await consents('ann');
    expect(mine.log.map((l) => [l.action, l.enterprise.id, l.shares, l.by.id, l.at])).toEqual([
      ['changed', swift.id, both, id('ann'), at(0)],
      ['granted', swift.id, levelsOnly, id('ann'), at(0)],
    ]);
  });

  it('only to an active partner of the student’s school', async () => {
    await consent('far').expect(404);
    await consent('ann', both, { ...swift, id: randomUUID() }).expect(404);
    // A teacher consents for nobody.
    await teacher.put(`/api/me/talent-consents/${swift.id}`).send({ shares: both }).expect(403);
  });

  it('cannot be revoked when there is none', async () => {
    const res = await as('dan').delete(`/api/me/talent-consents/${swift.id}`).expect(404);
    expect(res.body.error.key).toBe('notFound.consent');
  });
});

describe('candidates', () => {
  beforeAll(async () => {
    await consent('ben', levelsOnly).expect(200);
    await consent('cat', { identity: true, assessments: false }).expect(200);
    await consent('fay').expect(200);
    await consent('hill').expect(200);
  });

  it('are the consenting students only, ranked meets → nearly meets → below', async () => {
    const view = await candidatesOf();
    const r = await refsAt();
    expect(view.enterprise).toEqual({ id: swift.id, name: 'Swift Logistics' });
    expect(view.candidates.map((c) => [c.id, c.fit])).toEqual([
      [r.ann, 'meets'],
      [r.ben, 'nearlyMeets'],
      // Hill has no mastery at all: below, after those with values.
      [r.cat, 'below'],
      [r.fay, 'below'],
      [r.hill, 'below'],
    ]);
    // Dan and Eve never consented: nowhere, not even by id.
    await admin.get(`/api/talent/candidates/${id('dan')}`).query({ role: 'Dispatcher' }).expect(404);
    // A consenting student's user id names no candidate either: only their ref does.
    await admin.get(`/api/talent/candidates/${id('ann')}`).query({ role: 'Dispatcher' }).expect(404);
    expect((await admin.get(`/api/talent/candidates/${r.ann}`).query({ role: 'Dispatcher' }).expect(200)).body.candidate.name).toBe('Student ann');
  });

  it('nearly meets: every competency assessed, each at most 0.1 below; unassessed is below', async () => {
    const { candidates } = await candidatesOf();
    const r = await refsAt();
    const ben = candidates.find((c) => c.id === r.ben)!;
    expect(ben.competencies.map((c) => [c.code, c.required.id, c.level?.id, c.meets])).toEqual([
      ['logistics.rating', 'proficient', 'developing', false],
      ['logistics.safety', 'developing', 'developing', true],
    ]);
    expect(ben.competencies[0]!.gap).toBeCloseTo(0.05);
    const fay = candidates.find((c) => c.id === r.fay)!;
    expect(fay.competencies.map((c) => [c.code, c.value, c.gap])).toEqual([
      ['logistics.rating', 0.9, 0],
      ['logistics.safety', null, 0],
    ]);
  });

  it('show only what each student shares', async () => {
    const { candidates } = await candidatesOf();
    const r = await refsAt();
    const ann = candidates.find((c) => c.id === r.ann)!;
    expect(ann).toMatchObject({ name: 'Student ann', school: { id: school.id, name: 'Harbour Vocational' }, shares: both });
    expect(ann.assessments).toEqual([{ code: 'logistics.rating', title: 'logistics.rating', level: { id: 'proficient', label: 'Proficient', min: 0.6 }, value: 0.7, on: isoDay(start), enterprise: 'Swift Logistics', role: 'Dispatcher' }]);
    // The best value across courses.
    expect(ann.competencies[0]!.value).toBe(0.7);
    const ben: CandidateView = candidates.find((c) => c.id === r.ben)!;
    expect([ben.name, ben.school, ben.assessments]).toEqual([null, null, null]);
    expect(JSON.stringify(ben)).not.toContain('Student ben');
    expect(candidates.find((c) => c.id === r.cat)!.assessments).toBeNull();
    // Nothing the enterprise sees carries a user id.
    for (const name of Object.keys(people)) expect(JSON.stringify(candidates)).not.toContain(id(name));
  });

  it('narrow to a base’s partner school; another enterprise’s base is not found', async () => {
    expect((await candidatesOf({ baseId })).candidates.map((c) => c.id)).not.toContain((await refsAt()).hill);
    await admin.get('/api/talent/candidates').query({ role: 'Dispatcher', baseId: rivalBaseId }).expect(404);
  });

  it('another enterprise sees none of them; the school side is no enterprise', async () => {
    await consent('ann', both, rival).expect(200);
    const theirs = await candidatesOf({}, rivalAdmin);
    const r = await refsAt();
    // Ann opted in to Rival too; the others did not.
    expect(theirs.candidates.map((c) => c.id)).toEqual([(await refsAt(rival)).ann]);
    // Swift's ref for Ben means nothing to Rival.
    await rivalAdmin.get(`/api/talent/candidates/${r.ben}`).query({ role: 'Dispatcher' }).expect(404);
    await rivalAdmin.put(`/api/talent/candidates/${r.ben}/shortlist`).send({ role: 'Dispatcher' }).expect(404);
    await rivalAdmin.post(`/api/talent/candidates/${r.ben}/invitations`).send(invitationBody).expect(404);
    await schoolAdmin.get('/api/talent/candidates').query({ role: 'Dispatcher' }).expect(404);
    await teacher.get('/api/talent/candidates').query({ role: 'Dispatcher' }).expect(403);
  });

  it('the same student seen by two enterprises has two unrelated ids, neither the user id', async () => {
    const atSwift = (await candidatesOf()).candidates.find((c) => c.name === 'Student ann')!;
    const atRival = (await candidatesOf({}, rivalAdmin)).candidates.find((c) => c.name === 'Student ann')!;
    expect(atSwift.id).not.toBe(atRival.id);
    expect([atSwift.id, atRival.id]).not.toContain(id('ann'));
    // Each enterprise's id works at that enterprise only.
    await rivalAdmin.get(`/api/talent/candidates/${atRival.id}`).query({ role: 'Dispatcher' }).expect(200);
    await rivalAdmin.get(`/api/talent/candidates/${atSwift.id}`).query({ role: 'Dispatcher' }).expect(404);
    await admin.get(`/api/talent/candidates/${atRival.id}`).query({ role: 'Dispatcher' }).expect(404);
  });
});

describe('shortlist and invitations', () => {
  let invitation: InvitationView;

  it('the enterprise shortlists a candidate with a note and invites them', async () => {
    const r = await refsAt();
    await admin.put(`/api/talent/candidates/${id('ann')}/shortlist`).send({ role: 'Dispatcher', note: 'Strong on rating' }).expect(404);
    await admin.put(`/api/talent/candidates/${r.ann}/shortlist`).send({ role: 'Dispatcher', note: 'Strong on rating' }).expect(204);
    const list = (await admin.get('/api/talent/shortlist').expect(200)).body.shortlist as ShortlistEntry[];
    expect(list).toEqual([{ student: { id: r.ann, name: 'Student ann', school: { id: school.id, name: 'Harbour Vocational' } }, role: 'Dispatcher', note: 'Strong on rating', at: at(0) }]);
    expect((await candidatesOf()).candidates[0]!.shortlist).toMatchObject({ note: 'Strong on rating' });
    invitation = (await admin.post(`/api/talent/candidates/${r.ann}/invitations`).send({ ...invitationBody, baseId }).expect(201)).body.invitation;
    expect(invitation).toMatchObject({ student: { id: r.ann, name: 'Student ann' }, base: { id: baseId, name: 'DC North' }, role: 'Dispatcher', at: at(10), status: 'sent' });
    await admin.post(`/api/talent/candidates/${id('dan')}/invitations`).send(invitationBody).expect(404);
    const past = await admin.post(`/api/talent/candidates/${r.ann}/invitations`).send({ ...invitationBody, at: at(-1) }).expect(400);
    expect(past.body.error.details[0]).toMatchObject({ field: 'body.at', key: 'talent.interviewInPast' });
  });

  it('the student sees it and answers; only they can', async () => {
    const mine = (await as('ann').get('/api/me/talent-invitations').expect(200)).body.invitations as InvitationView[];
    expect(mine.map((i) => [i.id, i.enterprise.name, i.place, i.message])).toEqual([[invitation.id, 'Swift Logistics', 'Swift DC North, gate 2', 'Bring your logbook.']]);
    await as('ben').put(`/api/me/talent-invitations/${invitation.id}/answer`).send({ answer: 'declined' }).expect(404);
    const answered = (await as('ann').put(`/api/me/talent-invitations/${invitation.id}/answer`).send({ answer: 'accepted' }).expect(200)).body.invitation;
    expect(answered).toMatchObject({ status: 'accepted', respondedAt: at(0) });
    expect((await as('ben').get('/api/me/talent-invitations').expect(200)).body.invitations).toEqual([]);
  });

  it('the student’s school sees it, another school does not', async () => {
    for (const agent of [teacher, schoolAdmin]) {
      const seen = (await agent.get('/api/talent/school-invitations').expect(200)).body.invitations as InvitationView[];
      // The school's side keeps the real id.
      expect(seen.map((i) => [i.id, i.student?.id, i.student?.name, i.status])).toEqual([[invitation.id, id('ann'), 'Student ann', 'accepted']]);
    }
    expect((await otherTeacher.get('/api/talent/school-invitations').expect(200)).body.invitations).toEqual([]);
    expect((await rivalAdmin.get('/api/talent/invitations').expect(200)).body.invitations).toEqual([]);
  });

  it('an anonymous candidate stays anonymous in the enterprise’s invitations', async () => {
    const r = await refsAt();
    const sent = (await admin.post(`/api/talent/candidates/${r.ben}/invitations`).send(invitationBody).expect(201)).body.invitation as InvitationView;
    expect([sent.student, sent.school]).toEqual([{ id: r.ben, name: null }, null]);
    const listed = (await admin.get('/api/talent/invitations').expect(200)).body.invitations as InvitationView[];
    for (const name of Object.keys(people)) expect(JSON.stringify(listed)).not.toContain(id(name));
  });
});

describe('revoking consent', () => {
  let invitation: InvitationView;
  let eveRef: string;

  it('hides the student from candidates and shortlist at once; sent invitations stay with the student and school', async () => {
    await consent('eve').expect(200);
    const r = await refsAt();
    eveRef = r.eve!;
    await admin.put(`/api/talent/candidates/${r.eve}/shortlist`).send({ role: 'Dispatcher', note: 'Call back' }).expect(204);
    invitation = (await admin.post(`/api/talent/candidates/${r.eve}/invitations`).send(invitationBody).expect(201)).body.invitation;
    // Eve and Ann both meet the profile; Eve, further above it, ranks first.
    expect((await candidatesOf()).candidates.slice(0, 2).map((c) => c.id)).toEqual([r.eve, r.ann]);

    await as('eve').delete(`/api/me/talent-consents/${swift.id}`).expect(200);
    expect((await candidatesOf()).candidates.map((c) => c.id)).not.toContain(r.eve);
    await admin.get(`/api/talent/candidates/${r.eve}`).query({ role: 'Dispatcher' }).expect(404);
    const list = (await admin.get('/api/talent/shortlist').expect(200)).body.shortlist as ShortlistEntry[];
    expect(list.map((e) => e.student.id)).toEqual([r.ann]);
    await admin.post(`/api/talent/candidates/${r.eve}/invitations`).send(invitationBody).expect(404);

    const sent = ((await admin.get('/api/talent/invitations').expect(200)).body.invitations as InvitationView[]).find((i) => i.id === invitation.id)!;
    expect(sent).toMatchObject({ status: 'withdrawn', student: null, school: null, respondedAt: null });
    expect(JSON.stringify(sent)).not.toContain(id('eve'));
    expect(JSON.stringify(sent)).not.toContain(r.eve);
    expect((await as('eve').get('/api/me/talent-invitations').expect(200)).body.invitations.map((i: InvitationView) => i.id)).toEqual([invitation.id]);
    const school = (await teacher.get('/api/talent/school-invitations').expect(200)).body.invitations as InvitationView[];
    expect(school.find((i) => i.id === invitation.id)).toMatchObject({ student: { id: id('eve') }, status: 'sent' });
  });

  it('is logged, and a new grant starts without the old shortlist note', async () => {
    const mine = await consents('eve');
    expect(mine.log.map((l) => l.action)).toEqual(['revoked', 'granted']);
    expect(mine.enterprises.find((e) => e.enterprise.id === swift.id)!.consent).toBeNull();
    await as('eve').delete(`/api/me/talent-consents/${swift.id}`).expect(404);
    await consent('eve').expect(200);
    // A fresh ref: the enterprise cannot tie the new consent to the revoked one.
    const r = await refsAt();
    expect(r.eve).not.toBe(eveRef);
    const eve = (await candidatesOf()).candidates.find((c) => c.id === r.eve)!;
    expect(eve.shortlist).toBeNull();
    expect((await consents('eve')).log.map((l) => l.action)).toEqual(['granted', 'revoked', 'granted']);
  });

  it('ends with the partnership: an ended partnership shows no candidates', async () => {
    await t.db('partnerships').where({ school_id: school.id, enterprise_id: swift.id }).update({ status: 'ended' });
    expect((await candidatesOf()).candidates.map((c) => c.id)).toEqual([(await refsAt()).hill]);
    await t.db('partnerships').where({ school_id: school.id, enterprise_id: swift.id }).update({ status: 'active' });
  });
});
