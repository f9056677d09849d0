import { buildPackage, manifestFor } from '../helpers/scenario';

/** Names the fixture makes that no task lists: they must appear nowhere a student can look. */
export const HIDDEN_NAMES = ['secret_margins', 'hidden_margin_idx', 'hidden_margin_trigger', 'hidden_margin_report'];

const orders = Array.from({ length: 25 }, (_, k) => {
  const i = k + 1;
  const amount = i === 1 ? 10.5 : i === 24 ? 150 : i === 25 ? 210 : i * 3.25;
  return `('A-${String(i).padStart(3, '0')}', ${(k % 3) + 1}, ${amount}, ${i % 5 === 0 ? "'gift wrap'" : 'NULL'})`;
});

/** The fixture: two listed tables and a listed view, and a hidden table with its index, trigger and view. */
const SHOP_SQL = `CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE orders (order_no TEXT PRIMARY KEY, customer_id INTEGER, amount REAL, note TEXT);
CREATE TABLE secret_margins (id INTEGER PRIMARY KEY AUTOINCREMENT, order_no TEXT, margin REAL);
CREATE INDEX hidden_margin_idx ON secret_margins (order_no);
CREATE TRIGGER hidden_margin_trigger AFTER INSERT ON secret_margins BEGIN SELECT 1; END;
CREATE VIEW hidden_margin_report AS SELECT * FROM secret_margins;
CREATE VIEW big_orders AS SELECT * FROM orders WHERE amount > 100;
INSERT INTO customers VALUES (1, 'Ada'), (2, 'Bo'), (3, 'Cai');
INSERT INTO orders VALUES ${orders.join(',\n  ')};
INSERT INTO secret_margins (order_no, margin) VALUES ('A-001', 0.3);
ANALYZE;
`;

/**
 * A scenario for Run and the data explorer: a TypeScript task with a data file and a JSON file
 * in the workspace, a SQL task whose data lists some of the fixture's tables, and a task
 * unlocked after 10 minutes whose data adds a table.
 */
export function toolsScenario(id = 'try-it') {
  const manifest = manifestFor(
    id,
    [
      {
        id: 'quote',
        title: 'Quote by weight',
        instructions: 'tasks/quote.md',
        checks: [{ id: 'quote-visible', title: 'One kilogram', kind: 'ts', file: 'checks/quote.visible.test.ts', visible: true, points: 10, competencies: { 'js.debugging': 1 } }],
      },
      {
        id: 'orders',
        title: 'Big orders',
        instructions: 'tasks/orders.md',
        data: { title: 'Shop orders', fixture: 'fixtures/shop.sql', tables: ['customers', 'orders', 'big_orders'] },
        checks: [
          { id: 'big-visible', title: 'Orders over 100', kind: 'sql', submission: 'queries/big.sql', fixture: 'fixtures/shop.sql', visible: true, points: 10, competencies: { 'sql.query': 1 } },
        ],
      },
      {
        id: 'returns',
        title: 'Returns',
        instructions: 'tasks/returns.md',
        data: { title: 'Returns', fixture: ['fixtures/shop.sql', 'fixtures/returns.sql'], tables: ['orders', 'returns'] },
        rubric: [
          {
            id: 'explains',
            title: 'Explains the returns',
            points: 10,
            levels: [
              { score: 0, text: 'Missing' },
              { score: 10, text: 'Clear' },
            ],
            competencies: { 'communication.technical': 1 },
          },
        ],
      },
    ],
    { events: [{ id: 'returns-arrive', at: '10m', from: 'Li Wei', subject: 'Returns came in', body: 'events/returns.md', unlocks: 'task:returns' }] },
  );
  return buildPackage(manifest, {
    'brief.md': '# Try it Ltd',
    'tasks/quote.md': 'Quote 10 per kg plus 1.',
    'tasks/orders.md': 'List the orders over 100.',
    'tasks/returns.md': 'Look at the returns.',
    'events/returns.md': 'The returns are in.',
    'fixtures/shop.sql': SHOP_SQL,
    'fixtures/returns.sql': "CREATE TABLE returns (order_no TEXT, qty INTEGER);\nINSERT INTO returns VALUES ('A-002', 1), ('A-003', 2);\nINSERT INTO orders VALUES ('A-026', 1, 5, NULL), ('A-027', 2, 6, NULL);\n",
    'checks/quote.visible.test.ts': "import { quote } from './src/quote';\ntest('one kilogram', () => expect(quote(1)).toBe(11));\n",
    'workspace/src/quote.ts': 'export function quote(kg: number): number {\n  return 10 * kg + 1;\n}\n',
    'workspace/data/rates.csv': 'kg,rate\n1,10\n',
    'workspace/data/config.json': '{ "currency": "CNY" }\n',
    'workspace/queries/big.sql': 'SELECT order_no FROM orders\n',
    'solution/queries/big.sql': 'SELECT order_no FROM orders WHERE amount > 100\n',
  });
}
