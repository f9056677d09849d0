import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestServer, type TestAgent, type TestServer } from '../helpers/app';
import { SSO_STARTS_PER_MINUTE } from '../../server/sso/routes';
import { buildOrg, buildUser, type OrgRecord } from '../helpers/factories';
import { loadConfig, sealStoredSecrets } from '../../server/sso/config';
import { Sealer } from '../../server/secrets/sealer';

/**
 * An organisation's identity provider settings: only its own admins (and the operator) read and
 * set them, the client secret never comes back, and switching password sign-in off keeps the
 * organisation's members (never an operator) out of the password form.
 */
let t: TestServer;
let school: OrgRecord;
let adminAgent: TestAgent;
const SECRET = 'a-client-secret-nobody-may-read-back';

beforeAll(async () => {
  t = await getTestServer({ env: { SSO_ALLOW_HTTP_ISSUERS: '1' } });
  school = await buildOrg(t.db, { kind: 'school', slug: `settings-${Date.now().toString(36)}` });
  ({ agent: adminAgent } = await t.signIn(await buildUser(t.db, { roles: ['admin'], org: school })));
});
afterAll(() => t?.close());

const settings = (overrides: Record<string, unknown> = {}) => ({
  enabled: true,
  issuer: 'https://id.school.test/',
  clientId: 'practicum-web',
  clientSecret: SECRET,
  claims: { role: 'eduPersonAffiliation', class: 'class', roleValues: { student: 'student', faculty: 'teacher' } },
  ...overrides,
});

describe('GET /api/orgs/:orgId/sso', () => {
  it('starts from defaults and names the redirect URI to register at the provider', async () => {
    const res = await adminAgent.get(`/api/orgs/${school.id}/sso`);
    expect(res.status).toBe(200);
    expect(res.body.sso).toMatchObject({ configured: false, enabled: false, clientSecretSet: false, scopes: 'openid email profile', redirectUri: `${t.url}/api/sso/callback` });
    expect(res.body.sso.claims).toMatchObject({ email: 'email', name: 'name', role: '', class: '', roleValues: {}, defaultRole: null });
  });
});

describe('PUT /api/orgs/:orgId/sso', () => {
  it('saves the provider and shows the secret only as set, in the answer, later reads and the audit log', async () => {
    const res = await adminAgent.put(`/api/orgs/${school.id}/sso`).send(settings());
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.sso).toMatchObject({ configured: true, enabled: true, issuer: 'https://id.school.test', clientSecretSet: true });
    const read = await adminAgent.get(`/api/orgs/${school.id}/sso`);
    expect(read.body.sso.claims.roleValues).toEqual({ student: 'student', faculty: 'teacher' });
    for (const text of [JSON.stringify(res.body), JSON.stringify(read.body)]) expect(text).not.toContain(SECRET);
    const audit = await t.db('audit_log').where({ action: 'sso.configured', org_id: school.id }).select('detail');
    expect(audit).toHaveLength(1);
    expect(audit[0].detail).not.toContain(SECRET);
    expect(JSON.parse(audit[0].detail)).toMatchObject({ before: null, after: { enabled: true, clientId: 'practicum-web' }, secretChanged: true });
  });

  it('keeps the stored secret when the form leaves it empty', async () => {
    const res = await adminAgent.put(`/api/orgs/${school.id}/sso`).send(settings({ clientSecret: '', clientId: 'practicum-web-2' }));
    expect(res.status).toBe(200);
    expect(res.body.sso.clientSecretSet).toBe(true);
    const row = await t.db('sso_configs').where({ org_id: school.id }).first('client_secret', 'client_id');
    expect(row.client_id).toBe('practicum-web-2');
    expect((await loadConfig(t.db, t.deps.sealer, school.id))!.clientSecret).toBe(SECRET);
  });
});

describe('the client secret at rest', () => {
  it('is stored sealed: the database alone does not give it away', async () => {
    const stored: string = (await t.db('sso_configs').where({ org_id: school.id }).first('client_secret')).client_secret;
    expect(Sealer.isSealed(stored)).toBe(true);
    expect(stored).not.toContain(SECRET);
    expect(Buffer.from(stored.split(':').at(-1)!.replaceAll('.', ''), 'base64url').toString('latin1')).not.toContain(SECRET);
  });

  it('does not open in another organisation’s row, nor under another key', async () => {
    const stored: string = (await t.db('sso_configs').where({ org_id: school.id }).first('client_secret')).client_secret;
    const other = await buildOrg(t.db, { kind: 'school', slug: `other-${Date.now().toString(36)}` });
    await t.db('sso_configs').insert({ ...(await t.db('sso_configs').where({ org_id: school.id }).first()), org_id: other.id, client_secret: stored });
    await expect(loadConfig(t.db, t.deps.sealer, other.id)).rejects.toThrow();
    await expect(loadConfig(t.db, new Sealer(Buffer.alloc(32, 7)), school.id)).rejects.toThrow();
    await t.db('sso_configs').where({ org_id: other.id }).delete();
  });

  it('a secret stored in the clear before sealing came in still works, and is sealed at the next start', async () => {
    const legacy = await buildOrg(t.db, { kind: 'school', slug: `legacy-${Date.now().toString(36)}` });
    await t.db('sso_configs').insert({ ...(await t.db('sso_configs').where({ org_id: school.id }).first()), org_id: legacy.id, client_secret: 'plain-old-secret' });
    expect((await loadConfig(t.db, t.deps.sealer, legacy.id))!.clientSecret).toBe('plain-old-secret');
    expect(await sealStoredSecrets(t.db, t.deps.sealer)).toBe(1);
    const stored: string = (await t.db('sso_configs').where({ org_id: legacy.id }).first('client_secret')).client_secret;
    expect(Sealer.isSealed(stored)).toBe(true);
    expect((await loadConfig(t.db, t.deps.sealer, legacy.id))!.clientSecret).toBe('plain-old-secret');
    expect(await sealStoredSecrets(t.db, t.deps.sealer)).toBe(0);
  });
});

