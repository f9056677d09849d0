import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import express from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressWebAssets, precompressedFiles } from '../../server/web/compressed';

/** The web client's files go out compressed at build, as the browser asks (issue 18: the sign-in page's weight). */
let dir: string;
let app: express.Express;
let totals: ReturnType<typeof compressWebAssets>;
let server: http.Server;
const script = `export const words = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `word ${i}`))};\n`;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assets-'));
  fs.writeFileSync(path.join(dir, 'index-abc12345.js'), script);
  fs.writeFileSync(path.join(dir, 'tiny.js'), 'export {};\n');
  fs.writeFileSync(path.join(dir, 'logo.png'), Buffer.alloc(4_096, 1));
  totals = compressWebAssets(dir); // as the build does, before the server lists the files
  app = express();
  app.use('/assets', precompressedFiles(dir, { immutable: true, maxAge: '1y' }));
  app.use('/assets', express.static(dir, { immutable: true, maxAge: '1y', fallthrough: false }));
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
});
afterAll(() => {
  server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A plain HTTP GET that leaves the body as sent (HTTP clients that decompress would hide what is tested). */
function get(pathname: string, acceptEncoding: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: pathname, headers: { 'accept-encoding': acceptEncoding } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

describe('compressed web assets', () => {
  it('writes Brotli and gzip beside the files worth compressing, and only those', () => {
    expect(totals.files).toBe(1);
    expect(fs.existsSync(path.join(dir, 'index-abc12345.js.br'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'tiny.js.br'))).toBe(false); // too small to gain
    expect(fs.existsSync(path.join(dir, 'logo.png.gz'))).toBe(false); // already compressed formats are left alone
    expect(totals.br).toBeLessThan(totals.bytes / 3);
  });

  it('serves Brotli to a browser that takes it, with the type and caching of the original', async () => {
    const res = await get('/assets/index-abc12345.js', 'gzip, deflate, br, zstd');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers.vary).toMatch(/Accept-Encoding/);
    expect(zlib.brotliDecompressSync(res.body).toString()).toBe(script);
  });

  it('serves gzip to one that takes only gzip, and the plain file to one that takes neither', async () => {
    const gz = await get('/assets/index-abc12345.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.body).toString()).toBe(script);
    const plain = await get('/assets/index-abc12345.js', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
    // "br;q=0" is a refusal, not a wish.
    expect((await get('/assets/index-abc12345.js', 'br;q=0, gzip')).headers['content-encoding']).toBe('gzip');
  });

  it('never reaches past the listed files, and a missing file is still a 404', async () => {
    const outside = await get('/assets/..%2f..%2fetc%2fpasswd', 'br');
    expect([403, 404]).toContain(outside.status);
    expect(outside.headers['content-encoding']).toBeUndefined();
    expect((await get('/assets/nothing.js', 'br')).status).toBe(404);
    expect((await get('/assets/tiny.js', 'br')).headers['content-encoding']).toBeUndefined();
  });
});
