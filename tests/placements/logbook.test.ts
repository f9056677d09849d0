import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LogbookView, LogEntryView, PlacementLogEvent } from '../../server/contract/logbook';
import { ClientEvents } from '../../server/contract/realtime';
import { ATTACHMENT_MAX_BYTES, PLACEMENT_LOG_EVENT } from '../../server/contract/logbook';
import { mondayOf, weeksBetween } from '../../server/logbook/weeks';
import { placementRoom } from '../../server/placements/access';
import { getTestServer, type TestAgent, type TestServer } from '../helpers/app';
import { DAY_MS, clockStart, isoDay } from '../helpers/clock';
import { buildOrg, buildPartnership, buildUser } from '../helpers/factories';
import { connected, nextEvent, openSocket } from '../helpers/socket';

/** The weekly logbook of a placement (issue 16): who writes, who reviews, who reads, and what a file is. */

let now = clockStart();
const day = (n: number) => isoDay(clockStart0 + n * DAY_MS);
const clockStart0 = now;
let t: TestServer;
let student: TestAgent;
let classmate: TestAgent;
let schoolMentor: TestAgent;
let colleague: TestAgent;
let mentor: TestAgent;
let otherMentor: TestAgent;
let enterpriseAdmin: TestAgent;
let otherTenantTeacher: TestAgent;
let otherTenantMentor: TestAgent;
let placementId: string;
let mentorId: string;
let mentorCookie: string;
let startsOn: string;
let endsOn: string;
/** The week the test clock is in, and the one before. */
let thisWeek: string;
let lastWeek: string;

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a2b3d9e10000000049454e44ae426082', 'hex');
const PDF = Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');
const url = (week?: string, tail = '') => `/api/placements/${placementId}/logbook${week ? `/${week}` : ''}${tail}`;
const draft = (baseRevision: number, over: Record<string, unknown> = {}) => ({ baseRevision, hours: 32, tasks: 'Picked and packed orders', learned: 'How the WMS allocates bins', problems: '', ...over });
const upload = (agent: TestAgent, week: string, name: string, bytes: Buffer, type = 'application/octet-stream') =>
  agent.post(url(week, '/attachments')).query({ name }).set('Content-Type', type).send(bytes);
const read = async (agent: TestAgent) => (await agent.get(url()).expect(200)).body.logbook as LogbookView;

beforeAll(async () => {
  // The clock moves weeks ahead: sessions last longer than that here.
  t = await getTestServer({ clock: () => new Date(now), env: { SESSION_IDLE_MINUTES: '525600', SESSION_ABSOLUTE_HOURS: '8760' } });
  const school = await buildOrg(t.db, { kind: 'school' });
  const swift = await buildOrg(t.db, { kind: 'enterprise', name: 'Swift Logistics' });
  await buildPartnership(t.db, school, swift);
  const otherSchool = await buildOrg(t.db, { kind: 'school' });
  const otherEnterprise = await buildOrg(t.db, { kind: 'enterprise' });
  await buildPartnership(t.db, otherSchool, otherEnterprise);

  const sign = async (org: typeof school, roles: NonNullable<Parameters<typeof buildUser>[1]>['roles']) => t.signIn(await buildUser(t.db, { org, roles }));
  const s = await sign(school, ['student']);
  student = s.agent;
  classmate = (await sign(school, ['student'])).agent;
  const teacher = await sign(school, ['teacher']);
  schoolMentor = teacher.agent;
  colleague = (await sign(school, ['teacher'])).agent;
  const m = await sign(swift, ['mentor']);
  mentor = m.agent;
  mentorId = m.user.id;
  mentorCookie = m.cookie;
  otherMentor = (await sign(swift, ['mentor'])).agent;
  enterpriseAdmin = (await sign(swift, ['admin'])).agent;
  otherTenantTeacher = (await sign(otherSchool, ['teacher'])).agent;
  otherTenantMentor = (await sign(otherEnterprise, ['mentor'])).agent;

  const base = (await enterpriseAdmin.post('/api/training-bases').send({ partnershipId: (await t.db('partnerships').where({ school_id: school.id }).first()).id, name: 'DC North', roles: ['Operator'], capacity: 3 }).expect(201)).body.base;
  // Started 17 days before the test clock, so two whole weeks and the current one have passed.
  startsOn = day(-17);
  endsOn = day(40);
  placementId = (await schoolMentor.post('/api/placements').send({ baseId: base.id, studentId: s.user.id, role: 'Operator', startsOn, endsOn, weeklyHours: 40 }).expect(201)).body.placement.id;
  await schoolMentor.put(`/api/placements/${placementId}/enterprise-mentor`).send({ userId: mentorId }).expect(200);
  thisWeek = mondayOf(day(0));
  lastWeek = mondayOf(day(-7));
}, 60_000);
afterAll(() => t.close());

