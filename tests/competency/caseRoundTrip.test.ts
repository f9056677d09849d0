import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCase, importCase } from '../../server/competency/case';
import { getTestServer, type TestServer } from '../helpers/app';
import { caseId, caseItem, childOf } from '../helpers/case';
import { clockStart } from '../helpers/clock';

/** JSON with every object's keys sorted: "equal as JSON after key ordering". */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );

const at = '2026-11-01T00:00:00+00:00';
const link = (name: string, title = name) => ({ identifier: caseId(name), uri: `https://frameworks.example.org/uri/${caseId(name)}`, title });

/**
 * A package with every part CASE 1.0 has: definitions of each kind, a rubric with criteria and
 * levels, items without a code and with a repeated one, associations of several types, one of
 * them to a node in another framework.
 */
function fullPackage(code = 'RT') {
  const p = code.toLowerCase();
  const doc = { identifier: caseId(`${p}-doc`), uri: link(`${p}-doc`).uri, creator: 'Round Trip Board', title: 'Round-trip framework', lastChangeDateTime: at, subjectURI: [link('subject')], licenseURI: link('license') };
  const items = [
    { identifier: caseId(`${p}-area`), uri: link(`${p}-area`).uri, fullStatement: 'An area without a code', CFItemType: 'Area', CFItemTypeURI: link('item-type', 'Area'), lastChangeDateTime: at },
    { identifier: caseId(`${p}-a`), uri: link(`${p}-a`).uri, humanCodingScheme: `${code}.1`, fullStatement: 'First', conceptKeywords: ['one'], conceptKeywordsURI: link('concept'), educationLevel: ['09'], lastChangeDateTime: at },
    { identifier: caseId(`${p}-b`), uri: link(`${p}-b`).uri, humanCodingScheme: `${code}.1`, fullStatement: 'Second, with the same code', lastChangeDateTime: at },
  ];
  const associations = [
    childOf(`${p}-1`, caseId(`${p}-area`), doc.identifier, 1),
    childOf(`${p}-2`, caseId(`${p}-a`), caseId(`${p}-area`), 1),
    childOf(`${p}-3`, caseId(`${p}-b`), caseId(`${p}-area`), 2),
    { ...childOf(`${p}-4`, caseId(`${p}-a`), caseId(`${p}-b`)), associationType: 'precedes', CFAssociationGroupingURI: link('grouping') },
    { ...childOf(`${p}-5`, caseId(`${p}-b`), 'elsewhere'), associationType: 'exactMatchOf', destinationNodeURI: { identifier: 'elsewhere', uri: 'https://other.example.org/uri/elsewhere', title: 'Elsewhere' } },
  ];
  const definition = (name: string, extra: Record<string, unknown>) => ({ ...link(name), lastChangeDateTime: at, ...extra });
  return {
    CFDocument: doc,
    CFItems: items,
    CFAssociations: associations,
    CFDefinitions: {
      CFConcepts: [definition('concept', { keywords: 'one', hierarchyCode: '1' })],
      CFSubjects: [definition('subject', { hierarchyCode: '1', description: 'A subject' })],
      CFLicenses: [definition('license', { licenseText: 'CC BY 4.0' })],
      CFItemTypes: [definition('item-type', { description: 'Area', hierarchyCode: '1', typeCode: 'area' })],
      CFAssociationGroupings: [definition('grouping', { description: 'Order of learning' })],
    },
    CFRubrics: [
      {
        ...link('rubric'),
        lastChangeDateTime: at,
        description: 'How well',
        CFRubricCriteria: [
          {
            ...link('criterion'),
            lastChangeDateTime: at,
            category: 'Quality',
            CFItemURI: link(`${p}-a`, 'First'),
            weight: 0.5,
            position: 1,
            rubricId: caseId('rubric'),
            CFRubricCriterionLevels: [{ ...link('level'), lastChangeDateTime: at, quality: 'Good', score: 3, position: 1, rubricCriterionId: caseId('criterion') }],
          },
        ],
      },
    ],
  };
}

/**
 * Real published packages, from other projects' public files. They live outside this
 * repository (in the workplace's shared folder, `case-fixtures/`, with a README saying where
 * each came from), so this part runs where that folder is.
 */
const FIXTURES = [process.env.CASE_FIXTURES, path.resolve(import.meta.dirname, '../../../shared/case-fixtures')].find((dir) => dir && fs.existsSync(dir));

let t: TestServer;
const now = new Date(clockStart());

beforeAll(async () => {
  t = await getTestServer();
});
afterAll(async () => {
  await t.close();
});

describe('CASE round trip', () => {
  it('gives back document, items, associations, definitions and rubrics as imported', async () => {
    const pkg = fullPackage();
    const { framework, problems } = await importCase(t.db, pkg, now);
    expect(problems).toEqual([]);
    expect(canonical(await exportCase(t.db, framework!.id))).toBe(canonical(pkg));
    // Items without a code show the first 8 digits of their identifier; repeated codes stay.
    const codes = await t.db('framework_items').where({ framework_id: framework!.id }).orderBy('position').pluck('code');
    expect(codes).toEqual([caseId('rt-area').slice(0, 8), 'RT.1', 'RT.1']);
  });

  it('round-trips through the HTTP import and export an organisation admin uses', async () => {
    const admin = await t.signIn(['admin']);
    // An organisation's codes must be its own (codes still name competencies platform-wide).
    const pkg = fullPackage('HTTP');
    const created = await admin.agent.post('/api/frameworks').send(pkg);
    expect(created.status).toBe(201);
    const exported = await admin.agent.get(`/api/frameworks/${created.body.framework.id}/case`);
    expect(canonical(exported.body)).toBe(canonical(pkg));
  });
});

describe('what CASE sets no limit on', () => {
  it('accepts a long humanCodingScheme, shown cut and exported whole', async () => {
    const admin = await t.signIn(['admin']);
    const long = await admin.agent.post('/api/frameworks').send({ CFDocument: { identifier: caseId('long'), title: 'Long' }, CFItems: [{ ...caseItem('long.x'), humanCodingScheme: 'x'.repeat(101) }] });
    expect(long.status).toBe(201);
    const exported = await admin.agent.get(`/api/frameworks/${long.body.framework.id}/case`);
    expect(exported.body.CFItems[0].humanCodingScheme).toBe('x'.repeat(101));
    expect((await t.db('framework_items').where({ framework_id: long.body.framework.id }).first('code')).code).toBe(`${'x'.repeat(99)}…`);
  });
});

describe.skipIf(!FIXTURES)('real CASE packages', () => {
  const files = FIXTURES ? fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.json')) : [];

  it('has packages from at least three publishers', () => {
    const creators = new Set(files.map((f) => (JSON.parse(fs.readFileSync(path.join(FIXTURES!, f), 'utf8')) as { CFDocument: { creator: string } }).CFDocument.creator));
    expect(creators.size).toBeGreaterThanOrEqual(3);
  });

  it.each(files)('%s imports and exports equal as JSON', async (file) => {
    const pkg: unknown = JSON.parse(fs.readFileSync(path.join(FIXTURES!, file), 'utf8'));
    const { framework, problems } = await importCase(t.db, pkg, now);
    expect(problems).toEqual([]);
    expect(canonical(await exportCase(t.db, framework!.id))).toBe(canonical(pkg));
  });
});
