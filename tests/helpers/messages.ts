import { IntlMessageFormat } from 'intl-messageformat';

type Ast = ReturnType<IntlMessageFormat['getAst']>;

// The element type of literal text in @formatjs/icu-messageformat-parser; every other element
// with a string value names an argument ({name}, {n, plural, …}) or a tag.
const LITERAL = 0;

/** The argument names an ICU message uses, inside plural and select branches too, sorted. */
export function placeholders(message: string, locale: string): string[] {
  const found = new Set<string>();
  const walk = (ast: Ast) => {
    for (const element of ast) {
      const kind: number = element.type;
      if ('value' in element && typeof element.value === 'string' && kind !== LITERAL) found.add(element.value);
      if ('options' in element) for (const option of Object.values(element.options)) walk(option.value);
      if ('children' in element) walk(element.children);
    }
  };
  walk(new IntlMessageFormat(message, locale).getAst());
  return [...found].sort();
}
