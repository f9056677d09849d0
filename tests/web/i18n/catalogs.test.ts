import fs from 'node:fs';
import path from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { catalogFolders } from '../../../scripts/i18n/analyse';
import { LOCALES } from '../../../web/src/app/locale';
import { flatten, type Catalog } from '../../helpers/catalogs';

/**
 * Guards the message catalogs (every web/src/**\/locales/<locale>.json: features, workspace,
 * components; and server/messages/locales): every folder has every locale, the locales have the
 * same keys, every message is valid ICU, and a translation uses exactly the placeholders of the
 * English message.
 */

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** A catalog folder by its path from the root: web/src/features/auth/locales, server/messages/locales… */
function readCatalog(folder: string, locale: string): Catalog {
  return flatten(JSON.parse(fs.readFileSync(path.join(ROOT, folder, `${locale}.json`), 'utf8')));
}

type Ast = ReturnType<IntlMessageFormat['getAst']>;

// The element type of literal text in @formatjs/icu-messageformat-parser (intl-messageformat's
// parser, whose enum is not re-exported); every other element with a string value names an
// argument ({name}, {n, plural, …}) or a tag (<b>…</b>), which must match between locales too.
const LITERAL = 0;

/** The argument and tag names a message uses, inside plural and select branches too. */
function placeholders(ast: Ast, found = new Set<string>()): Set<string> {
  for (const element of ast) {
    const kind: number = element.type;
    if ('value' in element && typeof element.value === 'string' && kind !== LITERAL) found.add(element.value);
    if ('options' in element) for (const option of Object.values(element.options)) placeholders(option.value, found);
    if ('children' in element) placeholders(element.children, found);
  }
  return found;
}

function parse(message: string, locale: string): Ast {
  return new IntlMessageFormat(message, locale).getAst();
}

const folders = catalogFolders(ROOT).map((folder) => path.relative(ROOT, folder));

describe('message catalogs', () => {
  it('exist for the shell, sign-in and the server at least', () => {
    expect(folders).toEqual(expect.arrayContaining(['web/src/features/auth/locales', 'web/src/features/shell/locales', 'server/messages/locales']));
  });

  it('have one namespace per folder name', () => {
    const names = folders.map((folder) => path.basename(path.dirname(folder)));
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  });

  it('are all loaded by the app (a glob in web/src/app/i18n.ts matches each folder)', () => {
    const i18n = fs.readFileSync(path.join(ROOT, 'web/src/app/i18n.ts'), 'utf8');
    const globs = [...i18n.matchAll(/'((?:\.\.\/)+[^']*\/locales)\/\*\.json'/g)].map((m) => path.relative(ROOT, path.resolve(ROOT, 'web/src/app', m[1]!)));
    expect(globs.length).toBeGreaterThan(0);
    const pattern = (glob: string) => new RegExp(`^${glob.replace(/[.]/g, '\\.').replace(/\*/g, '[^/]+')}$`);
    expect(folders.filter((folder) => !globs.some((glob) => pattern(glob).test(folder)))).toEqual([]);
  });

  describe.each(folders)('%s', (feature) => {
    it('has a catalog for every locale and no other', () => {
      const files = fs.readdirSync(path.join(ROOT, feature)).sort();
      expect(files).toEqual(LOCALES.map((l) => `${l}.json`).sort());
    });

    it('has the same keys in every locale', () => {
      const [first, ...others] = LOCALES;
      const reference = Object.keys(readCatalog(feature, first)).sort();
      for (const locale of others) {
        expect(Object.keys(readCatalog(feature, locale)).sort(), `${feature}: ${locale} against ${first}`).toEqual(reference);
      }
    });

    it('holds only non-empty ICU messages with the placeholders of the English one', () => {
      const english = readCatalog(feature, 'en');
      const problems: string[] = [];
      for (const locale of LOCALES) {
        for (const [key, message] of Object.entries(readCatalog(feature, locale))) {
          if (!message.trim() || message.startsWith('<not a string')) {
            problems.push(`${locale} ${key}: empty or not a string`);
            continue;
          }
          let ast: Ast;
          try {
            ast = parse(message, locale);
          } catch (error) {
            problems.push(`${locale} ${key}: not valid ICU (${(error as Error).message})`);
            continue;
          }
          const source = english[key];
          if (locale === 'en' || source === undefined) continue;
          const want = [...placeholders(parse(source, 'en'))].sort();
          const got = [...placeholders(ast)].sort();
          if (want.join() !== got.join()) problems.push(`${locale} ${key}: placeholders {${got.join(', ')}}, English has {${want.join(', ')}}`);
        }
      }
      expect(problems).toEqual([]);
    });

    it('names no <Trans> tag after a void HTML element (<link>…</link> would render an empty link)', () => {
      // react-i18next parses a translation as HTML: a void element's name closes at once, so
      // the words meant to be inside land beside it (found by axe: a link without text).
      const VOID = /<(area|base|br|col|embed|hr|img|input|link|meta|param|source|track|wbr)>/;
      const bad = LOCALES.flatMap((locale) => Object.entries(readCatalog(feature, locale)).filter(([, m]) => VOID.test(m)).map(([key]) => `${locale} ${key}`));
      expect(bad).toEqual([]);
    });
  });
});

describe('the catalog guard itself', () => {
  it('finds placeholders in plain, plural and select messages', () => {
    const ast = parse('{name} has {count, plural, one {# task} other {# tasks}} {role, select, lead {as {title}} other {}}', 'en');
    expect([...placeholders(ast)].sort()).toEqual(['count', 'name', 'role', 'title']);
  });

  it('rejects a broken ICU message', () => {
    expect(() => parse('{count, plural, one {# task}', 'en')).toThrow();
  });
});
