import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, signIn, visible, type TestBrowser } from './helpers/browser';
import { DEMO_PASSWORD, startServer, type TestServer } from './helpers/server';

/**
 * Curriculum feedback, end to end on the seeded demo (past work graded and reviewed through the
 * real services): the teacher opens the course report, finds a student's evidence in the
 * heatmap, follows a gap to the module that teaches it, logs an adjustment there and exports
 * the heatmap as CSV.
 */

let server: TestServer;
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the demo teacher reads the course report', () => {
  it('opens the report and sees the demo students’ evidence in the heatmap', async () => {
    await page.goto(`${server.url}/login`);
    await signIn(page, 'teacher@cvit.example', DEMO_PASSWORD);
    await page.getByRole('link', { name: 'Enterprise Practice 2026' }).first().click();
    await page.getByRole('link', { name: 'Course report' }).click();
    await visible(page.getByRole('heading', { level: 1, name: /Course report/ }));
    const heatmap = await visible(page.getByRole('table', { name: 'Mastery heatmap' }));
    const row = heatmap.getByRole('row').filter({ hasText: 'Liu Yang' });
    // Liu Yang's full freight-quote work: advanced in debugging, with the percentage in text.
    expect(await row.textContent()).toMatch(/\d+\s?%/);
    expect(await row.textContent()).toMatch(/Advanced/);
    await screenshot(page, 'report-top');
  });

  it('follows a gap to its module and records an adjustment there', async () => {
    const gaps = page.getByRole('region', { name: 'Gaps' }).or(page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Gaps' }) }));
    const moduleLink = gaps.getByRole('link', { name: 'Module 2: SQL for operations' }).first();
    await moduleLink.click();
    const form = await visible(page.getByRole('form', { name: 'Record an adjustment to Module 2: SQL for operations' }));
    await form.getByLabel('Date').fill(new Date().toISOString().slice(0, 10));
    await form.getByLabel('What changed').fill('Two extra lab hours on joins with real order data');
    await form.getByLabel('Why').fill('The report shows most students below proficient in joining');
    await form.getByRole('button', { name: 'Record adjustment' }).click();
    await visible(page.getByText('Two extra lab hours on joins with real order data'));
    await screenshot(page, 'report-adjustment');
  });

  it('exports the heatmap as CSV', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export heatmap (CSV)' }).click()]);
    const file = await download.path();
    const csv = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    const [header, ...rows] = csv.trim().split('\r\n');
    expect(header).toMatch(/^student,/);
    expect(rows.map((r) => r.split(',')[0])).toContain('Liu Yang');
    expect(browser.takeProblems()).toEqual([]);
  });
});
