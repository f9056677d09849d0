import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommentView, ThreadView } from '../../server/contract/feedback';
import { getTestServer, type TestServer } from '../helpers/app';
import type { OrgRecord } from '../helpers/factories';
import { assign, buildOrg, buildPartnership, buildUser, course, ownedScenario, type Person } from './world';
import { clockStart } from '../helpers/clock';

let clockMs = clockStart();
const clock = () => new Date(clockMs);
let t: TestServer;
let swift: OrgRecord; // owns mini-a (two versions) and assigns v1 in course1, v2 in course2
let harbour: OrgRecord; // owns mini-c, assigned in course1 only
let teacher1: Person; // teaches course1
let teacher2: Person; // teaches course2
let teacher3: Person; // teaches course3 (nothing assigned)
let author: Person;
let reviewer: Person;
let swiftAdmin: Person;
let reviewerHarbour: Person;
let student: Person;
let course1: string;
let course2: string;
let v1: string;
let v2: string;

const path = (kind: string, subject: string) => `/api/threads/${kind}/${encodeURIComponent(subject)}`;
const read = (who: Person, kind: string, subject: string) => who.agent.get(path(kind, subject));
const post = (who: Person, kind: string, subject: string, body: Record<string, unknown>) => {
  clockMs += 60_000;
  return who.agent.post(path(kind, subject)).send(body);
};

beforeAll(async () => {
  t = await getTestServer({ clock });
  swift = await buildOrg(t.db, { kind: 'enterprise', name: 'Swift Logistics' });
  harbour = await buildOrg(t.db, { kind: 'enterprise', name: 'Harbour Freight' });
  const north = await buildOrg(t.db, { kind: 'school', name: 'North Vocational College' });
  await buildPartnership(t.db, north, swift);
  await buildPartnership(t.db, north, harbour);
  v1 = (await ownedScenario(t.db, 'mini-a', swift, clock())).versionId;
  v2 = (await ownedScenario(t.db, 'mini-a', swift, clock(), 'Mini A, second edition')).versionId;
  const c = await ownedScenario(t.db, 'mini-c', harbour, clock());

  teacher1 = await t.signIn(await buildUser(t.db, { org: north, roles: ['teacher'], name: 'Teacher Tian' }));
  teacher2 = await t.signIn(await buildUser(t.db, { org: north, roles: ['teacher'] }));
  teacher3 = await t.signIn(await buildUser(t.db, { org: north, roles: ['teacher'] }));
  author = await t.signIn(await buildUser(t.db, { org: swift, roles: ['author'], name: 'Author Ai' }));
  reviewer = await t.signIn(await buildUser(t.db, { org: swift, roles: ['reviewer'] }));
  swiftAdmin = await t.signIn(await buildUser(t.db, { org: swift, roles: ['admin'] }));
  reviewerHarbour = await t.signIn(await buildUser(t.db, { org: harbour, roles: ['reviewer'] }));
  const studentUser = await buildUser(t.db, { org: north, roles: ['student'] });
  student = await t.signIn(studentUser);
  course1 = await course(teacher1, 'Course one', [studentUser]);
  course2 = await course(teacher2, 'Course two', []);
  await course(teacher3, 'Course three', []);
  await assign(teacher1, course1, v1);
  await assign(teacher1, course1, c.versionId);
  await assign(teacher2, course2, v2);
}, 60_000);
afterAll(() => t.close());

describe('report section threads', () => {
  const gaps = () => `${course1}:gaps`;

  it('lets the course’s teacher read and write, author named', async () => {
    expect((await read(teacher1, 'report_section', gaps())).body.thread).toEqual({ kind: 'report_section', subjectId: gaps(), count: 0, comments: [] });
    const res = await post(teacher1, 'report_section', gaps(), { body: '  Most of the class misses js.debugging.  ' });
    expect(res.status).toBe(201);
    expect(res.body.comment).toMatchObject({ body: 'Most of the class misses js.debugging.', parentId: null, author: { id: teacher1.user.id, name: 'Teacher Tian', affiliation: 'North Vocational College' }, replies: [] });
  });

  it('lets authors and reviewers of an enterprise with a scenario assigned in the course join in', async () => {
    expect((await post(author, 'report_section', gaps(), { body: 'We see the same in other schools.' })).status).toBe(201);
    expect((await post(reviewerHarbour, 'report_section', gaps(), { body: 'Our task leans on it too.' })).status).toBe(201);
    const thread: ThreadView = (await read(reviewer, 'report_section', gaps())).body.thread;
    expect(thread.comments.map((c) => [c.author.name, c.author.affiliation])).toEqual([
      ['Teacher Tian', 'North Vocational College'],
      ['Author Ai', 'Swift Logistics'],
      [expect.any(String), 'Harbour Freight'],
    ]);
  });

  it('keeps each section its own thread', async () => {
    expect((await read(teacher1, 'report_section', `${course1}:adjustments`)).body.thread.count).toBe(0);
  });

  it('is not found for a teacher of another course, a student, or an enterprise with nothing in the course', async () => {
    for (const who of [teacher2, student, swiftAdmin]) {
      expect((await read(who, 'report_section', gaps())).status).toBe(404);
      expect((await post(who, 'report_section', gaps(), { body: 'Hello' })).status).toBe(404);
    }
    // Harbour has nothing assigned in course two.
    expect((await read(reviewerHarbour, 'report_section', `${course2}:gaps`)).status).toBe(404);
    expect((await read(reviewer, 'report_section', `${course2}:gaps`)).status).toBe(200);
    expect((await read(teacher1, 'report_section', `${randomUUID()}:gaps`)).status).toBe(404);
  });

  it('refuses a subject that is not <courseId>:<section>', async () => {
    for (const subject of [`${course1}:nope`, course1, `${course1}:gaps:extra`]) {
      const res = await read(teacher1, 'report_section', subject);
      expect(res.status).toBe(400);
      expect(res.body.error.details[0].field).toBe('params.subjectId');
    }
    expect((await read(teacher1, 'bogus', `${course1}:gaps`)).body.error.details[0].field).toBe('params.kind');
  });
});

