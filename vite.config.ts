import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { compileCatalog } from './scripts/web/icuCatalogs';

// Absolute paths: the server builds with this file from its own working directory.
const webRoot = fileURLToPath(new URL('./web', import.meta.url));
const outDir = fileURLToPath(new URL('./web/dist', import.meta.url));
const apiServer = process.env.PRACTICUM_API ?? 'http://localhost:3000';

/**
 * `catalog.json?groups=http,sso` is that catalog with only those top-level groups: the sign-in
 * page's share of the server's messages (web/src/app/i18n.ts), a few kB of a 50 kB catalog. The
 * whole catalog still loads later as its own module.
 */
function catalogGroups(): Plugin {
  return {
    name: 'practicum-catalog-groups',
    enforce: 'pre',
    load(id) {
      const [file, query] = id.split('?', 2);
      const groups = new URLSearchParams(query ?? '').get('groups');
      if (!file?.endsWith('.json') || groups === null) return null;
      const catalog = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
      const missing = groups.split(',').filter((group) => !(group in catalog));
      if (missing.length > 0) this.error(`${file} has no group ${missing.join(', ')}`);
      const picked = Object.fromEntries(groups.split(',').map((group) => [group, catalog[group]]));
      return `export default ${JSON.stringify(compileCatalog(picked, file))};`;
    },
  };
}

/** The interface's catalogs (<folder>/locales/<locale>.json) with their ICU messages parsed at build time. */
function compiledCatalogs(): Plugin {
  return {
    name: 'practicum-compiled-catalogs',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/locales\/[\w-]+\.json$/.test(id)) return null;
      return { code: JSON.stringify(compileCatalog(JSON.parse(code), id)), map: null };
    },
  };
}

export default defineConfig({
  root: webRoot,
  plugins: [catalogGroups(), compiledCatalogs(), react()],
  resolve: {
    // Messages arrive parsed (compiledCatalogs): intl-messageformat's parser is dead weight.
    alias: [{ find: /^@formatjs\/icu-messageformat-parser$/, replacement: '@formatjs/icu-messageformat-parser/no-parser.js' }],
  },
  build: {
    outDir,
    emptyOutDir: true,
  },
  // Monaco's workers are ES modules with their own imports; module workers keep them whole.
  worker: { format: 'es' },
  server: {
    // The API accepts writes only from its own origins: run it with
    // PUBLIC_ORIGINS=http://localhost:5173 when working through this dev server.
    proxy: {
      '/api': { target: apiServer },
      '/ims/case': { target: apiServer },
      '/socket.io': { target: apiServer, ws: true },
    },
  },
});
