import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFrameworkFile } from '../../server/competency/framework';
import { listVersions, loadVersion } from '../../server/scenarios/repo';
import { syncScenarioPackages } from '../../server/scenarios/sync';
import { createTestDb, type TestDb } from '../helpers/db';
import { manifestFor, writePackageDir } from '../helpers/scenario';

const framework = loadFrameworkFile();
let t: TestDb;
let root: string;
beforeAll(async () => {
  t = await createTestDb();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'practicum-sync-'));
});
afterAll(() => t.destroy());

const files = {
  'brief.md': '# Brief',
  'tasks/t.md': '# T',
  'checks/t.test.js': "test('x', () => expect(1).toBe(1));",
  'workspace/a.js': 'exports.a = 1;',
  'solution/a.js': 'exports.a = 2;',
};
const task = { id: 't', title: 'T', instructions: 'tasks/t.md', checks: [{ id: 'c', title: 'C', kind: 'js', file: 'checks/t.test.js', points: 1, competencies: { 'js.debugging': 1 } }] };

describe('syncScenarioPackages', () => {
  it('publishes new packages, skips invalid ones whole, and leaves unchanged ones alone', async () => {
    writePackageDir('alpha', manifestFor('alpha', [task]), files, root);
    writePackageDir('broken', manifestFor('broken', [{ ...task, instructions: 'tasks/missing.md' }]), files, root);
    const first = await syncScenarioPackages(t.db, framework, root);
    expect(first.published).toEqual([{ slug: 'alpha', version: '1.0.0' }]);
    expect(first.skipped).toEqual([{ dir: path.join(root, 'broken'), problems: [expect.stringContaining('tasks/missing.md does not exist')] }]);
    expect(await t.db('scenarios').where({ slug: 'broken' }).first()).toBeUndefined();

    const again = await syncScenarioPackages(t.db, framework, root);
    expect(again).toMatchObject({ published: [], unchanged: ['alpha'] });
  });

  it('publishes a changed package as the next version and keeps the old one intact', async () => {
    const [v1] = await listVersions(t.db, 'alpha');
    fs.writeFileSync(path.join(root, 'alpha', 'brief.md'), '# Brief, revised');
    const changed = await syncScenarioPackages(t.db, framework, root);
    expect(changed.published).toEqual([{ slug: 'alpha', version: '1.0.1' }]);

    writePackageDir('alpha', { ...manifestFor('alpha', [task]), version: '2.0.0' }, { ...files, 'brief.md': '# Brief, v2' }, root);
    expect((await syncScenarioPackages(t.db, framework, root)).published).toEqual([{ slug: 'alpha', version: '2.0.0' }]);

    const versions = await listVersions(t.db, 'alpha');
    expect(versions.map((v) => [v.version, v.seq])).toEqual([
      ['1.0.0', 1],
      ['1.0.1', 2],
      ['2.0.0', 3],
    ]);
    const old = await loadVersion(t.db, v1!.id);
    expect(old?.files.get('brief.md')).toBe('# Brief');
    expect(old?.manifest.version).toBe('1.0.0');
  });

  it('loads the sample packages that ship with the product', async () => {
    const report = await syncScenarioPackages(t.db, framework, path.resolve('scenarios'));
    expect(report.skipped).toEqual([]);
    expect(report.published.map((p) => p.slug)).toContain('freight-quote');
  });
});
