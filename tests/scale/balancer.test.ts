import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Server } from 'socket.io';
import { io as connect } from 'socket.io-client';
import { startBalancer, type Balancer } from '../../server/scale/balancer';

/** Two tiny backends that say who they are, over HTTP and socket.io, behind the balancer. */
type Backend = { name: string; server: http.Server; io: Server; port: number };
/** The largest request body any backend received. */
let largestBody = 0;

async function backend(name: string): Promise<Backend> {
  const server = http.createServer((req, res) => {
    let body = 0;
    req.on('data', (c: Buffer) => (body += c.length));
    req.on('end', () => {
      largestBody = Math.max(largestBody, body);
      res.end(JSON.stringify({ name, forwardedFor: req.headers['x-forwarded-for'], body }));
    });
  });
  const io = new Server(server);
  io.on('connection', (s) => s.on('who', (ack: (n: string) => void) => ack(name)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { name, server, io, port: (server.address() as AddressInfo).port };
}

let a: Backend;
let b: Backend;
let balancer: Balancer;

beforeAll(async () => {
  a = await backend('a');
  b = await backend('b');
  balancer = await startBalancer({ port: 0, host: '127.0.0.1', backends: [a, b].map((x) => ({ host: '127.0.0.1', port: x.port })) });
});

afterAll(async () => {
  await balancer.close();
  for (const x of [a, b]) {
    void x.io.close(); // it closes its http server too; the next line ends what would hold that open
    x.server.closeAllConnections();
  }
});

const get = async (path = "/", body?: string) => {
  const res = await fetch(`http://127.0.0.1:${balancer.port}${path}`, { method: body ? 'POST' : 'GET', body });
  return { status: res.status, json: (await res.json()) as { name: string; forwardedFor: string; body: number } };
};

describe('the sticky balancer', () => {
  it('sends one client address to one node, every time, and says who the client is', async () => {
    const sticky = balancer.backendFor('127.0.0.1').port === a.port ? 'a' : 'b';
    for (let i = 0; i < 5; i++) {
      const { json } = await get();
      expect(json.name).toBe(sticky);
      expect(json.forwardedFor).toBe('127.0.0.1');
    }
  });

  it('pipes websocket upgrades to the same node', async () => {
    const sticky = balancer.backendFor('127.0.0.1').port === a.port ? 'a' : 'b';
    const socket = connect(`http://127.0.0.1:${balancer.port}`, { transports: ['websocket'], reconnection: false });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    expect(await socket.timeout(5_000).emitWithAck('who')).toBe(sticky);
    socket.close();
  });

  it('refuses a body larger than the app ever takes', async () => {
    const res = await fetch(`http://127.0.0.1:${balancer.port}/`, { method: 'POST', body: 'x'.repeat(15 * 1024 * 1024) }).catch(() => null);
    // The 413 arrives, or the connection is cut while the client still sends: never a pass-through.
    expect(res === null || res.status === 413).toBe(true);
    expect(largestBody).toBeLessThan(1024);
    expect((await get('/', 'small')).json.body).toBe(5);
  });

  it('sends the clients of a node that stopped to the other one', async () => {
    const sticky = balancer.backendFor('127.0.0.1').port === a.port ? a : b;
    const other = sticky === a ? b : a;
    void sticky.io.close(); // the server below is closed and awaited
    sticky.server.closeAllConnections();
    await new Promise<void>((resolve) => sticky.server.close(() => resolve()));
    expect((await get()).json.name).toBe(other.name);
    expect(balancer.backendFor('127.0.0.1').port).toBe(other.port);
  });
});
