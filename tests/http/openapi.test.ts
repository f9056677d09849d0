import express from 'express';
import request from 'supertest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRoutes } from '../../server/app';
import { openApiPath, operationIdOf, type OpenApiDocument } from '../../server/http/openapi';
import { mountRoutes, route, routeKey, type AnyRoute } from '../../server/http/routes';
import { access } from '../../server/http/policy';
import { errorHandler } from '../../server/http/errorHandler';
import { getTestServer, type TestServer } from '../helpers/app';
import pino from 'pino';

/**
 * Routes whose success body has no `response` schema, so the document would say nothing of it.
 * Empty: every route documents what it answers (JSON by a schema, a file or page by
 * `produces`), and a new route without either fails here.
 */
const UNDOCUMENTED_RESPONSES: string[] = [];

let server: TestServer;
let routes: AnyRoute[];
let doc: OpenApiDocument;

beforeAll(async () => {
  server = await getTestServer();
  routes = allRoutes(server.deps);
  const res = await server.agent().get('/api/openapi.json');
  expect(res.status).toBe(200);
  doc = res.body as OpenApiDocument;
});
afterAll(() => server.close());

describe('GET /api/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document whose references all resolve', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(() => validator.resolveRefs()).not.toThrow();
  });

  it('describes every route of the table once, with its access rule', () => {
    const ids = new Set<string>();
    for (const r of routes) {
      const op = doc.paths[openApiPath(r.path)]?.[r.method];
      expect(op, routeKey(r)).toBeDefined();
      expect(op!.operationId).toBe(operationIdOf(r));
      expect(op!.summary).toBe(r.summary);
      expect(String(op!.description)).toMatch(/^Access: /);
      ids.add(String(op!.operationId));
    }
    expect(ids.size).toBe(routes.length);
    const documented = Object.values(doc.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
    expect(documented).toBe(routes.length);
  });

  it('declares every path parameter, and public routes need no session', () => {
    const users = doc.paths['/api/users/{id}/memberships/{membershipId}']!.delete as { parameters: { name: string; in: string }[]; security?: unknown };
    expect(users.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(['path:id', 'path:membershipId']);
    expect(users.security).toBeUndefined();
    expect(doc.paths['/api/health']!.get!.security).toEqual([]);
    // Scripts: an API token where the route names a scope, next to the session.
    const report = doc.paths['/api/courses/{id}/report']!.get as { security?: unknown };
    expect(report.security).toEqual([{ cookieSession: [] }, { apiToken: ['reports:read'] }]);
    expect(doc.security).toEqual([{ cookieSession: [] }]);
  });

  it('describes query defaults as a client sends them: optional, with the default named', () => {
    const list = doc.paths['/api/users']!.get as { parameters: { name: string; required: boolean; schema: { default?: unknown } }[] };
    const limit = list.parameters.find((p) => p.name === 'limit')!;
    expect(limit.required).toBe(false);
    expect(limit.schema.default).toBe(50);
  });

  it('sends file uploads as bytes, and 204 routes without a body', () => {
    const upload = routes.find((r) => r.rawBody)!;
    const op = doc.paths[openApiPath(upload.path)]![upload.method] as { requestBody: { content: Record<string, unknown> } };
    expect(Object.keys(op.requestBody.content)).toEqual(['application/octet-stream']);
    const signOut = doc.paths['/api/session']!.delete as { responses: Record<string, { content?: unknown }> };
    expect(signOut.responses['204']!.content).toBeUndefined();
    expect(signOut.responses['401']).toEqual({ $ref: '#/components/responses/Unauthenticated' });
  });

  it('lists exactly the routes that still lack a response schema (the list may only shrink)', () => {
    const bodiless = (r: AnyRoute) => r.status === 204 || (r.status !== undefined && r.status >= 300 && r.status < 400);
    const missing = routes.filter((r) => !r.response && !r.produces && !bodiless(r)).map(routeKey).sort();
    expect(missing).toEqual([...UNDOCUMENTED_RESPONSES].sort());
  });
});

describe('GET /api/docs', () => {
  it('serves the reference page under the Content-Security-Policy, with no inline script', async () => {
    const res = await server.agent().get('/api/docs').set('Accept-Language', 'zh-CN');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.text).toContain('<title>Practicum API 参考</title>');
    const scripts = [...res.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.map((m) => m[1]!.trim())).toEqual(['src="/api/docs/swagger-ui-bundle.js"', 'src="/api/docs/init.js"']);
    expect(scripts.every((m) => m[2] === '')).toBe(true);
  });

  it('serves the renderer from node_modules and the start-up file that loads the document', async () => {
    const agent = server.agent();
    const bundle = await agent.get('/api/docs/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
    expect(bundle.headers['content-type']).toMatch(/javascript/);
    expect(String(bundle.text ?? bundle.body).length).toBeGreaterThan(100_000);
    const css = await agent.get('/api/docs/swagger-ui.css');
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toMatch(/text\/css/);
    const init = await agent.get('/api/docs/init.js');
    expect(init.status).toBe(200);
    expect(init.text).toContain("url: '/api/openapi.json'");
  });
});

describe('response schemas under test', () => {
  it('turns a response that drifts from its schema into a 500 naming the route and the field', async () => {
    const app = express();
    mountRoutes(
      app,
      [
        route({
          method: 'get',
          path: '/api/drift',
          access: access.public,
          summary: 'drifts',
          response: z.object({ count: z.number() }),
          handler: () => ({ count: 'three' }),
        }),
      ],
      { checkResponses: true },
    );
    const logged: string[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => void logged.push(line) });
    app.use(errorHandler(logger));
    const res = await request(app).get('/api/drift');
    expect(res.status).toBe(500);
    expect(logged.join('')).toContain('Response of GET /api/drift does not match its documented schema at count');
  });

  it('keeps a status the handler chose (health answers 503 when a part is down)', async () => {
    const app = express();
    mountRoutes(app, [
      route({
        method: 'get',
        path: '/api/down',
        access: access.public,
        summary: 'down',
        response: z.object({ status: z.string() }),
        handler: ({ res }) => {
          res.status(503);
          return { status: 'degraded' };
        },
      }),
    ]);
    const res = await request(app).get('/api/down');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: 'degraded' });
  });
});
