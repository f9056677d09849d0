import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, signIn, signOut, visible, type TestBrowser } from './helpers/browser';
import { DEMO_PASSWORD, startServer, type TestServer } from './helpers/server';

/**
 * Personal data in the browser: a student downloads their data from their record, at phone
 * width. (The admin's export and erase dialog are covered through the API in tests/privacy.)
 */

let server: TestServer;
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage();
});

afterEach(() => {
  expect(browser.takeProblems(), 'page errors, CSP violations or unexpected console errors').toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The zip behind a download link, fetched with the page's own cookies. */
async function fetchLink(p: Page, href: string): Promise<{ status: number; type: string | undefined; size: number }> {
  const res = await p.request.get(new URL(href, server.url).toString());
  return { status: res.status(), type: res.headers()['content-type'], size: (await res.body()).length };
}

describe('personal data', () => {
  it('a student downloads their data from their record, at 390 px', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/login`);
    await signIn(page, 'student1@cvit.example', DEMO_PASSWORD);
    // Signed in once the home page shows: a navigation before then cancels the sign-in.
    await visible(page.getByRole('heading', { level: 1, name: /^Welcome, / }));
    await page.goto(`${server.url}/record`);
    await visible(page.getByRole('heading', { level: 2, name: 'My data' }));
    const link = page.getByRole('link', { name: 'Download my data' });
    const href = (await link.getAttribute('href'))!;
    expect(href).toBe('/api/me/data-export?lang=en');
    expect(await fetchLink(page, href)).toMatchObject({ status: 200, type: 'application/zip' });
    await screenshot(page, 'privacy-my-data-390');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await signOut(page);
  });
});
