import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { io as connect, type Socket } from 'socket.io-client';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientEvents } from '../../server/contract/realtime';
import { createDb } from '../../server/db/knex';
import { BackupError, createBackup, knownMigrations, manifestPathOf, restoreBackup, sha256File, type BackupManifest } from '../../server/ops/backup';
import { DEMO_PASSWORD } from '../../server/seed/demo';
import { startServerProcess, type ServerProcess } from '../helpers/serverProcess';
import { workspaceScenario } from '../helpers/scenario';

/**
 * `npm run backup` under a live server taking saves, then `npm run restore` into a fresh data
 * directory: every save acked before the backup began must be there when a server starts on it.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const tmp = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `practicum-backup-${name}-`));
const liveDir = tmp('live');
const restoredDir = tmp('restored');
const outDir = tmp('out');
const scenariosDir = tmp('pkg');
const servers: ServerProcess[] = [];

beforeAll(() => {
  const pkg = workspaceScenario('backup-quote');
  for (const [rel, content] of pkg.files) {
    fs.mkdirSync(path.dirname(path.join(scenariosDir, 'backup-quote', rel)), { recursive: true });
    fs.writeFileSync(path.join(scenariosDir, 'backup-quote', rel), rel === 'scenario.yaml' ? stringify(pkg.manifest) : content);
  }
});

afterAll(async () => {
  for (const s of servers) await s.stop('SIGKILL');
});

async function start(dataDir: string): Promise<ServerProcess> {
  const s = await startServerProcess({ DATA_DIR: dataDir, SCENARIOS_DIR: scenariosDir });
  servers.push(s);
  return s;
}

async function signIn(url: string, email: string): Promise<string> {
  const res = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: url }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
  expect(res.status).toBe(200);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

async function api(url: string, cookie: string, method: string, p: string) {
  return (await fetch(`${url}${p}`, { method, headers: { cookie, origin: url } })).json();
}

/** Runs SQL on a file with a connection of its own (to make damaged and newer backups). */
function onFile(file: string, sql: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (err) => {
      if (err) return reject(err);
      db.exec(sql, (e) => db.close(() => (e ? reject(e) : resolve())));
    });
  });
}

/** A copy of a backup, changed by `edit`, with a manifest whose checksum matches it or not. */
async function variant(backup: string, name: string, edit: (file: string) => Promise<void>, opts: { fixChecksum: boolean }): Promise<string> {
  const file = path.join(outDir, name);
  fs.copyFileSync(backup, file);
  await edit(file);
  const manifest = JSON.parse(fs.readFileSync(manifestPathOf(backup), 'utf8')) as BackupManifest;
  if (opts.fixChecksum) manifest.sha256 = await sha256File(file);
  fs.writeFileSync(manifestPathOf(file), JSON.stringify(manifest));
  return file;
}

const refusal = (p: Promise<unknown>) => p.then(() => 'restored', (err: unknown) => (err instanceof BackupError ? err.code : String(err)));

type Acked = { attemptId: string; revision: number; content: string };

