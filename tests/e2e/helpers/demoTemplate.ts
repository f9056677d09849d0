import fs from 'node:fs';
import path from 'node:path';
import knex from 'knex';
import { inject } from 'vitest';

/**
 * The demo world, seeded once per browser pass and copied into each test server's data
 * directory. Seeding is most of a server's start (the demo work is graded in the sandbox: about
 * 10 s of CPU of the ~14 s a fresh start takes, against ~4 s to start on a copy), and every
 * file used to pay it again.
 *
 * The copy is what the file's own server would have seeded: the template is made by the real
 * server (`npm start`'s code path, same environment) and stopped at once, and a server that finds
 * users in its database simply does not seed. What could tell them apart, and how it is kept out:
 *  - Time. The seed places work and placements in days relative to "now", so a template is only
 *    used on the (UTC and local) day it was made; minutes of age change nothing a journey reads.
 *  - The mail loop. Its first pass comes 5 s after start and would send the seed's queued mails
 *    from the template server; a template whose outbox is not untouched is thrown away.
 *  - The environment. Only settings that do not reach the seed may differ from the template's
 *    (below); DEMO_LOCALE is part of the template's key; anything else (SCENARIOS_DIR, SEED_DEMO…)
 *    starts fresh as before.
 * E2E_DEMO_TEMPLATE=0 turns copying off (every server seeds its own world, as before).
 */

/** Settings the seed never reads: a server started with them may begin from the shared template. */
const SEED_NEUTRAL = new Set(['PORT', 'DATA_DIR', 'SMTP_URL', 'SSO_ALLOW_HTTP_ISSUERS', 'DEMO_LOCALE']);
const DB_FILES = ['practicum.sqlite', 'practicum.sqlite-wal'];
const WAIT_FOR_OTHER_BUILDER_MS = 240_000;

/** Starts a server on `dataDir` with `env` and resolves once it is ready; `stop` leaves the directory. */
export type Launch = (env: Record<string, string>, dataDir: string) => Promise<{ output: () => string; stop: () => Promise<void> }>;

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where this pass keeps its demo templates (tests/e2e/helpers/globalSetup.ts). */
    demoTemplateDir: string;
  }
}

function templateRoot(): string | undefined {
  if (process.env.E2E_DEMO_TEMPLATE === '0') return undefined;
  try {
    return inject('demoTemplateDir') || undefined;
  } catch {
    return undefined; // outside a vitest run with the e2e global setup
  }
}

function templateKey(extraEnv: Record<string, string>): string {
  const now = new Date();
  const localDay = `${now.getFullYear()}-${now.getMonth() + 1}-${now.getDate()}`;
  return `demo-${extraEnv.DEMO_LOCALE ?? 'unset'}-${now.toISOString().slice(0, 10)}-${localDay}`;
}

/**
 * Puts a copy of the seeded demo database into `dataDir` when the server to be started there
 * would seed exactly that world; returns whether it did. A data directory that already has a
 * database (a restarted server) is left alone.
 */
export async function copyDemoTemplate(dataDir: string, extraEnv: Record<string, string>, launch: Launch): Promise<boolean> {
  const root = templateRoot();
  if (!root) return false;
  if (fs.existsSync(path.join(dataDir, DB_FILES[0]!))) return false;
  if (Object.keys(extraEnv).some((k) => !SEED_NEUTRAL.has(k))) return false;
  if (process.env.SEED_DEMO !== undefined || process.env.SCENARIOS_DIR !== undefined) return false;

  const template = await ensureTemplate(root, templateKey(extraEnv), extraEnv.DEMO_LOCALE, launch);
  fs.mkdirSync(dataDir, { recursive: true });
  for (const f of DB_FILES) if (fs.existsSync(path.join(template, f))) fs.copyFileSync(path.join(template, f), path.join(dataDir, f));
  return true;
}

async function ensureTemplate(root: string, key: string, locale: string | undefined, launch: Launch): Promise<string> {
  const ready = path.join(root, key);
  const lock = `${ready}.lock`;
  const deadline = Date.now() + WAIT_FOR_OTHER_BUILDER_MS;
  for (;;) {
    if (fs.existsSync(ready)) return ready;
    try {
      fs.mkdirSync(lock); // atomic: exactly one file of the pass builds each template
      break;
    } catch {
      // Another file is building it (browser files may run side by side): wait for it.
      if (Date.now() > deadline) throw new Error(`The demo template ${key} was not ready within ${WAIT_FOR_OTHER_BUILDER_MS / 1000} s.`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  const building = `${ready}.building`;
  try {
    // A second try only for the one race a busy machine can lose (OutboxTouched).
    for (let attempt = 1; ; attempt++) {
      fs.rmSync(building, { recursive: true, force: true });
      fs.mkdirSync(building);
      const server = await launch(locale ? { DEMO_LOCALE: locale } : {}, building);
      await server.stop();
      try {
        await checkFreshSeed(path.join(building, DB_FILES[0]!), server.output());
        break;
      } catch (err) {
        if (!(err instanceof OutboxTouched) || attempt >= 2) throw err;
      }
    }
    // Only the database: the run lock and any secrets a server writes are its own.
    for (const entry of fs.readdirSync(building)) if (!DB_FILES.includes(entry)) fs.rmSync(path.join(building, entry), { recursive: true, force: true });
    fs.renameSync(building, ready);
    return ready;
  } finally {
    fs.rmSync(building, { recursive: true, force: true });
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

class OutboxTouched extends Error {}

/** The seed queues mails for the file's own server to deliver; the template server must not have sent any. */
async function checkFreshSeed(filename: string, output: string): Promise<void> {
  const db = knex({ client: 'sqlite3', connection: { filename }, useNullAsDefault: true });
  try {
    const [{ n }] = (await db('mail_outbox').whereNot({ status: 'queued' }).orWhere('attempts', '>', 0).count({ n: '*' })) as [{ n: number }];
    const [{ users }] = (await db('users').count({ users: '*' })) as [{ users: number }];
    if (Number(users) === 0) throw new Error(`The demo template server seeded no users. Output:\n${output}`);
    if (Number(n) > 0) throw new OutboxTouched(`The demo template server already worked on ${n} queued mails (it ran past its first mail pass); the template would not be a fresh seed.`);
  } finally {
    await db.destroy();
  }
}
