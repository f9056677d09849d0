import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { mutantsOf, tokenize } from '../../server/scenarios/mutate';
import { configKindOf } from '../../server/scenarios/mutateConfig';

const descriptions = (file: string, src: string) => mutantsOf(file, src).map((m) => m.description);
const parse = (text: string) => {
  for (const doc of parseAllDocuments(text)) if (doc.errors.length > 0) throw new Error(doc.errors[0]!.message);
};

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

describe('nginx and .conf mutants', () => {
  it('drops directive lines, keeping block lines, and changes unquoted arguments', () => {
    const src = 'server {\n  listen 8080;\n  # listen 9;\n  server_tokens off;\n  client_max_body_size 20m;\n  add_header X-A "max-age=60";\n}\n';
    expect(descriptions('nginx.conf', src)).toEqual([
      'statement dropped', 'constant 8080 → 8081', 'constant 8080 → 8079',
      'statement dropped', 'off → on',
      'statement dropped', 'constant 20m → 21m', 'constant 20m → 19m', 'unit dropped: 20m → 20',
      'statement dropped',
    ]);
  });

  it('changes ports, schemes and paths', () => {
    const d = descriptions('site.conf', 'upstream app {\n  server 127.0.0.1:8081;\n}\nlocation / {\n  proxy_pass http://app;\n  root /srv/portal/public;\n}\n');
    expect(d).toEqual(expect.arrayContaining(['port 8081 → 8082', 'port 8081 → 8080', 'scheme http → https', 'path /srv/portal/public → /srv/portal']));
  });
});

describe('YAML mutants', () => {
  const manifest = [
    '# Deployment for the API.',
    'spec:',
    '  replicas: 4 # one spare',
    '  strategy:',
    '    type: RollingUpdate',
    '    rollingUpdate:',
    '      maxSurge: 1',
    '      maxUnavailable: 1',
    '  containers:',
    '    - name: api',
    '      image: registry.example/shop/api:2.14.3',
    '      ports: [8080, 8081]',
    '      resources:',
    '        requests: { cpu: 500m, memory: 768Mi }',
    '        limits:',
    '          memory: 1Gi',
    '      readinessProbe:',
    '        path: /actuator/health/readiness',
    '        enabled: true',
    '',
  ].join('\n');
  const list = mutantsOf('k8s/api.yaml', manifest);
  const byDescription = (d: string) => list.filter((m) => m.description === d);

  it('changes scalar values: numbers, units, tags, paths, switches and enumerations', () => {
    expect(list.filter((m) => m.line === 3).map((m) => m.after)).toEqual(['replicas: 5 # one spare', 'replicas: 3 # one spare', '(removed)']);
    expect(list.map((m) => m.description)).toEqual(
      expect.arrayContaining([
        'RollingUpdate → Recreate',
        'tag 2.14.3 → 2.14.4',
        'tag 2.14.3 → latest',
        'constant 8081 → 8082',
        'constant 500m → 501m',
        'unit dropped: 500m → 500',
        'unit 768Mi → 768Gi',
        'unit 1Gi → 1Mi',
        'path /actuator/health/readiness → /actuator/health',
        'true → false',
      ]),
    );
    // Only the tables' own entries count, not what every object inherits.
    expect(descriptions('a.yaml', 'x: constructor\ny: toString\n')).toEqual(['key x deleted', 'key y deleted']);
  });

  it('deletes a key with its nested block, and drops a list item', () => {
    const [strategy] = byDescription('key strategy deleted');
    expect(strategy!.content).not.toMatch(/strategy|RollingUpdate|maxSurge/);
    expect(strategy!.content).toContain('  replicas: 4');
    const [item] = byDescription('list item dropped');
    expect(item!.content).toBe(manifest.split('\n').slice(0, 9).join('\n') + '\n');
  });

  it('moves a key out to its parent, and drops moves that no longer parse', () => {
    expect(byDescription('key maxUnavailable moved out of rollingUpdate').map((m) => m.after)).toEqual(['    maxUnavailable: 1']);
    // maxSurge is not the last key: moved out, it would leave maxUnavailable indented under a scalar.
    expect(byDescription('key maxSurge moved out of rollingUpdate')).toEqual([]);
    for (const m of list) expect(() => parse(m.content), m.description).not.toThrow();
  });

  it('never touches a comment', () => {
    for (const m of list) {
      expect(m.content).toContain('# Deployment for the API.');
      if (m.after !== '(removed)' && m.line === 3) expect(m.after).toContain('# one spare');
    }
    expect(mutantsOf('a.yaml', '# replicas: 4\nkey: value # 5 true\n').map((m) => m.description)).toEqual(['key key deleted']);
  });

  it('names a mutant by its key path and text, so edits elsewhere keep it and equal lines in two places differ', () => {
    const ids = (src: string) => mutantsOf('k8s/api.yaml', src).map((m) => `${m.description}|${m.identity}`);
    const edited = manifest.replace('# Deployment for the API.', '# Deployment.\nmetadata:\n  name: api').replace('# one spare', '# two spare').replace('maxUnavailable: 1', 'maxUnavailable: 2');
    const kept = ids(manifest).filter((id) => !id.includes('maxUnavailable') && !id.includes('rollingUpdate') && !id.includes('key strategy'));
    expect(ids(edited)).toEqual(expect.arrayContaining(kept));
    const twice = mutantsOf('a.yaml', 'a:\n  n: 3\nb:\n  n: 3\n').filter((m) => m.description === 'constant 3 → 4');
    expect(new Set(twice.map((m) => m.identity)).size).toBe(2);
  });
});

