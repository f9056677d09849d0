import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientEvents } from '../../server/contract/realtime';
import type { AttemptView } from '../../server/contract/workspace';
import { textProblem } from '../../server/http/validate';
import { publishPackage } from '../../server/scenarios/sync';
import { getTestServer, type TestServer } from '../helpers/app';
import { buildOrg, buildUser } from '../helpers/factories';
import { workspaceScenario } from '../helpers/scenario';
import { connected, openSocket } from '../helpers/socket';

/**
 * NUL and lone surrogates are refused in one place (parseInput) for every body, query, params
 * and socket payload: SQLite would store them and PostgreSQL would fail with a 500. This file
 * runs on both databases (TEST_DATABASE_URL for PostgreSQL).
 */
let t: TestServer;
beforeAll(async () => {
  t = await getTestServer();
});
afterAll(() => t.close());

const BAD: [string, string, RegExp][] = [
  ['a NUL', 'Bad\u0000Name', /NUL/],
  ['a lone high surrogate', 'Bad\uD800Name', /unpaired surrogate/],
  ['a lone low surrogate', 'Bad\uDC00Name', /unpaired surrogate/],
];

function expectRefused(res: { status: number; body: { error: { code: string; message: string; details: { field: string; message: string }[] } } }, field: string, why: RegExp) {
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('validation_failed');
  expect(res.body.error.message).toContain(`Invalid ${field}`);
  expect(res.body.error.details).toEqual([{ field, message: expect.stringMatching(why), key: expect.stringMatching(/^field\./) }]);
}

describe.each(BAD)('a name with %s', (_what, name, why) => {
  it('is refused by POST /api/orgs, naming the field', async () => {
    const { agent } = await t.signIn(['operator']);
    const slug = `text-${Date.now()}`;
    expectRefused(await agent.post('/api/orgs').send({ name, slug, kind: 'school' }), 'body.name', why);
    expect(await t.db('organizations').where({ slug }).first()).toBeUndefined();
  });

  it('is refused by POST /api/users, naming the field', async () => {
    const { agent } = await t.signIn(['admin']);
    const org = await buildOrg(t.db);
    const res = await agent.post('/api/users').send({ email: `u${Date.now()}@example.test`, name, password: 'long enough password', memberships: [{ orgId: org.id, role: 'student' }] });
    expectRefused(res, 'body.name', why);
  });

  it('is refused by POST /api/courses, naming the field', async () => {
    const { agent } = await t.signIn(['teacher']);
    expectRefused(await agent.post('/api/courses').send({ title: name }), 'body.title', why);
  });
});

describe('everywhere in the input', () => {
  it('checks query strings', async () => {
    const { agent } = await t.signIn(['admin']);
    expectRefused(await agent.get('/api/users').query({ q: 'a\u0000b' }), 'query.q', /NUL/);
  });

  it('checks strings deep inside an open-ended body, and object keys', async () => {
    const { agent } = await t.signIn(['admin']);
    expectRefused(await agent.post('/api/frameworks').send({ CFItems: [{ fullStatement: 'ok' }, { fullStatement: 'x\u0000' }] }), 'body.CFItems.1.fullStatement', /NUL/);
    expectRefused(await agent.post('/api/frameworks').send({ CFDocument: { ['ke\uD800y']: 1 } }), 'body.CFDocument', /key .*unpaired surrogate/);
  });

  it('accepts well-formed text: emoji (surrogate pairs), Chinese, tabs and newlines', async () => {
    const { agent } = await t.signIn(['teacher']);
    const res = await agent.post('/api/courses').send({ title: '物流 IT 🚚\tone\nline' });
    expect(res.status).toBe(201);
  });
});

describe('socket payloads', () => {
  it('refuses a file save whose content has a NUL or a lone surrogate, with a validation error ack, and keeps the file', async () => {
    await publishPackage(t.db, workspaceScenario(), new Date());
    const versionId = (await t.db('scenario_versions').first('id')).id;
    const school = await buildOrg(t.db, { kind: 'school' });
    const teacher = await t.signIn(await buildUser(t.db, { org: school, roles: ['teacher'] }));
    const student = await t.signIn(await buildUser(t.db, { org: school, roles: ['student'] }));
    const courseId = (await teacher.agent.post('/api/courses').send({ title: 'Text course' })).body.course.id;
    await teacher.agent.post(`/api/courses/${courseId}/enrolments`).send({ userIds: [student.user.id] }).expect(200);
    const assignmentId = (await teacher.agent.post(`/api/courses/${courseId}/assignments`).send({ scenarioVersionId: versionId })).body.assignment.id;
    const attempt: AttemptView = (await student.agent.post(`/api/assignments/${assignmentId}/attempts`).expect(201)).body.attempt;

    const socket = await connected(openSocket(t.url, { cookie: student.cookie }));
    expect((await socket.emitWithAck(ClientEvents.attemptJoin, { attemptId: attempt.id })).ok).toBe(true);
    for (const [content, why] of [
      ['exports.total = 1;\u0000', /NUL/],
      ['exports.total = "\uD800";', /unpaired surrogate/],
    ] as const) {
      const ack = await socket.emitWithAck(ClientEvents.fileSave, { attemptId: attempt.id, path: 'total.js', baseRevision: 1, content });
      expect(ack).toMatchObject({ ok: false, error: { code: 'validation_failed', details: [{ field: 'payload.content', message: expect.stringMatching(why) }] } });
    }
    const fine = await socket.emitWithAck(ClientEvents.fileSave, { attemptId: attempt.id, path: 'total.js', baseRevision: 1, content: 'exports.total = 1;\n' });
    expect(fine).toEqual({ ok: true, data: { revision: 2 } });
    socket.close();
  });
});

describe('textProblem (the rule the zip import shares)', () => {
  it('names what is wrong, or nothing', () => {
    expect(textProblem('fine 🚚 文本')).toBeUndefined();
    expect(textProblem('a\u0000')).toMatch(/NUL/);
    expect(textProblem('\uDFFFa')).toMatch(/unpaired surrogate/);
    expect(textProblem('\uD83D')).toMatch(/unpaired surrogate/);
  });
});
