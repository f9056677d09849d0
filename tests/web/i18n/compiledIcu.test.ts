import fs from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import ICU from 'i18next-icu';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { catalogFolders } from '../../../scripts/i18n/analyse';
import { COMPILED_MARK as BUILD_MARK, compileCatalog, compileMessage } from '../../../scripts/web/icuCatalogs';
import { COMPILED_MARK, CompiledIcu, expandTree } from '../../../web/src/app/icuFormat';
import { LOCALES } from '../../../web/src/app/locale';
import { flatten } from '../../helpers/catalogs';

/**
 * The catalogs the browser gets are compiled at build time (scripts/web/icuCatalogs.ts) and
 * formatted without a parser (web/src/app/icuFormat.ts): every message of every catalog must
 * read exactly as i18next-icu, which formats the source, makes it, for every branch it has.
 */

const ROOT = path.resolve(import.meta.dirname, '../../..');
type Ast = ReturnType<IntlMessageFormat['getAst']>;
type Values = Record<string, string | number>;
// The parser's element types (its enum is not re-exported by intl-messageformat).
const LITERAL = 0;
const NUMBER = 2;

/** Values that visit every branch: each select option (and one none names), plural counts 0, 1, 2, 5, 21. */
function valueSets(ast: Ast): Values[] {
  const sets: Values[] = [{}];
  const visit = (elements: Ast) => {
    for (const element of elements) {
      if (!('value' in element) || typeof element.value !== 'string' || (element.type as number) === LITERAL) continue;
      const name = element.value;
      const options = 'options' in element ? Object.keys(element.options) : [];
      const isPlural = 'pluralType' in element;
      const choices: (string | number)[] = isPlural ? [0, 1, 2, 5, 21] : options.length > 0 ? [...options, 'none-of-these'] : (element.type as number) === NUMBER ? [1234.5] : ['Ann'];
      for (const set of [...sets]) for (const choice of choices) if (!(name in set)) sets.push({ ...set, [name]: choice });
      for (const option of Object.values('options' in element ? element.options : {})) visit(option.value);
    }
  };
  visit(ast);
  // Every set names every argument (the first sets lack the later ones); the complete ones are enough.
  const names = new Set(sets.flatMap((set) => Object.keys(set)));
  return sets.filter((set) => Object.keys(set).length === names.size).slice(0, 30);
}

describe('compiled catalogs', () => {
  it('the build and the browser agree on the mark of a compiled message', () => {
    expect(COMPILED_MARK).toBe(BUILD_MARK);
  });

  it('keeps plain text as text, undoing ICU quoting, and compiles anything with arguments', () => {
    expect(compileMessage('Sign in')).toBe('Sign in');
    expect(compileMessage("Don't")).toBe("Don't");
    expect(compileMessage("It''s '{'literal'}'")).toBe("It's {literal}");
    expect(compileMessage('<0>Read</0> the guide')).toBe('<0>Read</0> the guide');
    expect(compileMessage('Hello {name}').startsWith(COMPILED_MARK)).toBe(true);
    expect(() => compileCatalog({ a: { b: 'Broken {name' } }, 'x.json')).toThrow(/x\.json\.a\.b/);
  });

  it('formats every message of every catalog as i18next-icu does, in every branch', () => {
    const icu = new CompiledIcu();
    let checked = 0;
    for (const folder of catalogFolders(ROOT)) {
      for (const locale of LOCALES) {
        const messages = flatten(JSON.parse(fs.readFileSync(path.join(folder, `${locale}.json`), 'utf8')));
        for (const [key, source] of Object.entries(messages)) {
          const reference = new IntlMessageFormat(source, locale, undefined, { ignoreTag: true });
          const compiled = compileMessage(source);
          // The compact tree expands to the parser's own tree, element for element.
          if (compiled.startsWith(COMPILED_MARK)) expect(expandTree(JSON.parse(compiled.slice(1)) as unknown[]), key).toEqual(reference.getAst());
          for (const values of valueSets(reference.getAst())) {
            const where = `${path.relative(ROOT, folder)}/${locale}.json ${key} ${JSON.stringify(values)}`;
            expect(icu.parse(compiled, values, locale), where).toBe(reference.format(values));
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('works in i18next like i18next-icu: plurals, values in `replace`, fallbacks, missing keys', async () => {
    const source = {
      en: { ns: { files: '{count, plural, one {# file} other {# files}} by {name}', plain: "Don''t panic", onlyEn: 'Only {what}' } },
      'zh-CN': { ns: { files: '{name} 的 {count} 个文件', plain: '别慌' } },
    };
    const compiled = { en: { ns: compileCatalog(source.en.ns) }, 'zh-CN': { ns: compileCatalog(source['zh-CN'].ns) } };
    const make = async (resources: object, plugin: object) => {
      const instance = i18next.createInstance();
      await instance.use(plugin as never).init({ lng: 'en', fallbackLng: 'en', ns: ['ns'], defaultNS: 'ns', resources: resources as never, interpolation: { escapeValue: false } });
      return instance;
    };
    const withIcu = await make(source, ICU);
    const withCompiled = await make(compiled, new CompiledIcu());
    for (const lng of ['en', 'zh-CN']) {
      await withIcu.changeLanguage(lng);
      await withCompiled.changeLanguage(lng);
      for (const [key, options] of [
        ['files', { count: 1, name: 'Ann' }],
        ['files', { count: 3, replace: { name: 'Bo' } }],
        ['plain', {}],
        ['onlyEn', { what: 'English' }],
        ['missing.key', {}],
      ] as const) {
        expect(withCompiled.t(key, options), `${lng} ${key}`).toBe(withIcu.t(key, options));
      }
    }
    expect(withCompiled.t('files', { count: 1, name: 'Ann', lng: 'en' })).toBe('1 file by Ann');
  });
});
