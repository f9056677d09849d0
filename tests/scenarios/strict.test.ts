import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadFrameworkFile } from '../../server/competency/framework';
import { listPackageDirs, SCENARIOS_DIR } from '../../server/scenarios/discover';
import { editDistance, nearest } from '../../server/scenarios/issues';
import { formatProblem, lintPackage, type PackageProblem } from '../../server/scenarios/lint';
import { loadPackage } from '../../server/scenarios/package';
import { manifestFor } from '../helpers/scenario';

const framework = loadFrameworkFile();

const jsCheck = { id: 'works', title: 'Works', kind: 'js', file: 'checks/works.test.js', visible: true, points: 10, competencies: { 'js.debugging': 1 } };
const task = (extra: Record<string, unknown> = {}) => ({ id: 'fix-it', title: 'Fix it', instructions: 'tasks/fix-it.md', checks: [jsCheck], ...extra });
const baseFiles = {
  'brief.md': '# Brief',
  'tasks/fix-it.md': '# Fix it',
  'checks/works.test.js': "test('x', () => expect(1).toBe(1));",
  'workspace/src/a.js': 'exports.a = 1;',
  'solution/src/a.js': 'exports.a = 2;',
};

/** Lints a package whose scenario.yaml is `yaml` (an object is written as YAML). */
function lint(yaml: unknown, files: Record<string, string> = {}, slug = 'strict-pkg'): PackageProblem[] {
  const text = typeof yaml === 'string' ? yaml : stringify(yaml);
  return lintPackage(slug, new Map(Object.entries({ ...baseFiles, 'scenario.yaml': text, ...files })), framework).problems;
}
const messages = (problems: PackageProblem[]) => problems.map(formatProblem);

describe('unknown keys', () => {
  it('names the key, the path, its line and the nearest known key (the issue’s `visibel: true`)', () => {
    const yaml = stringify(manifestFor('strict-pkg', [task({ checks: [jsCheck, { ...jsCheck, id: 'second', visible: undefined, visibel: true }] })]));
    const problems = lint(yaml);
    const line = yaml.split('\n').findIndex((l) => l.includes('visibel')) + 1;
    expect(problems).toEqual([
      {
        file: 'scenario.yaml',
        path: 'tasks[0].checks[1]',
        line,
        message: 'unknown key `visibel` — did you mean `visible`?',
        // The same sentence in the author's language (server/messages scenario.key.unknownNear).
        key: 'scenario.key.unknownNear',
        params: { key: 'visibel', near: 'visible' },
      },
    ]);
  });

  it('is an error in every object of the format, each with its suggestion', () => {
    const manifest = manifestFor('strict-pkg', [
      task({
        titel: 'typo',
        checks: [
          { id: 'q', title: 'Q', kind: 'sql', submission: 'q.sql', fixture: 'fixtures/f.sql', orderd: true, points: 1, competencies: { 'sql.query': 1 } },
          { id: 'n', title: 'N', kind: 'answer', question: '?', answer: { type: 'number', value: 1, tolerence: 0.1 }, points: 1, competencies: { 'data.analysis': 1 } },
          { id: 'c', title: 'C', kind: 'answer', question: '?', answer: { type: 'choice', options: [{ id: 'a', text: 'A', correct: true }, { id: 'b', text: 'B' }], correct: ['a'] }, points: 1, competencies: { 'data.analysis': 1 } },
          { id: 'f', title: 'F', kind: 'file', file: 'a.conf', assertions: [{ regex: 'x', mesage: 'm' }, { csvColumnSum: { column: 'a', equals: 1, tolerence: 1 } }], points: 1, competencies: { 'js.debugging': 1 } },
        ],
        rubric: [
          {
            id: 'r',
            title: 'R',
            points: 10,
            weight: 2,
            levels: [
              { score: 0, text: 'no', scroe: 1 },
              { score: 10, text: 'yes' },
            ],
            competencies: { 'communication.technical': 1 },
          },
        ],
      }),
    ], {
      durationMinute: 30,
      events: [{ id: 'e', after: 'start', from: 'F', subject: 'S', body: 'events/e.md', chanel: 'chat' }],
      scoring: { autoWeight: 1, reviewWeight: 0, passAt: 0.5, passat: 0.5 },
    });
    const byPath = lint(manifest).map((p) => `${p.path}: ${p.message}`);
    expect(byPath).toEqual(
      expect.arrayContaining([
        '(top level): unknown key `durationMinute` — did you mean `durationMinutes`?',
        'tasks[0]: unknown key `titel` — did you mean `title`?',
        'tasks[0].checks[0]: unknown key `orderd` — did you mean `ordered`?',
        'tasks[0].checks[1].answer: unknown key `tolerence` — did you mean `tolerance`?',
        expect.stringMatching(/^tasks\[0\]\.checks\[2\]\.answer\.options\[0\]: unknown key `correct`: a choice option has `id`, `text`$/),
        'tasks[0].checks[3].assertions[0]: unknown key `mesage` — did you mean `message`?',
        'tasks[0].checks[3].assertions[1].csvColumnSum: unknown key `tolerence` — did you mean `tolerance`?',
        expect.stringMatching(/^tasks\[0\]\.rubric\[0\]: unknown key `weight`: a rubric criterion has `id`, `title`/),
        'tasks[0].rubric[0].levels[0]: unknown key `scroe` — did you mean `score`?',
        'events[0]: unknown key `chanel` — did you mean `channel`?',
        'scoring: unknown key `passat` — did you mean `passAt`?',
      ]),
    );
  });

  it('suggests the assertion a mistyped first key meant', () => {
    const manifest = manifestFor('strict-pkg', [task({ checks: [{ id: 'f', title: 'F', kind: 'file', file: 'a.conf', assertions: [{ regx: 'x' }], points: 1, competencies: { 'js.debugging': 1 } }] })]);
    expect(lint(manifest, { 'workspace/a.conf': 'x' }).map((p) => `${p.path}: ${p.message}`)).toEqual([
      'tasks[0].checks[0].assertions[0]: unknown key `regx` — did you mean `regex`? (an assertion needs one of `regex`, `jsonPath`, `yamlPath`, `csvRowCount`, `csvColumnSum`, `csvRowEquals`)',
    ]);
  });

  it('keeps a flow-style text cut at two commas whole in its fix (the rubric comma fix)', () => {
    const yaml = stringify(manifestFor('strict-pkg', [task({ rubric: [{ id: 'r', title: 'R', points: 10, levels: 'LEVELS', competencies: { 'js.debugging': 1 } }] })])).replace(
      'levels: LEVELS',
      'levels:\n          - { score: 0, text: Missing, or vague, or wrong }\n          - { score: 10, text: "Clear, complete" }',
    );
    const problems = lint(yaml);
    expect(problems).toEqual([
      {
        file: 'scenario.yaml',
        path: 'tasks[0].rubric[0].levels[0].text',
        line: yaml.split('\n').findIndex((l) => l.includes('or wrong')) + 1,
        message: 'ends at a comma (“or vague, or wrong” is left over): put the text in quotes, e.g. text: "Missing, or vague, or wrong"',
      },
    ]);
  });

  it('does not take an empty block-style key for a text cut at a comma', () => {
    const yaml = stringify(manifestFor('strict-pkg', [task()])).replace('title: Fix it', 'title: Fix it\n    notes:');
    expect(lint(yaml).map((p) => p.message)).toEqual([expect.stringMatching(/^unknown key `notes`: a task has `id`, `title`/)]);
  });
});

