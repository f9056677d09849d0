import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, signIn, signOut, visible, type TestBrowser } from './helpers/browser';
import { DEMO_PASSWORD, startServer, type TestServer } from './helpers/server';

/**
 * Enterprise review, end to end on the seeded demo: Chen Jie's freight-quote submission waits
 * in the queue from the first start. The demo reviewer claims it, scores the rubric with the
 * keyboard, comments on a line of NOTES.md and submits; Chen Jie then finds the comment on that
 * line of the read-only editor and the final score.
 */

const COMMENT = 'Say which band boundary was wrong, not only that you rounded.';
const LINE = 3;

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

describe('the demo reviewer reviews the demo student’s submission', () => {
  it('finds it waiting in the queue and claims it', async () => {
    await page.goto(`${server.url}/login`);
    await signIn(page, 'reviewer@swift.example', DEMO_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reviews' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Chen Jie' });
    await visible(row);
    expect(await row.textContent()).toContain('Fix the freight quote calculator');
    await screenshot(page, 'review-queue');
    await row.getByRole('button', { name: /Claim/ }).click();
    await page.waitForURL(/\/reviews\/items\/[0-9a-f-]{36}$/);
    await visible(page.getByRole('button', { name: /Submit review/ }));
  });

  it('scores the rubric from the keyboard, comments on a line and submits', async () => {
    // j focuses the first criterion, a digit picks its level (3 = the top of three levels).
    // Let the page settle (Monaco loads lazily), then start from the first criterion.
    await visible(page.locator('.review-editor .editor.modified .view-lines').first());
    // The claim's own queue push refreshes the page's data once; start after that.
    await page.waitForLoadState('networkidle');
    await page.locator('[data-criterion="explains-fix"] legend').click();
    const focusedCriterion = (id: string) =>
      page.waitForFunction((c) => document.activeElement?.closest('[data-criterion]')?.getAttribute('data-criterion') === c, id).catch(async (err) => {
        const where = await page.evaluate(() => `${document.activeElement?.tagName}.${document.activeElement?.className} in ${document.activeElement?.closest('[data-criterion]')?.getAttribute('data-criterion')}`);
        await screenshot(page, 'review-keyboard-failure');
        throw new Error(`focus is on ${where}: ${err}`);
      });
    const checkedLevels = (n: number) => page.waitForFunction((k) => document.querySelectorAll('input[type=radio]:checked').length === k, n);
    await focusedCriterion('explains-fix');
    await page.keyboard.press('3');
    await checkedLevels(1);
    await page.keyboard.press('j');
    await focusedCriterion('reply-dispatch');
    await page.keyboard.press('2');
    await checkedLevels(2);
    expect(await page.locator('#level-explains-fix-2, [name="level-explains-fix"][value="2"]').first().isChecked()).toBe(true);

    await page.getByRole('navigation', { name: 'Files' }).getByRole('button', { name: 'NOTES.md' }).click();
    // Put the cursor on the line, then ask to comment on it.
    await visible(page.locator('.review-editor .editor.modified .view-lines', { hasText: 'What I changed' }));
    // Lines are found by their number in the gutter: Monaco does not keep DOM order = line order.
    const number = await visible(page.locator('.review-editor .editor.modified .line-numbers', { hasText: new RegExp(`^${LINE}$`) }).first());
    const box = (await number.boundingBox())!;
    await page.mouse.click(box.x + box.width + 60, box.y + box.height / 2);
    await page.getByRole('button', { name: `Comment on line ${LINE}` }).click();
    await page.getByLabel(/Comment on line/).fill(COMMENT);
    await page.getByRole('button', { name: 'Add comment' }).click();
    await visible(page.getByText(COMMENT).first());
    await page.getByLabel(/Overall comment/i).fill('The fix is right; the note should name both causes.');
    await screenshot(page, 'review-page');

    await page.getByRole('button', { name: /Submit review/ }).click();
    const dialog = await visible(page.getByRole('dialog'));
    await dialog.getByRole('button', { name: /Submit/ }).click();
    await visible(page.getByText(/submitted/i).first());
    await signOut(page);
  });

  it('shows the student the comment on that line and the final score', async () => {
    await signIn(page, 'student1@cvit.example', DEMO_PASSWORD);
    await page.getByRole('link', { name: /View result/ }).filter({ hasText: 'Fix the freight quote calculator' }).click();
    await page.waitForURL(/\/attempts\//);
    const final = await visible(page.getByText('Final score', { exact: true }));
    // Checks 100 %, review (10 + 5) / 20 = 75 %: 0.7 × 100 + 0.3 × 75 = 92.5 %.
    expect(await final.locator('..').textContent()).toMatch(/92\.5\s?%|93\s?%/);

    // The comment sits in the read-only editor under line 3 of NOTES.md.
    await page.getByRole('button', { name: new RegExp(`NOTES\\.md:${LINE}`) }).first().click();
    const zone = await visible(page.locator('.feedback-zone__body', { hasText: COMMENT }));
    const glyph = await visible(page.locator('.feedback-glyph').first());
    const lineNumber = page.locator('.margin-view-overlays .line-numbers', { hasText: new RegExp(`^${LINE}$`) });
    const [g, n, z] = await Promise.all([glyph.boundingBox(), lineNumber.boundingBox(), zone.boundingBox()]);
    expect(Math.abs(g!.y - n!.y)).toBeLessThan(4);
    expect(z!.y).toBeGreaterThan(n!.y);
    await screenshot(page, 'review-student-feedback');
    expect(browser.takeProblems()).toEqual([]);
  });
});
