import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCaseFramework, parseCaseFrameworkInSlices } from '../../server/competency/framework';
import { getTestServer, type TestServer } from '../helpers/app';
import { syntheticCasePackage } from '../helpers/casePackage';

/**
 * A national framework's CASE package runs to thousands of items and megabytes (#19): its import
 * must leave the server answering other requests while the package is checked, and the route
 * must take a 10 MB body, and refuse a larger one plainly. How fast is bench:case's business.
 */
let t: TestServer;
beforeAll(async () => {
  t = await getTestServer();
});
afterAll(() => t.close());

describe('POST /api/frameworks with a large package', () => {
  it('answers another request while the package is being checked', async () => {
    const { agent } = await t.signIn(['admin']);
    const pkg = syntheticCasePackage({ items: 2000, statementChars: 100, prefix: 'load' });
    const order: string[] = [];
    let health: Promise<number> | undefined;
    // The moment the server has the whole body, ask for something cheap. Parsing and checking
    // the package come next: had they held the event loop until done, the import's first query
    // would be issued before the health request could even be read.
    const onRequest = (req: IncomingMessage & { originalUrl?: string }) => {
      // Express has already taken the /api mount off req.url; originalUrl keeps the path as sent.
      if (req.method !== 'POST' || !req.originalUrl?.startsWith('/api/frameworks')) return;
      req.on('end', () => {
        health = t
          .agent()
          .get('/api/health')
          .then((res) => {
            order.push('health answered');
            return res.status;
          });
      });
    };
    const onQuery = (q: { sql: string }) => {
      if (/\bframeworks\b/.test(q.sql) && !order.includes('package checked')) order.push('package checked');
    };
    t.server.on('request', onRequest);
    t.db.on('query', onQuery);
    try {
      const res = await agent.post('/api/frameworks').send(pkg);
      order.push('imported');
      expect(res.status).toBe(201);
      expect(res.body.framework.items).toBe(2000);
      expect(await health).toBe(200);
      expect(order).toEqual(['health answered', 'package checked', 'imported']);
    } finally {
      t.server.off('request', onRequest);
      t.db.off('query', onQuery);
    }
  });

  it('takes a body of 10 MB (it reaches the package check)', async () => {
    const { agent } = await t.signIn(['admin']);
    const body = { CFDocument: { identifier: 'not-a-uuid', title: 'Big' }, CFItems: [], padding: 'x'.repeat(10_400_000) };
    const res = await agent.post('/api/frameworks').send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details[0].message).toContain('CFDocument.identifier');
  });

  it('refuses a body over the CASE limit with 413, saying the limit', async () => {
    const { agent } = await t.signIn(['admin']);
    const res = await agent.post('/api/frameworks').send({ CFDocument: {}, padding: 'x'.repeat(13_000_000) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
    expect(res.body.error.message).toMatch(/12,?288 KB/);
  });
});

describe('the package check in slices', () => {
  const base = () => syntheticCasePackage({ items: 700, statementChars: 20, prefix: 'slices' });
  const broken: [string, (p: ReturnType<typeof base>) => unknown][] = [
    ['an item past the first slice without a statement', (p) => ({ ...p, CFItems: p.CFItems.map((i, n) => (n === 612 ? { ...i, fullStatement: 7 } : i)) })],
    ['a bad document and a bad association', (p) => ({ ...p, CFDocument: { ...p.CFDocument, title: '' }, CFAssociations: p.CFAssociations.map((a, n) => (n === 300 ? { ...a, originNodeURI: null } : a)) })],
    ['items that are not a list', (p) => ({ ...p, CFItems: 'none' })],
    ['a cycle', (p) => ({ ...p, CFAssociations: [...p.CFAssociations.filter((a) => a.originNodeURI.identifier !== p.CFItems[0]!.identifier), { ...p.CFAssociations[0]!, destinationNodeURI: { identifier: p.CFItems[180]!.identifier } }] })],
    ['not an object', () => [1, 2]],
  ];
  for (const [what, breakIt] of broken) {
    it(`finds what the one-piece check finds: ${what}`, async () => {
      const json = breakIt(base());
      const whole = parseCaseFramework(json);
      const sliced = await parseCaseFrameworkInSlices(json);
      expect(whole.problems.length).toBeGreaterThan(0);
      expect(sliced.problems).toEqual(whole.problems);
      expect(sliced.framework).toBeUndefined();
    });
  }

  it('reads a valid package the same way', async () => {
    const json = base();
    const whole = parseCaseFramework(json);
    const sliced = await parseCaseFrameworkInSlices(json);
    expect(whole.framework?.items).toHaveLength(700);
    expect(sliced.framework).toEqual(whole.framework);
  });
});
