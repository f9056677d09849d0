/**
 * npm run bench:case [-- --items N --bytes B]
 *
 * CASE imports at the size of a real national framework (#19): a synthetic valid CASE 1.0
 * package of N items (default 4,000) padded to about B bytes of JSON (default 10 MiB), imported
 * into a fresh database through the service the route uses (importCase's two halves: the check
 * with its rows, then the write), then a changed version of it (a tenth of the statements,
 * the last items gone), then a third version through the real HTTP route (body reading, the
 * depth check, JSON.parse). The goal: the import under 3 s. `max_stall_ms` is the longest the
 * event loop was held at once during the two service imports (the bench's own JSON.parse
 * included), `http_max_stall_ms` during the HTTP import (the client's share included);
 * `health_max_ms` the longest a health check
 * (which reads the database) waited while the HTTP import ran, `health_during_import` how many
 * were answered meanwhile.
 * SQLite; PostgreSQL too when TEST_DATABASE_URL (or DATABASE_URL) is set.
 */
import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { importCase, prepareCase, writeCase } from '../server/competency/case';
import { hashPassword } from '../server/accounts/passwords';
import { createTestDb } from '../tests/helpers/db';
import { syntheticCasePackage } from '../tests/helpers/casePackage';
import { arg, runOnSqliteThenPostgres, serveSignedIn } from './benchSupport';

const ITEMS = arg('items', 4000);
const BYTES = arg('bytes', 10 * 1024 * 1024);
const PASSWORD = 'bench-password-1';

/** The statement length that brings the package to about BYTES (size grows linearly with it). */
function packageText(version: number): string {
  const size = (statementChars: number) => Buffer.byteLength(JSON.stringify(syntheticCasePackage({ items: ITEMS, statementChars, version })));
  const [a, b] = [size(100), size(200)];
  const chars = Math.max(10, Math.floor(100 + ((BYTES - a) * 100) / (b - a)));
  return JSON.stringify(syntheticCasePackage({ items: ITEMS, statementChars: chars, version }));
}

const ms = (since: number) => Math.round(performance.now() - since);

if (!process.env.TEST_DATABASE_URL && process.env.DATABASE_URL) process.env.TEST_DATABASE_URL = process.env.DATABASE_URL;
const texts = [1, 2, 3].map(packageText);

runOnSqliteThenPostgres(async (label) => {
  const { db, destroy } = await createTestDb();
  try {
    const now = new Date();
    const org = randomUUID();
    await db('organizations').insert({ id: org, slug: 'bench-board', name: 'Bench Board', kind: 'school', created_at: now });
    const adminId = randomUUID();
    await db('users').insert({ id: adminId, email: 'admin@bench.test', name: 'Admin', password_hash: await hashPassword(PASSWORD), disabled: false, created_at: now, updated_at: now });
    await db('memberships').insert({ id: randomUUID(), user_id: adminId, org_id: org, role: 'admin', lead: false, created_at: now });

    const { url, cookie, close } = await serveSignedIn(db, 'admin@bench.test', PASSWORD);
    const stalls = monitorEventLoopDelay({ resolution: 5 });
    stalls.enable();
    // The first import, in its three parts.
    let started = performance.now();
    const json = JSON.parse(texts[0]!) as unknown;
    const parseMs = ms(started);
    let t = performance.now();
    const prepared = await prepareCase(json);
    const validateMs = ms(t);
    if ('problems' in prepared) throw new Error(`the synthetic package is invalid: ${JSON.stringify(prepared.problems[0])}`);
    t = performance.now();
    await writeCase(db, prepared, now, org);
    const writeMs = ms(t);
    const importMs = ms(started);

    // A changed version: the same framework updated in place, the dropped items reported.
    started = performance.now();
    const again = await importCase(db, JSON.parse(texts[1]!), now, org);
    const reimportMs = ms(started);
    if (!again.framework || again.removed.length !== ITEMS / 50) throw new Error(`re-import: ${again.removed.length} removed, ${JSON.stringify(again.problems[0])}`);

    // A third version through the route, from the first byte of the body to the answer.
    const serviceStall = stalls.max;
    stalls.reset();
    started = performance.now();
    const posting = fetch(`${url}/api/frameworks`, { method: 'POST', headers: { 'content-type': 'application/json', origin: url, cookie }, body: texts[2] });
    // Meanwhile, one health check after another (it reads the database): the longest wait.
    let done = false;
    const waits: number[] = [];
    const polling = (async () => {
      while (!done) {
        const asked = performance.now();
        await fetch(`${url}/api/health`);
        waits.push(performance.now() - asked);
      }
    })();
    const res = await posting;
    const httpMs = ms(started);
    done = true;
    await polling;
    if (res.status !== 201) throw new Error(`POST /api/frameworks: ${res.status} ${(await res.text()).slice(0, 300)}`);
    close();
    stalls.disable();

    const items = Number((await db('framework_items').count({ n: '*' }))[0]!.n);
    console.log(
      [
        `bench:case db=${label}`,
        `items=${ITEMS}`,
        `bytes=${Buffer.byteLength(texts[0]!)}`,
        `import_ms=${importMs}`,
        `parse_ms=${parseMs}`,
        `validate_ms=${validateMs}`,
        `write_ms=${writeMs}`,
        `reimport_ms=${reimportMs}`,
        `http_import_ms=${httpMs}`,
        `max_stall_ms=${Math.round(serviceStall / 1e6)}`,
        `http_max_stall_ms=${Math.round(stalls.max / 1e6)}`,
        `health_during_import=${waits.length}`,
        `health_max_ms=${Math.round(Math.max(...waits))}`,
        `stored_items=${items}`,
      ].join(' '),
    );
  } finally {
    await destroy();
  }
});
