/**
 * The grader's own sentences in a check result carry a message key (`notes`, one per message):
 * rendered in English they are the message itself, rendered in zh-CN they read in Chinese. Words
 * that are not the grader's (an author's assertion message) travel as they are.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeWorkspace } from '../../server/grading/engine';
import { say } from '../../server/grading/notes';
import { SandboxPool } from '../../server/grading/sandbox/pool';
import type { CheckResult } from '../../server/grading/types';
import { render, type Msg } from '../../server/messages';
import { buildPackage, manifestFor } from '../helpers/scenario';

let pool: SandboxPool;
beforeAll(() => {
  pool = new SandboxPool({ size: 1 });
});
afterAll(() => pool.close());

const check = (c: Record<string, unknown>) => ({ title: c.id, points: 10, competencies: { 'data.analysis': 1 }, ...c });
const task = (checks: unknown[]) => ({ id: 't', title: 'T', instructions: 'tasks/t.md', checks });
const grade = (checks: unknown[], files: Record<string, string>, workspace: Record<string, string>, timeMs = 1500) =>
  gradeWorkspace(buildPackage(manifestFor('x', [task(checks)]), files), new Map(Object.entries(workspace)), pool, { limits: { timeMs } });

const HAN = /[\u4e00-\u9fff]/;

/** Every note renders to its message in English; the grader's sentences read Chinese in zh-CN. */
function expectNotesMatch(result: CheckResult) {
  expect(result.notes).toHaveLength(result.messages.length);
  result.notes!.forEach((note, i) => {
    expect(render(note as Msg, 'en')).toBe(result.messages[i]);
    // A failing test's line is its name and the harness's words, in full-width punctuation in zh-CN.
    if (note.key !== 'grading.text' && note.key !== 'grading.js.testFailed') expect(render(note as Msg, 'zh-CN')).toMatch(HAN);
  });
}

describe('grading notes', () => {
  it('say() gives the exact English of the engine sentences', () => {
    expect(say('grading.js.timeout', { run: 'no', ms: 1000 }).text).toBe(
      'Stopped: the check ran longer than its time limit of 1000 ms (an endless loop or a promise that never settles?).',
    );
    expect(say('grading.js.timeout', { run: 'yes', ms: 1000 }).text).toBe(
      'Stopped: your code ran longer than the time limit of 1000 ms (an endless loop or a promise that never settles?).',
    );
    expect(say('grading.js.testsPassed', { passed: 1, total: 1 }).text).toBe('1 of 1 tests passed.');
    expect(say('grading.file.csvRowCount', { file: 'out.csv', count: 1, expected: 2 }).text).toBe('out.csv has 1 data row; expected 2.');
    expect(say('grading.sql.rowCount', { expected: 1000, actual: 3 }).text).toBe('Expected 1000 rows, got 3.');
    expect(render(say('grading.js.testsPassed', { passed: 1, total: 2 }).note, 'zh-CN')).toBe('2 个测试中通过 1 个。');
  });

  it('a CSV row message carries its key, the author message stays as written', async () => {
    const file = check({
      id: 'csv',
      kind: 'file',
      file: 'out.csv',
      assertions: [{ csvRowEquals: { row: 3, values: { total: 30 } } }, { regex: 'never', message: 'Write never into out.csv.' }],
    });
    const r = await grade([file], {}, { 'out.csv': 'name,total\na,10\nb,20\nc,31\n' });
    const c = r.checks[0]!;
    expect(c.messages).toEqual(['Row 3, column "total" of out.csv is not what is expected.', 'Write never into out.csv.']);
    expect(c.notes![0]).toEqual({ key: 'grading.file.csvCell', params: { row: 3, column: 'total', file: 'out.csv' } });
    expect(c.notes![1]).toEqual({ key: 'grading.text', params: { text: 'Write never into out.csv.' } });
    expect(render(c.notes![0] as Msg, 'zh-CN')).toBe('out.csv 第 3 行“total”列的值与预期不符。');
    expectNotesMatch(c);
  });

  it('an answer check keys its verdict and the hint', async () => {
    const answer = check({ id: 'total', kind: 'answer', question: 'Total?', answer: { type: 'number', value: 10, tolerance: 0 }, hint: 'Add the rows.' });
    const r = await grade([answer], {}, { 'answers.json': '{"total": 11}' });
    expect(r.checks[0]!.messages).toEqual(['The number is not right.', 'Hint: Add the rows.']);
    expect(render(r.checks[0]!.notes![1] as Msg, 'zh-CN')).toBe('提示：Add the rows.');
    expectNotesMatch(r.checks[0]!);
  });

  it('tests passed, a failing test and a timeout carry their keys', async () => {
    const files = {
      'checks/sum.test.js': `const { sum } = require('./src/sum');
        test('adds', () => { expect(sum([1, 2])).toBe(3); });
        test('empty is zero', () => { expect(sum([])).toBe(0); });`,
    };
    const js = check({ id: 'sum', kind: 'js', file: 'checks/sum.test.js' });
    const r = await grade([js], files, { 'src/sum.js': 'exports.sum = (xs) => xs.length ? xs.reduce((a, b) => a + b) : NaN;' });
    expect(r.checks[0]!.messages).toEqual(['✗ empty is zero: expected NaN to be 0', '1 of 2 tests passed.']);
    expect(r.checks[0]!.notes!.map((n) => n.key)).toEqual(['grading.js.testFailed', 'grading.js.testsPassed']);
    expectNotesMatch(r.checks[0]!);

    const slow = await grade([js], files, { 'src/sum.js': 'exports.sum = () => { for (;;) {} };' }, 300);
    const c = slow.checks[0]!;
    expect(c.messages[0]).toBe('Stopped: the check ran longer than its time limit of 300 ms (an endless loop or a promise that never settles?).');
    expect(c.notes![0]).toEqual({ key: 'grading.js.timeout', params: { run: 'no', ms: 300 } });
    expect(render(c.notes![0] as Msg, 'zh-CN')).toContain('300 毫秒');
    expectNotesMatch(c);
  });

  it('SQL partial credit, a differing result and an SQL error carry their keys', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => `('A${i + 1}', ${(i + 1) * 10})`).join(',');
    const files = { 'fixtures/shop.sql': `create table orders(no text, amount real); insert into orders values ${rows};`, 'solution/q.sql': 'select no, amount from orders' };
    const sql = check({ id: 'q', kind: 'sql', submission: 'q.sql', fixture: 'fixtures/shop.sql', partial: 'rows' });
    const r = await grade([sql], files, { 'q.sql': "select no, amount from orders where no <> 'A10'" });
    const c = r.checks[0]!;
    expect(c.messages).toEqual(['Expected 10 rows, got 9.', '1 expected row is missing, e.g. (no="A10", amount=100).', 'Partial credit by rows: 9 of 10 rows match (90 %).']);
    expect(c.notes!.map((n) => n.key)).toEqual(['grading.sql.rowCount', 'grading.sql.missingRows', 'grading.sql.partialRows']);
    expect(render(c.notes![2] as Msg, 'zh-CN')).toBe('按行给部分分：10 行中有 9 行一致（90 %）。');
    expectNotesMatch(c);

    const broken = (await grade([sql], files, { 'q.sql': 'select nope from orders' })).checks[0]!;
    expect(broken.notes![0]!.key).toBe('grading.sql.error');
    expect(render(broken.notes![0] as Msg, 'zh-CN')).toMatch(/^SQL 错误：no such column: nope/);
    expectNotesMatch(broken);
  });
});
