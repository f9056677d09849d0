import { createHash } from 'node:crypto';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import request from 'supertest';
import { sweepTokenUses } from '../../server/accounts/apiTokens';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getTestServer, type TestServer } from '../helpers/app';
import { clockStart, DAY_MS } from '../helpers/clock';
import { buildOrg, buildUser, type OrgRecord, type UserRecord } from '../helpers/factories';
import { ownFramework } from '../helpers/tenants';
import { caseId } from '../helpers/case';

/**
 * API tokens (issue 19): an organisation admin's service tokens, Bearer authentication, scopes,
 * tenants, rate limits and the audit of every use. The route × token matrix is in
 * tests/http/authorization.test.ts, the other-tenant rows in tests/http/tenantCases.ts.
 */

const start = clockStart();
let now = start;
const clock = () => new Date(now);

let t: TestServer;
let school: OrgRecord;
type SignedIn = Awaited<ReturnType<TestServer['signIn']>>;
let admin: SignedIn;
let teacher: SignedIn;
let courseId: string;
const students: UserRecord[] = [];

beforeAll(async () => {
  // Sessions outlive the day the expiry test moves the clock on.
  t = await getTestServer({ clock, env: { SESSION_IDLE_MINUTES: '4320', SESSION_ABSOLUTE_HOURS: '96' } });
  school = await buildOrg(t.db, { kind: 'school' });
  admin = await t.signIn(await buildUser(t.db, { roles: ['admin'], org: school }));
  teacher = await t.signIn(await buildUser(t.db, { roles: ['teacher'], org: school }));
  for (let i = 0; i < 3; i++) students.push(await buildUser(t.db, { roles: ['student'], org: school }));
  const course = await teacher.agent.post('/api/courses').send({ title: 'Logistics systems' });
  expect(course.status, JSON.stringify(course.body)).toBe(201);
  courseId = course.body.course.id;
});
afterAll(() => t.close());
afterEach(() => {
  now = start;
});

const create = (body: object, orgId = school.id, agent = admin.agent) => agent.post(`/api/orgs/${orgId}/api-tokens`).send(body);

async function newToken(scopes: string[], expiresInDays = 30): Promise<{ id: string; secret: string }> {
  const res = await create({ name: `script ${scopes.join(' ')}`, scopes, expiresInDays });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.token.id, secret: res.body.secret };
}

/** As a script calls: no cookie, no Origin. */
const bearer = (secret: string) => {
  const as = (req: request.Test) => req.set('Authorization', `Bearer ${secret}`);
  return { get: (path: string) => as(request(t.server).get(path)), post: (path: string) => as(request(t.server).post(path)), put: (path: string) => as(request(t.server).put(path)) };
};

