import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb, type Db } from '../../server/db/knex';
import { migrateLatest } from '../../server/db/migrate';

export type TestDb = { db: Db; destroy: () => Promise<void> };

/**
 * A database nobody else touches: a fresh SQLite file, or — when TEST_DATABASE_URL is set —
 * a fresh PostgreSQL schema, dropped afterwards. Migrations are applied either way.
 */
export async function createTestDb(opts: { migrate?: boolean } = {}): Promise<TestDb> {
  const url = process.env.TEST_DATABASE_URL;
  const suffix = randomBytes(6).toString('hex');
  let db: Db;
  let cleanup: () => Promise<void>;
  if (url) {
    const schema = `t_${suffix}`;
    const admin = createDb({ dialect: 'postgres', connectionString: url });
    await admin.raw('create schema ??', [schema]);
    await admin.destroy();
    db = createDb({ dialect: 'postgres', connectionString: url, searchPath: schema });
    cleanup = async () => {
      await db.destroy();
      const dropper = createDb({ dialect: 'postgres', connectionString: url });
      await dropper.raw('drop schema ?? cascade', [schema]);
      await dropper.destroy();
    };
  } else {
    const dir = path.join(os.tmpdir(), 'practicum-tests');
    fs.mkdirSync(dir, { recursive: true });
    const filename = path.join(dir, `${suffix}.sqlite`);
    db = createDb({ dialect: 'sqlite', filename });
    cleanup = async () => {
      await db.destroy();
      for (const f of [filename, `${filename}-wal`, `${filename}-shm`]) fs.rmSync(f, { force: true });
    };
  }
  if (opts.migrate !== false) await migrateLatest(db);
  return { db, destroy: cleanup };
}
