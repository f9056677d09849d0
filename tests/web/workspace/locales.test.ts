import fs from 'node:fs';
import path from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../../web/src/app/locale';
import { flatten, type Catalog } from '../../helpers/catalogs';

/**
 * The workspace's catalogs (web/src/workspace/locales, namespace `workspace`): the same keys in
 * every locale, valid ICU with the English message's placeholders, and every key the workspace's
 * code asks for is in them (a missing key would show the key itself to a student).
 */

const FOLDER = path.resolve(import.meta.dirname, '../../../web/src/workspace');

const read = (locale: string): Catalog => flatten(JSON.parse(fs.readFileSync(path.join(FOLDER, 'locales', `${locale}.json`), 'utf8')));

type Ast = ReturnType<IntlMessageFormat['getAst']>;
const LITERAL = 0;

function placeholders(ast: Ast, found = new Set<string>()): Set<string> {
  for (const element of ast) {
    const kind: number = element.type;
    if ('value' in element && typeof element.value === 'string' && kind !== LITERAL) found.add(element.value);
    if ('options' in element) for (const option of Object.values(element.options)) placeholders(option.value, found);
    if ('children' in element) placeholders(element.children, found);
  }
  return found;
}

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'locales' ? [] : sources(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe('the workspace catalogs', () => {
  it('have the same keys in every locale', () => {
    const reference = Object.keys(read('en')).sort();
    for (const locale of LOCALES) expect(Object.keys(read(locale)).sort(), locale).toEqual(reference);
  });

  it('hold valid ICU messages with the placeholders of the English one', () => {
    const english = read('en');
    const problems: string[] = [];
    for (const locale of LOCALES) {
      for (const [key, message] of Object.entries(read(locale))) {
        if (!message.trim() || message.startsWith('<not a string')) {
          problems.push(`${locale} ${key}: empty or not a string`);
          continue;
        }
        try {
          const got = [...placeholders(new IntlMessageFormat(message, locale).getAst())].sort();
          const want = [...placeholders(new IntlMessageFormat(english[key]!, 'en').getAst())].sort();
          if (got.join() !== want.join()) problems.push(`${locale} ${key}: {${got.join(', ')}}, English has {${want.join(', ')}}`);
        } catch (error) {
          problems.push(`${locale} ${key}: not valid ICU (${(error as Error).message})`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('have every key the workspace code asks for, and no key it never uses', () => {
    const catalog = read('en');
    const asked = new Set<string>();
    const literals = new Set<string>();
    for (const file of sources(FOLDER)) {
      const text = fs.readFileSync(file, 'utf8');
      // t('a.b'), translate('a.b'), tRef.current('a.b'), i18next.t('workspace:a.b')
      for (const match of text.matchAll(/(?:\bt|translate|tRef\.current)\(\s*'(?:workspace:)?([a-zA-Z_]+\.[a-zA-Z_.]+)'/g)) asked.add(match[1]!);
      for (const match of text.matchAll(/'(?:workspace:)?([a-zA-Z_]+\.[a-zA-Z_.]+)'/g)) literals.add(match[1]!);
    }
    expect([...asked].filter((key) => !(key in catalog)), 'asked for but missing').toEqual([]);
    expect(Object.keys(catalog).filter((key) => !literals.has(key)), 'in the catalog but never named in the code').toEqual([]);
  });
});
