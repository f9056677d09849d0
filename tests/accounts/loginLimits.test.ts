import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_LIMITS, LoginLimiter, sourceOf } from '../../server/accounts/loginLimiter';
import { AppError } from '../../server/http/errors';
import { getTestServer, type TestServer } from '../helpers/app';
import { buildOrg, buildUser, type UserRecord } from '../helpers/factories';
import { clockStart } from '../helpers/clock';

/**
 * Sign-in limits slow guessing down without locking anyone out (OWASP): per account and source
 * address, and per address; only failures count; the wait never exceeds a minute. Addresses
 * come from X-Forwarded-For behind TRUST_PROXY=1. The server's clock is moved by hand, so
 * every wait is exact.
 */
let now = clockStart();
const clock = () => new Date(now);
const wait = (seconds: number) => (now += seconds * 1000);

let t: TestServer;
beforeAll(async () => {
  t = await getTestServer({ clock, env: { TRUST_PROXY: '1' } });
});
afterAll(() => t.close());

let addressCounter = 0;
/** A fresh documentation-range address for each scenario, so scenarios do not share counters. */
const newAddress = () => `198.51.100.${++addressCounter}`;
const signIn = (address: string, email: string, password: string) => t.agent().set('X-Forwarded-For', address).post('/api/session').send({ email, password });
const wrong = (address: string, email: string) => signIn(address, email, 'not the password');

describe('an attacker guessing one teacher’s password', () => {
  it('does not keep the teacher out: 50 failures from address A, the teacher signs in from address B', async () => {
    const teacher = await buildUser(t.db, { roles: ['teacher'] });
    const [attacker, school] = [newAddress(), newAddress()];
    const statuses: number[] = [];
    for (let i = 0; i < 50; i++) statuses.push((await wrong(attacker, teacher.email)).status);
    expect(statuses).toEqual([...Array(LOGIN_LIMITS.pair.free).fill(401), ...Array(50 - LOGIN_LIMITS.pair.free).fill(429)]);
    expect((await signIn(school, teacher.email, teacher.password)).status).toBe(200);
  });

  it('is slowed on that account from that address: 5 free tries, then waits of 5, 10, 20, 40 and at most 60 s', async () => {
    const teacher = await buildUser(t.db, { roles: ['teacher'] });
    const attacker = newAddress();
    for (let i = 0; i < 5; i++) expect((await wrong(attacker, teacher.email)).status).toBe(401);
    for (const seconds of [5, 10, 20, 40, 60, 60]) {
      const refused = await wrong(attacker, teacher.email);
      expect(refused.status).toBe(429);
      expect(refused.body.error).toMatchObject({ code: 'rate_limited', message: expect.stringContaining(`${seconds} seconds`) });
      expect(refused.headers['retry-after']).toBe(String(seconds));
      // No oracle: while waiting, the right password is refused the same way from that address.
      expect((await signIn(attacker, teacher.email, teacher.password)).status).toBe(429);
      wait(seconds);
      expect((await wrong(attacker, teacher.email)).status).toBe(401);
    }
  });

  it('never locks: after the wait the right password signs in, and the count starts again', async () => {
    const teacher = await buildUser(t.db, { roles: ['teacher'] });
    const address = newAddress();
    for (let i = 0; i < 5; i++) await wrong(address, teacher.email);
    expect((await signIn(address, teacher.email, teacher.password)).status).toBe(429);
    wait(5);
    expect((await signIn(address, teacher.email, teacher.password)).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await wrong(address, teacher.email)).status).toBe(401);
  });

  it('costs the same for an unknown e-mail (no account enumeration)', async () => {
    const address = newAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await wrong(address, `nobody-${addressCounter}@example.test`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });
});

