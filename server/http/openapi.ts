import { z } from 'zod';
import { SESSION_COOKIE } from '../accounts/sessions';
import { ERROR_STATUS, type ErrorCode } from './errors';
import { describeAccess } from './policy';
import type { AnyRoute } from './routes';

/**
 * The OpenAPI 3.1 document of the HTTP API, generated from the route table: the table already
 * holds every route's path, access rule and zod schemas, so the document cannot say anything the
 * code does not do. Inputs are described as a client sends them (zod's `io: 'input'`: a coerced
 * query number is a number, a default makes a field optional); responses as the server sends them
 * (`io: 'output'`), which the test suite holds every real response to (mountRoutes under test).
 */

type JsonSchema = Record<string, unknown>;
export type OpenApiDocument = {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  tags: { name: string }[];
  paths: Record<string, Record<string, JsonSchema>>;
  security: Record<string, string[]>[];
  components: { schemas: Record<string, JsonSchema>; responses: Record<string, JsonSchema>; securitySchemes: Record<string, JsonSchema> };
};

const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

/** The one error shape (server/http/errors.ts `ErrorBody`), as JSON clients see it. */
export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string().meta({ description: 'The message in English; `key` and `params` name it for other languages.' }),
    key: z.string().optional(),
    params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    details: z.unknown().optional().meta({ description: 'For validation_failed: one entry per bad field ({field, message, key}).' }),
  }),
});

const SCHEMA_REF = '#/components/schemas/';
const UNSAFE = new Set(['post', 'put', 'patch', 'delete']);

