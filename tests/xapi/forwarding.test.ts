import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPersonalData } from '../../server/privacy/collect';
import { collectOrg, forwardAll, retryDelayMs, sendOrg, type XapiDeps } from '../../server/xapi/outbox';
import { getTestServer, type TestAgent, type TestServer } from '../helpers/app';
import { clockStart } from '../helpers/clock';
import { buildOrg, buildUser } from '../helpers/factories';
import { startLrs, type Lrs } from '../helpers/lrs';
import { buildXapiWorld, type XapiWorld } from './world';

/**
 * Issue 19: statements forwarded to a real LRS (Learning Locker's statements service, run in
 * this process) through the durable outbox, read back through the LRS's statements API; an
 * outage loses nothing; a resend is idempotent; the admin sees the queue; a course exports as
 * NDJSON. The clock is the test's own.
 */
let t: TestServer;
let lrs: Lrs;
let world: XapiWorld;
let admin: TestAgent;
let deps: XapiDeps;
let now = clockStart();
const minutes = (n: number) => (now += n * 60_000);

beforeAll(async () => {
  t = await getTestServer({ clock: () => new Date(now) });
  lrs = await startLrs();
  world = await buildXapiWorld(t.db, now - 24 * 3_600_000);
  admin = (await t.signIn(world.admin)).agent;
  deps = t.deps;
});
afterAll(async () => {
  await lrs.close();
  await t.close();
});

const queue = async () => (await admin.get(`/api/orgs/${world.school.id}/xapi/queue`).expect(200)).body as { pending: number; sent: number; failing: number; failures: { lastError: string; attempts: number }[] };

describe('PUT /api/orgs/:orgId/xapi', () => {
  it('refuses forwarding without an endpoint', async () => {
    const res = await admin.put(`/api/orgs/${world.school.id}/xapi`).send({ enabled: true }).expect(400);
    expect(JSON.stringify(res.body)).toContain('endpoint');
  });

  it('stores the endpoint and credentials, and never answers the password', async () => {
    const res = await admin.put(`/api/orgs/${world.school.id}/xapi`).send({ enabled: true, endpoint: `${lrs.endpoint}/`, username: lrs.username, password: 'wrong' }).expect(200);
    expect(res.body).toMatchObject({ enabled: true, endpoint: lrs.endpoint, username: lrs.username, passwordSet: true });
    // At rest it is sealed: the database alone does not give it away.
    const stored: string = (await t.db('xapi_settings').where({ org_id: world.school.id }).first('password')).password;
    expect(stored.startsWith('sealed:v1:')).toBe(true);
    expect(stored).not.toContain('wrong');
    expect(JSON.stringify(res.body)).not.toContain('wrong');
    const audit = await t.db('audit_log').where({ action: 'xapi.configured' }).first('detail');
    expect(audit).toBeTruthy();
    expect(String(audit.detail)).not.toContain('wrong');
  });

  it('names people by e-mail only when the organisation chooses it, audited, and keeps the choice when left out', async () => {
    const url = `/api/orgs/${world.school.id}/xapi`;
    expect((await admin.get(url).expect(200)).body.identifyByEmail).toBe(false);
    const on = await admin.put(url).send({ enabled: true, endpoint: lrs.endpoint, username: lrs.username, identifyByEmail: true }).expect(200);
    expect(on.body.identifyByEmail).toBe(true);
    const audits: { detail: string }[] = await t.db('audit_log').where({ action: 'xapi.configured' }).select('detail');
    expect(audits.map((a) => (JSON.parse(a.detail) as { identifyByEmail?: boolean }).identifyByEmail).sort()).toEqual([false, true]);
    // A client that does not know the choice leaves it as it is.
    expect((await admin.put(url).send({ enabled: true, endpoint: lrs.endpoint, username: lrs.username }).expect(200)).body.identifyByEmail).toBe(true);
    expect((await admin.put(url).send({ enabled: true, endpoint: lrs.endpoint, username: lrs.username, identifyByEmail: false }).expect(200)).body.identifyByEmail).toBe(false);
  });

  it('answers another organisation’s settings as not found', async () => {
    const otherSchool = await buildOrg(t.db, { kind: 'school' });
    await admin.get(`/api/orgs/${otherSchool.id}/xapi`).expect(404);
    await admin.put(`/api/orgs/${otherSchool.id}/xapi`).send({ enabled: false }).expect(404);
    await admin.get(`/api/orgs/${otherSchool.id}/xapi/queue`).expect(404);
  });
});

