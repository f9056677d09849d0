import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRoutes } from '../../server/app';
import type { Ack } from '../../server/contract/realtime';
import { ClientEvents, ServerEvents } from '../../server/contract/realtime';
import { routeKey } from '../../server/http/routes';
import { allSocketEvents } from '../../server/realtime/events';
import { getTestServer, type TestAgent, type TestServer } from '../helpers/app';
import { connected, openSocket } from '../helpers/socket';
import { caseId } from '../helpers/case';
import { buildTenants, ghostOf, idsOf, ownFramework, type Person, type Tenant, type TenantIds } from '../helpers/tenants';
import { HTTP_TENANT, SOCKET_TENANT, type Exempt, type HttpCase, type SocketCase } from './tenantCases';

/**
 * Organisations are tenants: every route and socket event, sent by the same role of tenant B
 * about tenant A's objects, is refused (or, for a list, answered without any of A's ids),
 * while A's own person gets past authorization with the very same request. The table is in
 * tenantCases.ts; the world (two schools, two enterprises, everything between them) in
 * tests/helpers/tenants.ts.
 */

let t: TestServer;
let A: Tenant;
let B: Tenant;
let operator: Person;
let ghost: TenantIds;
let toGhost: (text: string) => string;
let aIds: string[];
const sockets = new Map<Person, Socket>();

beforeAll(async () => {
  t = await getTestServer();
  ({ A, B, operator } = await buildTenants(t));
  ({ ghost, toGhost } = ghostOf(A.ids));
  aIds = idsOf(A.ids);
}, 120_000);
afterAll(async () => {
  for (const s of sockets.values()) s.close();
  await t.close();
});

const casesOf = <C>(row: Exempt | C | C[]): C[] => ('exempt' in (row as object) ? [] : Array.isArray(row) ? row : [row as C]);

describe('the tenant table covers the code', () => {
  it('has an entry for every HTTP route and none for a route that is gone', () => {
    const declared = allRoutes(t.deps).map(routeKey);
    expect(declared.filter((k) => !(k in HTTP_TENANT)), 'routes with no entry in HTTP_TENANT').toEqual([]);
    expect(Object.keys(HTTP_TENANT).filter((k) => !declared.includes(k))).toEqual([]);
  });

  it('has an entry for every socket event and none for an event that is gone', () => {
    const declared = allSocketEvents(t.deps).map((e) => e.event);
    expect(declared.filter((k) => !(k in SOCKET_TENANT)), 'events with no entry in SOCKET_TENANT').toEqual([]);
    expect(Object.keys(SOCKET_TENANT).filter((k) => !declared.includes(k))).toEqual([]);
  });

  it('says why wherever a row is exempt or another tenant’s id is answered as unknown', () => {
    const rows = [...Object.values(HTTP_TENANT), ...Object.values(SOCKET_TENANT)];
    for (const row of rows) if ('exempt' in row) expect(row.exempt.length).toBeGreaterThan(10);
    const unexplained = Object.entries(HTTP_TENANT).filter(([, row]) => casesOf<HttpCase>(row).some((c) => c.refuse === 'asUnknown' && !c.why));
    expect(unexplained.map(([k]) => k)).toEqual([]);
  });
});

function send(agent: TestAgent, key: string, c: HttpCase, a: TenantIds, own: TenantIds) {
  const [method, pattern] = key.split(' ') as [string, string];
  const params = c.params?.(a, own) ?? {};
  const path = pattern.replace(/:([a-zA-Z]+)/g, (_, name: string) => {
    if (!params[name]) throw new Error(`${key}: no value for :${name}`);
    return encodeURIComponent(params[name]);
  });
  let req = agent[method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](path);
  if (c.query) req = req.query(c.query(a, own));
  return c.body ? req.send(c.body(a, own) as object) : req;
}

const pastAuthorization = (status: number) => status < 500 && ![401, 403, 404].includes(status);

const httpCases = Object.entries(HTTP_TENANT).flatMap(([key, row]) => casesOf<HttpCase>(row).map((c, i) => [`${key} (${i + 1}) as ${c.who}`, key, c] as const));

