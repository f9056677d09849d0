import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { createDb } from '../db/knex';
import { migrateLatest } from '../db/migrate';
import { runningProcesses } from './runLock';

/**
 * Backups of the SQLite database (issue 17, "Backups"). `VACUUM INTO` on a connection of our own
 * reads one snapshot of the database (a read transaction: the server keeps writing through WAL
 * meanwhile) and writes it out as a compact, self-contained file: every save acked before the
 * backup began is in it, nothing half-written is. The manifest beside it says when, which schema
 * (the last knex migration the copy holds, read from the copy itself), the SHA-256 and the size,
 * so a restore can refuse a damaged file or one from a newer version of Practicum.
 */

export const DB_FILE = 'practicum.sqlite';
const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../migrations');
const PACKAGE_JSON = path.resolve(import.meta.dirname, '../../package.json');

export type BackupManifest = {
  format: 'practicum-backup/1';
  createdAt: string;
  file: string;
  schemaVersion: string;
  sha256: string;
  sizeBytes: number;
  appVersion: string;
  dialect: 'sqlite';
};

export class BackupError extends Error {
  constructor(
    readonly code: 'postgres' | 'no_database' | 'running' | 'no_manifest' | 'checksum' | 'corrupt' | 'newer_schema' | 'unknown_schema',
    message: string,
  ) {
    super(message);
  }
}

export const manifestPathOf = (backupFile: string) => `${backupFile}.manifest.json`;

/** The migrations this code knows, in order (the same files server/db/migrate.ts applies). */
export function knownMigrations(): string[] {
  return fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{14}_[a-z0-9_]+\.ts$/.test(f))
    .sort();
}

export function appVersion(): string {
  return (JSON.parse(fs.readFileSync(PACKAGE_JSON, 'utf8')) as { version: string }).version;
}

export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    fs.createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** pg_dump / pg_restore: what to run instead when the installation uses PostgreSQL. */
export function postgresCommands(databaseUrl: string, outDir: string, stamp: string): { backup: string; restore: string } {
  const file = path.join(outDir, `practicum-${stamp}.dump`);
  return {
    backup: `pg_dump --format=custom --file='${file}' '${databaseUrl}'`,
    restore: `pg_restore --clean --if-exists --no-owner --dbname='${databaseUrl}' '${file}'`,
  };
}

export const stampOf = (now: Date) => now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

type Conn = { db: sqlite3.Database; run(sql: string, params?: unknown[]): Promise<void>; all<T>(sql: string, params?: unknown[]): Promise<T[]>; close(): Promise<void> };

function open(file: string, mode: number): Promise<Conn> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, mode, (err) => {
      if (err) return reject(err);
      const conn: Conn = {
        db,
        run: (sql, params = []) => new Promise((res, rej) => db.run(sql, params, (e) => (e ? rej(e) : res()))),
        all: <T>(sql: string, params: unknown[] = []) => new Promise<T[]>((res, rej) => db.all(sql, params, (e, rows) => (e ? rej(e) : res(rows as T[])))),
        close: () => new Promise((res, rej) => db.close((e) => (e ? rej(e) : res()))),
      };
      // The server holds the write lock for a moment per save; wait for it rather than fail.
      db.configure('busyTimeout', 10_000);
      resolve(conn);
    });
  });
}

/** The migrations a database file has applied, oldest first ([] when it has none). */
async function appliedMigrations(conn: Conn): Promise<string[]> {
  const tables = await conn.all<{ name: string }>("select name from sqlite_master where type = 'table' and name = 'knex_migrations'");
  if (tables.length === 0) return [];
  return (await conn.all<{ name: string }>('select name from knex_migrations order by id')).map((r) => r.name);
}

/** Writes `<outDir>/practicum-<time>.sqlite` and its manifest; safe while the server runs. */
export async function createBackup(opts: { dataDir: string; outDir: string; now: Date }): Promise<{ file: string; manifestFile: string; manifest: BackupManifest }> {
  const source = path.join(opts.dataDir, DB_FILE);
  if (!fs.existsSync(source)) throw new BackupError('no_database', `There is no database at ${source} (is DATA_DIR right?).`);
  fs.mkdirSync(opts.outDir, { recursive: true });
  const file = path.join(path.resolve(opts.outDir), `practicum-${stampOf(opts.now)}.sqlite`);
  // Written under a temporary name: a copy cut short by a crash is never taken for a backup.
  const partial = `${file}.partial`;
  fs.rmSync(partial, { force: true });
  const conn = await open(source, sqlite3.OPEN_READWRITE);
  try {
    await conn.run('VACUUM INTO ?', [partial]);
  } finally {
    await conn.close();
  }
  const copy = await open(partial, sqlite3.OPEN_READONLY);
  let applied: string[];
  try {
    applied = await appliedMigrations(copy);
  } finally {
    await copy.close();
  }
  fs.renameSync(partial, file);
  const manifest: BackupManifest = {
    format: 'practicum-backup/1',
    createdAt: opts.now.toISOString(),
    file: path.basename(file),
    schemaVersion: applied.at(-1) ?? '',
    sha256: await sha256File(file),
    sizeBytes: fs.statSync(file).size,
    appVersion: appVersion(),
    dialect: 'sqlite',
  };
  const manifestFile = manifestPathOf(file);
  fs.writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  return { file, manifestFile, manifest };
}

