import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateLatest, migrateRollbackAll } from '../../server/db/migrate';
import { createTestDb, type TestDb } from '../helpers/db';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb({ migrate: false });
});
afterAll(() => t.destroy());

describe('migrations', () => {
  it('apply, roll back completely and apply again on this dialect', async () => {
    const applied = await migrateLatest(t.db);
    expect(applied.length).toBeGreaterThan(0);
    for (const table of ['users', 'organizations', 'memberships', 'partnerships', 'sessions']) {
      expect(await t.db.schema.hasTable(table), table).toBe(true);
    }
    await migrateRollbackAll(t.db);
    expect(await t.db.schema.hasTable('users')).toBe(false);
    expect(await migrateLatest(t.db)).toEqual(applied);
    expect(await migrateLatest(t.db)).toEqual([]);
  });

  it('enforce foreign keys', async () => {
    await expect(
      t.db('memberships').insert({ id: 'x', user_id: 'nobody', org_id: 'nowhere', role: 'student', created_at: new Date() }),
    ).rejects.toThrow();
  });

  it('run SQLite in WAL mode', async () => {
    if (t.db.dialect !== 'sqlite') return;
    const rows = await t.db.raw('PRAGMA journal_mode');
    expect(rows[0].journal_mode).toBe('wal');
  });
});
