import type { i18n as I18n, I18nFormatModule } from 'i18next';
import { IntlMessageFormat } from 'intl-messageformat';

/**
 * i18next's ICU formatting for catalogs compiled at build time (scripts/web/icuCatalogs.ts): the
 * browser gets syntax trees, not ICU source, so it needs no parser (vite.config.ts leaves the
 * parser out of the bundle). Same results as i18next-icu, which the unit tests still use.
 */

/** Must equal COMPILED_MARK in scripts/web/icuCatalogs.ts (a test checks). */
export const COMPILED_MARK = '\u0001';

type Values = Record<string, unknown> & { replace?: unknown };
type Ast = ReturnType<IntlMessageFormat['getAst']>;

/** The compact tree of scripts/web/icuCatalogs.ts back to intl-messageformat's syntax tree. */
export function expandTree(items: unknown[]): Ast {
  return items.map((item) => {
    if (typeof item === 'string') return { type: 0, value: item };
    if (!Array.isArray(item)) return item;
    const [type, value, a, b, c] = item as [number, string, unknown, unknown, unknown];
    const options = () => Object.fromEntries(Object.entries(a as Record<string, unknown[]>).map(([key, tree]) => [key, { value: expandTree(tree) }]));
    if (type === 5) return { type, value, options: options() };
    if (type === 6) return { type, value, options: options(), offset: b, pluralType: c ? 'ordinal' : 'cardinal' };
    if (type === 7) return { type };
    return item.length > 2 ? { type, value, style: a } : { type, value };
  }) as Ast;
}

export class CompiledIcu implements I18nFormatModule {
  readonly type = 'i18nFormat';
  /** One formatter per language and message: building one costs more than formatting. */
  private formatters = new Map<string, IntlMessageFormat>();

  init(i18next: I18n): void {
    // A new language needs new formatters; the old ones would only take memory.
    i18next.on('languageChanged', () => this.formatters.clear());
  }

  parse(res: unknown, options: Values | undefined, lng: string): unknown {
    // Plain text was unescaped at build time; a key without a message is shown as the key.
    if (typeof res !== 'string' || !res.startsWith(COMPILED_MARK)) return res;
    const id = `${lng}\u0000${res}`;
    let formatter = this.formatters.get(id);
    if (!formatter) {
      const ast = expandTree(JSON.parse(res.slice(1)) as unknown[]);
      formatter = new IntlMessageFormat(ast, lng, undefined, { ignoreTag: true });
      this.formatters.set(id, formatter);
    }
    // Like i18next, values may also come in a `replace` object.
    const values = options?.replace && typeof options.replace === 'object' ? { ...options, ...options.replace } : options;
    try {
      return formatter.format(values as Record<string, string>);
    } catch (error) {
      // A missing value: i18next-icu showed the message unformatted too, rather than break the page.
      console.error('Message could not be formatted', error);
      return res;
    }
  }
}
