/**
 * npm run bench:web [-- --runs N]
 *
 * The web client's speed (issue 18), in Debian's Chromium driven by playwright-core, against the
 * real server (`server/index.ts`, as the e2e tests start it) on a fresh temporary DATA_DIR with
 * the demo seed. Builds the client first when it is missing or stale (WEB_DIST picks another
 * build, e.g. an older one to compare against).
 *
 * - login_js_kb / login_js_gzip_kb: every JavaScript file the sign-in page fetches, cold cache,
 *   until the form shows and the network is quiet; the idle-time preloads (preload.ts) are held
 *   back, as they are for the next page, not this one. Raw is each file as built; gzip is each file
 *   gzipped at level 9; login_js_br_kb is what this server sends a browser that takes Brotli (the
 *   .br files of the build: quality 6, files under 1 kB as they are; server/web/compressed.ts).
 *   Chromium asks for Brotli only over HTTPS, so the figure is computed rather than received.
 * - workspace_ready_ms: warm cache (one visit of the workspace first), the student's home page
 *   loaded afresh and read for a second, then Start (or Continue) clicked: the time until the
 *   editor shows the attempt's code. Median of --runs runs.
 * - main_chunk_kb: the entry chunk named in index.html, raw.
 */
import fs from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { ensureWebBuild, WEB_DIST } from '../server/web/build';
import { DEMO_PASSWORD, startServer } from '../tests/e2e/helpers/server';
import { arg, median } from './benchSupport';

const RUNS = arg('runs', 5);
const STUDENT = 'student1@cvit.example';
const EDITOR = '.code-editor .view-lines';
const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;

await ensureWebBuild((msg) => console.log(msg));
const entry = /<script type="module"[^>]*src="\/(assets\/[^"]+\.js)"/.exec(fs.readFileSync(path.join(WEB_DIST, 'index.html'), 'utf8'))?.[1];
if (!entry) throw new Error(`No entry script in ${WEB_DIST}/index.html`);
const mainChunk = fs.statSync(path.join(WEB_DIST, entry)).size;

// An older build to compare against must be newer than the sources (touch its index.html), or
// the server rebuilds it from them on start.
const server = await startServer(process.env.WEB_DIST ? { WEB_DIST } : {});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});

try {
  // Sign-in page, cold cache: what its JavaScript weighs.
  const login = await browser.newContext({ locale: 'en-US' });
  // The preloads for the page after sign-in wait for idle time; held back, they are not counted.
  await login.addInitScript(() => {
    window.requestIdleCallback = () => 0;
  });
  const loginPage = await login.newPage();
  const scripts = new Map<string, Buffer>();
  loginPage.on('response', (response) => {
    const url = new URL(response.url());
    if (url.pathname.endsWith('.js')) void response.body().then((body) => scripts.set(url.pathname, body), () => undefined);
  });
  await loginPage.goto(`${server.url}/login`);
  await loginPage.getByRole('button', { name: 'Sign in' }).waitFor();
  await loginPage.waitForLoadState('networkidle');
  const loginRaw = [...scripts.values()].reduce((sum, body) => sum + body.length, 0);
  const loginGzip = [...scripts.values()].reduce((sum, body) => sum + gzipSync(body, { level: 9 }).length, 0);
  const loginBrotli = [...scripts.values()].reduce((sum, body) => sum + brotli(body), 0);
  await login.close();

  // The workspace, warm cache: one context for all runs, so the HTTP cache holds the chunks.
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await page.getByLabel('Email address').fill(STUDENT);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Leaving before the home page shows would cancel the sign-in.
  await page.getByRole('heading', { level: 1, name: /^Welcome, / }).waitFor();
  const cold = await openWorkspace(page);
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) samples.push(await openWorkspace(page));
  await context.close();

  console.log(`(${STUDENT}, cold first visit ${cold} ms; warm runs ${samples.join(', ')} ms; measured on a machine shared with other work)`);
  console.log(
    `bench:web login_js_kb=${kb(loginRaw)} login_js_gzip_kb=${kb(loginGzip)} login_js_br_kb=${kb(loginBrotli)} workspace_ready_ms=${median(samples)} main_chunk_kb=${kb(mainChunk)}`,
  );
} finally {
  await browser.close();
  await server.stop();
}

/** Home page afresh, a second to read it, then Start (or Continue): ms from the click to the code. */
async function openWorkspace(page: Page): Promise<number> {
  await page.goto(`${page.url().replace(/(https?:\/\/[^/]+).*/, '$1')}/`);
  const item = page.locator('.assignment').first();
  await item.waitFor();
  await page.waitForTimeout(1_000);
  const starts = page.locator('.assignment').getByRole('button', { name: /^Start/ });
  const target = (await starts.count()) > 0 ? starts.first() : page.locator('.assignment').getByRole('link', { name: /^Continue/ }).first();
  const clicked = performance.now();
  await target.click();
  await page.waitForURL(/\/attempts\/[0-9a-f-]{36}$/);
  // Usable: the editor has drawn the attempt's file (Monaco fills .view-lines once the model is in).
  await page.waitForFunction((selector) => (document.querySelector(selector)?.textContent ?? '').trim().length > 0, EDITOR, { timeout: 30_000 });
  return Math.round(performance.now() - clicked);
}

/** Bytes the server sends for `body` in Brotli: the build's .br (quality 6), or the file itself under 1 kB. */
function brotli(body: Buffer): number {
  if (body.length < 1_024) return body.length;
  return brotliCompressSync(body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 6, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length } }).length;
}
