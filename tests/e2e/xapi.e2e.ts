import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLrs, type Lrs } from '../helpers/lrs';
import { axeFindings } from './helpers/axe';
import { launchBrowser, screenshot, signIn, visible, type TestBrowser } from './helpers/browser';
import { DEMO_PASSWORD, startServer, type TestServer } from './helpers/server';

/**
 * xAPI in the browser: the school's admin connects its learning record store (Learning Locker's
 * statements service, run in this process) and watches the queue send the demo world's
 * statements (the server's own forwarding pass, every 30 seconds).
 */
let server: TestServer;
let lrs: Lrs;
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  lrs = await startLrs();
  browser = await launchBrowser();
  page = await browser.newPage();
}, 200_000);

afterAll(async () => {
  await browser?.close();
  await lrs?.close();
  await server?.stop();
});

afterEach(() => {
  expect(browser.takeProblems(), 'page errors, CSP violations or unexpected console errors').toEqual([]);
});

describe('learning record store', () => {
  it('the admin connects the school’s LRS; the password is shown only as set; the queue sends', async () => {
    await page.goto(`${server.url}/login`);
    await signIn(page, 'admin@cvit.example', DEMO_PASSWORD);
    await page.waitForURL(`${server.url}/`);
    await page.getByRole('link', { name: 'Learning records' }).click();
    await page.getByRole('link', { name: 'Chongqing Vocational Institute of Technology' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Learning record store settings' }));

    // People are named by pseudonym unless the school chooses e-mail; the page says what each means.
    const byEmail = page.getByLabel('Name people by their e-mail address');
    expect(await byEmail.isChecked()).toBe(false);
    await visible(page.getByText('Off (recommended): each person is named by a pseudonym', { exact: false }));
    await byEmail.check();
    await visible(page.getByText('On: every statement carries the person’s e-mail address', { exact: false }));
    await byEmail.uncheck();

    await page.getByLabel('Forward statements to the learning record store').check();
    await page.getByLabel('xAPI endpoint').fill(lrs.endpoint);
    await page.getByLabel('Username (Basic authentication key)').fill(lrs.username);
    await page.getByLabel('Password (Basic authentication secret)').fill(lrs.password);
    await page.getByRole('button', { name: 'Save' }).click();
    await visible(page.getByText('Saved.'));
    await visible(page.getByText('A password is set; it is never shown again.', { exact: false }));
    expect(await page.content()).not.toContain(lrs.password);
    expect(await axeFindings(page)).toEqual([]);

    // The server's pass runs every 30 s: the LRS soon holds the demo world's statements.
    await expect.poll(async () => (await lrs.statements()).length, { timeout: 70_000, interval: 2_000 }).toBeGreaterThan(0);
    await page.reload();
    const sent = page.locator('dt:text-is("Sent") + dd');
    await expect.poll(async () => Number(await sent.textContent()), { timeout: 10_000 }).toBeGreaterThan(0);
    await screenshot(page, 'xapi-settings');
  }, 120_000);

  it('reads in Chinese at 390 px', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const chosen = await page.request.put(`${server.url}/api/me/locale`, { data: { locale: 'zh-CN' }, headers: { Origin: server.url } });
    expect(chosen.status()).toBe(200);
    await page.reload();
    await visible(page.getByRole('heading', { level: 1, name: '学习记录存储设置' }));
    await visible(page.getByRole('heading', { level: 2, name: '转发队列' }));
    await visible(page.getByLabel('用电子邮箱地址标识人员'));
    expect(await axeFindings(page)).toEqual([]);
    await screenshot(page, 'xapi-settings-zh-390');
  });
});
