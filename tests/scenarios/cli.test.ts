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
