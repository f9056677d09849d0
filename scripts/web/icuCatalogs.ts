import { IntlMessageFormat } from 'intl-messageformat';

/**
 * Translation catalogs compiled at build time (issue 18): the ICU parser (with its number and
 * date skeleton parsers) was a third of the sign-in page's i18n code, run in every browser on
 * every message. Vite (vite.config.ts) hands the browser each catalog with its ICU messages
 * already parsed; web/src/app/icuFormat.ts formats them without a parser.
 *
 * A message that is plain text stays a string (its '' escapes undone); any other becomes
 * COMPILED_MARK followed by its syntax tree as compact JSON (below), still a string, so i18next
 * stores, falls back and checks `exists` as before.
 *
 * The compact tree, a third of the parser's JSON: literal text is a string; an argument
 * `[type, name]` (with `, style` for number, date and time); a select `[5, name, {option: tree}]`;
 * a plural `[6, name, {option: tree}, offset, 1 if ordinal]`; `#` is `[7]`; anything else (a
 * number skeleton) stays the parser's own object. icuFormat.ts expands it again.
 */
export const COMPILED_MARK = '\u0001';

type Ast = ReturnType<IntlMessageFormat['getAst']>;

export function compactTree(ast: Ast): unknown[] {
  return ast.map((element): unknown => {
    const type = element.type as number;
    if (type === LITERAL && 'value' in element) return element.value;
    if (type === POUND) return [POUND];
    if ('options' in element && 'value' in element) {
      const options = Object.fromEntries(Object.entries(element.options).map(([key, option]) => [key, compactTree(option.value)]));
      if (type === SELECT) return [SELECT, element.value, options];
      if (type === PLURAL && 'pluralType' in element) return [PLURAL, element.value, options, element.offset, element.pluralType === 'ordinal' ? 1 : 0];
    }
    if (type >= ARGUMENT && type <= TIME && 'value' in element) {
      if (!('style' in element)) return [type, element.value];
      if (element.style === null || typeof element.style === 'string') return [type, element.value, element.style];
    }
    return element;
  });
}

/** The options i18next-icu gave the parser in the browser: tags are react-i18next's <Trans> business. */
const PARSE_OPTIONS = { ignoreTag: true, requiresOtherClause: true } as const;

// The parser's element types (its enum is not re-exported by intl-messageformat).
const LITERAL = 0;
const ARGUMENT = 1;
const TIME = 4;
const SELECT = 5;
const PLURAL = 6;
const POUND = 7;

export function compileMessage(message: string): string {
  // The parser, through intl-messageformat (the package that depends on it); the language only matters when formatting.
  const ast = new IntlMessageFormat(message, 'en', undefined, PARSE_OPTIONS).getAst();
  if (ast.length === 0) return '';
  const [first] = ast;
  if (ast.length === 1 && first && (first.type as number) === LITERAL && 'value' in first) return String(first.value);
  return COMPILED_MARK + JSON.stringify(compactTree(ast));
}

/** Every string of a catalog (nested groups of messages) compiled; a message that does not parse names its key. */
export function compileCatalog(catalog: unknown, where = ''): unknown {
  if (typeof catalog === 'string') {
    try {
      return compileMessage(catalog);
    } catch (error) {
      throw new Error(`${where}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
  if (Array.isArray(catalog)) return catalog.map((item, i) => compileCatalog(item, `${where}[${i}]`));
  if (catalog !== null && typeof catalog === 'object') {
    return Object.fromEntries(Object.entries(catalog).map(([key, value]) => [key, compileCatalog(value, where ? `${where}.${key}` : key)]));
  }
  return catalog;
}
