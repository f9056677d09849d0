import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { taskFile } from '../../server/attempts/taskFile';
import { readPackageFiles } from '../../server/scenarios/package';
import { Task, ScenarioManifest } from '../../server/scenarios/schema';
import { parse } from 'yaml';
import { localizeRaw } from '../../server/scenarios/languages';

/** Which file the editor opens first: the one the first task's checks name (issue 14 §2). */

const check = (over: Record<string, unknown>) => ({ id: 'c', title: 'C', points: 1, competencies: { 'js.debugging': 1 }, ...over });
const task = (checks: unknown[]) => Task.parse({ id: 't', title: 'T', instructions: 'tasks/t.md', checks });
const files = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('the file a task is about', () => {
  it('is the module a JS test file requires, relative to the workspace root', () => {
    const t = task([check({ kind: 'js', file: 'checks/a.test.js' })]);
    const pkg = files({ 'checks/a.test.js': "const { quote } = require('./src/quote.js');", 'workspace/src/quote.js': '', 'workspace/a.js': '' });
    expect(taskFile(t, pkg)).toBe('src/quote.js');
  });

  it('resolves an import without an extension, or a .js import of a TypeScript file, as the sandbox does', () => {
    const t = task([check({ kind: 'ts', file: 'checks/a.test.ts' })]);
    expect(taskFile(t, files({ 'checks/a.test.ts': "import { oee } from './src/oee';", 'workspace/src/oee.ts': '' }))).toBe('src/oee.ts');
    expect(taskFile(t, files({ 'checks/a.test.ts': 'import { x } from "./lib/x.js";', 'workspace/lib/x.ts': '' }))).toBe('lib/x.ts');
    // A module the starter does not have is no file to open; the next one is.
    expect(taskFile(t, files({ 'checks/a.test.ts': "import './setup';\nimport { x } from './x';", 'workspace/x.ts': '' }))).toBe('x.ts');
  });

  it('is an SQL check’s submission or a file check’s file; answer checks are the answers form’s', () => {
    const answer = check({ id: 'a', kind: 'answer', question: 'Q?', answer: { type: 'number', value: 1 } });
    expect(taskFile(task([answer, check({ kind: 'sql', submission: 'queries/q.sql', fixture: 'fixtures/f.sql' })]), files({}))).toBe('queries/q.sql');
    expect(taskFile(task([answer, check({ kind: 'file', file: 'nginx/site.conf', assertions: [{ regex: 'x' }] })]), files({}))).toBe('nginx/site.conf');
    expect(taskFile(task([answer]), files({}))).toBeNull();
  });

  it('names a starter file for the first task of every shipped scenario', () => {
    const root = path.resolve(import.meta.dirname, '../../scenarios');
    const slugs = fs.readdirSync(root).filter((d) => fs.existsSync(path.join(root, d, 'scenario.yaml')));
    expect(slugs.length).toBeGreaterThan(0);
    for (const slug of slugs) {
      const { files: pkgFiles } = readPackageFiles(path.join(root, slug));
      // A bilingual package's texts are { en, zh-CN }: read in its default language, as the loader does.
      const manifest = ScenarioManifest.parse(localizeRaw(parse(pkgFiles.get('scenario.yaml')!)).value);
      const file = taskFile(manifest.tasks[0]!, pkgFiles);
      expect(file && pkgFiles.has(`workspace/${file}`), `${slug}: ${file}`).toBe(true);
    }
  });
});
