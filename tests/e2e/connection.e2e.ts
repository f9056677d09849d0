import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, signIn, visible, type TestBrowser } from './helpers/browser';
import { DEMO_PASSWORD, startServer, type TestServer } from './helpers/server';

let server: TestServer;
let browser: TestBrowser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

it('shows the live link, and says so when the server goes away', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/login`);
  await signIn(page, 'reviewer@swift.example', DEMO_PASSWORD);
  await visible(page.getByRole('heading', { level: 1, name: 'Welcome, Sun Hao' }));

  const indicator = page.locator('.link-status');
  await visible(page.locator('.link-status[data-status="live"]'), 15_000);
  expect(await indicator.textContent()).toBe('Connection: Live');
  // The clock.sync round trip measured an offset between this machine and the server.
  expect(await indicator.getAttribute('title')).toMatch(/Clock offset [+-]\d+ ms\./);

  await server.stop();
  await visible(page.locator('.link-status[data-status="reconnecting"]'), 15_000);
  expect(await indicator.textContent()).toBe('Connection: Reconnecting…');
  // Nothing else changed: the page stays usable while the link is down.
  expect(await page.getByRole('heading', { level: 1, name: 'Welcome, Sun Hao' }).isVisible()).toBe(true);
  // The browser reports the refused reconnects (websocket and polling) itself; those are expected.
  const problems = browser.takeProblems().filter((p) => !/WebSocket connection to .* failed|net::ERR_CONNECTION_REFUSED/.test(p));
  expect(problems).toEqual([]);
});
