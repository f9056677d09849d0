import { intlLocale } from './locale';

const collators = new Map<string, Intl.Collator>();

/** Compares people's names as the interface's language sorts them (pinyin order in zh-CN). */
export function compareNames(a: string, b: string): number {
  const locale = intlLocale();
  let collator = collators.get(locale);
  if (!collator) collators.set(locale, (collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true })));
  return collator.compare(a, b);
}

/** Items sorted by a name, in the interface's language's order; the input is left as it was. */
export function sortByName<T>(items: readonly T[], name: (item: T) => string): T[] {
  return [...items].sort((a, b) => compareNames(name(a), name(b)));
}
