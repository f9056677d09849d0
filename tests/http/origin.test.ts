import http from 'node:http';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OwnOrigins } from '../../server/http/origin';
import { getTestServer, type TestServer } from '../helpers/app';
import { buildUser } from '../helpers/factories';
import { connected } from '../helpers/socket';

/**
 * The server's own origins come from configuration (or, in development and tests, from the
 * address it listens on), never from the Host header the client writes: a DNS-rebinding page
 * at attacker.example sends `Host: attacker.example` and `Origin: http://attacker.example`.
 */
let t: TestServer;
beforeAll(async () => {
  t = await getTestServer();
});
afterAll(() => t.close());

const FORGED = { host: 'attacker.example', origin: 'http://attacker.example' };

/** A raw HTTP request, so the Host header is exactly what the test says. */
function raw(url: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, method, path, headers: { ...headers, ...(body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('HTTP writes', () => {
  it('refuses a forged Host with a matching Origin (sign-in)', async () => {
    const user = await buildUser(t.db);
    const res = await raw(t.url, 'POST', '/api/session', FORGED, JSON.stringify({ email: user.email, password: user.password }));
    expect(res.status).toBe(403);
    expect(JSON.parse(res.text).error.code).toBe('csrf_failed');
  });

  it('refuses a forged Host with a matching Origin carrying a valid session cookie', async () => {
    const { cookie } = await t.signIn(['teacher']);
    const res = await raw(t.url, 'POST', '/api/courses', { ...FORGED, cookie }, JSON.stringify({ title: 'Rebound' }));
    expect(res.status).toBe(403);
    expect(JSON.parse(res.text).error.code).toBe('csrf_failed');
  });

  it('accepts its own listening origin whatever the Host header says', async () => {
    const { cookie } = await t.signIn(['teacher']);
    const res = await raw(t.url, 'POST', '/api/courses', { host: 'attacker.example', origin: t.url, cookie }, JSON.stringify({ title: 'Own origin' }));
    expect(res.status).toBe(201);
  });
});

describe('socket.io handshakes', () => {
  it('refuses a forged Host with a matching Origin (polling handshake)', async () => {
    const { cookie } = await t.signIn(['student']);
    const res = await raw(t.url, 'GET', '/socket.io/?EIO=4&transport=polling', { ...FORGED, cookie });
    expect(res.status).toBe(403);
  });

  it('refuses a forged Host with a matching Origin (WebSocket)', async () => {
    const { cookie } = await t.signIn(['student']);
    const socket = connect(t.url, { transports: ['websocket'], reconnection: false, extraHeaders: { ...FORGED, cookie } });
    await expect(connected(socket)).rejects.toThrow();
    expect(socket.connected).toBe(false);
    socket.close();
  });

  it('accepts its own origin', async () => {
    const { cookie } = await t.signIn(['student']);
    const res = await raw(t.url, 'GET', '/socket.io/?EIO=4&transport=polling', { host: 'attacker.example', origin: t.url, cookie });
    expect(res.status).toBe(200);
  });
});

describe('with PUBLIC_ORIGINS', () => {
  let pub: TestServer;
  beforeAll(async () => {
    pub = await getTestServer({ env: { PUBLIC_ORIGINS: 'https://practicum.example.edu,https://www.practicum.example.edu' } });
  });
  afterAll(() => pub.close());

  it('accepts writes from each configured origin', async () => {
    const user = await buildUser(pub.db);
    for (const origin of ['https://practicum.example.edu', 'https://www.practicum.example.edu']) {
      const res = await pub.agent().set('Origin', origin).post('/api/session').send({ email: user.email, password: user.password });
      expect(res.status).toBe(200);
    }
  });

  it('accepts only those: not the address it listens on, nor a Host that matches', async () => {
    const user = await buildUser(pub.db);
    const listening = await pub.agent().set('Origin', pub.url).post('/api/session').send({ email: user.email, password: user.password });
    expect(listening.status).toBe(403);
    const forged = await raw(pub.url, 'POST', '/api/session', FORGED, JSON.stringify({ email: user.email, password: user.password }));
    expect(forged.status).toBe(403);
  });
});

describe('OwnOrigins', () => {
  it('learns the loopback names of a loopback listener', () => {
    const own = new OwnOrigins([]);
    expect(own.allows('http://127.0.0.1:4000')).toBe(false);
    own.listeningOn({ address: '127.0.0.1', family: 'IPv4', port: 4000 });
    for (const o of ['http://127.0.0.1:4000', 'http://localhost:4000', 'http://[::1]:4000']) expect(own.allows(o)).toBe(true);
    for (const o of ['https://127.0.0.1:4000', 'http://127.0.0.1:4001', 'http://attacker.example', 'null', undefined]) expect(own.allows(o)).toBe(false);
  });

  it('ignores the listening address when origins are configured', () => {
    const own = new OwnOrigins(['https://practicum.example.edu']);
    own.listeningOn({ address: '0.0.0.0', family: 'IPv4', port: 3000 });
    expect(own.list()).toEqual(['https://practicum.example.edu']);
  });
});
