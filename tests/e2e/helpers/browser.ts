import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type ConsoleMessage, type Locator, type Page } from 'playwright-core';

export const SHOTS_DIR = process.env.E2E_SHOTS_DIR ?? '/tmp/shots';

export type TestBrowser = {
  context: BrowserContext;
  newPage: () => Promise<Page>;
  /** Uncaught page errors and console errors (CSP violations among them) since the last call. */
  takeProblems: () => string[];
  close: () => Promise<void>;
};

// The browser reports every 4xx answer as a console error; the tests cause those on purpose
// (wrong password, taken email) and assert on what the page shows instead.
const EXPECTED_CONSOLE = /^Failed to load resource: the server responded with a status of 4\d\d/;

export type LaunchOptions = {
  /** The browser's language (navigator.languages, Accept-Language), e.g. 'zh-CN'; default en-US. */
  locale?: string;
};

/** Debian's Chromium, headless, with a throwaway profile and nothing phoning home. */
export async function launchBrowser(opts: LaunchOptions = {}): Promise<TestBrowser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'practicum-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    // English unless a test asks otherwise: the journeys assert English texts.
    locale: opts.locale ?? 'en-US',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  context.setDefaultTimeout(10_000);

  let problems: string[] = [];
  const watch = (page: Page) => {
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (msg: ConsoleMessage) => {
      if (msg.type() === 'error' && !EXPECTED_CONSOLE.test(msg.text())) problems.push(`console error: ${msg.text()}`);
    });
  };
  context.pages().forEach(watch);
  context.on('page', watch);

  return {
    context,
    newPage: () => context.newPage(),
    takeProblems: () => {
      const taken = problems;
      problems = [];
      return taken;
    },
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SHOTS_DIR, { recursive: true });
  const file = path.join(SHOTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Waits for the locator to be visible; a timeout here is the assertion failing. */
export async function visible(locator: Locator, timeout?: number): Promise<Locator> {
  await locator.waitFor({ state: 'visible', ...(timeout ? { timeout } : {}) });
  return locator;
}

/** The element that has focus, described well enough to assert on. */
export function focused(page: Page): Promise<{ tag: string; id: string; text: string; name: string | null }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      tag: el?.tagName.toLowerCase() ?? '',
      id: el?.id ?? '',
      text: (el?.textContent ?? '').trim(),
      name: el?.getAttribute('name') ?? null,
    };
  });
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The same on the Chinese sign-in page (the labels a zh-CN browser is shown). */
export async function signInChinese(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('电子邮箱地址').fill(email);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/login$/);
}
