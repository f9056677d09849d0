import type { Express, Request, Response, NextFunction } from 'express';
import { z } from 'zod';
import type { TokenScope } from '../contract/apiTokens';
import { type Access, type Actor, authorize, authorizeToken } from './policy';
import { assertJsonBody, jsonBodyReader, rawBodyReader } from './body';
import { parseInput } from './validate';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;

export type HandlerContext<P, Q, B> = {
  params: P;
  query: Q;
  body: B;
  /** The signed-in user; non-null whenever the route's access is not public. */
  actor: Actor | null;
  req: Request;
  res: Response;
};

export type RouteDef<PS = unknown, QS = unknown, BS = unknown> = {
  method: Method;
  path: string;
  access: Access;
  /**
   * The API-token scopes that open this route to a script (any one of them). Omitted: no token
   * reaches it. People are judged by `access` alone.
   */
  tokenScopes?: readonly TokenScope[];
  summary: string;
  params?: PS;
  query?: QS;
  body?: BS;
  /** A larger body limit than the usual 100 KB (e.g. '10mb'), for the few routes that take files. */
  bodyLimit?: string;
  /**
   * The body is a file, read as raw bytes (a Buffer in `req.body`) up to this limit, whatever
   * its declared type: the handler judges the bytes. Excludes `body`.
   */
  rawBody?: string;
  /**
   * The schema of a successful response's body, for the OpenAPI document (`/api/openapi.json`)
   * and the test that real responses match what is documented. Omit only for 204 and file bodies.
   */
  response?: z.ZodType;
  /**
   * The success body is a file of this media type (an export, a page of the API reference),
   * not JSON; the OpenAPI document says so and `response` does not apply.
   */
  produces?: string;
  /** Status for a successful response; 204 sends no body. */
  status?: number;
  handler: (ctx: HandlerContext<Infer<PS>, Infer<QS>, Infer<BS>>) => unknown; // a value or a promise of one
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- routes with different schemas in one list: a handler's parameter is contravariant, so unknown would not do
export type AnyRoute = RouteDef<any, any, any>;

/** Declares a route; the generic parameters carry the zod types into the handler. */
export function route<
  PS extends z.ZodType | undefined = undefined,
  QS extends z.ZodType | undefined = undefined,
  BS extends z.ZodType | undefined = undefined,
>(def: RouteDef<PS, QS, BS>): RouteDef<PS, QS, BS> {
  return def;
}

export function routeKey(r: Pick<AnyRoute, 'method' | 'path'>): string {
  return `${r.method.toUpperCase()} ${r.path}`;
}

/**
 * Mounts declared routes: authorize (so callers without access learn nothing about the input
 * shape, and none of their bytes are read), then read the body (only a route with a body schema
 * reads one, with its own limit), validate params, query and body, run the handler and present.
 */
export type MountOptions = {
  checkResponses?: boolean;
  /** Runs once a token caller got past its scope check, before the body is read: rate limit and record the use. */
  tokenUse?: (req: Request, route: AnyRoute) => Promise<void>;
};

export function mountRoutes(app: Express, routes: AnyRoute[], opts: MountOptions = {}): void {
  const seen = new Set<string>();
  for (const def of routes) {
    const key = routeKey(def);
    if (seen.has(key)) throw new Error(`Route declared twice: ${key}`);
    seen.add(key);
    const readBody = def.rawBody ? rawBodyReader(def.rawBody) : def.body ? jsonBodyReader(def.bodyLimit) : undefined;
    app[def.method](def.path, async (req: Request, res: Response, next: NextFunction) => {
      try {
        if (req.actor?.token) {
          authorizeToken(def.tokenScopes, req.actor);
          await opts.tokenUse?.(req, def);
        } else authorize(def.access, req.actor);
        if (!def.rawBody) assertJsonBody(req);
        if (readBody) await readBody(req, res);
        const params = def.params ? parseInput(def.params as z.ZodType, req.params, 'params') : undefined;
        const query = def.query ? parseInput(def.query as z.ZodType, req.query, 'query') : undefined;
        const body = def.body ? parseInput(def.body as z.ZodType, req.body ?? {}, 'body') : undefined;
        const result = await def.handler({ params, query, body, actor: req.actor, req, res });
        if (res.headersSent) return;
        // A handler may answer otherwise than its usual status (health: 503 when a part is down).
        const status = res.statusCode !== 200 ? res.statusCode : (def.status ?? 200);
        if (status === 204 || result === undefined) res.status(status === 200 ? 204 : status).end();
        else {
          if (opts.checkResponses && def.response) assertDocumented(def, result);
          res.status(status).json(result);
        }
      } catch (err) {
        next(err);
      }
    });
  }
}

/**
 * Under test, every response is held to its documented schema (as JSON, the way a client
 * sees it): the whole suite then proves the OpenAPI document tells the truth, and a handler
 * that drifts from it fails the test that called it with a 500 naming the route and the field.
 */
function assertDocumented(def: AnyRoute, result: unknown): void {
  const parsed = def.response!.safeParse(JSON.parse(JSON.stringify(result)));
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new Error(`Response of ${routeKey(def)} does not match its documented schema at ${first.path.join('.') || '(root)'}: ${first.message}`);
  }
}
