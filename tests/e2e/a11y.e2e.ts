import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { axeFindings, type AxeFinding } from './helpers/axe';
import { launchBrowser, screenshot, signIn, signOut, visible, type TestBrowser } from './helpers/browser';
import { DEMO_PASSWORD, startServer, type TestServer } from './helpers/server';

/**
 * The axe pass: every demo role signs in and axe-core (WCAG 2.1 A and AA) runs over the key
 * pages they use, on the seeded demo. Any violation on any page fails the role's test, which
 * lists them page by page (rule, impact, the elements). Screenshots of each page go to
 * E2E_SHOTS_DIR as a11y-<page>.png.
 */

let server: TestServer;
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.goto(`${server.url}/login`);
});

afterEach(() => {
  expect(browser.takeProblems(), 'page errors, CSP violations or unexpected console errors').toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Waits until the page has its heading and nothing is loading, then runs axe on it. */
async function audit(found: Record<string, AxeFinding[]>, name: string, ready?: () => Promise<unknown>): Promise<void> {
  await visible(page.locator('h1').first());
  await ready?.();
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => !/Loading/.test(document.querySelector('main')?.textContent ?? ''), undefined, { timeout: 10_000 }).catch(() => undefined);
  const findings = await axeFindings(page, { bestPractice: true });
  if (findings.length) found[name] = findings;
  await screenshot(page, `a11y-${name}`);
}

async function go(path: string): Promise<void> {
  await page.goto(`${server.url}${path}`);
}

async function nav(name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
}

const editorReady = () => visible(page.locator('.monaco-editor .view-lines').first(), 30_000);

async function as(email: string, name: string): Promise<void> {
  if (await page.getByRole('button', { name: 'Sign out' }).count()) await signOut(page);
  await signIn(page, email, DEMO_PASSWORD);
  await visible(page.getByRole('heading', { level: 1, name: `Welcome, ${name}` }));
}

describe('axe finds nothing on the key pages of every role', () => {
  it('student: home, workspace, brief, result, record', async () => {
    const found: Record<string, AxeFinding[]> = {};
    await as('student1@cvit.example', 'Chen Jie');
    await audit(found, 'student-home');

    // A scenario whose brief has a code block (the scrollable <pre>).
    const item = page.locator('.assignment', { has: page.getByRole('heading', { name: 'Sign-up validation for the SlotBee booking app' }) });
    await item.getByRole('button', { name: /^Start/ }).click();
    await page.waitForURL(/\/attempts\/[0-9a-f-]{36}$/);
    await audit(found, 'student-workspace', editorReady);

    await go('/');
    await page.getByRole('link', { name: /View result of Fix the freight quote calculator/ }).click();
    await page.waitForURL(/\/attempts\/[0-9a-f-]{36}$/);
    await audit(found, 'student-result', editorReady);

    await go('/record');
    await audit(found, 'student-record', () => visible(page.getByRole('table').first()));
    expect(found).toEqual({});
  });

  it('teacher: home, courses, course, report, monitor, record, new assignment', async () => {
    const found: Record<string, AxeFinding[]> = {};
    await as('teacher@cvit.example', 'Zhang Min');
    await audit(found, 'teacher-home');
    await nav('Courses');
    await audit(found, 'teacher-courses');
    await page.getByRole('link', { name: 'Enterprise Practice 2026' }).first().click();
    await audit(found, 'teacher-course', () => visible(page.getByRole('table').first()));
    const coursePath = new URL(page.url()).pathname;

    await page.getByRole('link', { name: 'Live monitor for Fix the freight quote calculator' }).click();
    // The monitor is its own lazily loaded page: the course page (two tables) stays on screen, at the new
    // address, until its code has arrived; its own heading says it is there.
    await visible(page.getByRole('heading', { name: 'Live monitor: Fix the freight quote calculator', level: 1 }));
    await audit(found, 'teacher-monitor', () => visible(page.getByRole('table')));

    await go(`${coursePath}/report`);
    await audit(found, 'teacher-report', () => visible(page.getByRole('table', { name: 'Mastery heatmap' })));
    await page.getByRole('table', { name: 'Mastery heatmap' }).getByRole('link', { name: 'Liu Yang' }).first().click();
    await audit(found, 'teacher-record', () => visible(page.getByRole('table').first()));

    await go(`${coursePath}/assignments/new`);
    await audit(found, 'teacher-new-assignment');
    expect(found).toEqual({});
  });

  it('author: home, authoring, draft editor, preview, insights', async () => {
    const found: Record<string, AxeFinding[]> = {};
    await as('author@swift.example', 'Li Wei');
    await audit(found, 'author-home');
    await nav('Authoring');
    await audit(found, 'author-authoring', () => visible(page.locator('.authored').first()));

    const card = page.locator('.authored', { has: page.getByRole('heading', { name: 'Fix the freight quote calculator' }) });
    await card.getByRole('button', { name: /Edit as next version/ }).click();
    await page.waitForURL(/\/authoring\/drafts\/[0-9a-f-]{36}$/);
    await audit(found, 'author-draft-editor', editorReady);
    await page.getByRole('button', { name: 'Preview as student' }).click();
    await page.waitForURL(/\/authoring\/previews\/[0-9a-f-]{36}$/);
    await audit(found, 'author-preview', editorReady);

    await go('/insights');
    await audit(found, 'author-insights');
    expect(found).toEqual({});
  });

  it('reviewer lead: home, queue, review page, calibration, agreement, regrades', async () => {
    const found: Record<string, AxeFinding[]> = {};
    await as('reviewer@swift.example', 'Sun Hao');
    await audit(found, 'reviewer-home');
    await nav('Reviews');
    const row = await visible(page.getByRole('row').filter({ hasText: 'Chen Jie' }));
    await audit(found, 'reviewer-queue');
    await row.getByRole('button', { name: /Claim/ }).click();
    await page.waitForURL(/\/reviews\/items\/[0-9a-f-]{36}$/);
    await audit(found, 'reviewer-review', () => visible(page.locator('.review-editor .editor.modified .view-lines').first(), 30_000));

    for (const [path, name] of [
      ['/reviews/calibration', 'reviewer-calibration'],
      ['/reviews/agreement', 'reviewer-agreement'],
      ['/reviews/regrades', 'reviewer-regrades'],
    ] as const) {
      await go(path);
      await audit(found, name);
    }
    expect(found).toEqual({});
  });

  it('school admin: home, users, a person, organisations and partnerships', async () => {
    const found: Record<string, AxeFinding[]> = {};
    await as('admin@cvit.example', 'Tang Hui');
    await audit(found, 'school-admin-home');
    await nav('Users');
    await audit(found, 'school-admin-users', () => visible(page.getByRole('table')));
    await page.getByRole('link', { name: 'Liu Yang' }).click();
    await audit(found, 'school-admin-user');
    await nav('Organisations');
    await audit(found, 'school-admin-orgs', () => visible(page.getByRole('form', { name: 'Propose a partnership' })));
    expect(found).toEqual({});
  });

  it('platform operator: home, organisations, new organisation, users, new user', async () => {
    const found: Record<string, AxeFinding[]> = {};
    await as('admin@practicum.example', 'Platform Admin');
    await audit(found, 'operator-home');
    await nav('Organisations');
    await audit(found, 'operator-orgs', () => visible(page.getByRole('table')));
    await go('/admin/orgs/new');
    await audit(found, 'operator-new-org');
    await go('/admin/users');
    await audit(found, 'operator-users', () => visible(page.getByRole('table')));
    await go('/admin/users/new');
    await audit(found, 'operator-new-user');
    expect(found).toEqual({});
  });
});
