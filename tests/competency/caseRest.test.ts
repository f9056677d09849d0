import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCase } from '../../server/competency/case';
import { SHIPPED_FRAMEWORK } from '../../server/competency/framework';
import { getTestServer, type TestServer } from '../helpers/app';
import { caseId } from '../helpers/case';
import { clockStart } from '../helpers/clock';

/**
 * The CASE 1.0 REST endpoints, read as a CASE consumer reads them: anonymous callers get the
 * shared frameworks, signed-in ones every framework (as GET /api/frameworks). Every response
 * here is also held to the route's documented schema (the CASE types) by the test server.
 */
let t: TestServer;
const shipped = JSON.parse(fs.readFileSync(SHIPPED_FRAMEWORK, 'utf8')) as { CFDocument: { identifier: string; title: string }; CFItems: { identifier: string }[] };
const own = {
  CFDocument: { identifier: caseId('rest-own'), title: 'An organisation’s own framework', uri: 'https://school.example.org/uri/rest-own' },
  CFItems: [{ identifier: caseId('rest-own-1'), humanCodingScheme: 'rest.one', fullStatement: 'The one competency' }],
  CFAssociations: [],
  CFDefinitions: { CFItemTypes: [] },
};

beforeAll(async () => {
  t = await getTestServer();
  expect((await importCase(t.db, shipped, new Date(clockStart()))).problems).toEqual([]);
  const admin = await t.signIn(['admin']);
  expect((await admin.agent.post('/api/frameworks').send(own)).status).toBe(201);
});
afterAll(async () => {
  await t.close();
});

describe('CASE REST for anonymous callers', () => {
  it('lists the shared frameworks’ documents, each with its package link', async () => {
    const res = await t.agent().get('/ims/case/v1p0/CFDocuments');
    expect(res.status).toBe(200);
    expect(res.body.CFDocuments).toEqual([
      { ...shipped.CFDocument, CFPackageURI: { identifier: shipped.CFDocument.identifier, title: shipped.CFDocument.title, uri: expect.stringMatching(new RegExp(`/ims/case/v1p0/CFPackages/${shipped.CFDocument.identifier}$`)) } },
    ]);
  });

  it('serves a shared package whole, as imported, and an item with its document link', async () => {
    const pkg = await t.agent().get(`/ims/case/v1p0/CFPackages/${shipped.CFDocument.identifier}`);
    expect([pkg.status, pkg.body]).toEqual([200, shipped]);
    const item = await t.agent().get(`/ims/case/v1p0/CFItems/${shipped.CFItems[0]!.identifier}`);
    expect(item.status).toBe(200);
    expect(item.body).toEqual({ ...shipped.CFItems[0], CFDocumentURI: { identifier: shipped.CFDocument.identifier, title: shipped.CFDocument.title, uri: (shipped.CFDocument as { uri?: string }).uri } });
  });

  it('does not show an organisation’s own framework, nor its items', async () => {
    expect((await t.agent().get(`/ims/case/v1p0/CFPackages/${own.CFDocument.identifier}`)).status).toBe(404);
    expect((await t.agent().get(`/ims/case/v1p0/CFItems/${own.CFItems[0]!.identifier}`)).status).toBe(404);
    expect((await t.agent().get(`/ims/case/v1p0/CFPackages/${caseId('nowhere')}`)).body.error.code).toBe('not_found');
  });
});

describe('CASE REST for people signed in', () => {
  it('shows every framework, an organisation’s own included, whoever the reader', async () => {
    const { agent } = await t.signIn(['student']);
    const docs = (await agent.get('/ims/case/v1p0/CFDocuments')).body.CFDocuments as { identifier: string }[];
    expect(docs.map((d) => d.identifier).sort()).toEqual([shipped.CFDocument.identifier, own.CFDocument.identifier].sort());
    const pkg = await agent.get(`/ims/case/v1p0/CFPackages/${own.CFDocument.identifier}`);
    expect([pkg.status, pkg.body]).toEqual([200, own]);
    const item = await agent.get(`/ims/case/v1p0/CFItems/${own.CFItems[0]!.identifier}`);
    expect(item.body.CFDocumentURI).toEqual({ identifier: own.CFDocument.identifier, title: own.CFDocument.title, uri: own.CFDocument.uri });
  });
});
