import { IntlMessageFormat } from 'intl-messageformat';

/**
 * Translation catalogs compiled at build time (issue 18): the ICU parser (with its number and
 * date skeleton parsers) was a third of the sign-in page's i18n code, run in every browser on
 * every message. Vite (vite.config.ts) hands the browser each catalog with its ICU messages
 * already parsed; web/src/app/icuFormat.ts formats them without a parser.
 *
 * A message that is plain text stays a string (its '' escapes undone); any other becomes
 * COMPILED_MARK followed by its syntax tree as JSON, still a string, so i18next stores, falls
 * back and checks `exists` as before.
 */
export const COMPILED_MARK = '\u0001';

/** The options i18next-icu gave the parser in the browser: tags are react-i18next's <Trans> business. */
const PARSE_OPTIONS = { ignoreTag: true, requiresOtherClause: true } as const;

/** The parser's element type of literal text (its enum is not re-exported by intl-messageformat). */
const LITERAL = 0;

export function compileMessage(message: string): string {
  // The parser, through intl-messageformat (the package that depends on it); the language only matters when formatting.
  const ast = new IntlMessageFormat(message, 'en', undefined, PARSE_OPTIONS).getAst();
  if (ast.length === 0) return '';
  const [first] = ast;
  if (ast.length === 1 && first && (first.type as number) === LITERAL && 'value' in first) return String(first.value);
  return COMPILED_MARK + JSON.stringify(ast);
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
