import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCase } from '../../server/competency/case';
import { SHIPPED_FRAMEWORK } from '../../server/competency/framework';
import { ClientEvents, ServerEvents } from '../../server/contract/realtime';
import { reviewRooms } from '../../server/review/queue';
import { getTestServer, type TestAgent, type TestServer } from '../helpers/app';
import { buildOrg, buildUser, type OrgRecord, type UserRecord } from '../helpers/factories';
import { connected, nextEvent, openSocket } from '../helpers/socket';
import { caseId } from '../helpers/case';

/**
 * Organisations are tenants: an organisation's admin manages their own organisation only;
 * platform operators create organisations and manage what is shared. These are the attacks
 * of the penetration test, each refused, and the socket rooms a removed role leaves at once.
 */
type Person = { agent: TestAgent; user: UserRecord; cookie: string };

let t: TestServer;
let schoolA: OrgRecord;
let schoolB: OrgRecord;
let worksA: OrgRecord;
let adminA: Person; // administers school A only
let adminWorksA: Person; // administers enterprise A only
let operator: Person;
let teacherB: UserRecord;

const password = 'a long enough password';
const newUser = (email: string, orgId: string, role = 'student') => ({ email, name: 'New Person', password, memberships: [{ orgId, role }] });

beforeAll(async () => {
  t = await getTestServer();
  await importCase(t.db, JSON.parse(fs.readFileSync(SHIPPED_FRAMEWORK, 'utf8')), new Date());
  schoolA = await buildOrg(t.db, { kind: 'school', name: 'School A' });
  schoolB = await buildOrg(t.db, { kind: 'school', name: 'School B' });
  worksA = await buildOrg(t.db, { kind: 'enterprise', name: 'Works A' });
  adminA = await t.signIn(await buildUser(t.db, { org: schoolA, roles: ['admin'], name: 'Admin A' }));
  adminWorksA = await t.signIn(await buildUser(t.db, { org: worksA, roles: ['admin'], name: 'Admin Works A' }));
  operator = await t.signIn(['operator']);
  await buildUser(t.db, { org: schoolA, roles: ['student'], name: 'Student A' });
  teacherB = await buildUser(t.db, { org: schoolB, roles: ['teacher'], name: 'Teacher B' });
});
afterAll(() => t.close());

describe('an organisation’s admin', () => {
  it('lists only the people of their organisation, and their roles there only', async () => {
    const both = await buildUser(t.db, { org: schoolA, roles: ['teacher'], name: 'Two Schools' });
    await t.db('memberships').insert({ id: crypto.randomUUID(), user_id: both.id, org_id: schoolB.id, role: 'teacher', created_at: new Date() });
    const res = await adminA.agent.get('/api/users').query({ limit: 200 });
    expect(res.status).toBe(200);
    const names = res.body.users.map((u: { name: string }) => u.name);
    expect(names).toEqual(expect.arrayContaining(['Admin A', 'Student A', 'Two Schools']));
    expect(names).not.toContain('Teacher B');
    expect(names).not.toContain('Admin Works A');
    expect(res.body.total).toBe(names.length);
    const two = res.body.users.find((u: { name: string }) => u.name === 'Two Schools');
    expect(two.memberships.map((m: { orgId: string }) => m.orgId)).toEqual([schoolA.id]);
    // Naming another organisation, or searching for its people, finds nothing.
    expect((await adminA.agent.get('/api/users').query({ orgId: schoolB.id })).status).toBe(404);
    expect((await adminA.agent.get('/api/users').query({ q: 'Teacher B' })).body.total).toBe(0);
  });

  it('cannot read a person of another organisation', async () => {
    expect((await adminA.agent.get(`/api/users/${teacherB.id}`)).status).toBe(404);
    expect((await operator.agent.get(`/api/users/${teacherB.id}`)).status).toBe(200);
  });

  it('cannot create anyone in another organisation, an admin least of all', async () => {
    const before = await t.db('users').count({ n: '*' });
    const res = await adminA.agent.post('/api/users').send(newUser('intruder@example.test', schoolB.id, 'admin'));
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/School B/);
    const mixed = await adminA.agent.post('/api/users').send({ ...newUser('mixed@example.test', schoolA.id), memberships: [{ orgId: schoolA.id, role: 'student' }, { orgId: worksA.id, role: 'author' }] });
    expect(mixed.status).toBe(403);
    expect(await t.db('users').count({ n: '*' })).toEqual(before);
    const own = await adminA.agent.post('/api/users').send(newUser('own@example.test', schoolA.id));
    expect(own.status).toBe(201);
  });

  it('cannot create organisations; a platform operator can', async () => {
    expect((await adminA.agent.post('/api/orgs').send({ name: 'Shadow School', slug: 'shadow', kind: 'school' })).status).toBe(403);
    expect((await operator.agent.post('/api/orgs').send({ name: 'Real School', slug: 'real-school', kind: 'school' })).status).toBe(201);
  });

  it('sees their own organisations in full, and every organisation only by name in the directory', async () => {
    const mine = await adminA.agent.get('/api/orgs');
    expect(mine.body.orgs.map((o: { id: string }) => o.id)).toEqual([schoolA.id]);
    const all = await operator.agent.get('/api/orgs');
    expect(all.body.orgs.map((o: { id: string }) => o.id)).toEqual(expect.arrayContaining([schoolA.id, schoolB.id, worksA.id]));
    const directory = await adminA.agent.get('/api/org-directory');
    expect(directory.body.orgs).toEqual(expect.arrayContaining([{ id: schoolB.id, name: 'School B', kind: 'school' }]));
    expect(Object.keys(directory.body.orgs[0]).sort()).toEqual(['id', 'kind', 'name']);
  });
});

