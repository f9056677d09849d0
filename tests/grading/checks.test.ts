import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeWorkspace } from '../../server/grading/engine';
import { SandboxPool } from '../../server/grading/sandbox/pool';
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

describe('answer checks', () => {
  const checks = [
    check({ id: 'total', kind: 'answer', question: 'Total?', answer: { type: 'number', value: 1138.32, tolerance: 0.005 } }),
    check({ id: 'rate', kind: 'answer', question: 'Rate?', answer: { type: 'number', value: 200, tolerance: 0.05, relative: true } }),
    check({ id: 'city', kind: 'answer', question: 'City?', answer: { type: 'text', value: 'Chongqing' } }),
    check({ id: 'code', kind: 'answer', question: 'Code?', answer: { type: 'text', value: '^SW-\\d{4}$', match: 'regex' } }),
    check({ id: 'exact', kind: 'answer', question: 'Exact?', answer: { type: 'text', value: 'A b', match: 'exact' } }),
    check({
      id: 'pick',
      kind: 'answer',
      question: 'Which?',
      answer: { type: 'choice', options: [{ id: 'a', text: 'A' }, { id: 'b', text: 'B' }, { id: 'c', text: 'C' }], correct: ['a', 'c'], multiple: true },
    }),
  ];
  const run = async (answers: Record<string, unknown>) => {
    const report = await grade(checks, {}, { 'answers.json': JSON.stringify(answers) });
    return Object.fromEntries(report.checks.map((c) => [c.id, c.passed]));
  };

  it('accepts right answers, the way people type them', async () => {
    expect(await run({ total: '1,138.32', rate: '¥ 209', city: '  chongQING ', code: 'SW-0042', exact: 'A b', pick: ['c', 'a'] })).toEqual({
      total: true,
      rate: true,
      city: true,
      code: true,
      exact: true,
      pick: true,
    });
  });

  it('refuses wrong ones', async () => {
    expect(await run({ total: 1138.33, rate: 211, city: 'Chengdu', code: 'SW-42', exact: 'a b', pick: ['a'] })).toEqual({
      total: false,
      rate: false,
      city: false,
      code: false,
      exact: false,
      pick: false,
    });
  });

  it('says when there is no answer or the file is broken', async () => {
    const empty = await grade(checks.slice(0, 1), {}, { 'answers.json': '{"total": ""}' });
    expect(empty.checks[0]).toMatchObject({ passed: false, messages: ['No answer given.'] });
    const broken = await grade(checks.slice(0, 1), {}, { 'answers.json': '{oops' });
    expect(broken.checks[0]).toMatchObject({ passed: false, messages: ['answers.json is not valid JSON'] });
  });
});

