/**
 * The promo-pricing package's own promises that validation cannot see: the brief's Run snippet
 * works for the student, the answers match the baskets in Tang Yu's message, and the data
 * explorer shows the visible report (and the corrections once the warehouse's e-mail has come),
 * never the rows only hidden checks use.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFrameworkFile } from '../../server/competency/framework';
import { SandboxPool } from '../../server/grading/sandbox/pool';
import { datasetsOf, queryDataset, runCode } from '../../server/grading/tools';
import { loadPackage, subtree } from '../../server/scenarios/package';
import { solutionWorkspace } from '../../server/scenarios/validate';

const pkg = loadPackage('scenarios/promo-pricing', loadFrameworkFile()).pkg!;
let pool: SandboxPool;
beforeAll(() => {
  pool = new SandboxPool({ size: 1 });
});
afterAll(async () => {
  await pool.close();
});

/** The SKUs and quantities of one table of the event's message, after its bold heading. */
function basket(heading: string): [string, number][] {
  const text = pkg.files.get('events/threshold-change.md')!;
  const table = text.slice(text.indexOf(`**${heading}**`)).split('\n\n').find((block) => block.startsWith('| SKU'))!;
  return [...table.matchAll(/^\| ([A-Z]{2}-[A-Z0-9]+) [^|]*\| (\d+) \|$/gm)].map((m) => [m[1]!, Number(m[2])]);
}

/** A Run snippet that prices a basket from the catalogue with the live 12.12 settings. */
const priceSnippet = (items: [string, number][]) => `
import { priceCart } from './src/pricing';
import { DOUBLE12, DOUBLE12_COUPON } from './src/double12';
import catalogue from './data/catalogue.json';
const lines = ${JSON.stringify(items)}.map(([sku, qty]) => ({ ...catalogue.find((c) => c.sku === sku)!, qty: qty as number }));
const regularFen = lines.reduce((sum, l) => sum + Math.round(l.price * 100) * l.qty, 0);
const price = priceCart(lines, DOUBLE12, DOUBLE12_COUPON);
console.log(price.total.toFixed(2), ((regularFen - Math.round(price.total * 100)) / 100).toFixed(2));
`;

// The first Run compiles TypeScript in a cold sandbox worker: slow on a busy machine.
describe('promo-pricing', { timeout: 60_000 }, () => {
  it('the brief’s Run snippet prices a cart with the student’s modules, and shows the starter’s flash-limit bug', async () => {
    const snippet = pkg.files.get('brief.md')!.match(/```ts\n([\s\S]*?)```/)![1]!;
    const price = (goods: number) => `${JSON.stringify({ goods, fullReduction: 0, coupon: 0, total: goods })}\n`;
    expect(await runCode(solutionWorkspace(pkg), { source: snippet }, pool)).toMatchObject({ status: 'ok', output: price(139.6) });
    expect(await runCode(subtree(pkg.files, 'workspace'), { source: snippet }, pool)).toMatchObject({ status: 'ok', output: price(119.6) });
  });

  it('the answers are what the reference solution makes of the baskets in Tang Yu’s message', async () => {
    const answers = JSON.parse(pkg.files.get('solution/answers.json')!);
    const family = basket('Family basket');
    const dinner = basket('Team-dinner order');
    expect(family).toHaveLength(9);
    expect(dinner).toHaveLength(4);
    const solved = solutionWorkspace(pkg);
    const [pays] = (await runCode(solved, { source: priceSnippet(family) }, pool) as { output: string }).output.trim().split(' ');
    const [, cost] = (await runCode(solved, { source: priceSnippet(dinner) }, pool) as { output: string }).output.trim().split(' ');
    expect(Number(pays)).toBe(answers['basket-pays']);
    expect(Number(cost)).toBe(answers['basket-cost']);
  });

  it('units-short is the sum of the reference query’s shortfalls on the data the student sees after the correction', async () => {
    const corrected = datasetsOf(pkg.manifest).find((d) => d.tasks.includes('stock-correction'))!;
    const query = pkg.files.get('solution/queries/stock-cover.sql')!;
    const result = await queryDataset(pkg, corrected, `SELECT SUM(shortfall) FROM (${query.replace(/;\s*$/, '')})`, pool);
    expect(result.error).toBeNull();
    expect(result.rows).toEqual([[JSON.parse(pkg.files.get('solution/answers.json')!)['units-short']]]);
  });

  it('the data explorer shows the 08:00 report, and the corrections only once the warehouse’s e-mail has opened that task', () => {
    const before = datasetsOf(pkg.manifest, (task) => task !== 'stock-correction' && task !== 'new-threshold');
    expect(before.map((d) => d.fixture)).toEqual([['fixtures/stock.sql']]);
    const after = datasetsOf(pkg.manifest);
    expect(after.map((d) => d.fixture)).toEqual([['fixtures/stock.sql'], ['fixtures/stock.sql', 'fixtures/corrections.sql']]);
    const hiddenOnly = pkg.manifest.tasks.flatMap((t) => t.checks).flatMap((c) => (c.kind === 'sql' && !c.visible ? c.fixture : []));
    expect(hiddenOnly).toEqual(expect.arrayContaining(['fixtures/extra.sql', 'fixtures/extra-corrections.sql']));
    for (const d of after) expect(d.fixture).not.toEqual(expect.arrayContaining(['fixtures/extra.sql']));
    for (const d of after) expect(d.fixture).not.toEqual(expect.arrayContaining(['fixtures/extra-corrections.sql']));
  });
});