/** `/api/users/:id` → `/api/users/{id}`. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** A stable name from method and path: `GET /api/users/:id/memberships` → `getUsersByIdMemberships`. */
export function operationIdOf(r: Pick<AnyRoute, 'method' | 'path'>): string {
  const words = r.path
    .replace(/^\/api\//, '')
    .split('/')
    .filter(Boolean)
    .flatMap((segment) => (segment.startsWith(':') ? ['by', segment.slice(1)] : segment.split(/[^A-Za-z0-9]+/)));
  return r.method + words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

const tagOf = (path: string): string => path.replace(/^\/api\//, '').split('/')[0] || 'api';

export function buildOpenApi(routes: AnyRoute[], info: { title: string; version: string; description: string }): OpenApiDocument {
  const inputs = new Map<z.ZodType, string>();
  const outputs = new Map<z.ZodType, string>([[ErrorBodySchema, 'Error']]);
  const name = (registry: Map<z.ZodType, string>, schema: z.ZodType, fallback: string): string => {
    if (!registry.has(schema)) registry.set(schema, fallback);
    return registry.get(schema)!;
  };

  const paths: OpenApiDocument['paths'] = {};
  for (const r of routes) {
    const opId = operationIdOf(r);
    const operation: JsonSchema = {
      operationId: opId,
      summary: r.summary,
      description: accessText(r),
      tags: [tagOf(r.path)],
      // A person's session everywhere it is not public; an API token (Bearer) only where the route names its scopes.
      ...(r.access.kind === 'public' ? { security: [] } : r.tokenScopes?.length ? { security: [{ cookieSession: [] }, { apiToken: [...r.tokenScopes] }] } : {}),
      parameters: parameters(r),
    };
    if (r.rawBody) {
      operation.requestBody = { required: true, description: `The file's bytes, up to ${r.rawBody}.`, content: { 'application/octet-stream': {} } };
    } else if (r.body) {
      const ref = { $ref: SCHEMA_REF + name(inputs, r.body as z.ZodType, `${opId}Body`) };
      operation.requestBody = { required: true, content: { 'application/json': { schema: ref } } };
    }
    // A response several routes share names itself (`.meta({ id })`); others are named after their route.
    const responseName = () => name(outputs, r.response!, z.globalRegistry.get(r.response!)?.id ?? `${opId}Response`);
    operation.responses = { [String(r.status ?? 200)]: success(r, responseName), ...errorResponses(r) };
    (paths[openApiPath(r.path)] ??= {})[r.method] = operation;
  }

  return {
    openapi: '3.1.0',
    info,
    tags: [...new Set(routes.map((r) => tagOf(r.path)))].map((tag) => ({ name: tag })),
    paths,
    security: [{ cookieSession: [] }],
    components: {
      schemas: { ...convertAll(inputs, 'input'), ...convertAll(outputs, 'output') },
      responses: ERROR_RESPONSES,
      securitySchemes: {
        cookieSession: {
          type: 'apiKey',
          in: 'cookie',
          name: SESSION_COOKIE,
          description: 'The session cookie set by `POST /api/session`. Writes (POST, PUT, PATCH, DELETE) must also come from one of the installation’s origins (Origin header).',
        },
        apiToken: {
          type: 'http',
          scheme: 'bearer',
          description:
            'An organisation’s API token (`Authorization: Bearer pt_…`), made by its admin under Organisations → API tokens. It opens only the operations that list one of its scopes (reports:read, enrolments:write, evidence:read, frameworks:write), within its organisation; no Origin header is needed, and a request must not carry the session cookie too.',
        },
      },
    },
  };
}

function accessText(r: AnyRoute): string {
  const rule = r.access.kind === 'roles' ? `callers holding one of the roles ${describeAccess(r.access).split('|').join(', ')}` : r.access.kind === 'public' ? 'anyone, signed in or not' : 'any signed-in person';
  return `Access: ${rule}. Which records a caller sees within that is decided per organisation (tenant) by the service.`;
}

function success(r: AnyRoute, responseName: () => string): JsonSchema {
  const status = r.status ?? 200;
  if (status === 204) return { description: 'Done; no content.' };
  if (status >= 300 && status < 400) return { description: 'A redirect.', headers: { Location: { description: 'Where the browser goes next.', schema: { type: 'string' } } } };
  if (r.produces) return { description: 'A file.', content: { [r.produces]: {} } };
  if (!r.response) return { description: 'Success (the body is not documented yet).' };
  return { description: 'Success.', content: { 'application/json': { schema: { $ref: SCHEMA_REF + responseName() } } } };
}

function errorResponses(r: AnyRoute): JsonSchema {
  const out: JsonSchema = {};
  const ref = (n: string) => ({ $ref: `#/components/responses/${n}` });
  if (r.params || r.query || r.body || r.rawBody) out['400'] = ref('BadRequest');
  if (r.access.kind !== 'public') out['401'] = ref('Unauthenticated');
  if (r.access.kind === 'roles' || UNSAFE.has(r.method)) out['403'] = ref('Forbidden');
  if (r.params) out['404'] = ref('NotFound');
  out.default = ref('Error');
  return out;
}

const errorContent = { 'application/json': { schema: { $ref: `${SCHEMA_REF}Error` } } };
const ERROR_RESPONSES: Record<string, JsonSchema> = {
  BadRequest: { description: 'validation_failed (details list each bad field), invalid_json or nesting_too_deep.', content: errorContent },
  Unauthenticated: { description: 'unauthenticated: no valid session.', content: errorContent },
  Forbidden: { description: 'forbidden (the caller holds none of the roles) or csrf_failed (a write from a foreign origin).', content: errorContent },
  NotFound: { description: 'not_found: no such record, or one of another organisation (never "forbidden", so ids leak nothing).', content: errorContent },
  Error: {
    description: 'Any other failure, same shape: 409 conflict, 413 payload_too_large or quota_exceeded, 415 unsupported_media_type, 429 rate_limited (with a Retry-After header and details.retryAfterSeconds), 500 internal.',
    headers: { 'Retry-After': { description: 'Seconds to wait, on 429.', schema: { type: 'integer' } } },
    content: errorContent,
  },
};

function parameters(r: AnyRoute): JsonSchema[] {
  const fromPath = [...r.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
  const declared = objectProperties(r.params as z.ZodType | undefined);
  const path = fromPath.map((p) => ({ name: p, in: 'path', required: true, schema: declared.properties[p] ?? { type: 'string' } }));
  const query = objectProperties(r.query as z.ZodType | undefined);
  return [
    ...path,
    ...Object.entries(query.properties).map(([p, schema]) => ({ name: p, in: 'query', required: query.required.includes(p), schema })),
  ];
}

function objectProperties(schema: z.ZodType | undefined): { properties: Record<string, JsonSchema>; required: string[] } {
  if (!schema) return { properties: {}, required: [] };
  const json = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }) as JsonSchema;
  return { properties: (json.properties ?? {}) as Record<string, JsonSchema>, required: (json.required ?? []) as string[] };
}

/**
 * One conversion per direction, so a schema two routes share becomes one component and
 * recursive ones work. zod puts shared recursive parts under `__shared.$defs`; they become
 * components of their own, since a `$ref` cannot point inside another component's fragment.
 */
function convertAll(entries: Map<z.ZodType, string>, io: 'input' | 'output'): Record<string, JsonSchema> {
  if (entries.size === 0) return {};
  const registry = z.registry<{ id: string }>();
  for (const [schema, id] of entries) registry.add(schema, { id });
  const sharedPrefix = `${io}Shared`;
  const converted = z.toJSONSchema(registry, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
    uri: (id) => SCHEMA_REF + id,
    override: ({ zodSchema, jsonSchema }) => {
      // zod marks every non-strict object closed in output mode, but a plain z.object only
      // strips (and here only checks): a response may carry fields the schema does not name.
      const def = zodSchema._zod.def as { type: string; catchall?: unknown };
      if (io === 'output' && def.type === 'object' && def.catchall === undefined) delete jsonSchema.additionalProperties;
    },
  }).schemas as Record<string, JsonSchema>;
  const { __shared: shared, ...schemas } = converted;
  const all: Record<string, JsonSchema> = { ...schemas };
  for (const [id, schema] of Object.entries((shared?.$defs ?? {}) as Record<string, JsonSchema>)) all[`${sharedPrefix}_${id}`] = schema;
  const text = JSON.stringify(all, (key, value: unknown) => (key === '$schema' || key === '$id' ? undefined : value));
  return JSON.parse(text.replaceAll(`${SCHEMA_REF}__shared#/$defs/`, `${SCHEMA_REF}${sharedPrefix}_`)) as Record<string, JsonSchema>;
}
