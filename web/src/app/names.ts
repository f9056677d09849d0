import { perLocale } from './locale';

const collator = perLocale((locale) => new Intl.Collator(locale, { sensitivity: 'base', numeric: true }));

/** Compares people's names as the interface's language sorts them (pinyin order in zh-CN). */
export function compareNames(a: string, b: string): number {
  return collator().compare(a, b);
}

/** Items sorted by a name, in the interface's language's order; the input is left as it was. */
export function sortByName<T>(items: readonly T[], name: (item: T) => string): T[] {
  return [...items].sort((a, b) => compareNames(name(a), name(b)));
}
