import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFrameworkFile } from '../../server/competency/framework';
import { SandboxPool } from '../../server/grading/sandbox/pool';
import { EQUIVALENTS_FILE, readEquivalents, withEquivalent, withoutEquivalent } from '../../server/scenarios/equivalents';
import { lintPackage } from '../../server/scenarios/lint';
import { mutantsOf } from '../../server/scenarios/mutate';
import { identifyMutants, validateFiles, type IdentifiedMutant } from '../../server/scenarios/validate';
import { stringify } from 'yaml';
import { studentSideFiles } from '../../server/authoring/versions';
import { buildPackage, manifestFor } from '../helpers/scenario';

const framework = loadFrameworkFile();

const SORT = ['function cmp(a, b) {', '  return a < b ? -1 : a > b ? 1 : 0;', '}', 'exports.sortNumbers = (xs) => [...xs].sort(cmp);', ''].join('\n');
const idOf = (mutants: IdentifiedMutant[], description: string, before: string) => mutants.find((m) => m.description === description && m.before === before)?.id;

describe('mutant ids', () => {
  it('stay when other lines change and the line moves; change when the mutated line changes', () => {
    const ids = identifyMutants(mutantsOf('src/sort.js', SORT));
    const id = idOf(ids, 'constant 1 → 2', 'return a < b ? -1 : a > b ? 1 : 0;');
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    const moved = identifyMutants(mutantsOf('src/sort.js', `// Sorting for the report.\n\n${SORT}`));
    expect(moved.find((m) => m.id === id)).toMatchObject({ line: 4, description: 'constant 1 → 2' });
    const changed = identifyMutants(mutantsOf('src/sort.js', SORT.replace('a > b ? 1 : 0', 'a > b ? 1 : 0 /* tie */')));
    expect(changed.some((m) => m.id === id)).toBe(false);
    // The same mutation on the same text twice: two mutants, two ids.
    const twice = identifyMutants(mutantsOf('src/a.js', 'x = 1;\nx = 1;\n'));
    const same = twice.filter((m) => m.description === 'constant 1 → 2');
    expect(same).toHaveLength(2);
    expect(new Set(same.map((m) => m.id)).size).toBe(2);
  });
});

