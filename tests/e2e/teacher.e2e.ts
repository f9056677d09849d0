import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, signIn, signOut, visible, type TestBrowser } from './helpers/browser';
import { DEMO_PASSWORD, startServer, type TestServer } from './helpers/server';

/**
 * The teacher's views on the seeded demo, as a teacher reads them: the live monitor lists every
 * student (not started too, filterable) and counts visible checks as students see them; a
 * record's parent competencies roll their children up; targeted practice can be undone; "Find
 * partners" names competencies by title; and the school's admin is not offered a partner the
 * school already has.
 */

const COURSE = 'Enterprise Practice 2026';
const SCENARIO = 'Fix the freight quote calculator';

let server: TestServer;
let browser: TestBrowser;
let page: Page;
let coursePath: string;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.goto(`${server.url}/login`);
  await signIn(page, 'teacher@cvit.example', DEMO_PASSWORD);
  await visible(page.getByRole('heading', { level: 1, name: 'Welcome, Zhang Min' }));
});

afterEach(() => {
  expect(browser.takeProblems(), 'page errors, CSP violations or unexpected console errors').toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const bodyRowNames = () => page.locator('table tbody tr th').evaluateAll((cells) => cells.map((c) => c.firstChild?.textContent?.trim() ?? ''));

describe('the teacher', () => {
  it('sees every enrolled student on the live monitor, and can show only those who have not started', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Courses' }).click();
    await page.getByRole('link', { name: COURSE }).first().click();
    await visible(page.getByRole('heading', { level: 1, name: COURSE }));
    coursePath = new URL(page.url()).pathname;
    await page.getByRole('link', { name: `Live monitor for ${SCENARIO}` }).click();
    await visible(page.getByRole('heading', { level: 1, name: `Live monitor: ${SCENARIO}` }));
    await expect.poll(bodyRowNames).toEqual(['Chen Jie', 'Huang Xin', 'Liu Yang', 'Wang Fang', 'Zhao Lei', 'Zhou Ting']);
    expect(await page.locator('.monitor-bar__summary').textContent()).toBe('2 not started · 1 submitted · 3 graded (6 students)');
    // The fuel-surcharge task waits for its e-mail: its visible check is not counted, but said apart.
    const chen = page.locator('tr', { has: page.getByRole('rowheader', { name: 'Chen Jie' }) });
    const checks = chen.locator('[data-col="checks"]');
    expect(await checks.evaluate((td) => td.firstChild?.textContent)).toBe('0/1');
    expect(await checks.locator('.table__sub').textContent()).toBe('1 more locked');

    await page.getByLabel('Show').selectOption('not_started');
    await expect.poll(bodyRowNames).toEqual(['Huang Xin', 'Zhou Ting']);
    expect(page.url()).toContain('show=not_started');
    await screenshot(page, 'teacher-monitor-not-started');
    await page.reload();
    await expect.poll(bodyRowNames).toEqual(['Huang Xin', 'Zhou Ting']);
  });

  it('reads a parent competency as a roll-up of its children, and each evidence count in words', async () => {
    await page.goto(`${server.url}${coursePath}/report`);
    const heatmap = await visible(page.getByRole('table', { name: 'Mastery heatmap' }));
    await heatmap.getByRole('link', { name: 'Liu Yang' }).first().click();
    await visible(page.getByRole('heading', { level: 1, name: 'Liu Yang' }));
    const data = page.locator('tr', { has: page.getByRole('rowheader', { name: /^Data and SQL/ }) });
    await visible(data);
    expect(await data.textContent()).toMatch(/Advanced\s*roll-up/);
    expect(await data.textContent()).toContain('see below');
    expect(await data.textContent()).not.toContain('No evidence');
    await visible(page.getByText('A roll-up is shown where a competency has no evidence of its own', { exact: false }));
    // Screen readers hear "1 piece", not "1 pieces".
    await visible(page.getByRole('button', { name: 'Show 1 piece of evidence for Querying' }));
    await screenshot(page, 'teacher-record-rollup');
  });

  it('assigns targeted practice and takes it back, from the report and from the course page', async () => {
    await page.goto(`${server.url}${coursePath}/report#report-practice`);
    const practice = await visible(page.locator('#report-practice .practice').first());
    const assign = practice.getByRole('button', { name: /^Assign as practice/ }).first();
    const assignName = (await assign.getAttribute('aria-label')) ?? (await assign.textContent())!;
    await assign.click();
    const undo = await visible(practice.getByRole('button', { name: /^Undo\W+withdraw/ }).first());
    await screenshot(page, 'teacher-practice-assigned');
    await undo.click();
    await visible(page.getByRole('status').filter({ hasText: /^Withdrew / }));
    await visible(practice.getByRole('button', { name: assignName }));

    // Assigned again, it shows on the course page, where it can be withdrawn too.
    await practice.getByRole('button', { name: /^Assign as practice/ }).first().click();
    await visible(practice.getByRole('button', { name: /^Undo\W+withdraw/ }).first());
    await page.goto(`${server.url}${coursePath}`);
    const row = await visible(page.locator('tr', { hasText: /Practice for .+ only/ }));
    const title = (await row.getByRole('rowheader').evaluate((th) => th.firstChild?.textContent ?? '')).trim();
    expect(title).toMatch(/^Practice: /);
    await row.getByRole('button', { name: /^Withdraw/ }).click();
    await visible(page.getByText(`Withdrew ${title}:`, { exact: false }));
    // The list is fetched again after the message shows: wait for the row to go.
    await expect.poll(() => page.locator('tr', { hasText: /Practice for .+ only/ }).count()).toBe(0);
  });

  it('reads "Find partners" in competency titles, codes after them', async () => {
    const covers = page.locator('section', { has: page.getByRole('heading', { name: 'Find partners' }) }).locator('tbody td').nth(1);
    expect(await covers.textContent()).toContain('Changing data (sql.modification)');
    await screenshot(page, 'teacher-find-partners');
  });
});

describe('the school’s admin', () => {
  it('is not offered Swift Logistics as a new partner: the school has it already', async () => {
    await signOut(page);
    await signIn(page, 'admin@cvit.example', DEMO_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Organisations' }).click();
    const form = await visible(page.getByRole('form', { name: 'Propose a partnership' }));
    const partner = form.getByLabel('Partner');
    await expect.poll(() => partner.locator('option').allTextContents()).toEqual(['No organisation left to propose to']);
    expect(await form.locator('#partner-org-hint').textContent()).toBe('Not listed, already partners or proposed: Swift Logistics (partner).');
    await screenshot(page, 'admin-propose-partner');
  });
});
