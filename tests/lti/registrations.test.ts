import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentKey, rotateKeys } from '../../server/lti/keys';
import { Sealer } from '../../server/secrets/sealer';
import { getTestServer, type TestServer } from '../helpers/app';
import { clockStart } from '../helpers/clock';

let now = clockStart();
let t: TestServer;
beforeAll(async () => {
  t = await getTestServer({ clock: () => new Date(now) });
});
afterAll(() => t.close());

const body = (clientId: string) => ({
  issuer: 'https://lms.example.edu',
  clientId,
  authLoginUrl: 'https://lms.example.edu/mod/lti/auth.php',
  tokenUrl: 'https://lms.example.edu/mod/lti/token.php',
  jwksUrl: 'https://lms.example.edu/mod/lti/certs.php',
  deploymentIds: ['1', '1'],
});

describe('/api/orgs/:orgId/lti/registrations', () => {
  it("registers a platform for the school, lists it, refuses the same issuer and client twice, and audits", async () => {
    const { agent, user } = await t.signIn(['admin']);
    const created = await agent.post(`/api/orgs/${user.orgId}/lti/registrations`).send(body('c-1'));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.registration).toMatchObject({ orgId: user.orgId, issuer: 'https://lms.example.edu', clientId: 'c-1', deploymentIds: ['1'] });
    const listed = await agent.get(`/api/orgs/${user.orgId}/lti/registrations`);
    expect(listed.body.registrations.map((r: { id: string }) => r.id)).toEqual([created.body.registration.id]);
    const twice = await agent.post(`/api/orgs/${user.orgId}/lti/registrations`).send(body('c-1'));
    expect([twice.status, twice.body.error.code]).toEqual([409, 'conflict']);
    const audit = await t.db('audit_log').where({ action: 'lti.registered', org_id: user.orgId }).first('actor_id', 'detail');
    expect(audit.actor_id).toBe(user.id);
    expect(JSON.parse(audit.detail as string)).toMatchObject({ registrationId: created.body.registration.id, clientId: 'c-1' });
  });

  it('refuses an enterprise: launches make students and teachers', async () => {
    const { agent, user } = await t.signIn(['admin', 'author']);
    const res = await agent.post(`/api/orgs/${user.orgId}/lti/registrations`).send(body('c-2'));
    expect([res.status, res.body.error.code]).toEqual([400, 'validation_failed']);
  });

  it('refuses a body that is not a registration', async () => {
    const { agent, user } = await t.signIn(['admin']);
    const res = await agent.post(`/api/orgs/${user.orgId}/lti/registrations`).send({ ...body('c-3'), jwksUrl: 'not a url', deploymentIds: [] });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['body.deploymentIds', 'body.jwksUrl']);
  });

  it("removes a registration with its links, audited; another school's admin gets not found", async () => {
    const { agent, user } = await t.signIn(['admin']);
    const other = await t.signIn(['admin']);
    const id = (await agent.post(`/api/orgs/${user.orgId}/lti/registrations`).send(body('c-4'))).body.registration.id as string;
    expect((await other.agent.delete(`/api/orgs/${user.orgId}/lti/registrations/${id}`)).status).toBe(404);
    expect((await other.agent.delete(`/api/orgs/${other.user.orgId}/lti/registrations/${id}`)).status).toBe(404);
    expect((await other.agent.get(`/api/orgs/${user.orgId}/lti/registrations`)).status).toBe(404);
    expect(await t.db('lti_registrations').where({ id }).first('id')).toBeTruthy();
    expect((await agent.delete(`/api/orgs/${user.orgId}/lti/registrations/${id}`)).status).toBe(204);
    expect(await t.db('lti_registrations').where({ id }).first('id')).toBeUndefined();
    expect(await t.db('audit_log').where({ action: 'lti.unregistered', org_id: user.orgId }).first('id')).toBeTruthy();
  });
});

describe('the tool’s keys', () => {
  it('serves every key not retired: one, two during a rotation, never the retired; private halves sealed', async () => {
    const first = (await t.agent().get('/lti/jwks')).body.keys as { kid: string; kty: string; d?: string }[];
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(first[0]!.d).toBeUndefined();
    now += 60_000;
    const second = await rotateKeys(t.db, t.deps.sealer, new Date(now));
    const during = (await t.agent().get('/lti/jwks')).body.keys.map((k: { kid: string }) => k.kid);
    expect(during).toEqual([first[0]!.kid, second]);
    expect((await currentKey(t.db, t.deps.sealer, new Date(now))).kid).toBe(second);
    now += 60_000;
    const third = await rotateKeys(t.db, t.deps.sealer, new Date(now));
    expect((await t.agent().get('/lti/jwks')).body.keys.map((k: { kid: string }) => k.kid)).toEqual([second, third]);
    const rows: { kid: string; private_jwk: string }[] = await t.db('tool_keys').select('kid', 'private_jwk');
    expect(rows).toHaveLength(3);
    for (const r of rows) expect(Sealer.isSealed(r.private_jwk)).toBe(true);
  });
});