describe('a classroom behind one NAT address', () => {
  it('signs in whatever the number of correct sign-ins; typos followed by the right password do not count', async () => {
    const nat = newAddress();
    const school = await buildOrg(t.db, { kind: 'school' });
    const students: UserRecord[] = [];
    for (let i = 0; i < 30; i++) students.push(await buildUser(t.db, { org: school, roles: ['student'] }));

    // Ten students mistype twice, then get it right: those 20 failures are forgiven.
    for (const s of students.slice(0, 10)) {
      expect([(await wrong(nat, s.email)).status, (await wrong(nat, s.email)).status, (await signIn(nat, s.email, s.password)).status]).toEqual([401, 401, 200]);
    }
    // 99 failures nobody resolves (a forgotten e-mail each): still under the address's 100.
    for (let i = 0; i < LOGIN_LIMITS.address.free - 1; i++) expect((await wrong(nat, `gone-${i}-${nat}@example.test`)).status).toBe(401);
    // Correct sign-ins never count: all thirty get in.
    for (const s of students) expect((await signIn(nat, s.email, s.password)).status).toBe(200);

    // The 100th unresolved failure slows the address down: a short wait, never a lockout.
    expect((await wrong(nat, `gone-last-${nat}@example.test`)).status).toBe(401);
    const slowed = await signIn(nat, students[0]!.email, students[0]!.password);
    expect(slowed.status).toBe(429);
    expect(Number(slowed.headers['retry-after'])).toBeLessThanOrEqual(LOGIN_LIMITS.maxWaitSeconds);
    wait(Number(slowed.headers['retry-after']));
    expect((await signIn(nat, students[0]!.email, students[0]!.password)).status).toBe(200);
    // Another school's address was never involved.
    expect((await signIn(newAddress(), students[1]!.email, students[1]!.password)).status).toBe(200);
  }, 120_000);
});

describe('source addresses', () => {
  it('groups IPv6 by /64 (one household or host has the whole range) and unwraps IPv4-mapped addresses', () => {
    expect(sourceOf('2001:db8:1:2:aaaa::1')).toBe(sourceOf('2001:db8:1:2:ffff:ffff:ffff:ffff'));
    expect(sourceOf('2001:db8:1:2::1')).not.toBe(sourceOf('2001:db8:1:3::1'));
    expect(sourceOf('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(sourceOf('192.0.2.7')).toBe('192.0.2.7');
  });
});

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
async function redisReachable(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}
const redisUp = await redisReachable();

describe.runIf(redisUp)('with REDIS_URL: counters every process sees', () => {
  const keyPrefix = `test-login-${randomBytes(6).toString('hex')}`;
  const connections: Redis[] = [];
  const process = () => {
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    connections.push(redis);
    return new LoginLimiter({ clock, redis, keyPrefix });
  };
  afterAll(async () => {
    const redis = connections[0]!;
    const keys = await redis.keys(`${keyPrefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    for (const c of connections) c.disconnect();
  });

  const refusal = (p: Promise<unknown>) => p.then(() => undefined, (err: unknown) => err);

  it('slows an account and address pair in one process after failures counted in another', async () => {
    const [a, b] = [process(), process()];
    for (let i = 0; i < 5; i++) await a.begin('teacher@example.test', '203.0.113.5');
    const err = await refusal(b.begin('teacher@example.test', '203.0.113.5'));
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('rate_limited');
    expect((err as AppError).headers['Retry-After']).toBe('5');
    // Another address is untouched; a success seen by one process clears the pair for both.
    await b.begin('teacher@example.test', '203.0.113.6');
    wait(5);
    await b.succeeded(await b.begin('teacher@example.test', '203.0.113.5'));
    for (let i = 0; i < 5; i++) await a.begin('teacher@example.test', '203.0.113.5');
  });

  it('shares the per-address count, and the forgiveness of failures a correct password resolved', async () => {
    const [a, b] = [process(), process()];
    const nat = '203.0.113.77';
    // A typo, then the right password (seen by the other process): both attempts are forgiven.
    await a.begin('typo@example.test', nat);
    await b.succeeded(await b.begin('typo@example.test', nat));
    // So the address still has all its free attempts, whichever process counts them.
    for (let i = 0; i < LOGIN_LIMITS.address.free; i++) await (i % 2 ? a : b).begin(`spray-${i}@example.test`, nat);
    const err = await refusal(a.begin('someone@example.test', nat));
    expect((err as AppError).code).toBe('rate_limited');
  });

  it('keeps working on this process’s own counters while Redis is unreachable', async () => {
    const down = new Redis('redis://127.0.0.1:1', { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    down.on('error', () => {});
    const limiter = new LoginLimiter({ clock, redis: down, keyPrefix });
    for (let i = 0; i < 5; i++) await limiter.begin('offline@example.test', '203.0.113.9');
    expect(((await refusal(limiter.begin('offline@example.test', '203.0.113.9'))) as AppError).code).toBe('rate_limited');
    down.disconnect();
  });
});