describe('HTTP: the same role of another tenant', () => {
  it.each(httpCases)('%s', async (_name, key, c) => {
    const theirs = B.people[c.who].agent;
    const b = await send(theirs, key, c, A.ids, B.ids);
    const text = JSON.stringify(b.body);
    expect(b.status, 'no route may answer 500').toBeLessThan(500);
    if (c.refuse === 'list') {
      expect(b.status, text).toBe(200);
      expect(aIds.filter((x) => text.includes(x)), 'A’s ids in B’s answer').toEqual([]);
    } else if (c.refuse === 'asUnknown') {
      // Exactly the answer for ids that exist nowhere: nothing tells B that A's exist.
      const g = await send(theirs, key, c, ghost, B.ids);
      expect({ status: b.status, body: toGhost(text) }).toEqual({ status: g.status, body: JSON.stringify(g.body) });
    } else {
      expect(b.status, text).toBe(c.refuse);
      expect(b.body.error.code).toBe(c.refuse === 404 ? 'not_found' : 'forbidden');
      if (c.refuse === 404) {
        const g = await send(theirs, key, c, ghost, B.ids);
        expect(toGhost(text), 'a 404 must not tell an existing id from one that exists nowhere').toBe(JSON.stringify(g.body));
      }
    }

    // The positive control: the same request from A's own person gets past authorization.
    const own = await send(A.people[c.who].agent, key, c, A.ids, A.ids);
    expect(pastAuthorization(own.status), `A's own ${c.who} was refused: ${own.status} ${JSON.stringify(own.body)}`).toBe(true);
    if (c.refuse === 'list') for (const x of c.shows!(A.ids)) expect(JSON.stringify(own.body)).toContain(x);

    // A platform operator is no member of A: they get what the role matrix gives them.
    const op = await send(operator.agent, key, c, A.ids, A.ids);
    const wanted = c.operator ?? 403;
    if (wanted === 'ok') expect(pastAuthorization(op.status), `operator: ${op.status} ${JSON.stringify(op.body)}`).toBe(true);
    else expect([op.status, op.body.error?.code]).toEqual([wanted, wanted === 404 ? 'not_found' : 'forbidden']);
    await c.restore?.(t.db, A.ids);
  });
});

async function emit(p: Person, event: string, payload: unknown): Promise<Ack<unknown>> {
  let s = sockets.get(p);
  if (!s) sockets.set(p, (s = await connected(openSocket(t.url, { cookie: p.cookie }))));
  return s.timeout(10_000).emitWithAck(event, payload);
}

const socketCases = Object.entries(SOCKET_TENANT).flatMap(([event, row]) => casesOf<SocketCase>(row).map((c, i) => [`${event} (${i + 1}) as ${c.who}`, event, c] as const));

describe('sockets: the same role of another tenant', () => {
  it.each(socketCases)('%s', async (_name, event, c) => {
    const b = await emit(B.people[c.who], event, c.payload(A.ids, B.ids));
    expect(b).toMatchObject({ ok: false, error: { code: c.refuse } });
    const g = await emit(B.people[c.who], event, c.payload(ghost, B.ids));
    expect(toGhost(JSON.stringify(b)), 'the answer for an id that exists nowhere').toBe(JSON.stringify(g));

    const own = await emit(A.people[c.who], event, c.payload(A.ids, A.ids));
    expect(['forbidden', 'not_found', 'unauthenticated', 'internal'], `A's own ${c.who}: ${JSON.stringify(own)}`).not.toContain(own.ok ? 'ok' : own.error.code);

    const op = await emit(operator, event, c.payload(A.ids, A.ids));
    expect(op).toMatchObject({ ok: false, error: { code: c.operator ?? 'forbidden' } });
  });
});

/** Reads `read` before and after B's attempt, which must be refused and change nothing. */
async function changesNothing(read: () => Promise<unknown>, attempt: () => Promise<number | string>, refused: number | string) {
  const before = JSON.stringify(await read());
  expect(await attempt()).toBe(refused);
  expect(JSON.stringify(await read())).toBe(before);
}
const status = (res: PromiseLike<{ status: number }>) => Promise.resolve(res).then((r) => r.status);
const ackCode = (ack: Promise<Ack<unknown>>) => ack.then((a) => (a.ok ? 'ok' : a.error.code));