describe('crontab mutants', () => {
  const src = '# m h dom mon dow command\nMAILTO=ops@example.com\n0 18 * * 0-5 /opt/bin/dump.sh > /var/log/dump.log 2>&1\n*/5 * * * * find /tmp -mtime +13 -delete\n';
  const list = mutantsOf('cron/backup.crontab', src);

  it('changes each time field: values ±1, range ends, * and steps, all still valid cron', () => {
    const fields = list.filter((m) => m.line === 3 && !m.description.startsWith('constant')).map((m) => m.description);
    expect(fields).toEqual([
      'crontab entry dropped',
      'minute 0 → 1', 'minute 0 → *',
      'hour 18 → 19', 'hour 18 → 17', 'hour 18 → *',
      'day of month * → 1', 'month * → 1',
      'day of week 0-5 → 0-6', 'day of week 0-5 → 0-4', 'day of week 0-5 → 1-5', 'day of week 0-5 → *',
    ]);
    expect(list.filter((m) => m.line === 4 && m.description.startsWith('minute')).map((m) => m.after.split(' ')[0])).toEqual(['*/6', '*', '*/4']);
  });

  it('leaves the command alone except a number argument, and drops lines', () => {
    const command = list.filter((m) => m.description.startsWith('constant')).map((m) => m.description);
    expect(command).toEqual(['constant +13 → +14', 'constant +13 → +12']);
    expect(list.filter((m) => m.line === 2).map((m) => m.description)).toEqual(['variable line dropped']);
    expect(list.every((m) => m.content.startsWith('# m h dom mon dow command\n'))).toBe(true);
  });

  it('knows crontabs by name and folder', () => {
    expect(configKindOf('crontab')).toBe('crontab');
    expect(configKindOf('cron/backup')).toBe('crontab');
    expect(configKindOf('etc/app.crontab')).toBe('crontab');
    expect(configKindOf('src/cron.ts')).toBeUndefined();
  });
});

describe('JSON, .env and .ini mutants', () => {
  it('JSON: switches and numbers ±1, never keys or strings, every mutant parses', () => {
    const src = '{\n  "version": 3,\n  "debug": false,\n  "limit": -2.5,\n  "2fa": "true 1"\n}\n';
    const list = mutantsOf('src/settings.json', src);
    expect(list.map((m) => m.after)).toEqual(['"version": 4,', '"version": 2,', '"debug": true,', '"limit": -2.6,', '"limit": -2.4,']);
    for (const m of list) expect(() => JSON.parse(m.content)).not.toThrow();
  });

  it('drops a YAML or JSON mutant only when the solution itself parses', () => {
    expect(mutantsOf('broken.json', '{"a": 1,}').map((m) => m.after)).toEqual(['{"a": 2,}', '{"a": 0,}']);
  });

  it('.env and .ini: each setting dropped or its value changed; sections and comments stay', () => {
    expect(descriptions('deploy/portal.env', '# port\nPORT=8081\nDEBUG="false"\n')).toEqual([
      'setting PORT dropped', 'constant 8081 → 8082', 'constant 8081 → 8080', 'setting DEBUG dropped', 'false → true',
    ]);
    expect(descriptions('app.ini', '[server]\n; timeout = 5\ntimeout = 30s\n')).toEqual([
      'setting timeout dropped', 'constant 30s → 31s', 'constant 30s → 29s', 'unit 30s → 30m',
    ]);
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