describe('npm run backup / npm run restore', () => {
  it('backs up a server under writes and restores every save acked before it began', async () => {
    const live = await start(liveDir);
    const clients: { attemptId: string; socket: Socket }[] = [];
    for (const email of ['student1@cvit.example', 'student2@cvit.example', 'student3@cvit.example']) {
      const cookie = await signIn(live.url, email);
      const { assignments } = await api(live.url, cookie, 'GET', '/api/assignments');
      const assignment = assignments.find((a: { scenario: { slug: string } }) => a.scenario.slug === 'backup-quote');
      const { attempt } = await api(live.url, cookie, 'POST', `/api/assignments/${assignment.id}/attempts`);
      const socket = connect(live.url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie, origin: live.url } });
      await new Promise<void>((r) => socket.once('connect', () => r()));
      await socket.emitWithAck(ClientEvents.attemptJoin, { attemptId: attempt.id });
      clients.push({ attemptId: attempt.id, socket });
    }

    const acked: Acked[] = [];
    let stop = false;
    // Paced under the autosave rate limit (30 saves in 10 s per attempt), like a typing student.
    const streams = clients.map(async (c) => {
      let base = 1;
      for (let i = 0; !stop; i++) {
        await new Promise((r) => setTimeout(r, 120));
        const content = `exports.total = (xs) => xs.length * ${i}; // ${c.attemptId}\n`;
        const reply = await c.socket.timeout(5000).emitWithAck(ClientEvents.fileSave, { attemptId: c.attemptId, path: 'total.js', baseRevision: base, content });
        if (!reply.ok) throw new Error(reply.error.message);
        acked.push({ attemptId: c.attemptId, revision: reply.data.revision, content });
        base = reply.data.revision;
      }
    });
    await new Promise((r) => setTimeout(r, 1500));
    // Everything acked so far is promised to be in the backup; saves keep flowing during it.
    const ackedBefore = [...acked];
    const backup = await createBackup({ dataDir: liveDir, outDir, now: new Date() });
    await new Promise((r) => setTimeout(r, 400));
    stop = true;
    await Promise.all(streams);
    for (const c of clients) c.socket.close();
    expect(ackedBefore.length).toBeGreaterThan(10);
    expect(acked.length).toBeGreaterThan(ackedBefore.length);

    const manifest = JSON.parse(fs.readFileSync(backup.manifestFile, 'utf8')) as BackupManifest;
    expect(manifest).toMatchObject({ file: path.basename(backup.file), schemaVersion: knownMigrations().at(-1), sizeBytes: fs.statSync(backup.file).size, appVersion: '0.1.0' });
    expect(manifest.sha256).toBe(await sha256File(backup.file));

    // Not under a running server.
    expect(await refusal(restoreBackup({ file: backup.file, dataDir: liveDir, now: new Date() }))).toBe('running');

    // Damaged: one byte changed (the checksum), or garbage with a matching checksum (SQLite's check).
    const flipped = await variant(backup.file, 'flipped.sqlite', async (f) => {
      const bytes = fs.readFileSync(f);
      const at = Math.floor(bytes.length / 2);
      bytes[at] = bytes[at]! ^ 0xff;
      fs.writeFileSync(f, bytes);
    }, { fixChecksum: false });
    expect(await refusal(restoreBackup({ file: flipped, dataDir: restoredDir, now: new Date() }))).toBe('checksum');
    const garbage = await variant(backup.file, 'garbage.sqlite', async (f) => fs.writeFileSync(f, Buffer.alloc(8192, 7)), { fixChecksum: true });
    expect(await refusal(restoreBackup({ file: garbage, dataDir: restoredDir, now: new Date() }))).toBe('corrupt');
    // From a newer Practicum: a migration this code does not know.
    const newer = await variant(backup.file, 'newer.sqlite', (f) => onFile(f, "insert into knex_migrations (name, batch, migration_time) values ('29991231000000_from_the_future.ts', 99, 0)"), { fixChecksum: true });
    expect(await refusal(restoreBackup({ file: newer, dataDir: restoredDir, now: new Date() }))).toBe('newer_schema');
    expect(fs.existsSync(path.join(restoredDir, 'practicum.sqlite'))).toBe(false);

    // An older backup: made by a version before the last migration; the restore applies it.
    const oldDir = tmp('old');
    const oldDb = createDb({ dialect: 'sqlite', filename: path.join(oldDir, 'practicum.sqlite') });
    const migrations = knownMigrations().slice(0, -1);
    await oldDb.migrate.latest({ migrationSource: { getMigrations: async () => migrations, getMigrationName: (n: string) => n, getMigration: async (n: string) => import(path.join(ROOT, 'migrations', n)) } });
    await oldDb.destroy();
    const older = await createBackup({ dataDir: oldDir, outDir: path.join(outDir, 'old'), now: new Date() });
    expect(older.manifest.schemaVersion).toBe(migrations.at(-1));
    const upgraded = await restoreBackup({ file: older.file, dataDir: tmp('upgraded'), now: new Date() });
    expect(upgraded.migrationsApplied).toEqual([knownMigrations().at(-1)]);

    const restored = await restoreBackup({ file: backup.file, dataDir: restoredDir, now: new Date() });
    expect(restored).toMatchObject({ keptAside: null, migrationsApplied: [] });
    const again = await start(restoredDir);
    const db = createDb({ dialect: 'sqlite', filename: path.join(restoredDir, 'practicum.sqlite') });
    try {
      for (const a of ackedBefore) {
        const row = await db('file_revisions').where({ attempt_id: a.attemptId, path: 'total.js', revision: a.revision }).first('content');
        expect(row?.content, `acked revision ${a.revision} of ${a.attemptId}`).toBe(a.content);
      }
    } finally {
      await db.destroy();
    }
    // The restored server serves the student's last saved file from the backup.
    const cookie = await signIn(again.url, 'student1@cvit.example');
    const view = (await api(again.url, cookie, 'GET', `/api/attempts/${clients[0]!.attemptId}`)).attempt;
    const file = view.files.find((f: { path: string }) => f.path === 'total.js');
    expect(file.revision).toBeGreaterThanOrEqual(ackedBefore.filter((a) => a.attemptId === clients[0]!.attemptId).at(-1)!.revision);

    // Restoring over a stopped installation keeps its database aside. The server removed its
    // run file on the way out; one left by a process that no longer exists (kill -9) does not block.
    await again.stop('SIGTERM');
    expect(fs.readdirSync(path.join(restoredDir, 'running'))).toEqual([]);
    fs.writeFileSync(path.join(restoredDir, 'running', '4194303'), '');
    const over = await restoreBackup({ file: backup.file, dataDir: restoredDir, now: new Date(Date.UTC(2026, 11, 7, 12)) });
    expect(over.keptAside).toBe(path.join(restoredDir, 'practicum.before-restore-20261207T120000Z.sqlite'));
    expect(fs.existsSync(over.keptAside!)).toBe(true);
  }, 60_000);

  it('prints the pg_dump command instead when DATABASE_URL names PostgreSQL', () => {
    const run = () => execFileSync(process.execPath, ['--import', 'tsx', 'scripts/backup.ts', '--out', '/var/backups/practicum'], { cwd: ROOT, env: { PATH: process.env.PATH!, DATABASE_URL: 'postgres://practicum@db.example:5432/practicum' }, stdio: 'pipe' });
    let out = '';
    try {
      run();
    } catch (err) {
      const e = err as { status: number; stdout: Buffer };
      expect(e.status).toBe(3);
      out = e.stdout.toString();
    }
    expect(out).toMatch(/pg_dump --format=custom --file='\/var\/backups\/practicum\/practicum-\d{8}T\d{6}Z\.dump' 'postgres:\/\/practicum@db\.example:5432\/practicum'/);
    expect(out).toContain('pg_restore --clean --if-exists --no-owner');
  });

  it("runs the README's cron line as cron would (sh -c, from the checkout)", () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const line = readme.split('\n').find((l) => /^[\d*/,-]+ [\d*/,-]+ [\d*/,-]+ [\d*/,-]+ [\d*/,-]+ .*npm run -s backup/.test(l));
    expect(line, 'a crontab line in README').toBeDefined();
    const fields = line!.split(/\s+/);
    // minute hour day-of-month month day-of-week, each a number, *, a step or a list in range.
    const ranges = [59, 23, 31, 12, 7];
    fields.slice(0, 5).forEach((f, i) => {
      for (const n of f.match(/\d+/g) ?? []) expect(Number(n)).toBeLessThanOrEqual(ranges[i]!);
    });
    const command = fields
      .slice(5)
      .join(' ')
      .replaceAll('/var/lib/practicum', liveDir)
      .replaceAll('/opt/practicum', ROOT)
      .replaceAll('/var/backups/practicum', path.join(outDir, 'cron'))
      .replace(/\s*>>.*$/, '');
    // cron's environment is nearly empty: PATH only.
    execFileSync('/bin/sh', ['-c', command], { env: { PATH: process.env.PATH!, HOME: os.tmpdir() }, stdio: 'pipe' });
    const written = fs.readdirSync(path.join(outDir, 'cron'));
    expect(written.filter((f) => f.endsWith('.sqlite'))).toHaveLength(1);
    expect(written.filter((f) => f.endsWith('.sqlite.manifest.json'))).toHaveLength(1);
  }, 30_000);
});
