import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestServer, type TestAgent, type TestServer } from '../helpers/app';
import { buildOrg, buildUser, type OrgRecord } from '../helpers/factories';

let t: TestServer;
let admin: TestAgent;
let school: OrgRecord;
let enterprise: OrgRecord;

beforeAll(async () => {
  t = await getTestServer();
  admin = (await t.signIn(['operator'])).agent;
  school = await buildOrg(t.db, { kind: 'school', name: 'Test School' });
  enterprise = await buildOrg(t.db, { kind: 'enterprise', name: 'Test Works' });
});
afterAll(() => t.close());

describe('POST /api/users', () => {
  it('creates a user who can then sign in with the given password', async () => {
    const res = await admin.post('/api/users').send({
      email: 'New.Student@Example.test',
      name: 'Ma Lin',
      password: 'a long enough password',
      memberships: [{ orgId: school.id, role: 'student' }],
    });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({
      email: 'new.student@example.test',
      name: 'Ma Lin',
      disabled: false,
      memberships: [{ orgId: school.id, orgName: 'Test School', orgKind: 'school', role: 'student' }],
    });
    const login = await t.agent().post('/api/session').send({ email: 'new.student@example.test', password: 'a long enough password' });
    expect(login.status).toBe(200);
  });

  it('gives one person several roles', async () => {
    const res = await admin.post('/api/users').send({
      email: 'both@example.test',
      name: 'Two Hats',
      password: 'a long enough password',
      memberships: [
        { orgId: enterprise.id, role: 'author' },
        { orgId: enterprise.id, role: 'reviewer' },
        { orgId: enterprise.id, role: 'reviewer' },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body.user.memberships.map((m: { role: string }) => m.role).sort()).toEqual(['author', 'reviewer']);
  });

  it('makes a lead reviewer, and only of a reviewer', async () => {
    const res = await admin.post('/api/users').send({
      email: 'lead@example.test',
      name: 'Lead Reviewer',
      password: 'a long enough password',
      memberships: [{ orgId: enterprise.id, role: 'reviewer', lead: true }],
    });
    expect(res.status).toBe(201);
    expect(res.body.user.memberships).toEqual([expect.objectContaining({ role: 'reviewer', lead: true })]);
    const wrong = await admin.post('/api/users').send({
      email: 'not-lead@example.test',
      name: 'Not A Lead',
      password: 'a long enough password',
      memberships: [{ orgId: enterprise.id, role: 'author', lead: true }],
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toMatch(/only a reviewer can be a lead reviewer/);
  });

  it('answers a taken email with 409', async () => {
    const existing = await buildUser(t.db);
    const res = await admin.post('/api/users').send({
      email: existing.email,
      name: 'Again',
      password: 'a long enough password',
      memberships: [{ orgId: school.id, role: 'student' }],
    });
    expect(res.status).toBe(409);
    expect(res.body.error.details).toEqual([{ field: 'body.email', message: 'is taken', key: 'field.taken' }]);
  });

  it('refuses a role that does not fit the kind of organisation', async () => {
    const res = await admin.post('/api/users').send({
      email: 'misfit@example.test',
      name: 'Misfit',
      password: 'a long enough password',
      memberships: [{ orgId: enterprise.id, role: 'student' }],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0]).toEqual({
      field: 'body.memberships.0.role',
      message: 'a student belongs to a school, but Test Works is an enterprise',
      key: 'field.roleWrongOrgKind',
      params: { role: 'student', needed: 'school', org: 'Test Works', kind: 'enterprise' },
    });
    expect(await t.db('users').where({ email: 'misfit@example.test' }).first()).toBeUndefined();
  });

  it('refuses an unknown organisation and a short password', async () => {
    const res = await admin.post('/api/users').send({
      email: 'x@example.test',
      name: 'X',
      password: 'short',
      memberships: [{ orgId: '00000000-0000-4000-8000-000000000000', role: 'admin' }],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ field: 'body.password', message: 'must be at least 10 characters', key: 'field.tooShort', params: { minimum: 10 } }]);
    const res2 = await admin.post('/api/users').send({
      email: 'x@example.test',
      name: 'X',
      password: 'long enough password',
      memberships: [{ orgId: '00000000-0000-4000-8000-000000000000', role: 'admin' }],
    });
    expect(res2.status).toBe(400);
    expect(res2.body.error.details[0]).toEqual({ field: 'body.memberships.0.orgId', message: 'no such organisation', key: 'field.noSuchOrganisation' });
  });
});

describe('GET /api/users', () => {
  it('searches by name or email, filters by role and pages', async () => {
    const org = await buildOrg(t.db, { kind: 'school' });
    for (const name of ['Alpha Searchable', 'Beta Searchable', 'Gamma Other']) await buildUser(t.db, { name, org, roles: ['teacher'] });
    const found = await admin.get('/api/users').query({ q: 'searchABLE' });
    expect(found.status).toBe(200);
    expect(found.body.users.map((u: { name: string }) => u.name)).toEqual(['Alpha Searchable', 'Beta Searchable']);
    expect(found.body.total).toBe(2);

    const page = await admin.get('/api/users').query({ orgId: org.id, role: 'teacher', limit: 2, offset: 2 });
    expect(page.body.total).toBe(3);
    expect(page.body.users.map((u: { name: string }) => u.name)).toEqual(['Gamma Other']);
  });

  it('treats % and _ in a search literally', async () => {
    const res = await admin.get('/api/users').query({ q: '%' });
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(0);
  });
});

describe('GET /api/users/:id', () => {
  it('returns one user, or 404', async () => {
    const user = await buildUser(t.db, { roles: ['reviewer'] });
    const res = await admin.get(`/api/users/${user.id}`);
    expect(res.status).toBe(200);
    expect(res.body.user.email).toBe(user.email);
    const missing = await admin.get('/api/users/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
  });
});
