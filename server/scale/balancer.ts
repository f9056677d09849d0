import { createHash } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { msg, render } from '../messages';

/**
 * A small sticky load balancer for `npm run start:cluster`, doing what nginx's `ip_hash` with a
 * websocket upgrade block does (README "Running at scale" has that nginx configuration): a client's
 * address picks its web process, so socket.io's long-polling requests of one session land on
 * one node; websocket upgrades are piped through. A node that refuses connections is skipped
 * for a few seconds, so clients of a dead node reconnect to a live one.
 */
export type Backend = { host: string; port: number };

export type Balancer = {
  url: string;
  port: number;
  /** The backend a client address is sent to now (its sticky node, or the next live one). */
  backendFor(clientIp: string): Backend;
  close(): Promise<void>;
};

const DOWN_FOR_MS = 3_000;
/** Request bodies are buffered (to retry on another node): the app's largest is a 13 MB import. */
const MAX_BODY_BYTES = 14 * 1024 * 1024;
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade'];

export async function startBalancer(opts: { port: number; host?: string; backends: Backend[]; log?: (msg: string) => void }): Promise<Balancer> {
  const downUntil = new Map<number, number>();
  const log = opts.log ?? (() => {});

  /** The client's node first (by a hash of its address), then the others in order. */
  const candidates = (clientIp: string): number[] => {
    const first = createHash('sha1').update(clientIp).digest().readUInt32BE(0) % opts.backends.length;
    const order = opts.backends.map((_, i) => (first + i) % opts.backends.length);
    const now = Date.now();
    const up = order.filter((i) => (downUntil.get(i) ?? 0) <= now);
    return up.length > 0 ? up : order;
  };
  const markDown = (i: number, err: Error) => {
    if ((downUntil.get(i) ?? 0) <= Date.now()) log(`node ${opts.backends[i]!.port} unreachable (${(err as NodeJS.ErrnoException).code ?? err.message}); sending its clients elsewhere`);
    downUntil.set(i, Date.now() + DOWN_FOR_MS);
  };
  const forwardedHeaders = (req: http.IncomingMessage) => {
    const headers: http.OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(req.headers)) if (!HOP_BY_HOP.includes(k)) headers[k] = v;
    const ip = req.socket.remoteAddress ?? '';
    headers['x-forwarded-for'] = req.headers['x-forwarded-for'] ? `${String(req.headers['x-forwarded-for'])}, ${ip}` : ip;
    headers['x-forwarded-proto'] = 'http';
    return headers;
  };

  const server = http.createServer((req, res) => {
    const order = candidates(req.socket.remoteAddress ?? '');
    // The body is buffered only for retries on another node; requests here are small (JSON).
    const chunks: Buffer[] = [];
    let received = 0;
    req.on('data', (c: Buffer) => {
      received += c.length;
      if (received > MAX_BODY_BYTES) {
        res.writeHead(413, { 'content-type': 'application/json', connection: 'close' }).end(JSON.stringify({ error: { code: 'payload_too_large', message: render(msg('http.bodyTooLarge')), key: 'http.bodyTooLarge' } }));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (received > MAX_BODY_BYTES) return;
      const body = Buffer.concat(chunks);
      const attempt = (k: number) => {
        const i = order[k]!;
        const backend = opts.backends[i]!;
        const proxied = http.request(
          { host: backend.host, port: backend.port, method: req.method, path: req.url, headers: { ...forwardedHeaders(req), 'content-length': String(body.length) } },
          (upstream) => {
            const headers = { ...upstream.headers };
            for (const h of HOP_BY_HOP) delete headers[h];
            res.writeHead(upstream.statusCode ?? 502, headers);
            upstream.pipe(res);
          },
        );
        proxied.on('error', (err: NodeJS.ErrnoException) => {
          if (err.code === 'ECONNREFUSED' || err.code === 'ECONNRESET' || err.code === 'EHOSTUNREACH') markDown(i, err);
          if (!res.headersSent && k + 1 < order.length && err.code === 'ECONNREFUSED') attempt(k + 1);
          else if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'bad_gateway', message: render(msg('http.badGateway')), key: 'http.badGateway' } }));
          else res.destroy();
        });
        proxied.end(body);
      };
      attempt(0);
    });
  });

  // Upgraded sockets leave the HTTP server's books: kept here so close() can end them.
  const tunnels = new Set<net.Socket>();
  // WebSocket upgrades: replay the request head to the node, then pipe bytes both ways.
  server.on('upgrade', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    tunnels.add(client);
    client.once('close', () => tunnels.delete(client));
    const order = candidates(req.socket.remoteAddress ?? '');
    const attempt = (k: number) => {
      const i = order[k]!;
      const backend = opts.backends[i]!;
      const upstream = net.connect(backend.port, backend.host);
      let connected = false;
      upstream.once('connect', () => {
        connected = true;
        const headers = forwardedHeaders(req);
        headers.connection = 'Upgrade';
        headers.upgrade = req.headers.upgrade;
        const lines = [`${req.method} ${req.url} HTTP/1.1`];
        for (const [k2, v] of Object.entries(headers)) for (const value of Array.isArray(v) ? v : [v]) if (value !== undefined) lines.push(`${k2}: ${value}`);
        upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
        if (head.length > 0) upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', (err: NodeJS.ErrnoException) => {
        if (!connected) {
          markDown(i, err);
          if (k + 1 < order.length) return attempt(k + 1);
        }
        client.destroy();
      });
      client.on('error', () => upstream.destroy());
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    };
    attempt(0);
  });

  await new Promise<void>((resolve) => server.listen(opts.port, opts.host ?? '0.0.0.0', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}`,
    port,
    backendFor: (ip) => opts.backends[candidates(ip)[0]!]!,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of tunnels) t.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
