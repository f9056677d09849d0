import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestServer, type TestServer } from '../helpers/app';
import { buildUser } from '../helpers/factories';

/** Bad input as a new user would send it: every case is a clear 4xx, never a 500. */
let t: TestServer;
beforeAll(async () => {
  t = await getTestServer();
});
afterAll(() => t.close());

describe('malformed requests', () => {
  it('answers broken JSON with 400 invalid_json', async () => {
    const res = await t.agent().post('/api/session').set('Content-Type', 'application/json').send('{"email": ');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_json', message: expect.stringContaining('not valid JSON') });
  });

  it('answers a 1 MB body with 413 payload_too_large', async () => {
    const res = await t
      .agent()
      .post('/api/session')
      .send({ email: 'a@b.example', password: 'x'.repeat(1024 * 1024) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('answers a form-encoded body with 415 unsupported_media_type', async () => {
    const res = await t.agent().post('/api/session').type('form').send('email=a@b.example&password=x');
    expect(res.status).toBe(415);
    expect(res.body.error.message).toContain('application/json');
  });

  it('answers missing fields with 400 naming each field', async () => {
    const res = await t.agent().post('/api/session').send({});
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.message).toMatch(/^Invalid body\.email/);
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual(['body.email', 'body.password']);
  });

  it('answers a wrongly typed field with 400', async () => {
    const res = await t.agent().post('/api/session').send({ email: 42, password: ['x'] });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toHaveLength(2);
  });

  it('answers an unknown API route with a JSON 404', async () => {
    const res = await t.agent().get('/api/no/such/thing');
    expect(res.status).toBe(404);
    expect(res.body.error).toEqual({
      code: 'not_found',
      message: 'No API route GET /api/no/such/thing.',
      key: 'http.noRoute',
      params: { method: 'GET', path: '/api/no/such/thing' },
    });
  });

  it('answers a malformed id in the path with 400', async () => {
    const { agent } = await t.signIn(['admin']);
    const res = await agent.get('/api/users/not-a-uuid');
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('params.id');
  });

  it('answers a bad query parameter with 400', async () => {
    const { agent } = await t.signIn(['admin']);
    const res = await agent.get('/api/users?limit=100000');
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('query.limit');
  });
});

describe('wrong password twenty times', () => {
  it('gives 401 for five, then a short 429 with Retry-After; from that address the right password waits too', async () => {
    const user = await buildUser(t.db);
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 20; i++) {
      last = await t.agent().post('/api/session').send({ email: user.email, password: `wrong-${i}` });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 5)).toEqual(Array(5).fill(401));
    expect(statuses.slice(5)).toEqual(Array(15).fill(429));
    if (!last) throw new Error('no sign-in was tried');
    expect(last.body.error.code).toBe('rate_limited');
    // Slowed, not locked (tests/accounts/loginLimits.test.ts: the wait, other addresses).
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(last.headers['retry-after'])).toBeLessThanOrEqual(60);
    const right = await t.agent().post('/api/session').send({ email: user.email, password: user.password });
    expect(right.status).toBe(429);
  });

  it('does not slow other accounts from the same classroom IP', async () => {
    const other = await buildUser(t.db);
    const res = await t.agent().post('/api/session').send({ email: other.email, password: other.password });
    expect(res.status).toBe(200);
  });
});