describe('file checks', () => {
  const nginx = check({
    id: 'conf',
    kind: 'file',
    file: 'portal.conf',
    assertions: [
      { regex: '^\\s*proxy_pass\\s+http://app:8080;', flags: 'm' },
      { regex: '^\\s*server_tokens\\s+on;', flags: 'm', mustMatch: false },
    ],
  });
  it('scores the share of assertions that hold and explains the rest', async () => {
    const half = await grade([nginx], {}, { 'portal.conf': '# proxy_pass http://app:8080;\nserver_tokens on;\n' });
    expect(half.checks[0]).toMatchObject({ passed: false, score: 0 });
    expect(half.checks[0]!.messages).toEqual(['portal.conf does not contain what is expected.', 'portal.conf still contains something it should not.']);
    const fixed = await grade([nginx], {}, { 'portal.conf': 'location / {\n  proxy_pass http://app:8080;\n}\n' });
    expect(fixed.checks[0]).toMatchObject({ passed: true, score: 1, earned: 10 });
  });

  it('reads JSON and YAML paths', async () => {
    const checks = [
      check({ id: 'json', kind: 'file', file: 'm.json', assertions: [{ jsonPath: 'errors[1].code', equals: 'too_young' }] }),
      check({ id: 'yaml', kind: 'file', file: 'h.yaml', assertions: [{ yamlPath: 'probe.port', equals: 8080 }, { yamlPath: 'probe.path', equals: '/health' }] }),
    ];
    const report = await grade(checks, {}, {
      'm.json': '{"errors":[{"code":"a"},{"code":"too_young"}]}',
      'h.yaml': 'probe:\n  port: 8081\n  path: /health\n',
    });
    expect(report.checks.map((c) => [c.id, c.score])).toEqual([
      ['json', 1],
      ['yaml', 0.5],
    ]);
    expect(report.checks[1]!.messages[0]).toBe('probe.port in h.yaml is 8081, which is not what is expected.');
  });

  it('checks CSV row counts, sums and rows', async () => {
    const csv = check({
      id: 'csv',
      kind: 'file',
      file: 'out.csv',
      assertions: [{ csvRowCount: 2 }, { csvColumnSum: { column: 'amount', equals: 30.5 } }, { csvRowEquals: { row: 2, values: { name: 'Li, Wei', amount: 20 } } }],
    });
    const report = await grade([csv], {}, { 'out.csv': 'name,amount\r\n"Chen ""CJ"" Jie",10.5\r\n"Li, Wei",20\r\n' });
    expect(report.checks[0]).toMatchObject({ passed: true, messages: [] });
  });

  it('does not crash on a missing or unparsable file', async () => {
    const report = await grade(
      [check({ id: 'json', kind: 'file', file: 'm.json', assertions: [{ jsonPath: 'a', equals: 1 }] })],
      {},
      { 'm.json': '{not json' },
    );
    expect(report.checks[0]!.messages[0]).toMatch(/^m\.json is not valid JSON/);
  });
});

describe('sql checks', () => {
  const fixture = `create table orders(no text, customer text, amount real, status text);
    insert into orders values ('A1','Chen',10.5,'paid'),('A2','Liu',20,'open'),('A3','Chen',5,'paid'),('A4','Wang',7.25,'paid');`;
  const files = { 'fixtures/shop.sql': fixture, 'solution/q.sql': "select customer, sum(amount) as total from orders where status = 'paid' group by customer order by total desc" };
  const sql = (extra: Record<string, unknown> = {}) => check({ id: 'q', kind: 'sql', submission: 'q.sql', fixture: 'fixtures/shop.sql', ...extra });

  it('passes an equivalent query in another order when order does not matter', async () => {
    const r = await grade([sql()], files, { 'q.sql': "SELECT customer AS Customer, total(amount) AS total FROM orders WHERE status='paid' GROUP BY 1" });
    expect(r.checks[0]).toMatchObject({ passed: true });
  });

  it('requires the order when the check says ordered', async () => {
    const r = await grade([sql({ ordered: true })], files, { 'q.sql': "select customer, sum(amount) as total from orders where status='paid' group by customer order by total" });
    expect(r.checks[0]!.passed).toBe(false);
    expect(r.checks[0]!.messages[0]).toBe('First difference at row 1: expected (customer="Chen", total=15.5), got (customer="Wang", total=7.25).');
  });

  it('names missing columns and row count differences', async () => {
    const cols = await grade([sql()], files, { 'q.sql': 'select customer from orders' });
    expect(cols.checks[0]!.messages[0]).toBe('Expected columns customer, total; got customer. Missing: total.');
    const rows = await grade([sql()], files, { 'q.sql': "select customer, sum(amount) as total from orders group by customer" });
    expect(rows.checks[0]!.messages).toEqual([
      'Expected 2 rows, got 3.',
      '1 row was not expected, e.g. (customer="Liu", total=20).',
    ]);
    const wrong = await grade([sql()], files, { 'q.sql': "select customer, max(amount) as total from orders where status = 'paid' group by customer" });
    expect(wrong.checks[0]!.messages).toEqual([
      '1 expected row is missing, e.g. (customer="Chen", total=15.5).',
      '1 row was not expected, e.g. (customer="Chen", total=10.5).',
    ]);
  });

  it('reports an SQL error and an empty file clearly', async () => {
    const bad = await grade([sql()], files, { 'q.sql': 'select nope from orders' });
    expect(bad.checks[0]!.messages[0]).toBe('SQL error: no such column: nope');
    const empty = await grade([sql()], files, { 'q.sql': '  -- write here\n' });
    expect(empty.checks[0]!.messages[0]).toBe('There is no SQL statement to run.');
  });

  it('builds the fixture from several files in order', async () => {
    const more = { ...files, 'fixtures/more.sql': "insert into orders values ('A5','Zhou',2,'paid');" };
    const both = sql({ fixture: ['fixtures/shop.sql', 'fixtures/more.sql'] });
    const r = await grade([both], more, { 'q.sql': "select customer, sum(amount) as total from orders where status = 'paid' and customer <> 'Zhou' group by customer" });
    expect(r.checks[0]!.messages).toEqual(['Expected 3 rows, got 2.', '1 expected row is missing, e.g. (customer="Zhou", total=2).']);
  });

  it('compares the resulting state in mode state', async () => {
    const stateFiles = {
      'fixtures/shop.sql': fixture,
      'checks/verify.sql': 'select no, status from orders order by no',
      'solution/fix.sql': "update orders set status = 'paid' where no = 'A2';",
    };
    const st = (ws: string) => grade([check({ id: 's', kind: 'sql', mode: 'state', submission: 'fix.sql', fixture: 'fixtures/shop.sql', verify: 'checks/verify.sql' })], stateFiles, { 'fix.sql': ws });
    expect((await st("UPDATE orders SET status='paid' WHERE customer='Liu';")).checks[0]!.passed).toBe(true);
    const wrong = await st("update orders set status='void' where no='A2';");
    expect(wrong.checks[0]!.passed).toBe(false);
  });
});

