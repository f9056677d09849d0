import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { axeFindings } from './helpers/axe';
import { launchBrowser, screenshot, SHOTS_DIR, visible, type TestBrowser, signInChinese } from './helpers/browser';
import { DEMO_PASSWORD, startServer, type TestServer } from './helpers/server';

/**
 * The interface in Chinese for a browser that asks for it: the sign-in page and the shell in
 * zh-CN with <html lang="zh-CN">, axe-clean, readable at 390 px; and the switch back to
 * English takes effect at once and is remembered across a reload.
 */

let server: TestServer;
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser({ locale: 'zh-CN' });
  page = await browser.newPage();
});

afterEach(() => {
  expect(browser.takeProblems(), 'page errors, CSP violations or unexpected console errors').toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const lang = (p: Page) => p.evaluate(() => document.documentElement.lang);

describe('a browser whose language is zh-CN', () => {
  it('gets the sign-in page in Chinese, without axe findings', async () => {
    await page.goto(`${server.url}/login`);
    await visible(page.getByRole('heading', { level: 1, name: '登录' }));
    expect(await lang(page)).toBe('zh-CN');
    expect(await page.title()).toBe('登录 · Practicum');
    await visible(page.getByLabel('电子邮箱地址'));
    expect(await page.getByLabel('语言').inputValue()).toBe('zh-CN');
    expect(await axeFindings(page, { bestPractice: true })).toEqual([]);
    await screenshot(page, 'i18n-zh-signin');
  });

  it('signs in to a Chinese shell, without axe findings, and fits 390 px', async () => {
    await signInChinese(page, 'student1@cvit.example', DEMO_PASSWORD);
    await page.waitForURL(`${server.url}/`);
    const nav = page.getByRole('navigation', { name: '主导航' });
    await visible(nav.getByRole('link', { name: '首页', exact: true }));
    await visible(page.getByRole('button', { name: '退出登录' }));
    await visible(page.getByRole('banner').getByText('角色：学生', { exact: true }));
    await visible(page.getByText('Practicum（实训平台）· 职业教育仿真实训'));
    expect(await lang(page)).toBe('zh-CN');
    await page.waitForLoadState('networkidle');
    expect(await axeFindings(page, { bestPractice: true })).toEqual([]);

    await page.setViewportSize({ width: 390, height: 844 });
    const select = await visible(page.getByLabel('语言'));
    expect(await select.isVisible()).toBe(true);
    // Nothing in the header runs off a phone's screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'i18n-zh-home-390');
    await page.screenshot({ path: `${SHOTS_DIR}/i18n-zh-header-390.png` });
  });

  it('says a missing page in Chinese', async () => {
    await page.goto(`${server.url}/no-such-page`);
    await visible(page.getByRole('heading', { level: 1, name: '页面不存在' }));
    await visible(page.getByRole('link', { name: '返回首页' }));
  });

  it('switches to English at once and remembers it across a reload', async () => {
    await page.goto(`${server.url}/`);
    await page.getByLabel('语言').selectOption('en');
    await visible(page.getByRole('button', { name: 'Sign out' }));
    await visible(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home', exact: true }));
    expect(await lang(page)).toBe('en');

    await page.reload();
    await visible(page.getByRole('button', { name: 'Sign out' }));
    expect(await lang(page)).toBe('en');
    expect(await page.getByLabel('Language').inputValue()).toBe('en');
  });

  it('keeps the choice on the sign-in page after signing out', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login$/);
    await visible(page.getByRole('heading', { level: 1, name: 'Sign in' }));
    expect(await lang(page)).toBe('en');
    // And back to Chinese from the sign-in page itself.
    await page.getByLabel('Language').selectOption('zh-CN');
    await visible(page.getByRole('heading', { level: 1, name: '登录' }));
    expect(await lang(page)).toBe('zh-CN');
  });
});

describe('a person whose saved preference differs from the browser', () => {
  let mixed: TestServer;
  let english: TestBrowser;
  let p: Page;

  beforeAll(async () => {
    // DEMO_LOCALE=both: student1 prefers Chinese, student2 English.
    mixed = await startServer({ DEMO_LOCALE: 'both' });
    english = await launchBrowser({ locale: 'en-US' });
    p = await english.newPage();
  });

  afterEach(() => {
    expect(english.takeProblems(), 'page errors, CSP violations or unexpected console errors').toEqual([]);
  });

  afterAll(async () => {
    await english?.close();
    await mixed?.stop();
  });

  it('reads Chinese after signing in, in an English browser, when they chose Chinese before', async () => {
    await p.goto(`${mixed.url}/login`);
    await visible(p.getByRole('heading', { level: 1, name: 'Sign in' }));
    await p.getByLabel('Email address').fill('student1@cvit.example');
    await p.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await visible(p.getByRole('button', { name: '退出登录' }));
    expect(await lang(p)).toBe('zh-CN');
  });

  it('and the next person on the same browser gets their own language back', async () => {
    await p.getByRole('button', { name: '退出登录' }).click();
    await p.waitForURL(/\/login$/);
    await signInChinese(p, 'student2@cvit.example', DEMO_PASSWORD);
    await visible(p.getByRole('button', { name: 'Sign out' }));
    expect(await lang(p)).toBe('en');
  });

  it('keeps a switch made in the header on the server: another device follows it', async () => {
    await p.getByLabel('Language').selectOption('zh-CN');
    await visible(p.getByRole('button', { name: '退出登录' }));
    // A fresh browser profile in English is another device.
    const other = await launchBrowser({ locale: 'en-US' });
    try {
      const q = await other.newPage();
      await q.goto(`${mixed.url}/login`);
      await q.getByLabel('Email address').fill('student2@cvit.example');
      await q.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
      await q.getByRole('button', { name: 'Sign in' }).click();
      await visible(q.getByRole('button', { name: '退出登录' }));
    } finally {
      await other.close();
    }
  });
});
