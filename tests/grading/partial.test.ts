import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revealResults } from '../../server/attempts/present';
import type { AssignmentRow } from '../../server/attempts/repo';
import { gradeWorkspace } from '../../server/grading/engine';
import { SandboxPool } from '../../server/grading/sandbox/pool';
import { clockStart } from '../helpers/clock';
import { buildPackage, manifestFor } from '../helpers/scenario';

let pool: SandboxPool;
beforeAll(() => {
  pool = new SandboxPool({ size: 2 });
});
afterAll(() => pool.close());

const check = (c: Record<string, unknown>) => ({ title: c.id, points: 10, competencies: { 'data.analysis': 1 }, ...c });
const task = (checks: unknown[]) => ({ id: 't', title: 'T', instructions: 'tasks/t.md', checks });
const grade = (checks: unknown[], files: Record<string, string>, workspace: Record<string, string>) =>
  gradeWorkspace(buildPackage(manifestFor('x', [task(checks)]), files), new Map(Object.entries(workspace)), pool, { limits: { timeMs: 1500 } });

describe('sql partial credit', () => {
  const rows = Array.from({ length: 10 }, (_, i) => `('A${i + 1}', ${(i + 1) * 10}, '${i % 2 ? 'open' : 'paid'}')`).join(',');
  const files = { 'fixtures/shop.sql': `create table orders(no text, amount real, status text); insert into orders values ${rows};`, 'solution/q.sql': 'select no, amount from orders' };
  const sql = (extra: Record<string, unknown> = {}) => check({ id: 'q', kind: 'sql', submission: 'q.sql', fixture: 'fixtures/shop.sql', ...extra });
  const run = async (extra: Record<string, unknown>, query: string) => (await grade([sql(extra)], files, { 'q.sql': query })).checks[0]!;

  it('scores nothing for 9 of 10 rows without partial (all or nothing, as before)', async () => {
    expect(await run({}, "select no, amount from orders where no <> 'A10'")).toMatchObject({ passed: false, score: 0, earned: 0 });
  });

  it('by rows: the share of rows that match, with the first differences as before', async () => {
    const r = await run({ partial: 'rows' }, "select no, amount from orders where no <> 'A10'");
    expect(r).toMatchObject({ passed: false, score: 0.9, earned: 9 });
    expect(r.messages).toEqual(['Expected 10 rows, got 9.', '1 expected row is missing, e.g. (no="A10", amount=100).', 'Partial credit by rows: 9 of 10 rows match (90 %).']);
  });

  it('by rows: extra rows cost as much as missing ones, and wrong columns score nothing', async () => {
    const extra = await run({ partial: 'rows' }, "select no, amount from orders union all select 'X1', 1 union all select 'X2', 2");
    expect(extra.score).toBeCloseTo(10 / 12, 6);
    const columns = await run({ partial: 'rows' }, 'select no, amount, status from orders');
    expect(columns).toMatchObject({ score: 0 });
    expect(columns.messages.at(-1)).toBe('Partial credit by rows: 0 of 10 rows match (0 %), as the columns are not the expected ones.');
  });

  it('by rows in order: a row counts where it stands', async () => {
    // The first two rows swapped: the other eight are in place.
    const r = await run({ partial: 'rows', ordered: true }, 'select no, amount from orders order by case rowid when 1 then 2 when 2 then 1 else rowid end');
    expect(r).toMatchObject({ passed: false, score: 0.8 });
    expect(r.messages[0]).toBe('First difference at row 1: expected (no="A1", amount=10), got (no="A2", amount=20).');
  });

  it('by columns: the share of columns whose values all match; extra columns count against it', async () => {
    const half = await run({ partial: 'columns' }, 'select no, amount * 2 as amount from orders');
    expect(half).toMatchObject({ passed: false, score: 0.5 });
    expect(half.messages.at(-1)).toBe('Partial credit by columns: 1 of 2 columns match (50 %).');
    const extra = await run({ partial: 'columns' }, 'select no, amount, status from orders');
    expect(extra.score).toBeCloseTo(2 / 3, 6);
    expect(extra.messages[0]).toBe('Expected columns no, amount; got no, amount, status. Not expected: status.');
  });

  it('by rows and columns: the better of the two', async () => {
    const r = await run({ partial: ['rows', 'columns'] }, "select no, amount from orders where no <> 'A10'");
    expect(r.score).toBe(0.9);
    const c = await run({ partial: ['rows', 'columns'] }, 'select no, amount * 2 as amount from orders');
    expect(c.score).toBe(0.5);
  });

  it('gives nothing for a query that fails to run', async () => {
    expect(await run({ partial: 'rows' }, 'select nope from orders')).toMatchObject({ passed: false, score: 0 });
  });
});

describe('answer checks: hints and keys', () => {
  const total = check({ id: 'total', kind: 'answer', question: 'Total?', answer: { type: 'number', value: 42 }, hint: 'Count only the paid orders.' });
  const grade1 = async (answers: string) => (await grade([total], {}, { 'answers.json': answers })).checks[0]!;

  it('shows the author’s hint after a wrong answer', async () => {
    expect((await grade1('{"total": 41}')).messages).toEqual(['The number is not right.', 'Hint: Count only the paid orders.']);
  });

  it('keeps the hint for a wrong answer: not for a missing one, one that is not a number, or a right one', async () => {
    expect((await grade1('{"total": ""}')).messages).toEqual(['No answer given.']);
    expect((await grade1('{"total": "many"}')).messages).toEqual(['"many" is not a number.']);
    expect((await grade1('{"total": 42}')).messages).toEqual([]);
  });

  it('says which key answers.json needs when it has others', async () => {
    expect((await grade1('{"Total": 42, "q2": 1}')).messages).toEqual([
      'No answer given: answers.json keeps this answer under "total" (the check\'s id), and has no such key (it has "Total", "q2").',
    ]);
  });

  it('follows the reveal policy: a hidden check’s hint is kept back like its other messages', async () => {
    const report = await grade([total, { ...total, id: 'seen', visible: true }], {}, { 'answers.json': '{"total": 1, "seen": 1}' });
    const assignment = { reveal_policy: 'description', closes_at: null } as unknown as AssignmentRow;
    const shown = Object.fromEntries(revealResults(report.checks, assignment, new Date(clockStart())).map((c) => [c.id, c.messages]));
    expect(shown).toEqual({ total: [], seen: ['The number is not right.', 'Hint: Count only the paid orders.'] });
  });
});
