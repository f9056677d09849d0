import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../../server/http/body';
import { getTestServer, type TestServer } from '../helpers/app';

/**
 * A request that costs nothing to send must cost little to refuse: the Origin, the session and
 * the route's access rule are checked before any body is read; large bodies only where a route
 * declares them, for callers allowed to send them; deep nesting refused before JSON.parse.
 */
let t: TestServer;
beforeAll(async () => {
  t = await getTestServer();
});
afterAll(() => t.close());

/** 9.8 MB of `[[[[…` that never closes: if it were parsed, the answer would be a 400 (invalid or too deep). */
const NESTED = '['.repeat(9_800_000);

/**
 * Sends the headers and the first 64 KB of a body declared to be 9.8 MB, and never the rest. A
 * server that reads the body before refusing could not answer at all; an answer proves the
 * refusal came without the body.
 */
function postHalfABody(path: string, headers: Record<string, string>): Promise<{ status: number; body: { error: { code: string } } }> {
  const { hostname, port } = new URL(t.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: hostname, port, method: 'POST', path, headers: { 'content-type': 'application/json', 'content-length': String(NESTED.length), ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
        });
      },
    );
    req.on('error', reject);
    req.write(NESTED.slice(0, 64 * 1024));
  });
}

describe('a cross-origin request without a session', () => {
  for (const path of ['/api/frameworks', '/api/authoring/import']) {
    it(`is refused 403 at ${path} before its 9.8 MB body is parsed`, async () => {
      const res = await t.agent().set('Origin', 'https://attacker.example').post(path).set('Content-Type', 'application/json').send(NESTED);
      // Parsed, the same body is a 400 (see the nesting tests below): the 403 came first.
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('csrf_failed');
    });

    it(`is refused 403 at ${path} before its body has even arrived`, async () => {
      const res = await postHalfABody(path, { origin: 'https://attacker.example' });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('csrf_failed');
    });
  }
});

describe('a same-origin caller not allowed to use the route', () => {
  it('gets 401 without a session, before the body arrives', async () => {
    const res = await postHalfABody('/api/frameworks', { origin: t.url });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
  });

  it('gets 403 as a signed-in student posting a large body to /api/frameworks, without parsing it', async () => {
    const { agent, cookie } = await t.signIn(['student']);
    const res = await agent.post('/api/frameworks').set('Content-Type', 'application/json').send(NESTED);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    const half = await postHalfABody('/api/frameworks', { origin: t.url, cookie });
    expect(half.status).toBe(403);
    expect(half.body.error.code).toBe('forbidden');
  });

  it('gets 403 as a teacher posting a large body to /api/authoring/import, before it arrives', async () => {
    const { cookie } = await t.signIn(['teacher']);
    const half = await postHalfABody('/api/authoring/import', { origin: t.url, cookie });
    expect(half.status).toBe(403);
  });
});

describe('body limits by route', () => {
  it('lets an admin send a multi-megabyte CASE package to /api/frameworks (it reaches validation)', async () => {
    const { agent } = await t.signIn(['admin']);
    const big = { CFDocument: { identifier: 'x' }, CFItems: Array.from({ length: 20_000 }, (_, i) => ({ identifier: `item-${i}`, fullStatement: 'x'.repeat(40) })) };
    const res = await agent.post('/api/frameworks').send(big);
    expect(JSON.stringify(big).length).toBeGreaterThan(1_000_000);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
  });

  it('keeps the 100 KB limit on every other route, for an operator too', async () => {
    const { agent } = await t.signIn(['operator']);
    const res = await agent.post('/api/orgs').send({ name: 'x'.repeat(200_000), slug: 'big', kind: 'school' });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('refuses a body in another charset than UTF-8 with 415', async () => {
    const res = await t.agent().post('/api/session').set('Content-Type', 'application/json; charset=utf-16le').send(Buffer.from('{"email":"a@b.example","password":"x"}', 'utf16le'));
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('unsupported_media_type');
  });
});

describe('deep nesting', () => {
  const nested = (depth: number) => `{"email":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)},"password":"x"}`;

  it(`refuses JSON nested deeper than ${MAX_JSON_DEPTH} levels with 400 nesting_too_deep`, async () => {
    const res = await t.agent().post('/api/session').set('Content-Type', 'application/json').send(nested(MAX_JSON_DEPTH + 1));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'nesting_too_deep', message: expect.stringContaining(`${MAX_JSON_DEPTH} levels`) });
  });

  it(`parses JSON exactly ${MAX_JSON_DEPTH} levels deep (then validates it)`, async () => {
    const res = await t.agent().post('/api/session').set('Content-Type', 'application/json').send(nested(MAX_JSON_DEPTH));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
  });

  it('does not count brackets inside strings', async () => {
    const res = await t.agent().post('/api/session').send({ email: `${'['.repeat(500)}"\\{`, password: '{'.repeat(500) });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
  });

  it('refuses 9.8 MB of nesting from an admin allowed to send that much to /api/frameworks', async () => {
    const { agent } = await t.signIn(['admin']);
    const res = await agent.post('/api/frameworks').set('Content-Type', 'application/json').send(NESTED);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('nesting_too_deep');
  });
});

describe('nestsDeeperThan', () => {
  const deeper = (text: string, max: number) => nestsDeeperThan(Buffer.from(text), max);

  it('skips a string up to its closing quote, past escaped quotes', () => {
    expect(deeper(String.raw`["\"[[[", "\\\"[[["]`, 1)).toBe(false);
    expect(deeper(String.raw`["a\\"[[[]]]`, 1)).toBe(true);
    expect(deeper(String.raw`["a\\\\\"[[["]`, 1)).toBe(false);
  });

  it('counts brackets between strings, and stops at a string that never closes', () => {
    expect(deeper('{"a":[{"b":"中[文"}]}', 3)).toBe(false);
    expect(deeper('{"a":[{"b":"中[文"}]}', 2)).toBe(true);
    expect(deeper('["never closed [[[[', 1)).toBe(false);
  });
});
