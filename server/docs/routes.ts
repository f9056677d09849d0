import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Response } from 'express';
import { z } from 'zod';
import { errors } from '../http/errors';
import { currentLocale } from '../http/locale';
import { buildOpenApi, type OpenApiDocument } from '../http/openapi';
import { access } from '../http/policy';
import { route, type AnyRoute } from '../http/routes';
import { msg, render } from '../messages';

/**
 * The API's own description (issue 19): the OpenAPI document generated from the route table,
 * and a reference page that renders it with swagger-ui-dist from node_modules (no CDN). The
 * page obeys the app's Content-Security-Policy: no inline script, so the start-up code is a
 * file of its own (/api/docs/init.js).
 */

/** Loose on purpose: the document's own shape is checked by an OpenAPI validator in the tests. */
const OpenApiResponse = z.object({
  openapi: z.literal('3.1.0'),
  info: z.object({ title: z.string(), version: z.string(), description: z.string() }),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  components: z.record(z.string(), z.unknown()),
});

const INIT_JS = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/api/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
`;

/** swagger-ui-dist's folder, or null when the package is not installed (the page then answers 404). */
function swaggerDir(): string | null {
  try {
    return path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  } catch {
    return null;
  }
}

/** Resolves once the file is sent, so the route table sees the response as sent. */
function sendAsset(res: Response, file: string, type: string): Promise<void> {
  const dir = swaggerDir();
  if (!dir || !fs.existsSync(path.join(dir, file))) throw errors.notFound(msg('docs.rendererMissing'));
  // The renderer changes only with the installed package: an hour in the browser's cache is safe.
  res.setHeader('Cache-Control', 'public, max-age=3600');
  res.type(type);
  return new Promise((resolve, reject) => res.sendFile(path.join(dir, file), (err) => (err ? reject(err) : resolve())));
}

const appVersion = (): string =>
  (JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string }).version;

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** `routes` is the whole table (this route's own included), read when the document is first asked for. */
export function docsRoutes(routes: () => AnyRoute[]): AnyRoute[] {
  let document: OpenApiDocument | undefined;
  return [
    route({
      method: 'get',
      path: '/api/openapi.json',
      access: access.public,
      summary: 'This API described as an OpenAPI 3.1 document, generated from the route table',
      response: OpenApiResponse,
      handler: () =>
        (document ??= buildOpenApi(routes(), {
          title: 'Practicum API',
          version: appVersion(),
          description: 'The HTTP API of Practicum. Errors share one shape: `{error: {code, message, key?, params?, details?}}`; clients branch on `code`.',
        })),
    }),
    route({
      method: 'get',
      path: '/api/docs',
      access: access.public,
      summary: 'A readable reference of this API (the OpenAPI document rendered by Swagger UI)',
      produces: 'text/html',
      handler: ({ res }) => {
        if (!swaggerDir()) throw errors.notFound(msg('docs.rendererMissing'));
        const locale = currentLocale();
        const title = escapeHtml(render(msg('docs.title'), locale));
        res.type('html').send(`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body>
</html>
`);
      },
    }),
    route({
      method: 'get',
      path: '/api/docs/swagger-ui.css',
      access: access.public,
      summary: 'The reference page’s styles (swagger-ui-dist)',
      produces: 'text/css',
      handler: ({ res }) => sendAsset(res, 'swagger-ui.css', 'css'),
    }),
    route({
      method: 'get',
      path: '/api/docs/swagger-ui-bundle.js',
      access: access.public,
      summary: 'The reference page’s renderer (swagger-ui-dist)',
      produces: 'text/javascript',
      handler: ({ res }) => sendAsset(res, 'swagger-ui-bundle.js', 'js'),
    }),
    route({
      method: 'get',
      path: '/api/docs/init.js',
      access: access.public,
      summary: 'Starts the renderer on the reference page (a file, since the Content-Security-Policy allows no inline script)',
      produces: 'text/javascript',
      handler: ({ res }) => {
        res.type('js').send(INIT_JS);
      },
    }),
  ];
}
