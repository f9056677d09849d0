import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createApp } from '../server/app';
import { createDeps } from '../server/deps';
import { loadConfig } from '../server/config';
import type { Db } from '../server/db/knex';
import { Publisher } from '../server/realtime/publisher';

/** What the in-process HTTP benchmarks (bench:review, bench:report) share. */

export const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > -1 ? Number(process.argv[i + 1]) : fallback;
};

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Small chunks: SQLite allows at most 32,766 bound parameters per statement. */
export async function insertAll(db: Db, table: string, rows: object[], chunk = 200) {
  for (let i = 0; i < rows.length; i += chunk) await db(table).insert(rows.slice(i, i + chunk));
}

/** Median of `runs` calls after two warm-up calls, in ms to one decimal. */
export async function timed(fn: () => Promise<unknown>, runs = 20): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const started = performance.now();
    await fn();
    if (i >= 2) samples.push(performance.now() - started);
  }
  return Math.round(median(samples) * 10) / 10;
}

/** The real app on a free port over `db`, with one person signed in. */
export async function serveSignedIn(db: Db, email: string, password: string): Promise<{ url: string; cookie: string; close: () => void }> {
  const deps = createDeps({ config: loadConfig({ NODE_ENV: 'test' }), db, logger: pino({ level: 'silent' }), publisher: new Publisher() });
  const server = http.createServer(createApp(deps));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  deps.origins.listeningOn(server.address());
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const login = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: url }, body: JSON.stringify({ email, password }) });
  const cookie = String(login.headers.get('set-cookie')).split(';')[0]!;
  return { url, cookie, close: () => server.close() };
}

/** The `p`th percentile (0–100) of `xs`, nearest rank. */
export const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
};

/** Runs `benchOn` on SQLite and then, when TEST_DATABASE_URL is set, on PostgreSQL; an error ends the process with 1. */
export function runOnSqliteThenPostgres(benchOn: (label: 'sqlite' | 'postgres') => Promise<void>): void {
  const pg = process.env.TEST_DATABASE_URL;
  delete process.env.TEST_DATABASE_URL;
  benchOn('sqlite')
    .then(async () => {
      if (!pg) return;
      process.env.TEST_DATABASE_URL = pg;
      await benchOn('postgres');
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
