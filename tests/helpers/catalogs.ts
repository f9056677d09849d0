/** A message catalog as i18next reads it: dotted keys to messages. */
export type Catalog = Record<string, string>;

/** Nested JSON to dotted keys, as i18next reads them; a non-string leaf is reported as a value. */
export function flatten(node: unknown, prefix = '', out: Catalog = {}): Catalog {
  if (node && typeof node === 'object' && !Array.isArray(node)) {
    for (const [key, value] of Object.entries(node)) flatten(value, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out[prefix] = typeof node === 'string' ? node : `<not a string: ${JSON.stringify(node)}>`;
  }
  return out;
}
