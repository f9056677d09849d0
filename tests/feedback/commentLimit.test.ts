import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportSubject } from '../../server/contract/feedback';
import { COMMENT_LIMITS } from '../../server/http/rateLimit';
import { getTestServer, type TestServer } from '../helpers/app';
import { buildOrg, buildUser, course, type Person } from './world';

/** Comment posting is limited per user (issue 13 §4: 40 comments of 5,000 characters went through in 0.4 s). */
let t: TestServer;
let teacher: Person;
let colleague: Person;
let subject: string;

const post = (who: Person, body: string) => who.agent.post(`/api/threads/report_section/${encodeURIComponent(subject)}`).send({ body });

beforeAll(async () => {
  t = await getTestServer();
  const school = await buildOrg(t.db, { kind: 'school', name: 'Flood School' });
  teacher = await t.signIn(await buildUser(t.db, { org: school, roles: ['teacher'] }));
  colleague = await t.signIn(await buildUser(t.db, { org: school, roles: ['teacher'] }));
  const courseId = await course(teacher, 'Flooded course', []);
  await t.db('course_members').insert({ course_id: courseId, user_id: colleague.user.id, role: 'teacher', created_at: new Date() });
  subject = reportSubject(courseId, 'gaps');
});
afterAll(() => t.close());

describe('POST /api/threads/:kind/:subjectId, flooded', () => {
  it(`takes ${COMMENT_LIMITS.perMinute} comments a minute from one user, then answers 429 with Retry-After and a message`, async () => {
    const statuses: number[] = [];
    let refusal: { status: number; headers: Record<string, string>; body: { error: { code: string; message: string; details: { retryAfterSeconds: number } } } } | undefined;
    for (let i = 0; i < 40; i++) {
      const res = await post(teacher, `${i} ${'x'.repeat(4_990)}`);
      statuses.push(res.status);
      if (res.status === 429) refusal ??= res;
    }
    expect(statuses.slice(0, COMMENT_LIMITS.perMinute)).toEqual(Array(COMMENT_LIMITS.perMinute).fill(201));
    expect(statuses.slice(COMMENT_LIMITS.perMinute)).toEqual(Array(40 - COMMENT_LIMITS.perMinute).fill(429));
    expect(refusal!.body.error.code).toBe('rate_limited');
    expect(Number(refusal!.headers['retry-after'])).toBeGreaterThan(0);
    expect(refusal!.body.error.details.retryAfterSeconds).toBe(Number(refusal!.headers['retry-after']));
    expect(refusal!.body.error.message).toContain(`${COMMENT_LIMITS.perMinute} a minute`);
    expect(refusal!.body.error.message).toContain('still in the box');

    // Only what was taken was stored.
    const thread = (await teacher.agent.get(`/api/threads/report_section/${encodeURIComponent(subject)}`)).body.thread;
    expect(thread.count).toBe(COMMENT_LIMITS.perMinute);
  });

  it('limits each user on their own: a colleague in the same thread still posts', async () => {
    expect((await post(colleague, 'A real comment, typed by a person.')).status).toBe(201);
  });

  it(`stops one user at ${COMMENT_LIMITS.perDay} a day, however slowly they post`, async () => {
    await t.deps.commentLimiter.perMinute.delete(colleague.user.id);
    await t.deps.commentLimiter.perDay.set(colleague.user.id, COMMENT_LIMITS.perDay, 86_400);
    const res = await post(colleague, 'One more.');
    expect(res.status).toBe(429);
    expect(res.body.error.message).toContain(`${COMMENT_LIMITS.perDay} comments today`);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(3_600);
  });
});
