import { describe, expect, it } from 'vitest';
import { INDUSTRIES } from '../../../../server/scenarios/schema';
import { manifestJsonSchema } from '../../../../web/src/features/authoring/manifest/manifestSchema';
import { problemRange } from '../../../../web/src/features/authoring/manifest/markers';
import { propertiesOf, schemasAt, valuesOf } from '../../../../web/src/features/authoring/manifest/schemaNav';
import { cursorContext, nodeAt } from '../../../../web/src/features/authoring/manifest/yamlCursor';
import { loadEnglishAuthoring } from '../englishCatalog';

// Before the describe blocks: they build the schema (with its descriptions) while being collected.
await loadEnglishAuthoring();

/** Completion at the `|` of a text: what is being typed, and what the schema offers there. */
function offered(textWithCursor: string) {
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.replace('|', '');
  const ctx = cursorContext(text, offset);
  if (!ctx) return null;
  const match = schemasAt(manifestJsonSchema(), ctx.path, ctx.data, { anyBranch: ctx.role === 'value' });
  return {
    role: ctx.role,
    path: ctx.path,
    pattern: match.pattern,
    keys: propertiesOf(match.schemas)
      .map((p) => p.key)
      .filter((k) => !ctx.siblings.includes(k)),
    values: valuesOf(match.schemas).map((v) => v.value),
  };
}

describe('manifestJsonSchema', () => {
  const schema = manifestJsonSchema();

  it('has the keys of the manifest, the required ones marked', () => {
    expect(Object.keys(schema.properties!)).toEqual(
      expect.arrayContaining(['id', 'version', 'title', 'enterprise', 'industry', 'role', 'durationMinutes', 'brief', 'competencies', 'tasks', 'events', 'scoring']),
    );
    expect(schema.required).toEqual(expect.arrayContaining(['id', 'version', 'title', 'tasks', 'scoring']));
    // Defaults make a key optional for the author (io: input).
    expect(schema.required).not.toContain('brief');
    expect(schema.required).not.toContain('events');
  });

  it('lists the industries and the check kinds as enums, with words for each', () => {
    expect(schema.properties!.industry!.enum).toEqual([...INDUSTRIES]);
    expect(schema.properties!.industry!.enumDescriptions).toHaveLength(INDUSTRIES.length);
    const kinds = valuesOf(schemasAt(schema, ['tasks', 0, 'checks', 0, 'kind'], {}).schemas);
    expect(kinds.map((k) => k.value)).toEqual(['js', 'ts', 'sql', 'answer', 'file']);
    expect(kinds.every((k) => k.description.length > 0)).toBe(true);
    expect(valuesOf(schemasAt(schema, ['events', 0, 'channel'], {}).schemas).map((v) => v.value)).toEqual(['email', 'chat', 'ticket', 'phone']);
  });

  it('describes keys at every level', () => {
    expect(schema.properties!.version!.description).toMatch(/semantic version/);
    const rubric = schemasAt(schema, ['tasks', 0, 'rubric', 0, 'points'], {});
    expect(rubric.pattern).toBe('tasks[].rubric[].points');
    expect(rubric.schemas[0]!.description).toMatch(/highest level/);
    const weight = schemasAt(schema, ['tasks', 0, 'checks', 0, 'competencies', 'js.debugging'], { tasks: [{ checks: [{ kind: 'js' }] }] });
    expect(weight.pattern).toBe('tasks[].checks[].competencies.*');
    expect(weight.schemas[0]!.maximum).toBe(1);
  });

  it('chooses the check kind’s own keys once the kind is written', () => {
    const data = { tasks: [{ checks: [{ id: 'c', kind: 'sql' }] }] };
    const keys = propertiesOf(schemasAt(schema, ['tasks', 0, 'checks', 0], data).schemas).map((p) => p.key);
    expect(keys).toEqual(expect.arrayContaining(['submission', 'fixture', 'mode', 'verify']));
    expect(keys).not.toContain('question');
    expect(keys).not.toContain('assertions');
  });
});

