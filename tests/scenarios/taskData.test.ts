/**
 * A task's `data` (what the data explorer shows): the loader checks what it can without SQL,
 * validation loads the data in the sandbox and refuses what would show the wrong thing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFrameworkFile } from '../../server/competency/framework';
import { SandboxPool } from '../../server/grading/sandbox/pool';
import { dataProblems, datasetsOf, runCode } from '../../server/grading/tools';
import { loadPackage, subtree } from '../../server/scenarios/package';
import { solutionWorkspace } from '../../server/scenarios/validate';
import { buildPackage, manifestFor, writePackageDir } from '../helpers/scenario';

const framework = loadFrameworkFile();

const sqlTask = (id: string, data: unknown) => ({
  id,
  title: `Task ${id}`,
  instructions: `tasks/${id}.md`,
  data,
  rubric: [{ id: `${id}-r`, title: 'Explains', points: 1, levels: [{ score: 0, text: 'No' }, { score: 1, text: 'Yes' }], competencies: { 'sql.query': 1 } }],
});

const files = (fixture: string) => ({
  'brief.md': '# Brief',
  'tasks/a.md': 'A',
  'tasks/b.md': 'B',
  'fixtures/shop.sql': fixture,
  'workspace/NOTES.md': '',
  'solution/NOTES.md': 'done',
});

const SHOP = 'CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL); CREATE TABLE costs (id INTEGER, cost REAL); INSERT INTO orders VALUES (1, 9.5);';

describe('the loader', () => {
  it('accepts data, and shares one dataset between tasks that declare the same', () => {
    const data = { title: 'Shop', fixture: 'fixtures/shop.sql', tables: ['orders'] };
    const dir = writePackageDir('data-ok', manifestFor('data-ok', [sqlTask('a', data), sqlTask('b', data)]), files(SHOP));
    const { pkg, problems } = loadPackage(dir, framework);
    expect(problems).toEqual([]);
    expect(datasetsOf(pkg!.manifest)).toEqual([{ id: 'a', title: 'Shop', tasks: ['a', 'b'], fixture: ['fixtures/shop.sql'], tables: ['orders'] }]);
    expect(datasetsOf(pkg!.manifest, (task) => task === 'b')).toEqual([expect.objectContaining({ id: 'b', tasks: ['b'] })]);
  });

  it('names a missing fixture, a table listed twice, a name that is not a table name and an unknown key', () => {
    const bad = writePackageDir('data-bad', manifestFor('data-bad', [sqlTask('a', { fixture: 'fixtures/gone.sql', tables: ['orders', 'ORDERS'] })]), files(SHOP));
    expect(loadPackage(bad, framework).problems).toEqual([
      expect.objectContaining({ path: 'tasks[0].data.fixture[0]', message: 'the fixture fixtures/gone.sql does not exist in the package' }),
      expect.objectContaining({ path: 'tasks[0].data.tables[1]', message: 'table "ORDERS" is listed twice' }),
    ]);
    const worse = writePackageDir('data-worse', manifestFor('data-worse', [sqlTask('a', { fixture: 'fixtures/shop.sql', tables: ['orders; DROP'], tabels: ['x'] })]), files(SHOP));
    const paths = loadPackage(worse, framework).problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['tasks[0].data.tables[0]', 'tasks[0].data']));
  });
});

describe('validation', () => {
  let pool: SandboxPool;
  beforeAll(() => {
    pool = new SandboxPool({ size: 1 });
  });
  afterAll(() => pool.close());

  const pkgWith = (fixture: string, tables?: string[]) =>
    buildPackage(manifestFor('data-check', [sqlTask('a', { fixture: 'fixtures/shop.sql', ...(tables ? { tables } : {}) })]), files(fixture));

  it('reports what the explorer will show', async () => {
    expect(await dataProblems(pkgWith(SHOP, ['orders']), pool)).toEqual({ problems: [], lines: ['data explorer "shop" (a): orders (1 row)'] });
    expect((await dataProblems(pkgWith(SHOP), pool)).lines).toEqual(['data explorer "shop" (a): orders (1 row), costs (0 rows)']);
  });

  it('refuses a listed name the fixture does not make', async () => {
    const { problems } = await dataProblems(pkgWith(SHOP, ['orders', 'refunds']), pool);
    expect(problems).toEqual([{ file: 'scenario.yaml', path: 'tasks[0].data', message: 'the data explorer cannot show this data: the fixture makes no table or view named refunds' }]);
  });

  it('refuses a listed table or view whose definition names one that is not listed', async () => {
    const fixture = `${SHOP} CREATE TABLE lines (order_id INTEGER REFERENCES costs (id)); CREATE VIEW margin AS SELECT o.total - c.cost AS m FROM orders o JOIN costs c USING (id);`;
    const { problems } = await dataProblems(pkgWith(fixture, ['orders', 'lines', 'margin']), pool);
    expect(problems.map((p) => [p.path, p.message.split(',')[0]])).toEqual([
      ['tasks[0].data.tables', 'lines names costs'],
      ['tasks[0].data.tables', 'margin names costs'],
    ]);
  });

  it('the oee-line brief’s Run snippet prints the report’s figures on the reference solution, and shows the starter reads nothing', async () => {
    const pkg = loadPackage('scenarios/oee-line', framework).pkg!;
    const snippet = pkg.files.get('brief.md')!.match(/```ts\n([\s\S]*?)```/)![1]!;
    const solved = solutionWorkspace(pkg);
    expect(await runCode(solved, { source: snippet }, pool)).toMatchObject({ status: 'ok', output: '3 shifts\nA 430 84.2\nB 365 77.0\nC 375 73.2\n' });
    expect(await runCode(subtree(pkg.files, 'workspace'), { source: snippet }, pool)).toMatchObject({ status: 'ok', output: '0 shifts\n' });
  });

  it('refuses a fixture that does not load', async () => {
    const { problems } = await dataProblems(pkgWith('CREATE TABLE broken ('), pool);
    expect(problems[0]).toMatchObject({ path: 'tasks[0].data', message: expect.stringMatching(/^the data explorer cannot show this data: .*incomplete input/) });
  });
});

describe('the shipped packages that used to send students to a terminal', () => {
  const load = (slug: string) => loadPackage(`scenarios/${slug}`, framework).pkg!;

  it.each(['overdue-invoices', 'order-reconciliation', 'oee-line'])('%s names no file its workspace lacks, and no sqlite3 terminal', (slug) => {
    const pkg = load(slug);
    const prose = [...pkg.files].filter(([p]) => p.endsWith('.md') && !p.startsWith('solution/') && !p.startsWith('workspace/'));
    for (const [file, text] of prose) {
      expect(text, file).not.toMatch(/sqlite3|terminal/i);
      for (const [, path] of text.matchAll(/`(data\/[^`\s]+)`/g)) expect(pkg.files.has(`workspace/${path}`), `${file} names ${path}`).toBe(true);
    }
  });

  it('the SQL ones show the visible fixture in the data explorer, never the hidden checks’ extra rows', () => {
    for (const [slug, visible] of [
      ['overdue-invoices', 'fixtures/ledger.sql'],
      ['order-reconciliation', 'fixtures/day.sql'],
    ] as const) {
      const datasets = datasetsOf(load(slug).manifest);
      expect(datasets.map((d) => d.fixture)).toEqual([[visible]]);
      const hiddenOnly = load(slug).manifest.tasks.flatMap((t) => t.checks).filter((c) => c.kind === 'sql' && !c.visible).flatMap((c) => (c.kind === 'sql' ? c.fixture : []));
      expect(hiddenOnly.filter((f) => f !== visible).length).toBeGreaterThan(0);
      expect(datasets[0]!.fixture).not.toEqual(expect.arrayContaining(hiddenOnly.filter((f) => f !== visible)));
    }
  });
});