describe('PUT /api/orgs/:orgId/sso, refusals', () => {

  it('refuses an admin role from the provider, a non-URL issuer and scopes without openid (400, naming the field)', async () => {
    for (const [body, field] of [
      [settings({ claims: { roleValues: { staff: 'admin' } } }), 'body.claims.roleValues.staff'],
      [settings({ issuer: 'not a url' }), 'body.issuer'],
      [settings({ scopes: 'email profile' }), 'body.scopes'],
    ] as const) {
      const res = await adminAgent.put(`/api/orgs/${school.id}/sso`).send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
  });

  it('will not switch password sign-in off while single sign-on is off', async () => {
    const res = await adminAgent.put(`/api/orgs/${school.id}/sso`).send(settings({ enabled: false, passwordSignInDisabled: true }));
    expect(res.status).toBe(400);
    expect(res.body.error.details[0]).toMatchObject({ field: 'body.passwordSignInDisabled', key: 'sso.passwordOffNeedsSso' });
  });

  it('is not another organisation’s to read or set (404, nothing changes); a teacher is refused by role', async () => {
    const other = await buildUser(t.db, { roles: ['admin'] });
    const { agent } = await t.signIn(other);
    const before = await t.db('sso_configs').where({ org_id: school.id }).first();
    expect((await agent.get(`/api/orgs/${school.id}/sso`)).status).toBe(404);
    const put = await agent.put(`/api/orgs/${school.id}/sso`).send(settings({ issuer: 'https://evil.test', clientSecret: 'theirs' }));
    expect([put.status, put.body.error.code]).toEqual([404, 'not_found']);
    expect(await t.db('sso_configs').where({ org_id: school.id }).first()).toEqual(before);
    const teacher = await t.signIn(await buildUser(t.db, { roles: ['teacher'], org: school }));
    expect((await teacher.agent.get(`/api/orgs/${school.id}/sso`)).status).toBe(403);
  });
});

describe('GET /api/sso/orgs', () => {
  it('lists the organisations with single sign-on switched on, for anyone', async () => {
    const off = await buildOrg(t.db, { kind: 'school' });
    const res = await t.agent().get('/api/sso/orgs');
    expect(res.status).toBe(200);
    expect(res.body.orgs).toContainEqual({ slug: school.slug, name: school.name, kind: 'school' });
    expect(res.body.orgs.map((o: { slug: string }) => o.slug)).not.toContain(off.slug);
  });
});

describe('POST /api/session with password sign-in switched off', () => {
  it('refuses a member’s right password with a message that points to single sign-on', async () => {
    const student = await buildUser(t.db, { roles: ['student'], org: school });
    const outsider = await buildUser(t.db, { roles: ['student'] });
    expect((await adminAgent.put(`/api/orgs/${school.id}/sso`).send(settings({ passwordSignInDisabled: true }))).status).toBe(200);

    const refused = await t.agent().post('/api/session').send({ email: student.email, password: student.password });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'forbidden', key: 'sso.passwordSignInOff', params: { org: school.name }, details: { ssoOrg: school.slug } });
    expect(refused.headers['set-cookie']).toBeUndefined();
    // A wrong password learns nothing about the organisation's settings.
    const wrong = await t.agent().post('/api/session').send({ email: student.email, password: 'not the password' });
    expect([wrong.status, wrong.body.error.code]).toEqual([401, 'invalid_credentials']);
    // Other organisations' people are not affected.
    expect((await t.agent().post('/api/session').send({ email: outsider.email, password: outsider.password })).status).toBe(200);
  });

  it('never locks a platform operator out, even one who belongs to the organisation', async () => {
    const operator = await buildUser(t.db, { roles: ['admin', 'operator'], org: school });
    const res = await t.agent().post('/api/session').send({ email: operator.email, password: operator.password });
    expect(res.status).toBe(200);
  });

  it('lets members in with a password again once it is switched back on', async () => {
    const teacher = await buildUser(t.db, { roles: ['teacher'], org: school });
    expect((await t.agent().post('/api/session').send({ email: teacher.email, password: teacher.password })).status).toBe(403);
    expect((await adminAgent.put(`/api/orgs/${school.id}/sso`).send(settings({ passwordSignInDisabled: false }))).status).toBe(200);
    expect((await t.agent().post('/api/session').send({ email: teacher.email, password: teacher.password })).status).toBe(200);
  });
});

describe('GET /api/sso/:orgSlug/start when the provider cannot be reached', () => {
  it('says so on a page instead of failing inside', async () => {
    expect((await adminAgent.put(`/api/orgs/${school.id}/sso`).send(settings({ issuer: 'http://127.0.0.1:9/' }))).status).toBe(200);
    const res = await fetch(`${t.url}/api/sso/${school.slug}/start`, { redirect: 'manual' });
    expect(res.status).toBe(502);
    expect(await res.text()).toContain('data-reason="providerError"');
  });
});

describe('GET /api/sso/:orgSlug/start from one address, many times', () => {
  it('is limited per minute (each start keeps a row on the server)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= SSO_STARTS_PER_MINUTE; i++) statuses.push((await fetch(`${t.url}/api/sso/nobody-here/start`, { redirect: 'manual' })).status);
    // Earlier tests of this file started one sign-in from this address too.
    const first429 = statuses.indexOf(429);
    expect(first429).toBeGreaterThan(SSO_STARTS_PER_MINUTE - 3);
    expect(statuses.slice(0, first429).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(first429).every((s) => s === 429)).toBe(true);
  });
});