describe('what another tenant sends changes nothing of A’s', () => {
  const membersOfA = () => t.db('memberships').whereIn('org_id', [A.ids.schoolId, A.ids.enterpriseId]).orderBy('id').select('id', 'user_id', 'role', 'lead');

  it('creates nobody in A’s school, an admin least of all', async () => {
    const intruder = { email: 'intruder@tenants.test', name: 'Intruder', password: 'a long enough password', memberships: [{ orgId: A.ids.schoolId, role: 'admin' }] };
    const users = () => t.db('users').where({ email: intruder.email }).select('id');
    await changesNothing(membersOfA, () => status(B.people.schoolAdmin.agent.post('/api/users').send(intruder)), 403);
    expect(await users()).toEqual([]);
  });

  it('grants nobody a role in A’s organisations, the intruding admin included', async () => {
    const self = `/api/users/${B.ids.users.schoolAdmin}/memberships`;
    await changesNothing(membersOfA, () => status(B.people.schoolAdmin.agent.post(self).send({ orgId: A.ids.schoolId, role: 'admin' })), 403);
    const author = `/api/users/${B.ids.users.author}/memberships`;
    await changesNothing(membersOfA, () => status(B.people.enterpriseAdmin.agent.post(author).send({ orgId: A.ids.enterpriseId, role: 'reviewer', lead: true })), 403);
  });

  it('neither shares A’s solutions nor ends A’s partnership', async () => {
    const row = () => t.db('partnerships').where({ id: A.ids.partnershipId }).first();
    await changesNothing(row, () => status(B.people.enterpriseAdmin.agent.put(`/api/partnerships/${A.ids.partnershipId}/sharing`).send({ sharesSolutions: true })), 404);
    await changesNothing(row, () => status(B.people.schoolAdmin.agent.patch(`/api/partnerships/${A.ids.partnershipId}`).send({ status: 'ended' })), 404);
  });

  it('does not open A’s scenario to every school', async () => {
    const row = () => t.db('scenarios').where({ id: A.ids.scenarioId }).first();
    await changesNothing(row, () => status(B.people.author.agent.put(`/api/scenarios/${A.ids.scenarioId}/visibility`).send({ public: true })), 404);
  });

  it('replaces neither the levels nor the items of A’s framework', async () => {
    const framework = async () => [await t.db('frameworks').where({ id: A.ids.frameworkId }).first(), await t.db('framework_items').where({ framework_id: A.ids.frameworkId })];
    const levels = [
      { id: 'novice', label: 'Novice', min: 0 },
      { id: 'proficient', label: 'Anything goes', min: 0.01 },
    ];
    await changesNothing(framework, () => status(B.people.schoolAdmin.agent.put(`/api/frameworks/${A.ids.frameworkId}/levels`).send({ levels })), 403);
    const replaced = { ...ownFramework(A.ids.names.frameworkIdentifier), CFItems: [{ identifier: caseId('x-1'), humanCodingScheme: 'x.one', fullStatement: 'Replaced' }] };
    await changesNothing(framework, () => status(B.people.schoolAdmin.agent.post('/api/frameworks').send(replaced)), 403);
  });

  it('does not redefine a competency A’s course teaches by reusing its code in an own framework', async () => {
    const modules = () => A.people.teacher.agent.get(`/api/courses/${A.ids.courseId}/modules`).then((r) => r.body);
    const report = () => A.people.teacher.agent.get(`/api/courses/${A.ids.courseId}/report`).then((r) => [r.body.levels, r.body.competencies]);
    const hijack = { CFDocument: { identifier: caseId('hijack'), title: 'Hijack' }, CFItems: [{ identifier: caseId('hijack-1'), humanCodingScheme: 'js.debugging', fullStatement: 'Whatever B says' }] };
    const refused = await B.people.schoolAdmin.agent.post('/api/frameworks').send(hijack);
    expect([refused.status, refused.body.error?.message]).toEqual([409, expect.stringMatching(/js\.debugging is already a competency of Practicum vocational competencies/)]);
    await changesNothing(modules, () => status(B.people.schoolAdmin.agent.post('/api/frameworks').send(hijack)), 409);
    await changesNothing(report, () => status(B.people.enterpriseAdmin.agent.post('/api/frameworks').send(hijack)), 409);
  });

  it('neither claims nor scores A’s open submission, nor decides its regrade', async () => {
    const item = async () => [await t.db('review_items').where({ id: A.ids.openItemId }).first(), await t.db('reviews').where({ item_id: A.ids.openItemId }).orderBy('id')];
    const reviewer = B.people.reviewer.agent;
    await changesNothing(item, () => status(reviewer.post(`/api/review-items/${A.ids.openItemId}/claim`)), 404);
    const review = { scores: [{ criterionId: 'explains', level: 0 }, { criterionId: 'style', level: 0 }], overallComment: 'Zero' };
    await changesNothing(item, () => status(reviewer.post(`/api/review-items/${A.ids.openItemId}/reviews`).send(review)), 404);
    const regrade = () => t.db('regrade_requests').where({ id: A.ids.regradeId }).first();
    await changesNothing(regrade, () => status(reviewer.post(`/api/regrade-requests/${A.ids.regradeId}/decision`).send({ decision: 'decline', reply: 'No.' })), 404);
  });

  it('neither saves, deletes nor discards A’s drafts', async () => {
    const files = () => t.db('draft_files').where({ draft_id: A.ids.draftId }).orderBy('path').select('path', 'revision', 'content');
    const author = B.people.author;
    await changesNothing(files, () => ackCode(emit(author, ClientEvents.draftFileSave, { draftId: A.ids.draftId, path: 'brief.md', baseRevision: 1, content: 'Replaced' })), 'not_found');
    await changesNothing(files, () => ackCode(emit(author, ClientEvents.draftFileDelete, { draftId: A.ids.draftId, path: 'brief.md', baseRevision: 1 })), 'not_found');
    await changesNothing(files, () => status(author.agent.delete(`/api/authoring/drafts/${A.ids.draftId}`)), 404);
  });

  it('neither enrols A’s student in their course nor changes A’s course', async () => {
    const members = () => t.db('course_members').where({ user_id: A.ids.users.student }).orderBy('course_id').select('course_id', 'role');
    const res = await B.people.teacher.agent.post(`/api/courses/${B.ids.courseId}/enrolments`).send({ userIds: [A.ids.users.student] });
    expect(res.body.enrolled).toEqual([]);
    expect(JSON.stringify(res.body)).not.toMatch(/a-student/);
    await changesNothing(members, () => status(B.people.teacher.agent.post(`/api/courses/${B.ids.courseId}/enrolments`).send({ userIds: [A.ids.users.student] })), 200);
    const modules = () => t.db('course_modules').where({ course_id: A.ids.courseId }).orderBy('id');
    await changesNothing(modules, () => status(B.people.teacher.agent.delete(`/api/course-modules/${A.ids.moduleId}`)), 404);
  });

  it('writes nothing into A’s attempts or threads', async () => {
    const revisions = () => t.db('file_revisions').where({ attempt_id: A.ids.openAttemptId }).orderBy(['path', 'revision']).select('path', 'revision');
    const save = { attemptId: A.ids.openAttemptId, path: 'notes.md', baseRevision: 0, content: 'Planted' };
    await changesNothing(revisions, () => ackCode(emit(B.people.student, ClientEvents.fileSave, save)), 'not_found');
    const comments = () => t.db('comments').orderBy('id').select('id');
    await changesNothing(comments, () => status(B.people.teacher.agent.post(`/api/threads/report_section/${A.ids.courseId}:gaps`).send({ body: 'Planted' })), 404);
  });
});