describe('forwarding', () => {
  it('keeps statements queued, with the error, while the LRS refuses the credentials', async () => {
    expect(await collectOrg(deps, world.school.id)).toBe(8);
    const r = await sendOrg(deps, world.school.id);
    expect(r).toEqual({ sent: 0, failed: 8 });
    const q = await queue();
    expect(q).toMatchObject({ pending: 8, sent: 0, failing: 8 });
    expect(q.failures[0]!.lastError).toContain('401');
    // Not due again before its back-off.
    expect(await sendOrg(deps, world.school.id)).toEqual({ sent: 0, failed: 0 });
  });

  it('sends them all once the password is right and the back-off has passed', async () => {
    await admin.put(`/api/orgs/${world.school.id}/xapi`).send({ enabled: true, endpoint: lrs.endpoint, username: lrs.username, password: lrs.password }).expect(200);
    minutes(retryDelayMs(1) / 60_000);
    expect(await sendOrg(deps, world.school.id)).toEqual({ sent: 8, failed: 0 });
    const held = await lrs.statements();
    expect(held).toHaveLength(8);
    const queued = (await t.db('xapi_outbox').where({ org_id: world.school.id }).select('statement_id')).map((r: { statement_id: string }) => r.statement_id).sort();
    expect(held.map((s) => s.id).sort()).toEqual(queued);
    expect(await queue()).toMatchObject({ pending: 0, sent: 8, failing: 0 });
  });

  it('loses nothing through an outage, backing off longer each time', async () => {
    minutes(5);
    const started = new Date(now - 60_000);
    await t.db('attempts').insert({ id: crypto.randomUUID(), assignment_id: (await t.db('attempts').where({ id: world.openAttempt }).first('assignment_id')).assignment_id, student_id: world.student.id, number: 2, status: 'in_progress', started_at: started, deadline_at: new Date(now + 3_600_000), last_activity_at: started });
    await lrs.stop();
    expect(await collectOrg(deps, world.school.id)).toBe(1);
    expect(await sendOrg(deps, world.school.id)).toEqual({ sent: 0, failed: 1 });
    const first = await t.db('xapi_outbox').where({ org_id: world.school.id, status: 'pending' }).first('next_attempt_at', 'attempts');
    minutes(retryDelayMs(1) / 60_000);
    expect(await sendOrg(deps, world.school.id)).toEqual({ sent: 0, failed: 1 });
    const second = await t.db('xapi_outbox').where({ org_id: world.school.id, status: 'pending' }).first('next_attempt_at', 'attempts');
    expect(Number(second.attempts)).toBe(2);
    expect(new Date(second.next_attempt_at).getTime() - now).toBe(retryDelayMs(2));
    expect(new Date(second.next_attempt_at).getTime()).toBeGreaterThan(new Date(first.next_attempt_at).getTime());
    expect((await queue()).failing).toBe(1);
    await lrs.start();
    // The admin need not wait for the back-off.
    await admin.post(`/api/orgs/${world.school.id}/xapi/queue/retry`).expect(200);
    expect(await sendOrg(deps, world.school.id)).toEqual({ sent: 1, failed: 0 });
    expect(await lrs.statements()).toHaveLength(9);
  });

  it('resends idempotently: the LRS keeps one statement per id', async () => {
    await t.db('xapi_outbox').where({ org_id: world.school.id }).update({ status: 'pending', next_attempt_at: new Date(now) });
    // The loop's pass (collect, then send) for every forwarding organisation.
    await forwardAll(deps);
    expect(await queue()).toMatchObject({ pending: 0, sent: 9 });
    expect(await lrs.statements()).toHaveLength(9);
    // Collecting the same records again queues nothing new.
    await t.db('xapi_settings').where({ org_id: world.school.id }).update({ collected_until: null });
    expect(await collectOrg(deps, world.school.id)).toBe(0);
  });
  it('sends a batch one by one when the LRS refuses one statement in it, so the others still go', async () => {
    const held = await lrs.statements();
    const sample: { statement_json: string; user_id: string; course_id: string } = await t.db('xapi_outbox').where({ org_id: world.school.id }).first('statement_json', 'user_id', 'course_id');
    const base = JSON.parse(sample.statement_json) as Record<string, unknown>;
    const row = (statement: Record<string, unknown>) => ({
      org_id: world.school.id,
      statement_id: statement.id as string,
      user_id: sample.user_id,
      course_id: sample.course_id,
      statement_json: JSON.stringify(statement),
      status: 'pending',
      attempts: 0,
      next_attempt_at: new Date(now),
      created_at: new Date(now),
    });
    const fresh = { ...base, id: crypto.randomUUID() };
    const refused = { ...base, id: crypto.randomUUID(), actor: { objectType: 'Agent', mbox: 'not-a-mailbox' } };
    // An id the LRS already holds, with other content: statements are immutable (409).
    const conflicting = { ...base, id: held[0]!.id as string, timestamp: new Date(now).toISOString() };
    await t.db('xapi_outbox').where({ org_id: world.school.id, statement_id: conflicting.id }).delete();
    await t.db('xapi_outbox').insert([row(refused), row(conflicting), row(fresh)]);
    expect(await sendOrg(deps, world.school.id)).toEqual({ sent: 2, failed: 1 });
    const ids = new Set((await lrs.statements()).map((s) => s.id));
    expect(ids.has(fresh.id)).toBe(true);
    expect(ids.has(refused.id)).toBe(false);
    const q = await queue();
    expect(q.pending).toBe(1);
    expect(q.failures.map((f) => f.lastError)).toEqual([expect.stringContaining('400')]);
    const noted = await t.db('xapi_outbox').where({ org_id: world.school.id, statement_id: conflicting.id }).first('status', 'last_error');
    expect(noted).toMatchObject({ status: 'sent', last_error: expect.stringContaining('409') });
    await t.db('xapi_outbox').whereIn('statement_id', [refused.id, fresh.id]).delete();
  });
});

