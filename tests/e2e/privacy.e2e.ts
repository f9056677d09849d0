import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, signIn, signOut, visible, type TestBrowser } from './helpers/browser';
import { DEMO_PASSWORD, startServer, type TestServer } from './helpers/server';
import { axeFindings } from './helpers/axe';

/**
 * Personal data in the browser: a student downloads their data from their record (at phone
 * width); the school's admin exports a student's data and erases them through the dialog that
 * asks for the e-mail typed out.
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
    await page.goto(`${server.url}/record`);
    await visible(page.getByRole('heading', { level: 2, name: 'My data' }));
    const link = page.getByRole('link', { name: 'Download my data' });
    const href = (await link.getAttribute('href'))!;
    expect(href).toBe('/api/me/data-export?lang=en');
    expect(await fetchLink(page, href)).toMatchObject({ status: 200, type: 'application/zip' });
    await screenshot(page, 'privacy-my-data-390');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await signOut(page);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('the school admin exports a student’s data and erases them after typing their e-mail', async () => {
    await page.goto(`${server.url}/login`);
    await signIn(page, 'admin@cvit.example', DEMO_PASSWORD);
    await page.goto(`${server.url}/admin/users`);
    await page.getByRole('link', { name: 'Zhou Ting' }).click();
    await visible(page.getByRole('heading', { level: 2, name: 'Personal data' }));

    const exportHref = (await page.getByRole('link', { name: 'Export data' }).getAttribute('href'))!;
    expect(exportHref).toMatch(/^\/api\/users\/[0-9a-f-]{36}\/data-export\?lang=en$/);
    expect(await fetchLink(page, exportHref)).toMatchObject({ status: 200, type: 'application/zip' });

    await page.getByRole('button', { name: 'Erase…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Erase Zhou Ting?' });
    await visible(dialog);
    await visible(dialog.getByText('This cannot be undone.', { exact: false }));
    expect(await axeFindings(page)).toEqual([]);

    // A slip: someone else's address is refused next to the field.
    await dialog.getByLabel('Type the student’s e-mail address to confirm').fill('student5@cvit.example');
    await dialog.getByRole('button', { name: 'Erase the student' }).click();
    await visible(dialog.locator('#erase-email-error'));
    await screenshot(page, 'privacy-erase-mismatch');

    await dialog.getByLabel('Type the student’s e-mail address to confirm').fill('student6@cvit.example');
    await dialog.getByRole('button', { name: 'Erase the student' }).click();
    await visible(page.getByRole('status').filter({ hasText: 'The student was erased' }));
    await visible(page.getByRole('heading', { level: 1, name: /Erased student [0-9A-F]{8}/ }));
    await screenshot(page, 'privacy-erased');
  });
});
