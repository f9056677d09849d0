/**
 * Size budgets of the built web client (issue 18), from web/bundle-budgets.json: the
 * JavaScript the first page needs (the entry script and what index.html preloads, gzipped: the
 * sign-in page's own code, web/src/main.tsx; the app is a chunk it loads after), and
 * each chunk by its name (the file name without its hash; raw kB). A chunk without a budget of
 * its own has the default one. Lists every chunk past its budget: raise a budget only
 * on purpose, in the same commit as the growth, and say why there.
 *
 * `npm run build` runs it after Vite (scripts/check-bundle-size.ts); the server's build
 * (build.ts: `npm start`, the e2e tests, CI) runs it too and, under CI, fails the build.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

type Budgets = {
  /** gzip kB of the entry script plus the modules index.html preloads with it. */
  initialGzipKb: number;
  /** raw kB of a chunk that has no budget of its own. */
  defaultChunkKb: number;
  /** raw kB by chunk name, e.g. "index" (the entry), "editor.api" (Monaco). */
  chunksKb: Record<string, number>;
};

const BUDGETS_FILE = path.join(import.meta.dirname, '..', '..', 'web', 'bundle-budgets.json');
const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;

/** "assets/editor.api-DeccjkkS.js" → "editor.api" (Vite's hash is 8 characters). */
export function chunkName(file: string): string {
  return path.basename(file).replace(/-[\w-]{8}\.js$/, '');
}

/** What is past its budget in the build at `dist`, one line each; empty when all fit. */
export function checkBundleSize(dist: string, budgets: Budgets = JSON.parse(fs.readFileSync(BUDGETS_FILE, 'utf8')) as Budgets): string[] {
  const problems: string[] = [];
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/(?:<script type="module"[^>]*src|<link rel="modulepreload"[^>]*href)="\/([^"]+\.js)"/g)].map((m) => m[1]!);
  if (initial.length === 0) problems.push(`${dist}/index.html names no script`);
  const initialGzip = initial.reduce((sum, file) => sum + gzipSync(fs.readFileSync(path.join(dist, file)), { level: 9 }).length, 0);
  if (kb(initialGzip) > budgets.initialGzipKb) {
    problems.push(`first page's JavaScript: ${kb(initialGzip)} kB gzip, budget ${budgets.initialGzipKb} kB (${initial.join(', ')})`);
  }
  for (const file of fs.readdirSync(path.join(dist, 'assets')).filter((f) => f.endsWith('.js'))) {
    const name = chunkName(file);
    const budget = budgets.chunksKb[name] ?? budgets.defaultChunkKb;
    const size = kb(fs.statSync(path.join(dist, 'assets', file)).size);
    if (size > budget) problems.push(`${file}: ${size} kB, budget ${budget} kB (${name in budgets.chunksKb ? `"${name}"` : 'default'})`);
  }
  return problems;
}