describe('GET /api/courses/:id/xapi-statements', () => {
  it('streams the course’s statements as NDJSON to a teacher of the course, the same the LRS holds', async () => {
    const teacher = (await t.signIn(world.teacher)).agent;
    const res = await teacher.get(`/api/courses/${world.courseId}/xapi-statements`).buffer(true).parse((r, cb) => {
      let text = '';
      r.on('data', (c: Buffer) => (text += c.toString('utf8')));
      r.on('end', () => cb(null, text));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('application/x-ndjson');
    const lines = (res.body as string).trim().split('\n').map((l) => JSON.parse(l) as { id: string });
    expect(lines).toHaveLength(9);
    const held = new Set((await lrs.statements()).map((s) => s.id));
    for (const l of lines) expect(held.has(l.id)).toBe(true);
  });

  it('answers not found to a teacher of another course and an admin of another school', async () => {
    const otherTeacher = (await t.signIn(await buildUser(t.db, { org: world.school, roles: ['teacher'] }))).agent;
    await otherTeacher.get(`/api/courses/${world.courseId}/xapi-statements`).expect(404);
    const otherAdmin = (await t.signIn(['admin'])).agent;
    await otherAdmin.get(`/api/courses/${world.courseId}/xapi-statements`).expect(404);
    await admin.get(`/api/courses/${world.courseId}/xapi-statements`).expect(200);
  });
});

describe('personal data', () => {
  it('exports the statements about a student, and erasure removes them from the queue', async () => {
    const data = await collectPersonalData(t.db, world.student.id);
    const mine = data.json['xapi-statements.json'] as { statement: { id: string } }[];
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((r) => typeof r.statement.id === 'string')).toBe(true);
    await admin.post(`/api/users/${world.student.id}/erasure`).send({ confirmEmail: world.student.email }).expect(200);
    expect(await t.db('xapi_outbox').where({ user_id: world.student.id }).first()).toBeUndefined();
    expect(await t.db('xapi_outbox').where({ user_id: world.other.id }).first()).toBeDefined();
  });
});
