import fs from 'node:fs';
import path from 'node:path';
import knex, { type Knex } from 'knex';

export type Dialect = 'sqlite' | 'postgres';

export type DbOptions =
  | { dialect: 'sqlite'; filename: string }
  | { dialect: 'postgres'; connectionString: string; searchPath?: string };

export type Db = Knex & { dialect: Dialect };

/**
 * One knex instance per process. SQLite runs in WAL mode with foreign keys on and a busy
 * timeout, so concurrent readers never block the single writer for long.
 */
export function createDb(options: DbOptions): Db {
  let instance: Knex;
  if (options.dialect === 'sqlite') {
    if (options.filename !== ':memory:') fs.mkdirSync(path.dirname(options.filename), { recursive: true });
    instance = knex({
      client: 'sqlite3',
      connection: { filename: options.filename },
      useNullAsDefault: true,
      pool: {
        min: 1,
        max: 1,
        afterCreate(conn: SqliteConnection, done: (err: Error | null, conn: unknown) => void) {
          conn.exec('PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;', (err) =>
            done(err, conn),
          );
        },
      },
    });
  } else {
    instance = knex({
      client: 'pg',
      connection: options.connectionString,
      searchPath: options.searchPath ? [options.searchPath] : undefined,
      pool: { min: 0, max: 10 },
    });
  }
  return Object.assign(instance, { dialect: options.dialect });
}

type SqliteConnection = { exec(sql: string, cb: (err: Error | null) => void): void };

export function dbOptionsFromConfig(config: { databaseUrl?: string; dataDir: string }): DbOptions {
  if (config.databaseUrl) return { dialect: 'postgres', connectionString: config.databaseUrl };
  return { dialect: 'sqlite', filename: path.join(config.dataDir, 'practicum.sqlite') };
}
