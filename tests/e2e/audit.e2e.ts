import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { axeFindings } from './helpers/axe';
import { launchBrowser, screenshot, signIn, signOut, visible, type TestBrowser } from './helpers/browser';
import { DEMO_PASSWORD, startServer, type TestServer } from './helpers/server';

/**
 * The audit log page: the platform operator reads every entry, a school's admin only their
 * school's, in their language (Tang Hui reads Chinese); filters, details, the CSV link; axe-clean
 * and readable at 390 px.
 */

let server: TestServer;
let browser: TestBrowser;
let page: Page;
const SLUG = 'audit-e2e-college';

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.goto(`${server.url}/login`);
  await signIn(page, 'admin@practicum.example', DEMO_PASSWORD);
  await visible(page.getByRole('heading', { level: 1, name: 'Welcome, Platform Admin' }));
});

afterEach(() => {
  expect(browser.takeProblems(), 'page errors, CSP violations or unexpected console errors').toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** As the signed-in browser, through the API (the cookie and the Origin the app expects). */
async function post(path: string, data: unknown): Promise<Record<string, unknown>> {
  const res = await page.request.post(`${server.url}${path}`, { data, headers: { Origin: server.url } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as Record<string, unknown>;
}

describe('the audit log', () => {
  it('shows the operator a new organisation and a new user, newest first, with details', async () => {
    await post('/api/orgs', { name: 'Audit E2E College', slug: SLUG, kind: 'school' });
    const orgs = (await (await page.request.get(`${server.url}/api/orgs`)).json()) as { orgs: { id: string; slug: string }[] };
    const cvit = orgs.orgs.find((o) => o.slug === 'cvit')!;
    await post('/api/users', { email: 'new.student@cvit.example', name: 'Wu Fang', password: 'a long enough password', memberships: [{ orgId: cvit.id, role: 'student' }] });

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Audit log' }));
    const rows = page.locator('table tbody tr');
    await visible(rows.first());
    // Newest first: what the operator just did, after signing in (a sign-in is recorded too).
    expect(await rows.locator('th').allTextContents()).toEqual(['User created', 'Organisation created', 'Signed in']);
    expect(await rows.first().locator('td').nth(1).textContent()).toBe('admin@practicum.example');

    await rows.nth(1).getByText('Show details').click();
    await visible(rows.nth(1).locator('pre'));
    expect(await rows.nth(1).locator('pre').textContent()).toContain(SLUG);
    expect(await axeFindings(page, { bestPractice: true })).toEqual([]);
    await screenshot(page, 'audit-operator');
  });

  it('filters by action, says when nothing matches, and offers the same filter as CSV', async () => {
    await page.getByLabel('Action').selectOption({ label: 'Organisation created' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/action=organisation\.created/);
    await visible(page.getByText('1 entry'));
    const href = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
    expect(href).toBe('/api/audit.csv?action=organisation.created&lang=en');
    const csv = await page.request.get(`${server.url}${href}`);
    const bytes = await csv.body();
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines[0]).toBe('time (UTC),actor,actor id,organisation id,action,action name,target kind,target id,target name,IP address,detail');
    expect(lines.slice(1).map((l) => l.split(',')[4])).toEqual(['Organisation created']);

    await page.getByLabel('Action').selectOption({ label: 'User disabled' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await visible(page.locator('.empty-state__title', { hasText: 'No entries match' }));
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await visible(page.locator('table tbody tr').nth(1));
  });

  it('shows a school’s admin only their school’s entries, in Chinese, readable at 390 px', async () => {
    await signOut(page);
    await signIn(page, 'admin@cvit.example', DEMO_PASSWORD);
    // Signed in once the app has left the sign-in page (a navigation before then would cancel it).
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.setViewportSize({ width: 390, height: 844 });
    // Their saved language is Chinese (chosen on another device); the browser itself asks for English.
    const chosen = await page.request.put(`${server.url}/api/me/locale`, { data: { locale: 'zh-CN' }, headers: { Origin: server.url } });
    expect(chosen.status()).toBe(200);
    await page.goto(`${server.url}/admin/audit`);
    await visible(page.getByRole('heading', { level: 1, name: '审计日志' }));
    const rows = page.locator('table tbody tr');
    await visible(rows.first());
    // The new organisation is not theirs: only their own sign-in and the student created in their school.
    expect(await rows.locator('th').allTextContents()).toEqual(['登录', '创建用户']);
    await rows.nth(1).getByText('查看详情').click();
    await visible(rows.nth(1).locator('pre'));
    expect(await rows.nth(1).locator('pre').textContent()).toContain('student');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, 'no sideways scrolling at 390 px').toBeLessThanOrEqual(0);
    expect(await axeFindings(page, { bestPractice: true })).toEqual([]);
    await screenshot(page, 'audit-school-admin-390');
  });
});