describe('js and ts checks', () => {
  const files = {
    'checks/sum.test.ts': `import { sum } from './src/sum';
      test('adds', () => { expect(sum([1, 2, 3.5])).toBe(6.5); });
      test('empty is zero', () => { expect(sum([])).toBe(0); });`,
  };
  const ts = check({ id: 'sum', kind: 'ts', file: 'checks/sum.test.ts' });

  it('scores the share of tests passed and names the failing test', async () => {
    const r = await grade([ts], files, { 'src/sum.ts': 'export const sum = (xs: number[]): number => xs.length ? xs.reduce((a, b) => a + b) : NaN;' });
    expect(r.checks[0]).toMatchObject({ passed: false, score: 0.5, earned: 5 });
    expect(r.checks[0]!.messages).toContain('✗ empty is zero: expected NaN to be 0');
    expect(r.autoScore).toBe(0.5);
  });

  it('reports a syntax error with file and line', async () => {
    const r = await grade([ts], files, { 'src/sum.ts': 'export const sum = (xs: number[]) => {\n  return xs.reduce((a, b) => a + b, 0\n};' });
    expect(r.checks[0]!.status).toBe('compile_error');
    expect(r.checks[0]!.messages[0]).toMatch(/^src\/sum\.ts:3:1: /);
  });

  it('reports a type error with file, line and TypeScript code', async () => {
    const r = await grade([ts], files, { 'src/sum.ts': 'export const sum = (xs: number[]): string =>\n  xs.reduce((a, b) => a + b, 0);' });
    expect(r.checks[0]!.status).toBe('compile_error');
    expect(r.checks[0]!.messages[0]).toBe("src/sum.ts:2:3: TS2322: Type 'number' is not assignable to type 'string'.");
  });

  it('runs only visible checks when asked', async () => {
    const pkg = buildPackage(manifestFor('x', [task([ts, { ...check({ id: 'seen', kind: 'ts', file: 'checks/sum.test.ts' }), visible: true }])]), files);
    const r = await gradeWorkspace(pkg, new Map([['src/sum.ts', 'export const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);']]), pool, { which: 'visible' });
    expect(r.checks.map((c) => c.id)).toEqual(['seen']);
  });
});