describe('POST /api/orgs/:orgId/api-tokens', () => {
  it('shows the secret once and stores only its sha256', async () => {
    const res = await create({ name: 'Nightly report export', scopes: ['reports:read', 'enrolments:write'], expiresInDays: 90 });
    expect(res.status).toBe(201);
    const { token, secret } = res.body;
    expect(secret).toMatch(/^pt_[\w-]{43}$/);
    expect(token).toMatchObject({ name: 'Nightly report export', scopes: ['reports:read', 'enrolments:write'], status: 'active', lastUsedAt: null, revokedAt: null, createdBy: admin.user.id });
    expect(token.prefix).toBe(secret.slice(0, 10));
    expect(new Date(token.expiresAt).getTime()).toBe(start + 90 * DAY_MS);

    const row = await t.db('api_tokens').where({ id: token.id }).first();
    expect(row.secret_hash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(secret);

    const list = await admin.agent.get(`/api/orgs/${school.id}/api-tokens`);
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(secret);
    expect(list.body.tokens.find((x: { id: string }) => x.id === token.id)).toEqual(token);
  });

  it('refuses unknown scopes, no scope, and an expiry past a year', async () => {
    for (const body of [
      { name: 'x', scopes: ['users:write'], expiresInDays: 1 },
      { name: 'x', scopes: [], expiresInDays: 1 },
      { name: 'x', scopes: ['reports:read'], expiresInDays: 400 },
      { name: ' ', scopes: ['reports:read'], expiresInDays: 1 },
    ]) {
      const res = await create(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
  });

  it('is its own admins’ only: another school’s admin gets 404, a teacher 403', async () => {
    const other = await t.signIn(['admin']);
    expect((await create({ name: 'x', scopes: ['reports:read'], expiresInDays: 1 }, school.id, other.agent)).status).toBe(404);
    expect((await other.agent.get(`/api/orgs/${school.id}/api-tokens`)).status).toBe(404);
    expect((await create({ name: 'x', scopes: ['reports:read'], expiresInDays: 1 }, school.id, teacher.agent)).status).toBe(403);
  });

  it('is recorded in the audit log, without the secret', async () => {
    const { id, secret } = await newToken(['evidence:read']);
    const entry = await t.db('audit_log').where({ action: 'apiToken.created', target_id: id }).first();
    expect(entry).toMatchObject({ org_id: school.id, actor_id: admin.user.id });
    expect(entry.detail).not.toContain(secret);
  });
});

describe('Bearer authentication', () => {
  it('reads the course report with reports:read, without cookie or Origin', async () => {
    const { secret } = await newToken(['reports:read']);
    const res = await bearer(secret).get(`/api/courses/${courseId}/report`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.course?.id ?? res.body.courseId ?? JSON.stringify(res.body)).toContain(courseId);
  });

  it('refuses a route its scopes do not open, and every account and admin route', async () => {
    const { secret } = await newToken(['reports:read']);
    const refused = [
      bearer(secret).post(`/api/courses/${courseId}/enrolments`).send({ userIds: [students[0]!.id] }),
      bearer(secret).get('/api/session'),
      bearer(secret).get('/api/users'),
      bearer(secret).get(`/api/orgs/${school.id}/api-tokens`),
      bearer(secret).post(`/api/orgs/${school.id}/api-tokens`).send({ name: 'more', scopes: ['frameworks:write'], expiresInDays: 1 }),
      bearer(secret).get('/api/courses'),
    ];
    for (const res of await Promise.all(refused)) expect([res.status, res.body.error.code, res.body.error.key]).toEqual([403, 'forbidden', 'apiToken.scopeMissing']);
    const members = await t.db('course_members').where({ course_id: courseId, role: 'student' });
    expect(members).toEqual([]);
  });

  it('refuses another school’s course as not found', async () => {
    const elsewhere = await t.signIn(['teacher']);
    const theirs = (await elsewhere.agent.post('/api/courses').send({ title: 'Elsewhere' })).body.course.id as string;
    const { secret } = await newToken(['reports:read', 'enrolments:write']);
    const res = await bearer(secret).get(`/api/courses/${theirs}/report`);
    expect([res.status, res.body.error.code]).toEqual([404, 'not_found']);
    const ghost = await bearer(secret).get(`/api/courses/${crypto.randomUUID()}/report`);
    expect(ghost.body).toEqual(res.body);
  });

  it('refuses an unknown, expired or revoked token with 401, never as an anonymous call', async () => {
    const { id, secret } = await newToken(['reports:read'], 1);
    expect((await bearer('pt_' + 'x'.repeat(43)).get('/api/health')).status).toBe(401);
    expect((await bearer(secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A')).get(`/api/courses/${courseId}/report`)).status).toBe(401);

    now = start + DAY_MS;
    const expired = await bearer(secret).get(`/api/courses/${courseId}/report`);
    expect([expired.status, expired.body.error.key]).toEqual([401, 'apiToken.invalid']);
    const listed = await admin.agent.get(`/api/orgs/${school.id}/api-tokens`);
    expect(listed.body.tokens.find((x: { id: string }) => x.id === id).status).toBe('expired');

    now = start;
    expect((await bearer(secret).get(`/api/courses/${courseId}/report`)).status).toBe(200);
    expect((await admin.agent.delete(`/api/orgs/${school.id}/api-tokens/${id}`)).status).toBe(204);
    expect((await bearer(secret).get(`/api/courses/${courseId}/report`)).status).toBe(401);
    const revoked = (await admin.agent.get(`/api/orgs/${school.id}/api-tokens`)).body.tokens.find((x: { id: string }) => x.id === id);
    expect(revoked).toMatchObject({ status: 'revoked', revokedAt: new Date(start).toISOString() });
    expect(await t.db('audit_log').where({ action: 'apiToken.revoked', target_id: id }).first()).toMatchObject({ actor_id: admin.user.id, org_id: school.id });
  });

  it('revocation is its own admins’: another school’s admin gets 404 and the token keeps working', async () => {
    const { id, secret } = await newToken(['reports:read']);
    const other = await t.signIn(['admin']);
    expect((await other.agent.delete(`/api/orgs/${school.id}/api-tokens/${id}`)).status).toBe(404);
    expect((await other.agent.delete(`/api/orgs/${other.user.orgId}/api-tokens/${id}`)).status).toBe(404);
    expect((await bearer(secret).get(`/api/courses/${courseId}/report`)).status).toBe(200);
  });

  it('skips the Origin check for a Bearer alone, but not for a request that also carries the session cookie', async () => {
    const { secret } = await newToken(['enrolments:write']);
    const enrol = { userIds: [students[0]!.id] };
    // A write with a cookie and a foreign Origin: refused as cross-site, Bearer or not.
    const both = await request(t.server)
      .post(`/api/courses/${courseId}/enrolments`)
      .set('Cookie', teacher.cookie)
      .set('Origin', 'https://attacker.example')
      .set('Authorization', `Bearer ${secret}`)
      .send(enrol);
    expect([both.status, both.body.error.code]).toEqual([403, 'csrf_failed']);
    // From the app's own origin, both credentials at once are refused too: one caller per request.
    const bothSameOrigin = await request(t.server).post(`/api/courses/${courseId}/enrolments`).set('Cookie', teacher.cookie).set('Origin', t.url).set('Authorization', `Bearer ${secret}`).send(enrol);
    expect(bothSameOrigin.status).toBe(400);
    expect(await t.db('course_members').where({ course_id: courseId, role: 'student' })).toEqual([]);
    // The cookie alone from elsewhere: refused as before.
    const cookieOnly = await request(t.server).post(`/api/courses/${courseId}/enrolments`).set('Cookie', teacher.cookie).set('Origin', 'https://attacker.example').send(enrol);
    expect(cookieOnly.status).toBe(403);
  });
});

describe('last use, audit and rate limit', () => {
  it('records the last use and one audit entry per route and minute, counting every use', async () => {
    const { id, secret } = await newToken(['reports:read']);
    for (let i = 0; i < 3; i++) expect((await bearer(secret).get(`/api/courses/${courseId}/report`)).status).toBe(200);
    now = start + 30_000;
    expect((await bearer(secret).get(`/api/courses/${courseId}/report.csv?part=gaps`)).status).toBeLessThan(300);
    now = start + 61_000;
    expect((await bearer(secret).get(`/api/courses/${courseId}/report`)).status).toBe(200);

    const entries = await t.db('audit_log').where({ action: 'apiToken.used', target_id: id }).orderBy('at');
    expect(entries.map((e: { detail: string }) => JSON.parse(e.detail).route)).toEqual([
      'GET /api/courses/:id/report',
      'GET /api/courses/:id/report.csv',
      'GET /api/courses/:id/report',
    ]);
    expect(entries[0]).toMatchObject({ actor_id: id, org_id: school.id });
    expect(entries[0].actor_label).toMatch(/^api-token:pt_/);
    const uses = await t.db('api_token_uses').where({ token_id: id }).orderBy('minute').orderBy('route');
    expect(uses.map((u: { route: string; count: number }) => [u.route, Number(u.count)])).toEqual([
      ['GET /api/courses/:id/report', 3],
      ['GET /api/courses/:id/report.csv', 1],
      ['GET /api/courses/:id/report', 1],
    ]);
    const listed = (await admin.agent.get(`/api/orgs/${school.id}/api-tokens`)).body.tokens.find((x: { id: string }) => x.id === id);
    expect(listed.lastUsedAt).toBe(new Date(start + 61_000).toISOString());
  });

  it('limits each token on its own: the fourth request of a three-a-minute budget is 429, another token still passes', async () => {
    const saved = t.deps.tokenLimiter;
    t.deps.tokenLimiter = new RateLimiterMemory({ points: 3, duration: 60 });
    try {
      const first = await newToken(['reports:read']);
      const second = await newToken(['reports:read']);
      for (let i = 0; i < 3; i++) expect((await bearer(first.secret).get(`/api/courses/${courseId}/report`)).status).toBe(200);
      const refused = await bearer(first.secret).get(`/api/courses/${courseId}/report`);
      expect([refused.status, refused.body.error.key, refused.body.error.params.limit]).toEqual([429, 'apiToken.rateLimited', 3]);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect((await bearer(second.secret).get(`/api/courses/${courseId}/report`)).status).toBe(200);
      // A refused request is not a use: three counted.
      const counted = await t.db('api_token_uses').where({ token_id: first.id }).sum({ n: 'count' }).first();
      expect(Number(counted?.n)).toBe(3);
    } finally {
      t.deps.tokenLimiter = saved;
    }
  });
});

describe('a script with a token', () => {
  it('exports a course report as JSON and enrols students, with plain fetch', async () => {
    const { secret } = await newToken(['reports:read', 'enrolments:write']);
    const headers = { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' };

    const csv = `email,name\n${students[1]!.email},One\n${students[2]!.email},Two\nnobody@example.test,Nobody\n`;
    const enrolled = await fetch(`${t.url}/api/courses/${courseId}/enrolments`, { method: 'POST', headers, body: JSON.stringify({ text: csv }) });
    expect(enrolled.status).toBe(200);
    const result = (await enrolled.json()) as { enrolled: { email: string }[]; problems: { line: number }[] };
    expect(result.enrolled.map((s) => s.email).sort()).toEqual([students[1]!.email, students[2]!.email].sort());
    expect(result.problems.map((p) => p.line)).toEqual([4]);

    const report = await fetch(`${t.url}/api/courses/${courseId}/report`, { headers });
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toMatch(/^application\/json/);
    const body = JSON.stringify(await report.json());
    expect(body).toContain(courseId);

    const detail = (await (await fetch(`${t.url}/api/courses/${courseId}`, { headers })).json()) as { students: { id: string }[] };
    expect(detail.students.map((s) => s.id).sort()).toEqual([students[1]!.id, students[2]!.id].sort());
  });
});

describe('the other scopes', () => {
  it('evidence:read reads an enrolled student’s record, and nobody else’s', async () => {
    const { secret } = await newToken(['evidence:read']);
    const student = await buildUser(t.db, { roles: ['student'], org: school });
    expect((await teacher.agent.post(`/api/courses/${courseId}/enrolments`).send({ userIds: [student.id] })).status).toBe(200);
    const record = await bearer(secret).get(`/api/courses/${courseId}/students/${student.id}/record`);
    expect(record.status, JSON.stringify(record.body)).toBe(200);
    const stranger = await buildUser(t.db, { roles: ['student'], org: school });
    expect((await bearer(secret).get(`/api/courses/${courseId}/students/${stranger.id}/record`)).status).toBe(404);
    // The report is another scope's.
    expect((await bearer(secret).get(`/api/courses/${courseId}/report`)).status).toBe(403);
  });

  it('frameworks:write imports a framework for its own organisation and changes only its own', async () => {
    const { id, secret } = await newToken(['frameworks:write']);
    const imported = await bearer(secret).post('/api/frameworks').send(ownFramework(caseId(`token-${id}`)));
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    expect(await t.db('frameworks').where({ id: imported.body.framework.id }).first('org_id')).toEqual({ org_id: school.id });
    const entry = await t.db('audit_log').where({ action: 'framework.imported', target_id: imported.body.framework.id }).first();
    expect(entry).toMatchObject({ actor_id: id, org_id: school.id });
    // Naming another organisation is "not found", as for its admins.
    const other = await t.signIn(['admin']);
    expect((await bearer(secret).post(`/api/frameworks?orgId=${other.user.orgId}`).send(ownFramework(caseId(`token-${id}-2`)))).status).toBe(404);
    const theirs = await other.agent.post('/api/frameworks').send(ownFramework(caseId(`other-${id}`)));
    expect(theirs.status).toBe(201);
    const levels = { levels: [{ id: 'novice', label: 'Novice', min: 0 }, { id: 'proficient', label: 'Proficient', min: 0.5 }] };
    expect((await bearer(secret).put(`/api/frameworks/${theirs.body.framework.id}/levels`).send(levels)).status).toBe(403);
    expect((await bearer(secret).put(`/api/frameworks/${imported.body.framework.id}/levels`).send(levels)).status).toBe(200);
  });
});

describe('keeping use counts', () => {
  it('the sweep removes counts older than 90 days and keeps the rest', async () => {
    const { id, secret } = await newToken(['reports:read']);
    expect((await bearer(secret).get(`/api/courses/${courseId}/report`)).status).toBe(200);
    now = start + 90 * DAY_MS + 60_000;
    expect((await bearer(secret).get(`/api/courses/${courseId}/report`)).status).toBe(401); // expired after 30 days
    await t.db('api_token_uses').insert({ token_id: id, route: 'GET /api/courses/:id/report', minute: new Date(start + 89 * DAY_MS), count: 2 });
    await sweepTokenUses(t.db, clock());
    const left = await t.db('api_token_uses').where({ token_id: id });
    expect(left.map((u: { count: number }) => Number(u.count))).toEqual([2]);
  });
});