export type RestoreResult = { restoredFrom: string; keptAside: string | null; migrationsApplied: string[]; schemaVersion: string };

/**
 * Puts a backup in place of the installation's database. Refuses while a server or worker has the
 * database open, when the file does not match its manifest's checksum, when SQLite finds it damaged,
 * and when it holds a migration this code does not know (a backup from a newer Practicum: this code
 * cannot run on its schema). The database it replaces is kept beside it, renamed, never deleted.
 * A backup from an older version is brought up to date by the pending migrations.
 */
export async function restoreBackup(opts: { file: string; dataDir: string; now: Date }): Promise<RestoreResult> {
  const file = path.resolve(opts.file);
  const running = runningProcesses(opts.dataDir);
  if (running.length > 0) {
    throw new BackupError('running', `Practicum is running on ${opts.dataDir} (pid ${running.join(', ')}); stop it first, then restore.`);
  }
  const manifestFile = manifestPathOf(file);
  if (!fs.existsSync(manifestFile)) throw new BackupError('no_manifest', `No manifest beside the backup (${manifestFile}).`);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as BackupManifest;
  const actual = await sha256File(file);
  if (actual !== manifest.sha256) {
    throw new BackupError('checksum', `The backup's SHA-256 is ${actual}, its manifest says ${manifest.sha256}: the file is damaged or not the one the manifest describes.`);
  }

  // Checked and migrated on a copy inside the data directory (the same file system, so the final
  // rename is atomic); the backup itself is never changed.
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const staged = path.join(opts.dataDir, `${DB_FILE}.restoring`);
  fs.rmSync(staged, { force: true });
  fs.copyFileSync(file, staged);
  try {
    const conn = await open(staged, sqlite3.OPEN_READWRITE);
    let applied: string[];
    try {
      const check = await conn.all<{ integrity_check: string }>('pragma integrity_check').catch((err: Error) => [{ integrity_check: err.message }]);
      if (check[0]?.integrity_check !== 'ok') throw new BackupError('corrupt', `SQLite finds the backup damaged: ${check.map((c) => c.integrity_check).join('; ')}`);
      applied = await appliedMigrations(conn);
    } finally {
      await conn.close();
    }
    const known = new Set(knownMigrations());
    const unknown = applied.filter((m) => !known.has(m));
    if (unknown.length > 0) {
      throw new BackupError('newer_schema', `The backup's schema has migrations this version of Practicum does not know (${unknown.join(', ')}): restore it with the version that made it (${manifest.appVersion}).`);
    }
    if (applied.length === 0) throw new BackupError('unknown_schema', 'The backup holds no Practicum schema.');

    const migrationsApplied = await migrateFile(staged);
    const keptAside = setAside(opts.dataDir, opts.now);
    fs.renameSync(staged, path.join(opts.dataDir, DB_FILE));
    return { restoredFrom: file, keptAside, migrationsApplied, schemaVersion: knownMigrations().at(-1)! };
  } finally {
    for (const f of [staged, `${staged}-wal`, `${staged}-shm`]) fs.rmSync(f, { force: true });
  }
}

async function migrateFile(file: string): Promise<string[]> {
  const db = createDb({ dialect: 'sqlite', filename: file });
  try {
    const applied = await migrateLatest(db);
    // Everything into the main file, so the rename moves the whole database.
    await db.raw('pragma wal_checkpoint(TRUNCATE)');
    await db.raw('pragma journal_mode = DELETE');
    return applied;
  } finally {
    await db.destroy();
  }
}

/** Renames the current database (and its WAL, which may hold the last commits) out of the way. */
function setAside(dataDir: string, now: Date): string | null {
  const current = path.join(dataDir, DB_FILE);
  if (!fs.existsSync(current)) return null;
  const aside = path.join(dataDir, `practicum.before-restore-${stampOf(now)}.sqlite`);
  for (const suffix of ['-wal', '-shm', '']) {
    if (fs.existsSync(current + suffix)) fs.renameSync(current + suffix, aside + suffix);
  }
  return aside;
}
