import { z } from 'zod';
import { ScenarioManifest } from '../../../../../server/scenarios/schema';
import { KEY_DOCS, VALUE_DOCS } from './descriptions';

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

/** Adds the descriptions of KEY_DOCS/VALUE_DOCS to every schema (and union branch) at their path. */
function annotate(schema: JsonSchema, pattern: string): void {
  const doc = KEY_DOCS[pattern];
  if (doc && !schema.description) schema.description = doc;
  const values = VALUE_DOCS[pattern];
  if (values) {
    const listed = schema.enum ?? (schema.const !== undefined ? [schema.const] : []);
    if (listed.length > 0) schema.enumDescriptions = listed.map((v) => values[String(v)] ?? '');
  }
  for (const branch of [...(schema.oneOf ?? []), ...(schema.anyOf ?? []), ...(schema.allOf ?? [])]) annotate(branch, pattern);
  for (const [key, sub] of Object.entries(schema.properties ?? {})) annotate(sub, pattern ? `${pattern}.${key}` : key);
  if (schema.items) annotate(schema.items, `${pattern}[]`);
  if (typeof schema.additionalProperties === 'object') annotate(schema.additionalProperties, `${pattern}.*`);
}

let cached: JsonSchema | undefined;

/** The manifest's JSON Schema with descriptions; built once (a few milliseconds) and shared. */
export function manifestJsonSchema(): JsonSchema {
  if (cached) return cached;
  const schema = z.toJSONSchema(ScenarioManifest, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  schema.description = 'scenario.yaml: the metadata, tasks, checks, rubric, competencies, events and scoring of a scenario package.';
  annotate(schema, '');
  cached = schema;
  return schema;
}
