import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { competencyIndex, syncShippedFramework, type CasePackage } from '../../server/competency/case';
import { loadFrameworkFile, parseCaseFramework, SHIPPED_FRAMEWORK } from '../../server/competency/framework';
import { inLocale, localeFromHeader } from '../../server/http/locale';
import { getTestServer } from '../helpers/app';
import { clockStart } from '../helpers/clock';

describe('the shipped CASE framework', () => {
  const framework = loadFrameworkFile();

  it('builds a tree from isChildOf associations', () => {
    expect(framework.byCode.get('js.debugging')).toMatchObject({ parentCode: 'software', title: 'Debugging' });
    expect(framework.byCode.get('software')!.parentCode).toBeNull();
    expect(framework.items.every((i) => i.parentCode === null || framework.byCode.has(i.parentCode))).toBe(true);
  });

  it('rejects a malformed package naming the item and field', () => {
    const { framework: f, problems } = parseCaseFramework({
      CFDocument: { identifier: 'doc', title: 'T' },
      CFItems: [{ identifier: 'a', fullStatement: 'A' }],
    });
    expect(f).toBeUndefined();
    expect(problems).toEqual(['CFItems[0] (identifier a) humanCodingScheme: Invalid input: expected string, received undefined']);
  });

  it('rejects associations to unknown items and duplicate codes', () => {
    const { problems } = parseCaseFramework({
      CFDocument: { identifier: 'doc', title: 'T' },
      CFItems: [
        { identifier: 'a', humanCodingScheme: 'x', fullStatement: 'A' },
        { identifier: 'b', humanCodingScheme: 'x', fullStatement: 'B' },
      ],
      CFAssociations: [{ identifier: 'l', associationType: 'isChildOf', originNodeURI: { identifier: 'zz' }, destinationNodeURI: { identifier: 'doc' } }],
    });
    expect(problems).toEqual(['CFAssociations l: origin zz is not a CFItem', 'CFItems b: humanCodingScheme x is used twice']);
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