describe('mutants.yaml', () => {
  const mark = { id: '0123456789abcdef', file: 'src/sort.js', mutation: 'constant 1 → 2', before: 'return a < b ? -1 : 0;', after: 'return a < b ? -2 : 0;', reason: 'sort() reads only the sign' };

  it('is written, read, re-marked and unmarked, keeping its explanation for readers', () => {
    const text = withEquivalent(undefined, mark);
    expect(text).toMatch(/^# Surviving mutants judged equivalent/);
    expect(readEquivalents(text)).toEqual([mark]);
    const again = withEquivalent(text, { ...mark, reason: 'Only the sign matters to sort().' });
    expect(readEquivalents(again)).toEqual([{ ...mark, reason: 'Only the sign matters to sort().' }]);
    const two = withEquivalent(again, { ...mark, id: 'fedcba9876543210' });
    expect(readEquivalents(withoutEquivalent(two, mark.id)).map((m) => m.id)).toEqual(['fedcba9876543210']);
    expect(withoutEquivalent(two, mark.id)).toMatch(/^# Surviving mutants judged equivalent/);
  });

  it('never reaches a reader of the student side: it quotes the solution', () => {
    const pkg = buildPackage(manifestFor('marks', [{ id: 't', title: 'T', instructions: 'tasks/t.md', rubric: [] }]), { [EQUIVALENTS_FILE]: withEquivalent(undefined, mark), 'brief.md': '#' });
    const { files, withheld } = studentSideFiles(pkg.manifest, pkg.files);
    expect(withheld).toContain(EQUIVALENTS_FILE);
    expect(files.has(EQUIVALENTS_FILE)).toBe(false);
  });

  it('is strict like scenario.yaml, and a mutant is marked once', () => {
    const files = new Map(
      Object.entries({
        'scenario.yaml': stringify(manifestFor('marks', [{ id: 't', title: 'T', instructions: 'tasks/t.md', rubric: [{ id: 'r', title: 'R', points: 1, levels: [{ score: 0, text: 'a' }, { score: 1, text: 'b' }], competencies: { 'js.debugging': 1 } }] }])),
        'brief.md': '#',
        'tasks/t.md': '#',
        'workspace/a.js': '',
        'solution/a.js': '',
        [EQUIVALENTS_FILE]: `equivalent:\n  - id: ${mark.id}\n    file: a.js\n    mutation: m\n    before: b\n    after: c\n    reasn: because\n  - { id: ${mark.id}, file: a.js, mutation: m, before: b, after: c, reason: because }\n`,
      }),
    );
    expect(lintPackage('marks', files, framework).problems).toEqual([
      expect.objectContaining({ file: EQUIVALENTS_FILE, path: 'equivalent[0].reason', line: 2, message: '`reason` is required for an equivalent mutant', key: 'scenario.key.required' }),
      expect.objectContaining({ file: EQUIVALENTS_FILE, path: 'equivalent[0]', line: 7, message: 'unknown key `reasn` — did you mean `reason`?', key: 'scenario.key.unknownNear' }),
    ]);
    files.set(EQUIVALENTS_FILE, files.get(EQUIVALENTS_FILE)!.replace('reasn', 'reason'));
    expect(lintPackage('marks', files, framework).problems).toEqual([{ file: EQUIVALENTS_FILE, path: 'equivalent[1].id', line: 8, message: 'marks the same mutant as equivalent[0]' }]);
  });
});

describe('validation with marked mutants', () => {
  let pool: SandboxPool;
  beforeAll(() => {
    pool = new SandboxPool({ size: 2 });
  });
  afterAll(() => pool.close());

  const manifest = manifestFor('sorting', [
    {
      id: 'sort',
      title: 'Sort',
      instructions: 'tasks/sort.md',
      checks: [{ id: 'sorts', title: 'Sorts', kind: 'js', file: 'checks/sort.test.js', points: 10, competencies: { 'js.debugging': 1 } }],
    },
  ]);
  const files = (solution: string, marks?: string) =>
    new Map(
      Object.entries({
        'scenario.yaml': stringify(manifest),
        'brief.md': '# Sorting',
        'tasks/sort.md': '# Sort the numbers',
        'checks/sort.test.js': "const { sortNumbers } = require('./src/sort.js');\ntest('sorts', () => { expect(sortNumbers([3, 1, 2])).toEqual([1, 2, 3]); });",
        'workspace/src/sort.js': 'exports.sortNumbers = (xs) => xs;',
        'solution/src/sort.js': solution,
        ...(marks ? { [EQUIVALENTS_FILE]: marks } : {}),
      }),
    );

  it('leaves a marked mutant out of the strength; a changed line un-marks it and says so', async () => {
    const first = await validateFiles('sorting', files(SORT), framework, pool, { exhaustive: true });
    expect(first.lines[0]).toBe('Test scenario sorting — 1.0.0, software, 1 task, 1 check, 0 rubric criteria');
    const survivor = first.survivors.find((m) => m.description === 'constant 1 → 2' && m.before.includes('-1'));
    expect(survivor).toBeDefined();
    expect(first.equivalent).toEqual([]);
    const ran = first.lines.find((l) => l.startsWith('check strength'))!;
    const [, killed, total] = /\((\d+) of (\d+) mutants caught/.exec(ran)!.map(Number);

    const marks = withEquivalent(undefined, { id: survivor!.id, file: survivor!.file, mutation: survivor!.description, before: survivor!.before, after: survivor!.after, reason: 'sort() reads only the sign' });
    const marked = await validateFiles('sorting', files(SORT, marks), framework, pool, { exhaustive: true });
    expect(marked.problems.filter((p) => p.file === EQUIVALENTS_FILE)).toEqual([]);
    expect(marked.equivalent).toEqual([expect.objectContaining({ id: survivor!.id, reason: 'sort() reads only the sign' })]);
    expect(marked.survivors.map((m) => m.id)).not.toContain(survivor!.id);
    expect(marked.lines).toContain(`check strength ${((killed! / (total! - 1)) * 100).toFixed(0)} % (${killed} of ${total! - 1} mutants caught, 1 marked equivalent in mutants.yaml, not counted)`);
    expect(marked.strength).toBeCloseTo(killed! / (total! - 1), 6);

    // Another line changed: still marked.
    expect((await validateFiles('sorting', files(`// Sorting.\n${SORT}`, marks), framework, pool, { exhaustive: true })).equivalent).toHaveLength(1);

    // The mutated line changed: the mark no longer counts, and validation says so.
    const edited = await validateFiles('sorting', files(SORT.replace('? 1 : 0;', '? 1 : 0; // ties stay'), marks), framework, pool, { exhaustive: true });
    expect(edited.equivalent).toEqual([]);
    expect(edited.survivors.some((m) => m.description === 'constant 1 → 2' && m.before.includes('-1'))).toBe(true);
    expect(edited.lines).toContain('mutants.yaml: the mark for src/sort.js (constant 1 → 2) matches no mutant any more (the line changed), so it does not count: remove it');
  }, 120_000);
});
