import { isScalar, parse, parseDocument } from 'yaml';

/**
 * Sets a top-level scalar of a YAML text (id, title, version) by replacing only that value's
 * characters, so the author's formatting and comments stay exactly as written (re-printing the
 * whole document would reflow flow lists and quoting). A missing key is added at the top.
 */
export function setTopLevelScalar(text: string, key: string, value: string): string {
  const doc = parseDocument(text, { keepSourceTokens: true });
  // Plain when YAML reads it back as the same string (1.1.0, stock-count); quoted otherwise (a
  // colon, a number-like or boolean-like word).
  const plainSafe = /^[^\s#:'"{}[\],&*!|>%@`][^#\n]*$/.test(value) && !/[:\s]$/.test(value) && !value.includes(': ') && parse(value) === value;
  const rendered = plainSafe ? value : JSON.stringify(value);
  const node = doc.get(key, true);
  if (isScalar(node) && node.range) {
    const [start, end] = node.range;
    return `${text.slice(0, start)}${rendered}${text.slice(end)}`;
  }
  return `${key}: ${rendered}\n${text}`;
}
