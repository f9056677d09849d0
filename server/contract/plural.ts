/**
 * "1 piece", "2 pieces": a count with its noun in the right form, for text people read (and
 * screen readers read aloud). English only until i18n lands (Intl.PluralRules then).
 */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
