import { describe, expect, it } from 'vitest';
import { mutantsOf, tokenize } from '../../server/scenarios/mutate';

const descriptions = (file: string, src: string) => mutantsOf(file, src).map((m) => m.description);

describe('JS mutants', () => {
  it('flips operators, bumps constants and swaps booleans outside strings and comments', () => {
    const src = "const a = b + 2 * c; // x - 1\nconst s = 'a < b';\nif (a <= 10 && ok === true) run();\n";
    expect(descriptions('a.js', src)).toEqual([
      'operator + → -',
      'constant 2 → 3',
      'operator * → /',
      'operator <= → <',
      'constant 10 → 11',
      'operator && → ||',
      'operator === → !==',
      'true → false',
      'statement dropped',
    ]);
  });

  it('bumps decimals by one unit of their own precision', () => {
    const [m] = mutantsOf('a.js', 'const rate = 0.012;');
    expect(m).toMatchObject({ description: 'constant 0.012 → 0.013', after: 'const rate = 0.013;' });
  });

  it('leaves unary minus, regex literals and template strings alone', () => {
    expect(descriptions('a.ts', 'const x = -1; const r = /a+b/g; const t = `1 + ${2}`;')).toEqual(['constant 1 → 2']);
  });

  it('treats a slash after a value as division', () => {
    expect(tokenize('a / b / c', 'js').filter((t) => t.kind === 'punct').map((t) => t.text)).toEqual(['/', '/']);
  });
});

describe('SQL mutants', () => {
  const sql = "SELECT customer, SUM(amount) AS total FROM orders WHERE status = 'paid' AND amount > 0 GROUP BY customer, region ORDER BY total DESC";
  const list = mutantsOf('q.sql', sql);

  it('swaps aggregates and comparisons and bumps constants', () => {
    const d = list.map((m) => m.description);
    expect(d).toEqual(
      expect.arrayContaining(['SUM → AVG', 'operator = → <>', 'operator > → >=', 'constant 0 → 1', 'AND → OR', 'DESC → ASC']),
    );
    expect(d.filter((x) => x.includes("'paid'") || x.includes('status → '))).toEqual([]);
  });

  it('drops a WHERE term, the WHERE clause, and each GROUP BY column', () => {
    const drops = Object.fromEntries(list.filter((m) => m.after === '(removed)').map((m) => [m.description, m.content.replace(/\s+/g, ' ')]));
    expect(drops['condition "AND amount > 0" dropped']).toContain("WHERE status = 'paid' GROUP BY");
    expect(drops['WHERE clause dropped']).toContain('FROM orders GROUP BY');
    expect(drops['GROUP BY column "customer" dropped']).toContain('GROUP BY region ORDER');
    expect(drops['GROUP BY column "region" dropped']).toContain('GROUP BY customer ORDER');
  });
});

describe('config files', () => {
  it('bumps numbers and drops directive lines, keeping block lines', () => {
    const src = 'server {\n  listen 8080;\n  # listen 9;\n  client_max_body_size 20m;\n}\n';
    expect(descriptions('nginx.conf', src)).toEqual(['constant 8080 → 8081', 'statement dropped', 'statement dropped']);
  });
});

describe('SQL keyword mutants', () => {
  const d = (src: string) => mutantsOf('q.sql', src).map((m) => m.description);

  it('changes join types, NOT and DISTINCT', () => {
    expect(d('select distinct o.no from orders o left join payments p on p.no = o.no where p.no is null')).toEqual(
      expect.arrayContaining(['LEFT JOIN → INNER JOIN', 'IS NULL → IS NOT NULL', 'DISTINCT dropped']),
    );
    expect(d('select * from a join b on a.id = b.id where a.x not in (select y from c) and not exists (select 1 from d)')).toEqual(
      expect.arrayContaining(['JOIN → LEFT JOIN', 'NOT IN → IN', 'NOT EXISTS → EXISTS']),
    );
  });

  it('drops each statement of a script', () => {
    const mutants = mutantsOf('fix.sql', "update a set x = 1 where id = 2;\ninsert into log values ('done');\n");
    const dropped = mutants.filter((m) => m.description === 'statement dropped');
    expect(dropped.map((m) => m.content.trim())).toEqual(["insert into log values ('done');", 'update a set x = 1 where id = 2;']);
  });
});