describe('writing a week', () => {
  it('autosaves a draft on its revision; a stale base is a conflict carrying the latest', async () => {
    const first = (await student.put(url(lastWeek)).send(draft(0)).expect(200)).body.entry as LogEntryView;
    expect(first).toMatchObject({ week: lastWeek, status: 'draft', revision: 1, hours: 32, tasks: 'Picked and packed orders' });
    const second = (await student.put(url(lastWeek)).send(draft(1, { problems: 'Scanner battery' })).expect(200)).body.entry;
    expect(second.revision).toBe(2);
    // Another tab still on revision 1, or one that thinks the week is new.
    for (const base of [1, 0]) {
      const stale = await student.put(url(lastWeek)).send(draft(base, { tasks: 'lost?' })).expect(409);
      expect(stale.body.error.key).toBe('logbook.stale');
      expect(stale.body.error.details.entry).toMatchObject({ revision: 2, problems: 'Scanner battery' });
    }
  });

  it('only a Monday inside the placement, hours 0..80', async () => {
    const notMonday = isoDay(Date.parse(`${lastWeek}T00:00:00Z`) + DAY_MS);
    expect((await student.put(url(notMonday)).send(draft(0)).expect(400)).body.error.details[0].key).toBe('logbook.notMonday');
    const before = mondayOf(isoDay(Date.parse(`${startsOn}T00:00:00Z`) - 7 * DAY_MS));
    expect((await student.put(url(before)).send(draft(0)).expect(400)).body.error.details[0].key).toBe('logbook.outsidePlacement');
    const after = mondayOf(isoDay(Date.parse(`${endsOn}T00:00:00Z`) + 7 * DAY_MS));
    await student.put(url(after)).send(draft(0)).expect(400);
    await student.put(url(thisWeek)).send(draft(0, { hours: 81 })).expect(400);
    await student.put(url(thisWeek)).send(draft(0, { hours: -1 })).expect(400);
  });

  it('only the placed student writes; readers are refused, strangers told it does not exist', async () => {
    await classmate.put(url(thisWeek)).send(draft(0)).expect(404);
    await schoolMentor.put(url(thisWeek)).send(draft(0)).expect(403);
    await mentor.put(url(thisWeek)).send(draft(0)).expect(403);
  });
});