describe('completion at the cursor', () => {
  it('offers a task’s missing keys on a new line of the task', () => {
    const o = offered('id: x\ntasks:\n  - id: a\n    ti|\n    instructions: tasks/a.md\n');
    expect(o).toMatchObject({ role: 'key', path: ['tasks', 0], pattern: 'tasks[]' });
    expect(o!.keys).toEqual(['title', 'checks', 'rubric', 'data']);
  });

  it('offers enum values after a key', () => {
    expect(offered('industry: lo|\n')).toMatchObject({ role: 'value', path: ['industry'], values: [...INDUSTRIES] });
    expect(offered('tasks:\n  - id: a\n    checks:\n      - id: c\n        kind: |\n')!.values).toEqual(['js', 'ts', 'sql', 'answer', 'file']);
    // Keys written for one kind do not hide the others: the author may be changing the kind.
    expect(offered('tasks:\n  - id: a\n    checks:\n      - id: c\n        kind: |\n        file: checks/c.test.js\n')!.values).toEqual(['js', 'ts', 'sql', 'answer', 'file']);
  });

  it('finds its place in flow maps and in lists of values', () => {
    expect(offered('tasks:\n  - id: a\n    rubric:\n      - id: r\n        levels:\n          - { score: 0, | }\n')).toMatchObject({
      role: 'key',
      pattern: 'tasks[].rubric[].levels[]',
      keys: ['text'],
    });
    expect(offered('competencies:\n  - js.debugging\n  - |\n')).toMatchObject({ path: ['competencies', 1], pattern: 'competencies[]' });
    expect(offered('events:\n  - id: e\n    after: task:|\n')).toMatchObject({ role: 'value', pattern: 'events[].after' });
  });

  it('offers nothing inside a comment', () => {
    expect(offered('id: x # the id |\n')).toBeNull();
  });

  it('finds the key or value under the pointer for hover', () => {
    const text = 'id: x\ntasks:\n  - id: a\n    checks:\n      - id: c\n        kind: sql\n';
    expect(nodeAt(text, text.indexOf('kind') + 1)).toMatchObject({ role: 'key', path: ['tasks', 0, 'checks', 0, 'kind'] });
    expect(nodeAt(text, text.indexOf('sql') + 1)).toMatchObject({ role: 'value', value: 'sql' });
  });
});

describe('problemRange', () => {
  const text = 'id: x\nversion: 1.0\ntasks:\n  - id: a\n    checks:\n      - id: c\n        competencies: { js.debugging: 2 }\n';

  it('marks the offending value when the path is in the text', () => {
    expect(problemRange(text, { path: 'version', line: 2 })).toEqual({ startLineNumber: 2, startColumn: 10, endLineNumber: 2, endColumn: 13 });
    // Keys with dots (competency codes) are found whole.
    const weight = problemRange(text, { path: 'tasks[0].checks[0].competencies.js.debugging', line: 7 });
    expect(weight.startLineNumber).toBe(7);
    expect(text.split('\n')[6]!.slice(weight.startColumn - 1, weight.endColumn - 1)).toBe('2');
  });

  it('marks an unknown key on its own line, not on the first line of its map', () => {
    const typo = 'tasks:\n  - id: a\n    checks:\n      - id: c\n        visibel: true\n';
    expect(problemRange(typo, { path: 'tasks[0].checks[0]', line: 5 })).toEqual({ startLineNumber: 5, startColumn: 9, endLineNumber: 5, endColumn: 22 });
    // The map's own problems (a missing key) stay on its first line.
    expect(problemRange(typo, { path: 'tasks[0].checks[0]', line: 4 }).startLineNumber).toBe(4);
  });

  it('marks the whole line when only the line is known', () => {
    expect(problemRange(text, { line: 4 })).toEqual({ startLineNumber: 4, startColumn: 3, endLineNumber: 4, endColumn: 10 });
  });
});
