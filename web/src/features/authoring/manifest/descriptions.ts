import i18next from 'i18next';

/**
 * What each key of `scenario.yaml` means, in words for enterprise technicians, in the reader's
 * language: the authoring catalog's `schema.keys` and `schema.values`, keyed by the path pattern
 * the JSON Schema walk produces (`tasks[].checks[].kind`; `[]` an array item, `*` any key of a
 * map) with its dots written as slashes (a dot separates catalog keys). Kept apart from
 * server/scenarios/schema.ts so the validation schema stays lean; a key missing from the catalog
 * simply has no description.
 */
const catalogKey = (pattern: string) => pattern.replaceAll('.', '/');

function text(id: string): string | undefined {
  return i18next.exists(id) ? i18next.t(id) : undefined;
}

/** The description of the key at `pattern`, e.g. `tasks[].checks[].kind`. */
export function keyDoc(pattern: string): string | undefined {
  return text(`authoring:schema.keys.${catalogKey(pattern)}`);
}

/** Words for one allowed value of the key at `pattern`, e.g. `js` of `tasks[].checks[].kind`. */
export function valueDoc(pattern: string, value: string): string | undefined {
  return text(`authoring:schema.values.${catalogKey(pattern)}.${value}`);
}

/** Whether the key at `pattern` has words for its values. */
export function hasValueDocs(pattern: string): boolean {
  return i18next.exists(`authoring:schema.values.${catalogKey(pattern)}`);
}