describe('missing keys and wrong values', () => {
  it('says which key is required, and for what', () => {
    const { title: _t, ...untitled } = jsCheck;
    const manifest = manifestFor('strict-pkg', [task({ checks: [untitled], instructions: undefined })], { scoring: { autoWeight: 1, reviewWeight: 0 } });
    const { enterprise: _e, ...noEnterprise } = manifest;
    const byPath = Object.fromEntries(lint(noEnterprise).map((p) => [p.path, p.message]));
    expect(byPath).toEqual({
      enterprise: '`enterprise` is required for the scenario',
      'tasks[0].instructions': '`instructions` is required for a task',
      'tasks[0].checks[0].title': '`title` is required for a check',
      'scoring.passAt': '`passAt` is required for scoring',
    });
  });

  it('names a missing or mistyped check kind and answer type, and shows a mistyped value as written', () => {
    const { kind: _k, ...noKind } = jsCheck;
    const manifest = manifestFor('strict-pkg', [
      task({
        checks: [noKind, { ...jsCheck, id: 'b', kind: 'sq' }, { id: 'n', title: 'N', kind: 'answer', question: '?', answer: { value: 1 }, points: 1, competencies: { 'data.analysis': 1 } }, { ...jsCheck, id: 'o', kind: { js: true } }],
      }),
    ]);
    expect(lint(manifest).map((p) => `${p.path}: ${p.message}`)).toEqual([
      'tasks[0].checks[0].kind: `kind` is required for a check: one of js, ts, sql, answer, file (what kind of check this is)',
      'tasks[0].checks[1].kind: must be one of: js, ts, sql, answer, file (what kind of check this is), not "sq" — did you mean sql?',
      'tasks[0].checks[2].answer.type: `type` is required for an answer: one of number, text, choice (what kind of answer is expected)',
      'tasks[0].checks[3].kind: must be one of: js, ts, sql, answer, file (what kind of check this is), not {"js":true}',
    ]);
  });

  it('names the values there are, the nearest first, and limits in words', () => {
    const manifest = manifestFor('strict-pkg', [task({ title: '' })], { industry: 'logistic', durationMinutes: 2, competencies: [] });
    expect(lint(manifest).map((p) => `${p.path}: ${p.message}`)).toEqual([
      'industry: must be one of: software, logistics, ecommerce, finance, manufacturing, it-operations, data (not the text "logistic") — did you mean logistics?',
      'durationMinutes: must be at least 5',
      'competencies: must list the competencies the scenario trains',
      'tasks[0].title: must not be empty',
    ]);
  });

  it('says what kind of value was expected instead of zod’s words', () => {
    const manifest = manifestFor('strict-pkg', [task({ checks: [{ ...jsCheck, points: 'ten', visible: 'yes' }] })]);
    expect(lint(manifest).map((p) => `${p.path}: ${p.message}`)).toEqual([
      'tasks[0].checks[0].visible: must be true or false, not the text "yes"',
      'tasks[0].checks[0].points: must be a number, not the text "ten"',
    ]);
  });
});

