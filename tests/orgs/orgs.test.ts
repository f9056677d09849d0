import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestServer, type TestAgent, type TestServer } from '../helpers/app';
import { buildOrg, buildUser } from '../helpers/factories';

let t: TestServer;
let admin: TestAgent;
beforeAll(async () => {
  t = await getTestServer();
  admin = (await t.signIn(['operator'])).agent;
});
afterAll(() => t.close());

describe('POST /api/orgs', () => {
  it('creates a school', async () => {
    const res = await admin.post('/api/orgs').send({ name: 'Guangzhou Tech College', slug: 'gz-tech', kind: 'school' });
    expect(res.status).toBe(201);
    expect(res.body.org).toMatchObject({ name: 'Guangzhou Tech College', slug: 'gz-tech', kind: 'school', memberCount: 0, partners: [] });
  });

  it('answers a taken slug with 409', async () => {
    await buildOrg(t.db, { slug: 'taken-slug' });
    const res = await admin.post('/api/orgs').send({ name: 'Another', slug: 'taken-slug', kind: 'enterprise' });
    expect(res.status).toBe(409);
  });

  it('names the bad field', async () => {
    const res = await admin.post('/api/orgs').send({ name: 'Bad Slug', slug: 'Not A Slug', kind: 'factory' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual(['body.slug', 'body.kind']);
  });
});

describe('GET /api/orgs', () => {
  it('lists organisations with member counts and active partners', async () => {
    const school = await buildOrg(t.db, { kind: 'school', name: 'AAA School' });
    const works = await buildOrg(t.db, { kind: 'enterprise', name: 'AAA Works' });
    await buildUser(t.db, { org: school });
    await buildUser(t.db, { org: school, roles: ['teacher', 'admin'] });
    await t.db('partnerships').insert({ id: randomUUID(), school_id: school.id, enterprise_id: works.id, status: 'active', created_at: new Date() });
    const res = await admin.get('/api/orgs');
    expect(res.status).toBe(200);
    const row = res.body.orgs.find((o: { id: string }) => o.id === school.id);
    expect(row).toMatchObject({ memberCount: 2, partners: [{ id: works.id, name: 'AAA Works', status: 'active' }] });
  });
});
