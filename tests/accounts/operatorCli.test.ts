import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../server/accounts/passwords';
import { createDb } from '../../server/db/knex';

const run = promisify(execFile);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'practicum-operator-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', path.resolve('server/accounts/cli.ts'), ...args], { timeout: 60_000, env: { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'production' } });
    return { code: 0, stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  }
}

async function userRow(email: string) {
  const db = createDb({ dialect: 'sqlite', filename: path.join(dataDir, 'practicum.sqlite') });
  try {
    return await db('users').where({ email }).first('password_hash', 'platform_role');
  } finally {
    await db.destroy();
  }
}

describe('npm run operator', () => {
  it('creates the first platform operator of an empty installation with a password shown once', async () => {
    const { code, stdout } = await cli('it-office@school.example', '--name', 'IT Office');
    expect(code).toBe(0);
    const password = /\n {2}(\S+)\n/.exec(stdout)![1]!;
    const row = await userRow('it-office@school.example');
    expect(row.platform_role).toBe('operator');
    expect(await verifyPassword(row.password_hash, password)).toBe(true);
  });

  it('revokes and grants the role on an existing account without touching its password', async () => {
    const before = (await userRow('it-office@school.example')).password_hash;
    expect((await cli('it-office@school.example', '--revoke')).code).toBe(0);
    expect((await userRow('it-office@school.example')).platform_role).toBeNull();
    expect((await cli('IT-Office@school.example')).stdout).toMatch(/is now a platform operator/);
    expect(await userRow('it-office@school.example')).toEqual({ password_hash: before, platform_role: 'operator' });
  });

  it('refuses something that is not an email address', async () => {
    expect((await cli('not-an-email')).code).toBe(2);
  });
});
