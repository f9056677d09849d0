import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/accounts/passwords';
import { getTestServer, type TestServer } from '../helpers/app';
import { buildUser } from '../helpers/factories';
import { clockStart } from '../helpers/clock';

const start = clockStart();
let now = start;
const clock = () => new Date(now);

let t: TestServer;
beforeAll(async () => {
  t = await getTestServer({ clock, env: { SESSION_IDLE_MINUTES: '30', SESSION_ABSOLUTE_HOURS: '8' } });
});
afterAll(() => t.close());
afterEach(() => {
  now = start;
});

const cookieOf = (res: { headers: Record<string, unknown> }) => String((res.headers['set-cookie'] as string[])[0]);

describe('POST /api/session', () => {
  it('signs in and sets an httpOnly SameSite=Lax cookie, not Secure over plain HTTP', async () => {
    const user = await buildUser(t.db, { roles: ['teacher'] });
    const res = await t.agent().post('/api/session').send({ email: user.email.toUpperCase(), password: user.password });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: user.id, email: user.email, memberships: [{ role: 'teacher', orgKind: 'school' }] });
    expect(res.body.user).not.toHaveProperty('password_hash');
    expect(res.body.roles).toEqual(['teacher']);
    const cookie = cookieOf(res);
    expect(cookie).toMatch(/^practicum_session=[\w-]{40,};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).not.toContain('Secure');
  });

  it('marks the cookie Secure behind an HTTPS proxy', async () => {
    // Behind a proxy the public origin is configured: the server cannot see it.
    const secure = await getTestServer({ env: { TRUST_PROXY: '1', PUBLIC_ORIGINS: 'https://practicum.example.edu' } });
    try {
      const user = await buildUser(secure.db);
      const res = await secure
        .agent()
        .set('X-Forwarded-Proto', 'https')
        .set('Origin', 'https://practicum.example.edu')
        .post('/api/session')
        .send({ email: user.email, password: user.password });
      expect(res.status).toBe(200);
      expect(cookieOf(res)).toContain('Secure');
    } finally {
      await secure.close();
    }
  });

  it('issues a new session id at every sign-in and ends the one the browser had', async () => {
    const user = await buildUser(t.db);
    const agent = t.agent();
    const first = await agent.post('/api/session').send({ email: user.email, password: user.password });
    const oldCookie = cookieOf(first).split(';')[0]!;
    const second = await agent.post('/api/session').send({ email: user.email, password: user.password });
    expect(cookieOf(second).split(';')[0]).not.toBe(oldCookie);
    const withOld = await t.agent().get('/api/session').set('Cookie', oldCookie);
    expect(withOld.status).toBe(401);
  });

  it('refuses a wrong password and an unknown email with the same message', async () => {
    const user = await buildUser(t.db);
    const wrong = await t.agent().post('/api/session').send({ email: user.email, password: 'not it at all' });
    const unknown = await t.agent().post('/api/session').send({ email: 'nobody@example.test', password: 'whatever' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error.code).toBe('invalid_credentials');
  });

  it('refuses a disabled account like a wrong password', async () => {
    const user = await buildUser(t.db, { disabled: true });
    const res = await t.agent().post('/api/session').send({ email: user.email, password: user.password });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_credentials');
  });
});

describe('GET /api/session', () => {
  it('returns the user and roles', async () => {
    const { agent, user } = await t.signIn(['author', 'reviewer']);
    const res = await agent.get('/api/session');
    expect(res.status).toBe(200);
    expect(res.body.user.id).toBe(user.id);
    expect(res.body.roles.sort()).toEqual(['author', 'reviewer']);
    expect(Date.parse(res.body.expiresAt)).toBe(now + 8 * 3_600_000);
  });

  it('ends a session idle for longer than the idle timeout', async () => {
    const { agent } = await t.signIn(['student']);
    now += 29 * 60_000;
    expect((await agent.get('/api/session')).status).toBe(200);
    now += 29 * 60_000; // active 29 minutes ago: still alive
    expect((await agent.get('/api/session')).status).toBe(200);
    now += 31 * 60_000;
    const res = await agent.get('/api/session');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
  });

  it('ends an active session at the absolute timeout', async () => {
    const { agent } = await t.signIn(['student']);
    for (let i = 0; i < 16; i++) {
      now += 29 * 60_000;
      expect((await agent.get('/api/session')).status).toBe(200);
    }
    now += 29 * 60_000; // 8 h 41 min after sign-in
    expect((await agent.get('/api/session')).status).toBe(401);
  });

  it('ends the session when the user is disabled', async () => {
    const { agent, user } = await t.signIn(['student']);
    await t.db('users').where({ id: user.id }).update({ disabled: true });
    expect((await agent.get('/api/session')).status).toBe(401);
  });
});

describe('DELETE /api/session', () => {
  it('signs out: the cookie is cleared and the token is dead on the server', async () => {
    const { agent, cookie } = await t.signIn(['student']);
    const res = await agent.delete('/api/session');
    expect(res.status).toBe(204);
    expect(cookieOf(res)).toMatch(/practicum_session=;.*Expires=Thu, 01 Jan 1970/);
    expect((await t.agent().get('/api/session').set('Cookie', cookie)).status).toBe(401);
  });
});

describe('cross-site request protection', () => {
  it('refuses a write with no Origin', async () => {
    const { cookie } = await t.signIn(['admin']);
    const res = await t
      .agent()
      .post('/api/orgs')
      .unset('Origin')
      .set('Cookie', cookie)
      .send({ name: 'Evil', slug: 'evil', kind: 'school' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('csrf_failed');
  });

  it('refuses a write from another origin, sign-in included', async () => {
    const { cookie } = await t.signIn(['admin']);
    const write = await t
      .agent()
      .set('Origin', 'https://evil.example')
      .set('Cookie', cookie)
      .post('/api/orgs')
      .send({ name: 'Evil', slug: 'evil', kind: 'school' });
    expect(write.status).toBe(403);
    const login = await t.agent().set('Origin', 'https://evil.example').post('/api/session').send({ email: 'a@b.example', password: 'x' });
    expect(login.status).toBe(403);
    expect(await t.db('organizations').where({ slug: 'evil' }).first()).toBeUndefined();
  });

  it('accepts a same-origin Referer when Origin is absent', async () => {
    const user = await buildUser(t.db);
    const res = await t
      .agent()
      .post('/api/session')
      .unset('Origin')
      .set('Referer', `${t.url}/login`)
      .send({ email: user.email, password: user.password });
    expect(res.status).toBe(200);
  });

  it('leaves reads alone', async () => {
    const res = await t.agent().get('/api/health').unset('Origin');
    expect(res.status).toBe(200);
  });
});

describe('password hashing', () => {
  it('uses argon2id with at least the OWASP parameters', async () => {
    const hash = await hashPassword('some password');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=1\$/);
    const [, m, tCost] = hash.match(/m=(\d+),t=(\d+)/)!;
    expect(Number(m)).toBeGreaterThanOrEqual(19 * 1024);
    expect(Number(tCost)).toBeGreaterThanOrEqual(2);
  });
});