describe('scenario version threads', () => {
  it('lets members of the owning enterprise read and write', async () => {
    for (const who of [author, reviewer, swiftAdmin]) expect((await post(who, 'scenario_version', v1, { body: `From ${who.user.name}` })).status).toBe(201);
    const thread: ThreadView = (await read(author, 'scenario_version', v1)).body.thread;
    expect(thread.count).toBe(3);
  });

  it('lets a teacher whose course assigned that version in, and no other version', async () => {
    expect((await read(teacher1, 'scenario_version', v1)).status).toBe(200);
    expect((await post(teacher1, 'scenario_version', v1, { body: 'Task 2 was unclear to my class.' })).status).toBe(201);
    expect((await read(teacher1, 'scenario_version', v2)).status).toBe(404);
    expect((await read(teacher2, 'scenario_version', v2)).status).toBe(200);
    expect((await read(teacher2, 'scenario_version', v1)).status).toBe(404);
  });

  it('is not found for another enterprise, a teacher with no such assignment, a student, or no such version', async () => {
    for (const who of [reviewerHarbour, teacher3, student]) {
      expect((await read(who, 'scenario_version', v1)).status).toBe(404);
      expect((await post(who, 'scenario_version', v1, { body: 'Hello' })).status).toBe(404);
    }
    expect((await read(author, 'scenario_version', randomUUID())).status).toBe(404);
    expect((await read(author, 'scenario_version', 'not-an-id')).status).toBe(400);
  });
});

describe('replies', () => {
  let top: CommentView;

  beforeAll(async () => {
    top = (await post(author, 'scenario_version', v2, { body: 'What did your students find hardest?' })).body.comment;
  });

  it('nest one level under a top-level comment of the same thread', async () => {
    const res = await post(teacher2, 'scenario_version', v2, { body: 'The surcharge rule.', parentId: top.id });
    expect(res.status).toBe(201);
    expect(res.body.comment.parentId).toBe(top.id);
    const thread: ThreadView = (await read(author, 'scenario_version', v2)).body.thread;
    expect(thread).toMatchObject({ count: 2, comments: [{ id: top.id, replies: [{ body: 'The surcharge rule.', author: { id: teacher2.user.id } }] }] });
    expect(thread.comments).toHaveLength(1);
  });

  it('refuse a reply to a reply, to another thread’s comment, or to no comment', async () => {
    const reply: CommentView = (await post(author, 'scenario_version', v2, { body: 'Thanks!', parentId: top.id })).body.comment;
    const elsewhere: CommentView = (await read(author, 'scenario_version', v1)).body.thread.comments[0];
    for (const parentId of [reply.id, elsewhere.id, randomUUID()]) {
      const res = await post(author, 'scenario_version', v2, { body: 'Deeper', parentId });
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual([{ field: 'body.parentId', message: 'must be a top-level comment of this thread', key: 'field.notTopLevelComment' }]);
    }
  });
});

describe('bad input', () => {
  it.each([
    ['no body', {}, 'body.body'],
    ['an empty body', { body: '   ' }, 'body.body'],
    ['a body over 5000 characters', { body: 'x'.repeat(5001) }, 'body.body'],
    ['a body that is not text', { body: 42 }, 'body.body'],
    ['a parentId that is not an id', { body: 'Hi', parentId: 'top' }, 'body.parentId'],
  ])('refuses %s with 400 naming the field', async (_what, body, field) => {
    const res = await post(author, 'scenario_version', v1, body);
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe(field);
  });

  it('takes a body of exactly 5000 characters', async () => {
    expect((await post(author, 'scenario_version', v1, { body: 'y'.repeat(5000) })).status).toBe(201);
  });
});
