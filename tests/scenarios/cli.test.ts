import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { manifestFor, writePackageDir } from '../helpers/scenario';

const run = promisify(execFile);
const CLI = ['--no-node-snapshot', '--import', 'tsx', path.resolve('server/scenarios/cli.ts')];

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [...CLI, ...args], { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run scenarios -- grade', () => {
  it('prints the JSON report for the reference solution with autoScore 1', async () => {
    const { code, stdout } = await cli('grade', 'scenarios/freight-quote', 'scenarios/freight-quote/solution', '--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ scenario: 'freight-quote', version: expect.stringMatching(/^\d+\.\d+\.\d+$/), autoScore: 1 });
    expect(Object.keys(report.checks[0]).sort()).toEqual(['durationMs', 'id', 'kind', 'messages', 'passed', 'points', 'score', 'task']);
  });

  it('exits 0 for a failing workspace and prints each check', async () => {
    const { code, stdout } = await cli('grade', 'scenarios/freight-quote', 'scenarios/freight-quote/workspace');
    expect(code).toBe(0);
    expect(stdout).toMatch(/FAIL {2}rounding-visible/);
    expect(stdout).toMatch(/below the pass mark/);
  });

  it('exits 2 for an invalid package, naming the problem', async () => {
    const dir = writePackageDir('invalid-pkg', manifestFor('invalid-pkg', []), {});
    const { code, stderr } = await cli('grade', dir, dir);
    expect(code).toBe(2);
    expect(stderr).toContain('tasks: needs at least one task');
  });
});

describe('npm run scenarios -- check', () => {
  it('validates a package and prints its check strength', async () => {
    const { code, stdout } = await cli('check', 'scenarios/freight-quote');
    expect(code).toBe(0);
    expect(stdout).toMatch(/check strength \d+ %/);
    expect(stdout).toContain('✓ valid');
  });

  it('exits non-zero when a package is invalid', async () => {
    const dir = writePackageDir('bad-check', manifestFor('bad-check', []), {});
    const { code, stdout } = await cli('check', dir);
    expect(code).toBe(1);
    expect(stdout).toContain('✗ scenario.yaml');
  });
});

describe('npm run scenarios -- import', () => {
  it('publishes a valid folder as the enterprise’s scenario, once, and refuses an unknown enterprise', async () => {
    const { createDb } = await import('../../server/db/knex');
    const { migrateLatest } = await import('../../server/db/migrate');
    const fs = await import('node:fs');
    const os = await import('node:os');
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-import-'));
    const db = createDb({ dialect: 'sqlite', filename: path.join(dataDir, 'practicum.sqlite') });
    await migrateLatest(db);
    await db('organizations').insert({ id: '00000000-0000-4000-8000-00000000e001', slug: 'swift-git', name: 'Swift Git', kind: 'enterprise', created_at: new Date() });
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
    delete env.DATABASE_URL;
    const importCli = async (...args: string[]) => {
      try {
        const { stdout } = await run(process.execPath, [...CLI, 'import', ...args], { timeout: 120_000, env });
        return { code: 0, stdout };
      } catch (err) {
        const e = err as { code: number; stdout: string };
        return { code: e.code, stdout: e.stdout };
      }
    };
    try {
      const unknown = await importCli('scenarios/freight-quote', '--enterprise', 'nobody');
      expect(unknown.code).toBe(1);
      expect(unknown.stdout).toContain('no enterprise has the slug "nobody" (enterprises: swift-git)');

      // A library scenario's id cannot be taken over: copy it under a new id first.
      const src = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-pkg-'));
      fs.cpSync('scenarios/freight-quote', path.join(src, 'git-quote'), { recursive: true });
      const yamlPath = path.join(src, 'git-quote', 'scenario.yaml');
      fs.writeFileSync(yamlPath, fs.readFileSync(yamlPath, 'utf8').replace('id: freight-quote', 'id: git-quote'));
      const first = await importCli(path.join(src, 'git-quote'), '--enterprise', 'swift-git', '--changelog', 'From our repository');
      expect(first.stdout).toContain('Published git-quote 1.0.1 for swift-git');
      expect(first.code).toBe(0);
      const again = await importCli(path.join(src, 'git-quote'), '--enterprise', 'swift-git');
      expect(again.stdout).toContain('already published with this content as 1.0.1');

      const row = await db('scenario_versions as v').join('scenarios as s', 's.id', 'v.scenario_id').where('s.slug', 'git-quote').first('s.owner_org_id', 'v.changelog', 'v.version');
      expect(row).toEqual({ owner_org_id: '00000000-0000-4000-8000-00000000e001', changelog: 'From our repository', version: '1.0.1' });

      // Changed without a version bump: refused, with what to do.
      fs.appendFileSync(path.join(src, 'git-quote', 'brief.md'), '\nOne more line.\n');
      const unbumped = await importCli(path.join(src, 'git-quote'), '--enterprise', 'swift-git');
      expect(unbumped.code).toBe(1);
      expect(unbumped.stdout).toContain('version 1.0.1 is not newer than the published 1.0.1: raise "version" in scenario.yaml');
    } finally {
      await db.destroy();
    }
  }, 180_000);
});
