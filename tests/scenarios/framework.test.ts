import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { competencyIndex, importCase, syncShippedFramework, type CasePackage } from '../../server/competency/case';
import { competencyLookup } from '../../server/authoring/repo';
import { lintPackage } from '../../server/scenarios/lint';
import { manifestFor } from '../helpers/scenario';
import { loadFrameworkFile, parseCaseFramework, SHIPPED_FRAMEWORK } from '../../server/competency/framework';
import { inLocale, localeFromHeader } from '../../server/http/locale';
import { getTestServer } from '../helpers/app';
import { clockStart } from '../helpers/clock';
import { caseId, caseItem, childOf } from '../helpers/case';

describe('the shipped CASE framework', () => {
  const framework = loadFrameworkFile();

  it('builds a tree from isChildOf associations', () => {
    const software = framework.byCode.get('software')!;
    expect(framework.byCode.get('js.debugging')).toMatchObject({ parentIdentifier: software.identifier, title: 'Debugging' });
    expect(software.parentIdentifier).toBeNull();
    const ids = new Set(framework.items.map((i) => i.identifier));
    expect(framework.items.every((i) => i.parentIdentifier === null || ids.has(i.parentIdentifier))).toBe(true);
  });
});

describe('CASE 1.0 validation, nothing stricter', () => {
  const doc = { identifier: caseId('doc'), title: 'T' };

  it('accepts what CASE 1.0 allows: no humanCodingScheme, repeated codes, no items, external association ends', () => {
    const bare = { identifier: caseId('bare'), fullStatement: 'An item without a code', abbreviatedStatement: 'Bare' };
    const { framework, problems } = parseCaseFramework({
      CFDocument: doc,
      CFItems: [bare, caseItem('x'), { ...caseItem('x-again'), humanCodingScheme: 'x' }],
      CFAssociations: [
        childOf('1', bare.identifier, doc.identifier),
        { ...childOf('2', caseId('x'), 'elsewhere'), associationType: 'exactMatchOf', destinationNodeURI: { identifier: 'elsewhere', uri: 'https://example.org/uri/elsewhere', title: 'Elsewhere' } },
      ],
    });
    expect(problems).toEqual([]);
    // The display code of an item without one: the first 8 hexadecimal digits of its identifier.
    expect(framework!.items.map((i) => [i.code, i.title])).toEqual([
      [bare.identifier.slice(0, 8), 'Bare'],
      ['x', 'x'],
      ['x', 'x-again'],
    ]);
    expect(parseCaseFramework({ CFDocument: doc }).problems).toEqual([]);
    expect(parseCaseFramework({ CFDocument: doc, CFItems: [], CFAssociations: [] }).framework!.items).toEqual([]);
  });

  it('rejects a malformed package naming the item and field', () => {
    const { framework: f, problems } = parseCaseFramework({ CFDocument: doc, CFItems: [{ identifier: 'a', fullStatement: 'A' }, { identifier: caseId('b') }] });
    expect(f).toBeUndefined();
    expect(problems).toEqual([
      'CFItems[0] (identifier a) identifier: must be a UUID (8-4-4-4-12 hexadecimal digits)',
      `CFItems[1] (identifier ${caseId('b')}) fullStatement: Invalid input: expected string, received undefined`,
    ]);
  });

  it('refuses an association type CASE 1.0 does not have, listing the valid ones', () => {
    const { problems } = parseCaseFramework({ CFDocument: doc, CFItems: [caseItem('a'), caseItem('b')], CFAssociations: [{ ...childOf('f', caseId('a'), caseId('b')), associationType: 'isFriendOf' }] });
    expect(problems).toEqual([
      `CFAssociations ${caseId('association:f')}: associationType isFriendOf is not one of CASE 1.0's types (isChildOf, isPeerOf, isPartOf, exactMatchOf, precedes, isRelatedTo, replacedBy, exemplar, hasSkillLevel)`,
    ]);
  });

  it('refuses association ends that are neither in the package nor external with a uri, and repeated identifiers', () => {
    const { problems } = parseCaseFramework({
      CFDocument: doc,
      CFItems: [caseItem('a'), caseItem('a')],
      CFAssociations: [{ ...childOf('l', 'zz', doc.identifier), originNodeURI: { identifier: 'zz' } }],
    });
    expect(problems).toEqual([
      `CFItems ${caseId('a')}: identifier is used twice`,
      `CFAssociations ${caseId('association:l')}: zz is neither the document nor an item of this package, and has no uri saying where it is`,
    ]);
  });
});

