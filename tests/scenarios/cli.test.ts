import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { manifestFor, writePackageDir } from '../helpers/scenario';
import { caseId } from '../helpers/case';

const run = promisify(execFile);
const CLI = ['--no-node-snapshot', '--import', 'tsx', path.resolve('server/scenarios/cli.ts')];

/** An environment without a database (an empty data folder), so the CLI's competency source is known. */
function envWithData(dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-nodb-'))): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  return env;
}

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return cliIn(envWithData(), ...args);
}

async function cliIn(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [...CLI, ...args], { timeout: 60_000, env });
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

  it('exits 2 when a package is invalid', async () => {
    const dir = writePackageDir('bad-check', manifestFor('bad-check', []), {});
    const { code, stdout } = await cli('check', dir);
    expect(code).toBe(2);
    expect(stdout).toContain('✗ scenario.yaml');
  });

  it('exits 2 on an unknown key, naming it, where it is and the key that was meant', async () => {
    const check = { id: 'works', title: 'Works', kind: 'js', file: 'checks/works.test.js', visibel: true, points: 10, competencies: { 'js.debugging': 1 } };
    const dir = writePackageDir('typo-key', manifestFor('typo-key', [{ id: 'fix', title: 'Fix', instructions: 'tasks/fix.md', checks: [check] }]), {
      'brief.md': '# Brief',
      'tasks/fix.md': '# Fix',
      'checks/works.test.js': "test('x', () => expect(1).toBe(1));",
      'workspace/src/a.js': 'exports.a = 1;',
      'solution/src/a.js': 'exports.a = 2;',
    });
    const { code, stdout } = await cli('check', dir);
    expect(code).toBe(2);
    expect(stdout).toMatch(/✗ scenario\.yaml:line \d+ at tasks\[0\]\.checks\[0\]: unknown key `visibel` — did you mean `visible`\?/);
    expect(stdout).toContain('0 of 1 package valid.');
  });
});

describe('npm run scenarios -- check: where competency codes come from', () => {
  const rubricOnly = (code: string) => {
    const id = `codes-${code.replace(/\W/g, '-')}`;
    const task = {
      id: 'write',
      title: 'Write',
      instructions: 'tasks/write.md',
      rubric: [{ id: 'clear', title: 'Clear', points: 10, levels: [{ score: 0, text: 'no' }, { score: 10, text: 'yes' }], competencies: { [code]: 1 } }],
    };
    return writePackageDir(id, manifestFor(id, [task], { competencies: [code], scoring: { autoWeight: 0, reviewWeight: 1, passAt: 0.5 } }), {
      'brief.md': '# Brief',
      'tasks/write.md': '# Write',
      'workspace/NOTES.md': '',
      'solution/NOTES.md': 'Done.',
    });
  };

  it('uses the shipped framework without a database, and says so', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-nodb-'));
    const { code, stdout } = await cliIn(envWithData(dataDir), 'check', rubricOnly('communication.technical'));
    expect(stdout).toContain(`Competency codes from the shipped file scenarios/framework.case.json (no database at ${path.join(dataDir, 'practicum.sqlite')}).`);
    expect(code).toBe(0);
  });

  it('uses the frameworks imported into the database, as the browser editor does, when there is one', async () => {
    const { createDb } = await import('../../server/db/knex');
    const { migrateLatest } = await import('../../server/db/migrate');
    const { importCase } = await import('../../server/competency/case');
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-db-'));
    const db = createDb({ dialect: 'sqlite', filename: path.join(dataDir, 'practicum.sqlite') });
    try {
      await migrateLatest(db);
      const own = {
        CFDocument: { identifier: caseId('own-ops'), title: 'Own operations framework' },
        CFItems: [{ identifier: caseId('own-ops-1'), humanCodingScheme: 'ops.nginx-tuning', fullStatement: 'Tunes nginx' }],
      };
      expect((await importCase(db, own, new Date())).problems).toEqual([]);
    } finally {
      await db.destroy();
    }
    const pkg = rubricOnly('ops.nginx-tuning');
    const fromDb = await cliIn(envWithData(dataDir), 'check', pkg);
    expect(fromDb.stdout).toContain(`Competency codes from the database (${path.join(dataDir, 'practicum.sqlite')}): 1 code in 1 framework.`);
    expect(fromDb.code).toBe(0);
    // The shipped file alone does not know the organisation's code, and lists those it has.
    const shipped = await cliIn(envWithData(dataDir), 'check', '--shipped-framework', pkg);
    expect(shipped.code).toBe(2);
    expect(shipped.stdout).toMatch(/competency "ops\.nginx-tuning" is not in the framework .+ Valid codes: /);
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