describe('the id rule and competency codes', () => {
  it('names the id that is wrong and the one it must be, for a draft', () => {
    const problems = lint(manifestFor('renamed', [task()]), {}, 'strict-pkg');
    expect(messages(problems)).toEqual([
      'scenario.yaml:line 1 at id: is "renamed" but this scenario\'s id is "strict-pkg", and it cannot change once the scenario exists: write id: strict-pkg (to make a new scenario, copy this one under a new id)',
    ]);
  });

  it('lists valid codes, the nearest first, for an unknown competency', () => {
    const problems = lint(manifestFor('strict-pkg', [task()], { competencies: ['js.debuging', 'js.debugging'] }));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/^competency "js\.debuging" is not in the framework .+ — did you mean "js\.debugging"\? Valid codes: js\.debugging, /);
    expect(problems[0]!.message).toMatch(/… and \d+ more$/);
  });
});

describe('answers.json keys', () => {
  it('refuses a key that is no answer check’s id, naming the ids there are', () => {
    const answer = { id: 'q-total', title: 'Q', kind: 'answer', question: '?', answer: { type: 'number', value: 3 }, points: 1, competencies: { 'data.analysis': 1 } };
    const problems = lint(manifestFor('strict-pkg', [task({ checks: [jsCheck, answer] })]), {
      'workspace/answers.json': '{ "q-totl": "" }',
      'solution/answers.json': '{ "Total": 3 }',
    });
    expect(messages(problems)).toEqual([
      'workspace/answers.json: key "q-totl" is not the id of an answer check — did you mean "q-total"? Answers are kept under the ids of the answer checks: q-total',
      'solution/answers.json: key "Total" is not the id of an answer check Answers are kept under the ids of the answer checks: q-total',
    ]);
  });
});

describe('paths named in briefs, tasks and messages', () => {
  it('refuses a file the package does not have, with its line, and accepts workspace, solution and package files', () => {
    const brief = [
      '# Brief',
      'The data is in `data/orders.sql` (for example `sqlite3 x.db < data/orders.sql`).',
      'Fix `src/a.js`, write `src/new.js`, see [the notes](docs/notes.md) and `fixtures/x.sql`.',
      '```',
      'cat logs/app.log',
      '`logs/in-a-fence.log`',
      '```',
      'Not paths: `e.g.`, `km/h`, `/etc/nginx/nginx.conf`, `https://x.example/a.js`, `../up.js`, `answers.json`.',
    ].join('\n');
    const problems = lint(manifestFor('strict-pkg', [task()]), { 'brief.md': brief, 'solution/src/new.js': 'x', 'fixtures/x.sql': 'select 1;' });
    expect(messages(problems)).toEqual([
      'brief.md:line 2: names `data/orders.sql`, which is not in the package (neither in workspace/ nor in solution/): correct the path, add the file to workspace/, or reword the sentence',
      'brief.md:line 3: names `docs/notes.md`, which is not in the package (neither in workspace/ nor in solution/): correct the path, add the file to workspace/, or reword the sentence',
    ]);
  });
});

describe('the shipped packages', () => {
  it('all pass the strict schema and the package checks', () => {
    const dirs = listPackageDirs(SCENARIOS_DIR);
    expect(dirs.length).toBeGreaterThanOrEqual(10);
    for (const dir of dirs) expect({ dir, problems: loadPackage(dir, framework).problems.map(formatProblem) }).toEqual({ dir, problems: [] });
  });
});

describe('nearest', () => {
  it('counts a swap of neighbours as one edit and ignores case', () => {
    expect(editDistance('visibel', 'visible')).toBe(1);
    expect(nearest('Visible', ['visible', 'points'])).toEqual(['visible']);
    expect(nearest('zzz', ['visible', 'points'])).toEqual([]);
  });
});