describe('a framework in more than one language', () => {
  it('carries Chinese titles in CASE extensions, and the request’s language chooses', async () => {
    const framework = loadFrameworkFile();
    expect(framework.titles['zh-CN']).toBe('Practicum 职业能力框架');
    expect(framework.byCode.get('js.debugging')!.translations['zh-CN']).toEqual({
      title: '调试',
      statement: '根据现象找到现有 JavaScript 代码中缺陷的原因并修复，不影响其他功能。',
    });
    // Every shipped competency reads in both languages.
    expect(framework.items.filter((i) => !i.translations['zh-CN'])).toEqual([]);

    const t = await getTestServer();
    try {
      await syncShippedFramework(t.db, JSON.parse(fs.readFileSync(SHIPPED_FRAMEWORK, 'utf8')) as CasePackage, new Date(clockStart()));
      expect((await competencyIndex(t.db, 'zh-CN')).get('sql.join')).toMatchObject({ title: '表连接', framework: 'Practicum 职业能力框架' });
      expect((await competencyIndex(t.db, 'en')).get('sql.join')).toMatchObject({ title: 'Joining', framework: 'Practicum vocational competencies' });
      expect((await inLocale('zh-CN', () => competencyIndex(t.db))).get('sql.join')!.title).toBe('表连接');

      const { agent } = await t.signIn(['teacher']);
      const zh = await agent.get('/api/frameworks').set('Accept-Language', 'zh-CN,zh;q=0.9,en;q=0.8');
      expect(zh.body.frameworks ?? zh.body).toEqual(expect.arrayContaining([expect.objectContaining({ title: 'Practicum 职业能力框架' })]));
      const en = await agent.get('/api/frameworks').set('Accept-Language', 'fr-FR, en;q=0.5');
      expect(en.body.frameworks ?? en.body).toEqual(expect.arrayContaining([expect.objectContaining({ title: 'Practicum vocational competencies' })]));
    } finally {
      await t.close();
    }
  });

  it('reads Accept-Language by quality, any Chinese as zh-CN', () => {
    expect(localeFromHeader('zh-TW')).toBe('zh-CN');
    expect(localeFromHeader('de, en;q=0.3, zh;q=0.8')).toBe('zh-CN');
    expect(localeFromHeader('fr')).toBeNull();
    expect(localeFromHeader(undefined)).toBeNull();
  });
});

describe('a code two frameworks share', () => {
  it('makes a scenario that names it alone fail the package check, naming both frameworks', async () => {
    const t = await getTestServer();
    try {
      await syncShippedFramework(t.db, JSON.parse(fs.readFileSync(SHIPPED_FRAMEWORK, 'utf8')) as CasePackage, new Date(clockStart()));
      // Shared frameworks (imported by the platform) are not held to codes of their own.
      const other = { CFDocument: { identifier: caseId('other-board'), title: 'Another board' }, CFItems: [caseItem('js.debugging', 'Debugging, as another board words it')] };
      expect((await importCase(t.db, other, new Date(clockStart()))).problems).toEqual([]);
      const lookup = await competencyLookup(t.db);
      const task = { id: 't', title: 'T', instructions: 'tasks/t.md', rubric: [{ id: 'r', title: 'R', points: 1, levels: [{ score: 0, text: 'a' }, { score: 1, text: 'b' }], competencies: { 'sql.query': 1 } }] };
      expect(lookup.ambiguous?.get('js.debugging')).toEqual(['Another board', 'Practicum vocational competencies']);
      const files = new Map(Object.entries({ 'scenario.yaml': stringify(manifestFor('shared-code', [task])), 'brief.md': '#', 'tasks/t.md': '#', 'workspace/a.js': '', 'solution/a.js': '' }));
      const { problems } = lintPackage('shared-code', files, lookup);
      const ambiguous = problems.filter((p) => p.key === 'scenario.competency.ambiguous');
      expect(ambiguous).toEqual([
        expect.objectContaining({
          path: 'competencies[0]',
          message: 'competency "js.debugging" is a code in more than one framework (Another board, Practicum vocational competencies), so it does not say which competency it means',
        }),
      ]);
    } finally {
      await t.close();
    }
  });
});
