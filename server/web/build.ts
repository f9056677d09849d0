import fs from 'node:fs';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { checkBundleSize } from './bundleSize';
import { compressWebAssets } from './compressed';

export const ROOT = path.resolve(import.meta.dirname, '../..');
/** WEB_DIST lets a second checkout of the client (another build, a test run) be served without touching web/dist. */
export const WEB_DIST = process.env.WEB_DIST ? path.resolve(process.env.WEB_DIST) : path.join(ROOT, 'web', 'dist');

/** Inputs of the web build: anything newer than the built index.html makes the build stale. */
// The browser bundle imports the contract and the package checks (lint.ts and the modules it reads);
// vite.config.ts compiles the catalogs with scripts/web.
const PACKAGE_CHECKS = ['lint', 'schema', 'issues', 'references', 'equivalents'].map((m) => `server/scenarios/${m}.ts`);
const INPUTS = ['web/src', 'web/index.html', 'web/public', 'web/bundle-budgets.json', 'vite.config.ts', 'scripts/web', 'package-lock.json', 'server/contract', 'server/messages', ...PACKAGE_CHECKS];

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

export function webBuildIsStale(): boolean {
  const built = path.join(WEB_DIST, 'index.html');
  if (!fs.existsSync(built)) return true;
  const builtAt = fs.statSync(built).mtimeMs;
  return INPUTS.some((input) => newestMtime(path.join(ROOT, input)) > builtAt);
}

/** Builds the client with Vite when missing or stale; returns whether it built. */
export async function ensureWebBuild(log: (msg: string) => void): Promise<boolean> {
  if (!webBuildIsStale()) return false;
  log('Building the web client (first start or sources changed)…');
  const started = Date.now();
  // A child process: Vite sets NODE_ENV for the process it runs in, and the bundle must be
  // a production one whatever the server's own NODE_ENV is.
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [vite, 'build', '--logLevel', 'warn', '--outDir', WEB_DIST, '--emptyOutDir'], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: 'inherit',
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build exited with code ${code}`))));
  });
  compressWebAssets(WEB_DIST);
  log(`Web client built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  // The size budgets (issue 18): a failed build under CI (the e2e tests build through here), a
  // warning elsewhere, so `npm start` still serves a client that grew.
  const overBudget = checkBundleSize(WEB_DIST);
  if (overBudget.length > 0) {
    const message = `Web bundle over budget (web/bundle-budgets.json):\n  ${overBudget.join('\n  ')}`;
    if (process.env.CI) throw new Error(message);
    log(message);
  }
  return true;
}