describe('what is every tenant’s by design', () => {
  it('the catalog names A’s partners-only version to B’s teacher, as not assignable and without files', async () => {
    const res = await B.people.teacher.agent.get('/api/scenario-versions');
    const listed = res.body.versions.find((v: { id: string }) => v.id === A.ids.versionId);
    expect(listed).toMatchObject({ owner: { id: A.ids.enterpriseId }, public: false, assignable: false });
    expect(Object.keys(listed)).not.toEqual(expect.arrayContaining(['files']));
    expect(JSON.stringify(res.body)).not.toMatch(/solution\/|"double"|"value":8/);
  });
});

describe('someone who leaves tenant A for tenant B', () => {
  it('stops teaching A’s courses when A takes the role away, whatever they teach elsewhere', async () => {
    // A teacher of both schools (the operator gives the second role): one course at A.
    const email = 'two-schools@tenants.test';
    const made = await A.people.schoolAdmin.agent.post('/api/users').send({ email, name: 'Two Schools', password: 'a long enough password', memberships: [{ orgId: A.ids.schoolId, role: 'teacher' }] });
    const user = made.body.user;
    await operator.agent.post(`/api/users/${user.id}/memberships`).send({ orgId: B.ids.schoolId, role: 'teacher' }).expect(201);
    const teacher = await t.signIn({ id: user.id, email, name: user.name, password: 'a long enough password', orgId: A.ids.schoolId });
    const courseId = (await teacher.agent.post('/api/courses').send({ title: 'Left behind', schoolId: A.ids.schoolId })).body.course.id;
    await teacher.agent.post(`/api/courses/${courseId}/enrolments`).send({ userIds: [A.ids.users.student] }).expect(200);
    const assignmentId = (await teacher.agent.post(`/api/courses/${courseId}/assignments`).send({ scenarioVersionId: A.ids.versionId })).body.assignment.id;
    const socket = await connected(openSocket(t.url, { cookie: teacher.cookie }));
    expect(await socket.emitWithAck(ClientEvents.monitorJoin, { assignmentId })).toMatchObject({ ok: true });
    const left = new Promise<{ left: number }>((resolve) => socket.once(ServerEvents.accessChanged, resolve));

    const role = user.memberships.find((m: { orgId: string }) => m.orgId === A.ids.schoolId).id;
    await A.people.schoolAdmin.agent.delete(`/api/users/${user.id}/memberships/${role}`).expect(200);
    expect(await left).toEqual({ left: 1 });
    socket.close();
    expect((await teacher.agent.get(`/api/courses/${courseId}`)).status).toBe(404);
    expect(JSON.stringify((await teacher.agent.get('/api/courses')).body)).not.toContain(courseId);
    expect((await teacher.agent.get(`/api/courses/${courseId}/students/${A.ids.users.student}/record`)).status).toBe(404);
    expect((await teacher.agent.get(`/api/assignments/${assignmentId}/monitor`)).status).toBe(404);
    expect((await teacher.agent.get(`/api/threads/scenario_version/${A.ids.versionId}`)).status).toBe(404);
  });

  it('loses the preview of A’s draft when A takes the author role away', async () => {
    const email = 'two-enterprises@tenants.test';
    const made = await A.people.enterpriseAdmin.agent.post('/api/users').send({ email, name: 'Moving Author', password: 'a long enough password', memberships: [{ orgId: A.ids.enterpriseId, role: 'author' }] });
    const user = made.body.user;
    await operator.agent.post(`/api/users/${user.id}/memberships`).send({ orgId: B.ids.enterpriseId, role: 'author' }).expect(201);
    const author = await t.signIn({ id: user.id, email, name: user.name, password: 'a long enough password', orgId: A.ids.enterpriseId });
    const { previewId } = (await author.agent.post(`/api/authoring/drafts/${A.ids.draftId}/preview`).expect(201)).body;
    const socket = await connected(openSocket(t.url, { cookie: author.cookie }));
    expect(await socket.emitWithAck(ClientEvents.previewJoin, { previewId })).toMatchObject({ ok: true });
    const left = new Promise<{ left: number }>((resolve) => socket.once(ServerEvents.accessChanged, resolve));

    const role = user.memberships.find((m: { orgId: string }) => m.orgId === A.ids.enterpriseId).id;
    await A.people.enterpriseAdmin.agent.delete(`/api/users/${user.id}/memberships/${role}`).expect(200);
    expect(await left).toEqual({ left: 1 });
    expect(await socket.emitWithAck(ClientEvents.previewSkip, { previewId })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    socket.close();
    expect((await author.agent.get(`/api/previews/${previewId}`)).status).toBe(404);
  });

  it('stops studying in A’s courses when A takes the role away', async () => {
    const email = 'two-schools-student@tenants.test';
    const made = await A.people.schoolAdmin.agent.post('/api/users').send({ email, name: 'Moving Student', password: 'a long enough password', memberships: [{ orgId: A.ids.schoolId, role: 'student' }] });
    const user = made.body.user;
    await operator.agent.post(`/api/users/${user.id}/memberships`).send({ orgId: B.ids.schoolId, role: 'student' }).expect(201);
    const student = await t.signIn({ id: user.id, email, name: user.name, password: 'a long enough password', orgId: A.ids.schoolId });
    await A.people.teacher.agent.post(`/api/courses/${A.ids.courseId}/enrolments`).send({ userIds: [user.id] }).expect(200);
    expect(JSON.stringify((await student.agent.get('/api/assignments')).body)).toContain(A.ids.assignmentId);

    const role = user.memberships.find((m: { orgId: string }) => m.orgId === A.ids.schoolId).id;
    await A.people.schoolAdmin.agent.delete(`/api/users/${user.id}/memberships/${role}`).expect(200);
    expect(JSON.stringify((await student.agent.get('/api/assignments')).body)).not.toContain(A.ids.assignmentId);
    expect(JSON.stringify((await student.agent.get('/api/courses')).body)).not.toContain(A.ids.courseId);
    expect(JSON.stringify((await student.agent.get('/api/competency-courses')).body)).not.toContain(A.ids.courseId);
    expect((await student.agent.post(`/api/assignments/${A.ids.assignmentId}/attempts`)).status).toBe(404);
    expect((await student.agent.get(`/api/courses/${A.ids.courseId}/students/${user.id}/record`)).status).toBe(404);
  });
});
