import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, visible, type TestBrowser } from './helpers/browser';
import { startServer, type TestServer } from './helpers/server';

/**
 * The API reference (issue 19): Swagger UI from node_modules renders /api/openapi.json under
 * the app's Content-Security-Policy (a CSP violation is a console error, so takeProblems sees it).
 */
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

describe('the API reference page', () => {
  it('renders the document and runs a call from the page', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/api/docs`);
    // The renderer parses 1.8 MB of script and lays out every operation: slow on a busy machine.
    await visible(page.getByRole('heading', { name: /Practicum API/ }), 60_000);
    // Operations are grouped by their first path segment; open the health check and run it.
    const health = page.locator('.opblock-summary', { hasText: '/api/health' });
    await visible(health);
    await health.click();
    await page.getByRole('button', { name: 'Try it out' }).click();
    await page.getByRole('button', { name: 'Execute' }).click();
    await visible(page.locator('.responses-wrapper .live-responses-table .response-col_status', { hasText: '200' }), 30_000);
    await screenshot(page, 'api-docs');
    expect(browser.takeProblems()).toEqual([]);
  });
});
