import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { launchBrowser, type TestBrowser } from './browser';
import { startServer, type TestServer } from './server';

export type Journey = { server: TestServer; browser: TestBrowser; page: Page };

/**
 * The set-up of a role's journey in Chinese (tests/e2e/i18n): a fresh server whose demo people
 * all prefer Chinese (DEMO_LOCALE=zh-CN), a Chinese browser, one page; no page error or console
 * error after any test; everything stopped at the end. `started` hands the three to the file's
 * own variables; `env` is read when the server starts, after the file's earlier hooks ran.
 */
export function chineseJourney(started: (journey: Journey) => void, env: () => Record<string, string> = () => ({})): void {
  let journey: Journey | undefined;
  beforeAll(async () => {
    const server = await startServer({ ...env(), DEMO_LOCALE: 'zh-CN' });
    const browser = await launchBrowser({ locale: 'zh-CN' });
    journey = { server, browser, page: await browser.newPage() };
    started(journey);
  });

  afterEach(() => {
    expect(journey?.browser.takeProblems(), 'page errors, CSP violations or unexpected console errors').toEqual([]);
  });

  afterAll(async () => {
    await journey?.browser.close();
    await journey?.server.stop();
  });
}
