import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORTED, NOT_PERSONAL, PERSON_COLUMN } from '../../server/privacy/coverage';
import { createTestDb, type TestDb } from '../helpers/db';

/**
 * Every table that names a person is either in the data export or listed as not personal with
 * a reason. Read from the live schema (after every migration), so a table added tomorrow with a
 * user_id fails here until someone decides where it goes.
 */

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.destroy());

type Column = { table: string; column: string; referencesUsers: boolean };

async function columns(): Promise<Column[]> {
  const db = t.db;
  if (db.dialect === 'sqlite') {
    const tables = await db.raw<{ name: string }[]>("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'knex_%'");
    const out: Column[] = [];
    for (const { name } of tables) {
      const cols = await db.raw<{ name: string }[]>(`pragma table_info(${JSON.stringify(name)})`);
      const fks = await db.raw<{ table: string; from: string }[]>(`pragma foreign_key_list(${JSON.stringify(name)})`);
      const toUsers = new Set(fks.filter((f) => f.table === 'users').map((f) => f.from));
      for (const c of cols) out.push({ table: name, column: c.name, referencesUsers: toUsers.has(c.name) });
    }
    return out;
  }
  const cols = await db.raw<{ rows: { table_name: string; column_name: string }[] }>("select table_name, column_name from information_schema.columns where table_schema = current_schema() and table_name not like 'knex_%'");
  const fks = await db.raw<{ rows: { table_name: string; column_name: string }[] }>(
    `select kcu.table_name, kcu.column_name from information_schema.table_constraints tc
       join information_schema.key_column_usage kcu on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
       join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name and ccu.table_schema = tc.table_schema
     where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = current_schema() and ccu.table_name = 'users'`,
  );
  const toUsers = new Set(fks.rows.map((r) => `${r.table_name}.${r.column_name}`));
  return cols.rows.map((r) => ({ table: r.table_name, column: r.column_name, referencesUsers: toUsers.has(`${r.table_name}.${r.column_name}`) }));
}

describe('personal-data coverage of the schema', () => {
  it('puts every table with a person column in the export or names why it is not personal', async () => {
    const all = await columns();
    // users is the person itself; every other table names them by a column.
    const personal = [...new Set(['users', ...all.filter((c) => c.referencesUsers || PERSON_COLUMN.test(c.column)).map((c) => c.table)])].sort();
    // The finder finds: the tables everyone knows hold people's data are among them.
    expect(personal).toEqual(expect.arrayContaining(['attempts', 'sessions', 'audit_log', 'evidence', 'placement_logs', 'talent_consents']));
    const forgotten = personal.filter((table) => !(table in EXPORTED) && !(table in NOT_PERSONAL));
    expect(forgotten, 'tables with a person column in neither EXPORTED nor NOT_PERSONAL (server/privacy/coverage.ts)').toEqual([]);
  });

  it('lists no table twice and none that is gone', async () => {
    const tables = new Set((await columns()).map((c) => c.table));
    expect(Object.keys(EXPORTED).filter((x) => x in NOT_PERSONAL)).toEqual([]);
    expect([...Object.keys(EXPORTED), ...Object.keys(NOT_PERSONAL)].filter((x) => !tables.has(x))).toEqual([]);
    for (const reason of Object.values(NOT_PERSONAL)) expect(reason.length).toBeGreaterThan(20);
  });
});
