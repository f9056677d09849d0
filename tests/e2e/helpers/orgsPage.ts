import type { Page } from 'playwright-core';
import { launchBrowser, signIn, signInChinese, visible, type TestBrowser } from './browser';
import { DEMO_PASSWORD, type TestServer } from './server';

/**
 * The demo school's admin (Tang Hui) signed in and on the organisations page, where the school's
 * settings sections live: in English at 390 px, or in a Chinese browser at its default size.
 * The browser joins `browsers`, for the file's afterAll to close.
 */
export async function schoolAdminOnOrgsPage(server: TestServer, browsers: TestBrowser[], locale: 'en' | 'zh-CN'): Promise<{ browser: TestBrowser; page: Page }> {
  const browser = await launchBrowser(locale === 'zh-CN' ? { locale } : {});
  browsers.push(browser);
  const page = await browser.newPage();
  if (locale === 'en') await page.setViewportSize({ width: 390, height: 900 });
  await page.goto(`${server.url}/login`);
  if (locale === 'en') await signIn(page, 'admin@cvit.example', DEMO_PASSWORD);
  else await signInChinese(page, 'admin@cvit.example', DEMO_PASSWORD);
  await visible(page.getByRole('heading', { level: 1, name: locale === 'en' ? 'Welcome, Tang Hui' : '欢迎，Tang Hui' }));
  await page.goto(`${server.url}/admin/orgs`);
  return { browser, page };
}