describe('frameworks', () => {
  const own = (name: string) => ({ CFDocument: { identifier: caseId(name), title: `Framework ${name}` }, CFItems: [{ identifier: caseId(`${name}-1`), humanCodingScheme: `${name}.one`, fullStatement: 'One' }] });
  const levels = [
    { id: 'novice', label: 'Novice', min: 0 },
    { id: 'proficient', label: 'Competent', min: 0.5 },
  ];

  it('keeps the shared framework read-only to organisation admins', async () => {
    const shared = (await adminA.agent.get('/api/frameworks')).body.frameworks.find((f: { owner: unknown }) => f.owner === null);
    expect(shared).toMatchObject({ canManage: false });
    const exported = (await adminA.agent.get(`/api/frameworks/${shared.id}/case`)).body;
    const replaced = await adminA.agent.post('/api/frameworks').send(exported);
    expect(replaced.status).toBe(403);
    expect((await adminA.agent.put(`/api/frameworks/${shared.id}/levels`).send({ levels })).status).toBe(403);
    expect((await t.db('framework_items').where({ framework_id: shared.id }).count({ n: '*' }))[0]).not.toEqual({ n: 0 });
    expect((await operator.agent.put(`/api/frameworks/${shared.id}/levels`).send({ levels })).status).toBe(200);
  });

  it('lets an admin import and manage their organisation’s own, and nobody else’s', async () => {
    const created = await adminA.agent.post('/api/frameworks').send(own('school-a'));
    expect(created.status).toBe(201);
    const listed = (await adminWorksA.agent.get('/api/frameworks')).body.frameworks.find((f: { identifier: string }) => f.identifier === caseId('school-a'));
    expect(listed).toMatchObject({ owner: { id: schoolA.id, name: 'School A' }, canManage: false });
    expect((await adminWorksA.agent.put(`/api/frameworks/${listed.id}/levels`).send({ levels })).status).toBe(403);
    expect((await adminWorksA.agent.post('/api/frameworks').send(own('school-a'))).status).toBe(403);
    expect((await adminA.agent.put(`/api/frameworks/${listed.id}/levels`).send({ levels })).status).toBe(200);
  });
});