describe('submitting and reviewing', () => {
  it('submits the revision the student saw; the mentor hears of it in the placement’s room', async () => {
    const socket = await connected(openSocket(t.url, { cookie: mentorCookie }));
    try {
      expect(await socket.timeout(5000).emitWithAck(ClientEvents.placementJoin, { placementId })).toEqual({ ok: true, data: { joined: true } });
      expect((await student.post(url(lastWeek, '/submission')).send({ revision: 1 }).expect(409)).body.error.key).toBe('logbook.stale');
      const heard = nextEvent<PlacementLogEvent>(socket, PLACEMENT_LOG_EVENT);
      const res = await student.post(url(lastWeek, '/submission')).send({ revision: 2 }).expect(200);
      expect(res.body.entry).toMatchObject({ status: 'submitted', submittedAt: new Date(now).toISOString() });
      expect(await heard).toEqual({ placementId, week: lastWeek });
    } finally {
      socket.close();
    }
    // Submitted: waiting for the mentor, not editable.
    expect((await student.put(url(lastWeek)).send(draft(2)).expect(409)).body.error.key).toBe('logbook.awaitingReview');
  });

  it('needs hours and tasks to submit', async () => {
    await student.put(url(thisWeek)).send(draft(0, { hours: null, tasks: '' })).expect(200);
    expect((await student.post(url(thisWeek, '/submission')).send({ revision: 1 }).expect(400)).body.error.details[0].key).toBe('logbook.hoursNeeded');
    await student.put(url(thisWeek)).send(draft(1, { tasks: '  ' })).expect(200);
    expect((await student.post(url(thisWeek, '/submission')).send({ revision: 2 }).expect(400)).body.error.details[0].key).toBe('logbook.tasksNeeded');
  });

  it('a comment returns the week; the student amends and resubmits; the mentor confirms; then it is read-only', async () => {
    await schoolMentor.post(url(lastWeek, '/comments')).send({ body: 'x' }).expect(403);
    await otherMentor.post(url(lastWeek, '/comments')).send({ body: 'x' }).expect(404);
    await otherTenantMentor.post(url(lastWeek, '/confirmation')).send({ revision: 2 }).expect(404);
    const spy = vi.spyOn(t.deps.publisher, 'toRoom');
    const returned = (await mentor.post(url(lastWeek, '/comments')).send({ body: 'Say which aisles you worked.' }).expect(201)).body.entry;
    expect(returned.status).toBe('returned');
    expect(returned.comments).toMatchObject([{ body: 'Say which aisles you worked.', author: { id: mentorId } }]);
    expect(spy).toHaveBeenCalledWith(placementRoom(placementId), PLACEMENT_LOG_EVENT, { placementId, week: lastWeek });
    // Nothing to confirm while it is back with the student.
    expect((await mentor.post(url(lastWeek, '/confirmation')).send({ revision: 2 }).expect(409)).body.error.key).toBe('logbook.notSubmitted');

    await student.put(url(lastWeek)).send(draft(2, { tasks: 'Picked and packed orders, aisles 3–7' })).expect(200);
    await student.post(url(lastWeek, '/submission')).send({ revision: 3 }).expect(200);
    // The mentor confirms what they read: an older revision is stale.
    await mentor.post(url(lastWeek, '/confirmation')).send({ revision: 2 }).expect(409);
    const confirmed = (await mentor.post(url(lastWeek, '/confirmation')).send({ revision: 3 }).expect(200)).body.entry;
    expect(confirmed).toMatchObject({ status: 'confirmed', confirmedBy: { id: mentorId }, comments: [{ body: 'Say which aisles you worked.' }] });
    expect(spy).toHaveBeenCalledTimes(3); // comment, resubmission, confirmation
    spy.mockRestore();

    expect((await student.put(url(lastWeek)).send(draft(3)).expect(409)).body.error.key).toBe('logbook.confirmed');
    await mentor.post(url(lastWeek, '/comments')).send({ body: 'late' }).expect(409);
  });
});

describe('reading and missing weeks', () => {
  it('both mentors and the school read submitted weeks; the enterprise’s admin, other mentors, classmates and the other tenant get not found', async () => {
    expect((await read(student)).entries.map((e) => e.week)).toEqual([lastWeek, thisWeek]);
    // This week is still a draft: the student's own until submitted.
    for (const agent of [schoolMentor, colleague, mentor]) expect((await read(agent)).entries.map((e) => e.week)).toEqual([lastWeek]);
    expect((await read(student)).canWrite).toBe(true);
    expect((await read(mentor)).canReview).toBe(true);
    expect((await read(schoolMentor)).canWrite || (await read(schoolMentor)).canReview).toBe(false);
    for (const agent of [enterpriseAdmin, otherMentor, classmate, otherTenantTeacher, otherTenantMentor]) {
      expect((await agent.get(url()).expect(404)).body.error.key).toBe('notFound.placement');
    }
  });

  it('missing: every week from the start through today with no submitted entry, moving with the clock', async () => {
    const expected = weeksBetween(startsOn, day(0)).filter((w) => w !== lastWeek);
    const book = await read(mentor);
    expect(book.missing).toEqual(expected);
    expect(book.missing).toContain(thisWeek); // a draft is not logged
    expect(book.weeks).toEqual(weeksBetween(startsOn, endsOn));
    now += 7 * DAY_MS;
    expect((await read(schoolMentor)).missing).toEqual([...expected, mondayOf(day(7))]);
    // Past the end, the missing weeks stop at the end.
    now = Date.parse(`${endsOn}T00:00:00Z`) + 30 * DAY_MS;
    expect((await read(student)).missing.at(-1)).toBe(mondayOf(endsOn));
    now = clockStart0;
  });
});

