import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, signIn, visible, type TestBrowser } from './helpers/browser';
import { DEMO_PASSWORD, startServer, type TestServer } from './helpers/server';
import { axeFindings } from './helpers/axe';

/**
 * The school's admin imports a class from a CSV file: preview (the refused line first, with its
 * reason), apply, then the printable slips with each new student's initial password — which
 * signs the student in.
 */

let server: TestServer;
let browser: TestBrowser;
let page: Page;

const ROSTER = [
  '邮箱,姓名,角色,班级',
  'he.jun@cvit.example,He Jun,学生,Logistics 2301',
  'xu.li@cvit.example,Xu Li,学生,Logistics 2301',
  'student1@cvit.example,Chen Jie,student,Logistics 2301',
  'author@swift.example,Li Wei,student,Logistics 2301',
].join('\r\n');

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.goto(`${server.url}/login`);
  await signIn(page, 'admin@cvit.example', DEMO_PASSWORD);
  await visible(page.getByRole('heading', { level: 1, name: /Welcome/ }));
});

afterEach(() => {
  expect(browser.takeProblems(), 'page errors, CSP violations or unexpected console errors').toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('bulk accounts from a CSV file', () => {
  it('previews the file, refused lines first, and changes nothing yet', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import accounts' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Import accounts' }));
    await page.getByLabel('Account list (CSV)').setInputFiles({ name: 'class.csv', mimeType: 'text/csv', buffer: Buffer.from(ROSTER) });
    await page.getByRole('button', { name: 'Preview' }).click();
    await visible(page.getByRole('heading', { level: 2, name: /What the file would do/ }));
    const rows = page.locator('table tbody tr');
    expect(await rows.count()).toBe(4);
    const first = await rows.first().locator('td').allTextContents();
    expect(first.slice(0, 3)).toEqual(['5', 'refused', 'author@swift.example']);
    expect(first[6]).toMatch(/belongs to an account your organisation does not manage/);
    expect(await rows.nth(3).locator('td').allTextContents()).toEqual(['4', 'update', 'student1@cvit.example', 'Chen Jie', 'Student', 'Logistics 2301', 'class']);
    expect(await axeFindings(page)).toEqual([]);
    await screenshot(page, 'import-preview');
  });

  it('applies, then shows one printable slip per new student whose password signs them in', async () => {
    await page.getByRole('button', { name: /^Import: 2 new accounts, 1 update$/ }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Accounts imported' }));
    const slips = page.getByRole('list', { name: 'Sign-in slips' }).getByRole('listitem');
    expect(await slips.count()).toBe(2);
    expect(await slips.first().textContent()).toContain('He Jun');
    const password = (await slips.first().locator('.slip__password').textContent())!.trim();
    expect(password).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    expect(await axeFindings(page)).toEqual([]);
    await screenshot(page, 'import-slips');
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'import-slips-print');
    expect(await page.getByRole('button', { name: /Print 2 slips/ }).isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });

    // This browser is the admin's; the student signs in from elsewhere.
    const signInAsStudent = await fetch(`${server.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ email: 'he.jun@cvit.example', password }),
    });
    expect(signInAsStudent.status).toBe(200);
  });

  it('fits a phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: 'Import another file' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Import accounts' }));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, 'no sideways scrolling').toBeLessThanOrEqual(0);
    await screenshot(page, 'import-phone');
  });
});