describe('roles and accounts', () => {
  it('gives and takes roles only in the admin’s organisation, and never its last admin', async () => {
    const person = await buildUser(t.db, { org: schoolA, roles: ['student'] });
    expect((await adminA.agent.post(`/api/users/${person.id}/memberships`).send({ orgId: schoolB.id, role: 'teacher' })).status).toBe(403);
    const granted = await adminA.agent.post(`/api/users/${person.id}/memberships`).send({ orgId: schoolA.id, role: 'teacher' });
    expect(granted.status).toBe(201);
    const teacherRole = granted.body.user.memberships.find((m: { role: string }) => m.role === 'teacher');
    expect((await adminA.agent.delete(`/api/users/${person.id}/memberships/${teacherRole.id}`)).status).toBe(200);
    // Admin B cannot touch school A's people, whatever ids they hold.
    const adminB = await t.signIn(await buildUser(t.db, { org: schoolB, roles: ['admin'] }));
    const studentRole = (await t.db('memberships').where({ user_id: person.id }).first('id')).id;
    expect((await adminB.agent.delete(`/api/users/${person.id}/memberships/${studentRole}`)).status).toBe(404);
    const lastAdmin = (await t.db('memberships').where({ user_id: adminA.user.id, role: 'admin' }).first('id')).id;
    const refused = await adminA.agent.delete(`/api/users/${adminA.user.id}/memberships/${lastAdmin}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/last administrator/);
  });

  it('disables an account of their own organisation at once, and not someone who also belongs elsewhere', async () => {
    const student = await t.signIn(await buildUser(t.db, { org: schoolA, roles: ['student'] }));
    const socket = await connected(openSocket(t.url, { cookie: student.cookie }));
    const ended = nextEvent<{ reason: string }>(socket, ServerEvents.sessionEnded);
    const disconnected = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
    const res = await adminA.agent.patch(`/api/users/${student.user.id}`).send({ disabled: true });
    expect(res.status).toBe(200);
    expect(res.body.user.disabled).toBe(true);
    expect(await ended).toEqual({ reason: 'disabled' });
    await disconnected;
    expect((await student.agent.get('/api/session')).status).toBe(401);

    const shared = await buildUser(t.db, { org: schoolA, roles: ['teacher'] });
    await t.db('memberships').insert({ id: crypto.randomUUID(), user_id: shared.id, org_id: schoolB.id, role: 'teacher', created_at: new Date() });
    expect((await adminA.agent.patch(`/api/users/${shared.id}`).send({ disabled: true })).status).toBe(403);
    expect((await adminA.agent.patch(`/api/users/${adminA.user.id}`).send({ disabled: true })).status).toBe(403);
  });
});

describe('a removed role ends what it let a socket follow', () => {
  it('leaves the review queue of the enterprise it lost, at once, and keeps the other', async () => {
    const worksB = await buildOrg(t.db, { kind: 'enterprise', name: 'Works B' });
    const reviewer = await t.signIn(await buildUser(t.db, { org: worksA, roles: ['reviewer'] }));
    await t.db('memberships').insert({ id: crypto.randomUUID(), user_id: reviewer.user.id, org_id: worksB.id, role: 'reviewer', created_at: new Date() });
    const socket = await connected(openSocket(t.url, { cookie: reviewer.cookie }));
    for (const enterpriseId of [worksA.id, worksB.id]) {
      expect(await socket.emitWithAck(ClientEvents.reviewQueueJoin, { enterpriseId })).toMatchObject({ ok: true });
    }
    const heard: string[] = [];
    socket.on(ServerEvents.reviewQueueChanged, (p: { from: string }) => heard.push(p.from));
    const push = (enterpriseId: string) => t.deps.publisher.toRoom(reviewRooms.queue(enterpriseId), ServerEvents.reviewQueueChanged, { from: enterpriseId });

    const role = (await t.db('memberships').where({ user_id: reviewer.user.id, org_id: worksA.id }).first('id')).id;
    const changed = nextEvent<{ left: number }>(socket, ServerEvents.accessChanged);
    expect((await adminWorksA.agent.delete(`/api/users/${reviewer.user.id}/memberships/${role}`)).status).toBe(200);
    expect(await changed).toEqual({ left: 1 });

    // Pushes to one socket arrive in order: once B's push is heard, A's would have been too.
    const heardB = nextEvent(socket, ServerEvents.reviewQueueChanged);
    push(worksA.id);
    push(worksB.id);
    await heardB;
    expect(heard).toEqual([worksB.id]);
    // And the socket acts with the roles it has now.
    expect(await socket.emitWithAck(ClientEvents.reviewQueueJoin, { enterpriseId: worksA.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    socket.close();
  });
});
