import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  addCriterion,
  criterionIds,
  moveCriterion,
  readOutline,
  readRubric,
  removeCriterion,
  updateCriterion,
  validateCriterion,
  type CriterionDraft,
} from '../../../../web/src/features/authoring/manifest/rubricYaml';
import { editYaml, YamlSyntaxError } from '../../../../web/src/features/authoring/manifest/yamlEdit';
import { lintPackage } from '../../../../server/scenarios/lint';
import { ScenarioManifest } from '../../../../server/scenarios/schema';
import { loadEnglishAuthoring } from '../englishCatalog';

beforeAll(loadEnglishAuthoring);

const MANIFEST = `# Written by hand: keep this comment
id: stock-count
version: 1.0.0
title: Count the stock
enterprise: Swift Logistics (fictional)
industry: logistics
role: Warehouse clerk
durationMinutes: 30
competencies: [js.debugging, communication.technical]

tasks:
  - id: count
    title: Count it
    instructions: tasks/count.md # the task text
    checks:
      - id: count-visible
        title: Counts
        kind: js
        file: checks/count.visible.test.js
        points: 10
        competencies: { js.debugging: 1 }
    rubric:
      # The note is what reviewers read first
      - id: explains
        title: The note explains the count
        points: 10
        levels:
          - { score: 0, text: Missing }
          - { score: 10, text: 'Clear, with the cause' }
        competencies: { communication.technical: 1 }

  - id: report
    title: Report it
    instructions: tasks/report.md
    checks: []

scoring: { autoWeight: 0.7, reviewWeight: 0.3, passAt: 0.6 }
`;

const criterion = (over: Partial<CriterionDraft> = {}): CriterionDraft => ({
  id: 'reply-clear',
  title: 'The reply is clear, polite and correct',
  description: '',
  points: 6,
  levels: [
    { score: 0, text: 'Missing' },
    { score: 3, text: 'States the count, but not how' },
    { score: 6, text: 'States the count and how it was made' },
  ],
  competencies: [{ code: 'communication.technical', weight: 1 }],
  ...over,
});

const lines = (t: string) => t.split('\n');

describe('addCriterion', () => {
  it('adds a criterion to a task and keeps comments, other keys and the untouched lines as written', () => {
    const out = addCriterion(MANIFEST, 'count', criterion());

    expect(out).toContain('# Written by hand: keep this comment');
    expect(out).toContain('# The note is what reviewers read first');
    expect(out).toContain('instructions: tasks/count.md # the task text');
    // The author's `[a, b]` stays as written, not reformatted to `[ a, b ]`.
    expect(out).toContain('competencies: [js.debugging, communication.technical]');
    // Every line of the original is still there, in order: the edit only inserted lines.
    const outLines = lines(out);
    let at = 0;
    for (const line of lines(MANIFEST)) {
      at = outLines.indexOf(line, at);
      expect(at, `line kept: ${line}`).toBeGreaterThanOrEqual(0);
    }
    expect(outLines.length).toBeGreaterThan(lines(MANIFEST).length);

    const rubric = readRubric(out, 'count')!;
    expect(rubric.map((c) => c.id)).toEqual(['explains', 'reply-clear']);
    expect(rubric[1]).toEqual(criterion());
    const parsed = ScenarioManifest.parse(parse(out));
    expect(parsed.tasks[0]!.rubric[1]!.levels[1]!.text).toBe('States the count, but not how');
    expect(parsed.tasks[0]!.checks).toHaveLength(1);
    expect(parsed.scoring).toEqual({ autoWeight: 0.7, reviewWeight: 0.3, passAt: 0.6 });
  });

  it('creates the rubric of a task that has none, and lists a new competency in the scenario', () => {
    const out = addCriterion(MANIFEST, 'report', criterion({ competencies: [{ code: 'work.requirements', weight: 0.5 }] }));
    expect(readRubric(out, 'report')!.map((c) => c.id)).toEqual(['reply-clear']);
    expect(readOutline(out).competencies).toEqual(['js.debugging', 'communication.technical', 'work.requirements']);
    expect(out).toContain('# Written by hand: keep this comment');
  });

  it('writes levels one per line and weights as one map, like the sample scenarios', () => {
    const out = addCriterion(MANIFEST, 'report', criterion());
    expect(out).toContain('      - id: reply-clear\n');
    expect(out).toContain('          - { score: 3, text: "States the count, but not how" }\n');
    expect(out).toContain('        competencies: { communication.technical: 1 }\n');
  });

  /** The package around a manifest with the rubric criterion added, plus `extra` files. */
  const lintWithCriterion = (extra: [string, string][] = []) => {
    const files = new Map([
      ['scenario.yaml', addCriterion(MANIFEST, 'report', criterion())],
      ['brief.md', '#'],
      ['tasks/count.md', '#'],
      ['tasks/report.md', '#'],
      ['checks/count.visible.test.js', ''],
      ['workspace/a.js', ''],
      ['solution/a.js', ''],
      ...extra,
    ]);
    return lintPackage('stock-count', files, { title: 'test', byCode: new Set(['js.debugging', 'communication.technical']) });
  };

  it('produces a package the checks accept', () => {
    expect(lintWithCriterion().problems).toEqual([]);
  });

  it('names a file whose path no package may hold (a draft saved before the rule), so it cannot be published', () => {
    const { problems } = lintWithCriterion([['.git/config', '[core]\n']]);
    expect(problems).toEqual([{ file: '.git/config', message: expect.stringMatching(/^cannot be part of a package: a folder name may not start with a dot: \.git; delete it$/) }]);
  });

  it('refuses text that is not valid YAML, naming the line', () => {
    const broken = MANIFEST.replace('title: Count it', 'title: [Count it');
    expect(() => addCriterion(broken, 'count', criterion())).toThrow(YamlSyntaxError);
    try {
      addCriterion(broken, 'count', criterion());
    } catch (e) {
      expect((e as YamlSyntaxError).line).toBeGreaterThan(10);
    }
  });
});

