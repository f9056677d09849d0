import i18next from 'i18next';
import { z } from 'zod';
import { ScenarioManifest } from '../../../../../server/scenarios/schema';
import { hasValueDocs, keyDoc, valueDoc } from './descriptions';

/**
 * The JSON Schema of `scenario.yaml`, generated from the zod schema the server validates with,
 * so completion and hover can never promise a key the checks then refuse. `io: 'input'` describes
 * what an author writes (defaults optional); refinements and transforms have no JSON Schema form
 * and are left to the package checks (lint), which report them as markers.
 */
export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  /** Words for each `enum`/`const` value, in the same order (VS Code's JSON Schema extension). */
  enumDescriptions?: string[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  minLength?: number;
  maxLength?: number;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  [key: string]: unknown;
};

/** Adds the descriptions of ./descriptions to every schema (and union branch) at their path. */
function annotate(schema: JsonSchema, pattern: string): void {
  const doc = keyDoc(pattern);
  if (doc && !schema.description) schema.description = doc;
  if (hasValueDocs(pattern)) {
    const listed = schema.enum ?? (schema.const !== undefined ? [schema.const] : []);
    if (listed.length > 0) schema.enumDescriptions = listed.map((v) => valueDoc(pattern, String(v)) ?? '');
  }
  for (const branch of [...(schema.oneOf ?? []), ...(schema.anyOf ?? []), ...(schema.allOf ?? [])]) annotate(branch, pattern);
  for (const [key, sub] of Object.entries(schema.properties ?? {})) annotate(sub, pattern ? `${pattern}.${key}` : key);
  if (schema.items) annotate(schema.items, `${pattern}[]`);
  if (typeof schema.additionalProperties === 'object') annotate(schema.additionalProperties, `${pattern}.*`);
}

const cached = new Map<string, JsonSchema>();

/** The manifest's JSON Schema with descriptions in the interface's language; built once per language (a few milliseconds) and shared. */
export function manifestJsonSchema(): JsonSchema {
  const language = i18next.language ?? '';
  const known = cached.get(language);
  if (known) return known;
  const schema = z.toJSONSchema(ScenarioManifest, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  schema.description = i18next.t('authoring:schema.root');
  annotate(schema, '');
  cached.set(language, schema);
  return schema;
}