describe('attachments', () => {
  let pngId: string;

  it('are recognised by their bytes: a PNG named .pdf is a PNG, text named .jpg is refused', async () => {
    const res = await upload(student, thisWeek, 'scan.pdf', PNG, 'application/pdf').expect(201);
    expect(res.body.attachment).toMatchObject({ name: 'scan.png', contentType: 'image/png', sizeBytes: PNG.length, sha256: createHash('sha256').update(PNG).digest('hex') });
    pngId = res.body.attachment.id;
    const text = await upload(student, thisWeek, 'photo.jpg', Buffer.from('just some text, honestly'), 'image/jpeg').expect(415);
    expect(text.body.error.key).toBe('logbook.unsupportedFile');
    const pdf = await upload(student, thisWeek, 'report.pdf', PDF).expect(201);
    expect(pdf.body.attachment.contentType).toBe('application/pdf');
  });

  it('are stored as bytes with their hash, alike on both databases', async () => {
    const row = await t.db('placement_log_attachments').where({ id: pngId }).first();
    expect(Buffer.from(row.sha256)).toEqual(createHash('sha256').update(PNG).digest());
    expect(Buffer.from(row.content)).toEqual(PNG);
  });

  it('are at most 5 MB, and 5 a week', async () => {
    const big = Buffer.alloc(ATTACHMENT_MAX_BYTES + 1, 0);
    PNG.copy(big);
    expect((await upload(student, thisWeek, 'big.png', big).expect(413)).body.error.code).toBe('payload_too_large');
    for (let i = 0; i < 3; i++) await upload(student, thisWeek, `p${i}.png`, PNG).expect(201);
    expect((await upload(student, thisWeek, 'sixth.png', PNG).expect(409)).body.error.key).toBe('logbook.tooManyFiles');
  });

  it('are served as downloads of their type to the logbook’s readers only', async () => {
    for (const agent of [student, schoolMentor, mentor]) {
      const res = await agent.get(url(thisWeek, `/attachments/${pngId}`)).buffer(true).parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      }).expect(200);
      expect(res.headers['content-type']).toBe('image/png');
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="scan\.png"/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(Buffer.from(res.body)).toEqual(PNG);
    }
    for (const agent of [enterpriseAdmin, otherMentor, classmate, otherTenantTeacher]) await agent.get(url(thisWeek, `/attachments/${pngId}`)).expect(404);
    // Named under another week of the same placement: not found.
    await student.get(url(lastWeek, `/attachments/${pngId}`)).expect(404);
  });

  it('the student removes one while the week is open, never from a confirmed week; nobody else removes', async () => {
    await classmate.delete(url(thisWeek, `/attachments/${pngId}`)).expect(404);
    await mentor.delete(url(thisWeek, `/attachments/${pngId}`)).expect(403);
    await student.delete(url(thisWeek, `/attachments/${pngId}`)).expect(204);
    await student.get(url(thisWeek, `/attachments/${pngId}`)).expect(404);
    const onConfirmed = await upload(student, lastWeek, 'late.png', PNG).expect(409);
    expect(onConfirmed.body.error.key).toBe('logbook.confirmed');
  });

  it('a file on a week not yet written starts it at revision 0, so the first autosave still applies', async () => {
    const week = mondayOf(day(7));
    await upload(student, week, 'first.webp', Buffer.concat([Buffer.from('RIFF\0\0\0\0WEBPVP8 ', 'latin1'), Buffer.alloc(16)])).expect(201);
    const saved = (await student.put(url(week)).send(draft(0)).expect(200)).body.entry;
    expect(saved).toMatchObject({ revision: 1, attachments: [{ contentType: 'image/webp', name: 'first.webp' }] });
  });
});

describe('a cancelled placement', () => {
  it('keeps its logbook to read, takes nothing more and has no missing weeks', async () => {
    // Still planned (nobody started it), so the school mentor may cancel it.
    await schoolMentor.patch(`/api/placements/${placementId}`).send({ status: 'cancelled' }).expect(200);
    expect((await student.put(url(thisWeek)).send(draft(99)).expect(409)).body.error.key).toBe('logbook.cancelled');
    await upload(student, thisWeek, 'late.png', PNG).expect(409);
    const book = await read(mentor);
    expect(book.missing).toEqual([]);
    expect(book.entries.map((e) => e.week)).toContain(lastWeek);
  });
});