describe('updateCriterion', () => {
  it('changes only the lines of the values that changed', () => {
    const current = readRubric(MANIFEST, 'count')![0]!;
    const out = updateCriterion(MANIFEST, 'count', 0, { ...current, title: 'The note explains the count and the cause' });
    const before = lines(MANIFEST);
    const after = lines(out);
    expect(after).toHaveLength(before.length);
    const changed = before.flatMap((l, i) => (l === after[i] ? [] : [[l, after[i]]]));
    expect(changed).toEqual([['        title: The note explains the count', '        title: The note explains the count and the cause']]);
  });

  it('adds and removes levels and weights, and drops an emptied description', () => {
    const withDescription = updateCriterion(MANIFEST, 'count', 0, { ...readRubric(MANIFEST, 'count')![0]!, description: 'Look for the cause' });
    expect(readRubric(withDescription, 'count')![0]!.description).toBe('Look for the cause');
    const next = criterion({ id: 'explains', description: '', competencies: [{ code: 'js.debugging', weight: 0.5 }] });
    const out = updateCriterion(withDescription, 'count', 0, next);
    expect(readRubric(out, 'count')![0]).toEqual(next);
    expect(out).not.toContain('description:');
    expect(out).toContain('# The note is what reviewers read first');
  });
});

describe('removeCriterion and moveCriterion', () => {
  it('moves a criterion with its comment, and removes the rubric with its last criterion', () => {
    const two = addCriterion(MANIFEST, 'count', criterion());
    const moved = moveCriterion(two, 'count', 1, 0);
    expect(readRubric(moved, 'count')!.map((c) => c.id)).toEqual(['reply-clear', 'explains']);
    expect(moved.indexOf('# The note is what reviewers read first')).toBeLessThan(moved.indexOf('id: explains'));
    expect(moved.indexOf('# The note is what reviewers read first')).toBeGreaterThan(moved.indexOf('id: reply-clear'));

    const one = removeCriterion(moved, 'count', 0);
    expect(readRubric(one, 'count')!.map((c) => c.id)).toEqual(['explains']);
    const none = removeCriterion(one, 'count', 0);
    expect(readRubric(none, 'count')).toEqual([]);
    expect(parse(none).tasks[0]).not.toHaveProperty('rubric');
    expect(none).toContain('scoring: { autoWeight: 0.7, reviewWeight: 0.3, passAt: 0.6 }');
  });
});

describe('validateCriterion', () => {
  it('accepts a complete criterion', () => {
    expect(validateCriterion(criterion())).toEqual({});
  });

  it('says when the top level does not score the points', () => {
    expect(validateCriterion(criterion({ points: 8 })).levels).toBe('The highest level scores 6 but the criterion is worth 8 points: they must be equal.');
  });

  it('needs two levels, weights above 0 and at most 1, and an unused id', () => {
    const e = validateCriterion(
      criterion({ levels: [{ score: 6, text: 'All' }], competencies: [{ code: 'a.b', weight: 1.5 }, { code: 'c.d', weight: 0 }] }),
      ['reply-clear'],
    );
    expect(e.levels).toBe('Add at least two levels: the reviewer chooses between them.');
    expect(e.weight).toEqual({ 0: 'A weight must be more than 0 and at most 1.', 1: 'A weight must be more than 0 and at most 1.' });
    expect(e.id).toMatch(/already has the id/);
  });

  it('names empty level texts and a missing competency', () => {
    const e = validateCriterion(criterion({ levels: [{ score: 0, text: '' }, { score: 6, text: 'ok' }], competencies: [] }));
    expect(e.level).toEqual({ 0: { text: 'Describe work at this level.' } });
    expect(e.competencies).toMatch(/at least one competency/);
  });
});

describe('editYaml', () => {
  it('keeps every sample scenario byte for byte when nothing changes, and lists criterion ids', () => {
    const text = readFileSync('scenarios/freight-quote/scenario.yaml', 'utf8');
    expect(editYaml(text, () => {})).toBe(text);
    expect(criterionIds(text).map((c) => c.id)).toEqual(['explains-fix', 'reply-dispatch']);
  });

  it('keeps lines the printer would reformat, even where the line count differs', () => {
    // As published packages print it: a flow list spread over several lines.
    const spread = MANIFEST.replace('competencies: [js.debugging, communication.technical]', 'competencies:\n  [\n    js.debugging,\n    communication.technical\n  ]');
    const out = addCriterion(spread, 'report', criterion());
    expect(out).toContain('competencies:\n  [\n    js.debugging,\n    communication.technical\n  ]\n');
    expect(readRubric(out, 'report')!.map((c) => c.id)).toEqual(['reply-clear']);
    // A change to the reformatted lines themselves takes the printer's form for those lines only.
    const declared = addCriterion(spread, 'report', criterion({ competencies: [{ code: 'work.requirements', weight: 1 }] }));
    expect(readOutline(declared).competencies).toEqual(['js.debugging', 'communication.technical', 'work.requirements']);
    expect(declared).toContain('# Written by hand: keep this comment\nid: stock-count\n');
    expect(declared).toContain('instructions: tasks/count.md # the task text');
  });

  it('keeps Windows line endings', () => {
    const crlf = MANIFEST.replace(/\n/g, '\r\n');
    const out = addCriterion(crlf, 'report', criterion());
    expect(out).toContain('\r\n');
    expect(out.replace(/\r\n/g, '')).not.toContain('\n');
  });
});
