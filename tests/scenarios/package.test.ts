import { describe, expect, it } from 'vitest';
import { loadFrameworkFile } from '../../server/competency/framework';
import { formatProblem, loadPackage, readPackageFiles } from '../../server/scenarios/package';
import { manifestFor, writePackageDir } from '../helpers/scenario';

const framework = loadFrameworkFile();

const jsTask = (overrides: Record<string, unknown> = {}) => ({
  id: 'fix-it',
  title: 'Fix it',
  instructions: 'tasks/fix-it.md',
  checks: [{ id: 'works', title: 'Works', kind: 'js', file: 'checks/works.test.js', visible: true, points: 10, competencies: { 'js.debugging': 1 } }],
  ...overrides,
});

const goodFiles = {
  'brief.md': '# Brief',
  'tasks/fix-it.md': '# Fix it',
  'checks/works.test.js': "test('x', () => expect(1).toBe(1));",
  'workspace/src/a.js': 'exports.a = 1;',
  'solution/src/a.js': 'exports.a = 2;',
};

describe('loadPackage', () => {
  it('loads a valid package with a stable content hash', () => {
    const dir = writePackageDir('good-one', manifestFor('good-one', [jsTask()]), goodFiles);
    const first = loadPackage(dir, framework);
    expect(first.problems).toEqual([]);
    expect(first.pkg?.manifest.tasks[0]?.checks[0]).toMatchObject({ id: 'works', visible: true });
    expect(loadPackage(dir, framework).pkg?.contentHash).toBe(first.pkg?.contentHash);
  });

  it('reports every schema problem at once, with file, path and line', () => {
    const yaml = [
      'id: Bad_Id',
      'version: one',
      'title: T',
      'enterprise: E',
      'industry: farming',
      'role: R',
      'durationMinutes: 30',
      'competencies: [js.debugging]',
      'tasks: []',
      'scoring: { autoWeight: 0.5, reviewWeight: 0.2, passAt: 0.5 }',
    ].join('\n');
    const dir = writePackageDir('bad-schema', yaml, goodFiles);
    const { pkg, problems } = loadPackage(dir, framework);
    expect(pkg).toBeUndefined();
    const byPath = Object.fromEntries(problems.map((p) => [p.path, p]));
    expect(Object.keys(byPath).sort()).toEqual(['id', 'industry', 'scoring.autoWeight', 'tasks', 'version']);
    expect(byPath.id).toMatchObject({ file: 'scenario.yaml', line: 1, message: expect.stringContaining('lowercase') });
    expect(byPath.version).toMatchObject({ line: 2, message: expect.stringContaining('semantic version') });
    expect(byPath.industry!.line).toBe(5);
    expect(byPath['scoring.autoWeight']!.message).toContain('must equal 1');
    expect(formatProblem(byPath.version)).toMatch(/^scenario\.yaml:line 2 at version: /);
  });

  it('catches a rubric level text cut off at a comma in flow style', () => {
    const yaml = [
      'id: cut-text',
      'version: 1.0.0',
      'title: T',
      'enterprise: E',
      'industry: software',
      'role: R',
      'durationMinutes: 30',
      'competencies: [js.debugging]',
      'tasks:',
      '  - id: fix-it',
      '    title: Fix it',
      '    instructions: tasks/fix-it.md',
      '    rubric:',
      '      - id: explains',
      '        title: Explains',
      '        points: 10',
      '        levels:',
      '          - { score: 0, text: Missing, or vague }',
      '          - { score: 10, text: "Clear, complete" }',
      '        competencies: { js.debugging: 1 }',
      'scoring: { autoWeight: 0.5, reviewWeight: 0.5, passAt: 0.5 }',
    ].join('\n');
    const { pkg, problems } = loadPackage(writePackageDir('cut-text', yaml, goodFiles), framework);
    expect(pkg).toBeUndefined();
    expect(problems).toEqual([
      expect.objectContaining({ path: 'tasks[0].rubric[0].levels[0].text', line: 18, message: expect.stringContaining('put the text in quotes') }),
    ]);
  });

  it('reports broken YAML with its line', () => {
    const dir = writePackageDir('broken-yaml', 'id: x\ntasks: [\n  - a', goodFiles);
    const { problems } = loadPackage(dir, framework);
    expect(problems[0]).toMatchObject({ file: 'scenario.yaml', message: expect.stringMatching(/^YAML: /) });
    expect(problems[0]!.line).toBeGreaterThan(0);
  });

  it('reports missing files, unknown competencies, duplicate ids and empty tasks together', () => {
    const manifest = manifestFor(
      'many-problems',
      [
        jsTask({ checks: [{ id: 'works', title: 'W', kind: 'js', file: 'checks/missing.test.js', points: 5, competencies: { 'cooking.soup': 1 } }] }),
        { id: 'fix-it', title: 'Again', instructions: 'tasks/nowhere.md' },
      ],
      { competencies: ['js.debugging', 'made.up'] },
    );
    const dir = writePackageDir('many-problems', manifest, goodFiles);
    const messages = loadPackage(dir, framework).problems.map(formatProblem);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining('competency "made.up" is not in the framework'),
        expect.stringContaining('the check file checks/missing.test.js does not exist'),
        expect.stringContaining('competency "cooking.soup" is not listed'),
        expect.stringContaining('task id "fix-it" is used twice'),
        expect.stringContaining('the instructions file tasks/nowhere.md does not exist'),
        expect.stringContaining('task "fix-it" needs at least one check or rubric criterion'),
      ]),
    );
  });

  it('refuses paths that leave the package', () => {
    const dir = writePackageDir('escape', manifestFor('escape', [jsTask({ instructions: '../../etc/passwd' })]), goodFiles);
    const { problems } = loadPackage(dir, framework);
    expect(problems.map((p) => p.path)).toContain('tasks[0].instructions');
    expect(problems.find((p) => p.path === 'tasks[0].instructions')!.message).toContain('inside');
  });

  it('reads a file only when its path meets the file rule, naming each other file and why', () => {
    const odd = {
      'workspace/src/ space.js': 'x',
      'workspace/src /a.js': 'x',
      'workspace/naïve.md': 'x',
      'workspace/notes.': 'x',
      'workspace/a\\b.js': 'x',
      'workspace/bell\u0007.txt': 'x',
      'workspace/aux.js': 'x',
    };
    const dir = writePackageDir('odd-names', manifestFor('odd-names', [jsTask()]), { ...goodFiles, ...odd });
    const { files, problems } = readPackageFiles(dir);
    expect([...files.keys()].sort()).toEqual(['scenario.yaml', ...Object.keys(goodFiles)].sort());
    expect(problems.sort((a, b) => a.file.localeCompare(b.file))).toEqual([
      { file: 'workspace/a\\b.js', message: 'contains a backslash: separate folders with /' },
      { file: 'workspace/aux.js', message: 'a file name may not be one Windows keeps for a device: aux.js' },
      { file: 'workspace/bell\u0007.txt', message: 'contains a control character (U+0007)' },
      { file: 'workspace/naïve.md', message: 'a file name may use only letters A-Z, digits, spaces and . _ - ("ï" in naïve.md)' },
      { file: 'workspace/notes.', message: 'a file name may not end with a dot: notes.' },
      { file: 'workspace/src /a.js', message: 'a folder name may not start or end with a space: "src "' },
      { file: 'workspace/src/ space.js', message: 'a file name may not start or end with a space: " space.js"' },
    ]);
    // scenarios check fails on them, naming the file.
    expect(loadPackage(dir, framework).problems.map(formatProblem)).toContain('workspace/src/ space.js: a file name may not start or end with a space: " space.js"');
  });

  it('leaves out what git, editors and npm keep in a package folder, which is no part of the package', () => {
    const tooling = { '.git/config': '[core]', '.gitignore': 'node_modules', 'workspace/.DS_Store': 'x', 'workspace/node_modules/x/index.js': 'x', '.vscode/settings.json': '{}' };
    const dir = writePackageDir('with-tooling', manifestFor('with-tooling', [jsTask()]), { ...goodFiles, ...tooling });
    const { pkg, problems } = loadPackage(dir, framework);
    expect(problems).toEqual([]);
    expect([...pkg!.files.keys()].sort()).toEqual(['scenario.yaml', ...Object.keys(goodFiles)].sort());
  });

  it('names what is wrong with a path scenario.yaml refers to', () => {
    const dir = writePackageDir('yaml-paths', manifestFor('yaml-paths', [jsTask({ instructions: 'tasks/.fix-it.md', checks: [{ ...jsTask().checks[0], file: 'checks//works.test.js' }] })]), goodFiles);
    const byPath = Object.fromEntries(loadPackage(dir, framework).problems.map((p) => [p.path, p.message]));
    expect(byPath['tasks[0].instructions']).toBe('a file name may not start with a dot: .fix-it.md');
    expect(byPath['tasks[0].checks[0].file']).toBe('has an empty folder name (two / in a row)');
  });

  it('requires the folder name to match the id and an answers file for answer checks', () => {
    const task = jsTask({
      checks: [{ id: 'q', title: 'Q', kind: 'answer', question: 'How many?', answer: { type: 'number', value: 3 }, points: 1, competencies: { 'data.analysis': 1 } }],
    });
    const dir = writePackageDir('folder-name', manifestFor('other-name', [task]), goodFiles);
    const messages = loadPackage(dir, framework).problems.map(formatProblem);
    expect(messages).toEqual(
      expect.arrayContaining([
        // The wrong value and the right one, both named.
        'scenario.yaml:line 1 at id: is "other-name" but the package folder is named "folder-name": they must be the same (write id: folder-name, or rename the folder to other-name)',
        expect.stringContaining('answers.json must exist'),
      ]),
    );
  });
});
