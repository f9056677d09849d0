import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeFindings } from './helpers/axe';
import { launchBrowser, screenshot, signIn, visible, type TestBrowser } from './helpers/browser';
import { DEMO_PASSWORD, startServer, type TestServer } from './helpers/server';

/**
 * An author marks a surviving mutant as equivalent in the validation panel: a line of the
 * solution nobody reads survives every check; the author gives the reason, the mark lands in the
 * draft's mutants.yaml (autosaved, in the file tree), and the next validation counts it out and
 * lists it with the reason.
 */

const VALIDATION_MS = 150_000;
const SPARE = 'const spare = 1;';
const REASON = 'spare is never read, so no check can see it change';

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

async function validate(): Promise<void> {
  await page.getByRole('button', { name: 'Validate', exact: true }).click();
  await visible(page.locator('.validation__progress'));
  await visible(page.locator('.validation__fresh'), VALIDATION_MS);
}

describe('marking an equivalent mutant', () => {
  it('opens a new scenario and adds a line to the solution that no check can see', async () => {
    await page.goto(`${server.url}/login`);
    await signIn(page, 'author@swift.example', DEMO_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Authoring' }).click();
    await page.getByRole('button', { name: 'New scenario', exact: true }).click();
    const dialog = await visible(page.getByRole('dialog'));
    await dialog.getByLabel('Title').fill('Marked mutants');
    await dialog.getByRole('button', { name: /Create and open the draft/ }).click();
    await page.waitForURL(/\/authoring\/drafts\/[0-9a-f-]{36}$/);
    await visible(page.locator('.code-editor .view-lines'), 20_000);
    await page.waitForLoadState('networkidle');

    await page.locator('button.tree__file[title="solution/src/total.js"]').click();
    await visible(page.locator('.status-bar__path', { hasText: 'solution/src/total.js' }));
    await page.locator('.code-editor .view-lines').click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.press('Enter');
    await page.keyboard.insertText(SPARE);
    await page.keyboard.press('Escape');
    await visible(page.locator('.status-bar [data-save-state="saved"]'), 10_000);
  });

  it('validates, marks the surviving mutant with a reason, and sees the mark written into mutants.yaml', async () => {
    await validate();
    const mutant = page.locator('.mutant', { hasText: SPARE }).filter({ hasText: 'constant 1 → 2' });
    await visible(mutant);
    await mutant.getByRole('button', { name: 'Mark as equivalent…' }).click();
    const reason = mutant.getByLabel(/Why does this mistake change nothing\?/);
    // Focus goes to the reason; an empty reason is refused with words, not sent.
    expect(await reason.evaluate((el) => el === document.activeElement)).toBe(true);
    await mutant.getByRole('button', { name: 'Mark as equivalent', exact: true }).click();
    await visible(mutant.getByRole('alert'));
    await reason.fill(REASON);
    await screenshot(page, 'equivalent-form');
    await mutant.getByRole('button', { name: 'Mark as equivalent', exact: true }).click();

    await visible(mutant.getByText(`Marked as equivalent: ${REASON}`, { exact: false }));
    await visible(page.locator('button.tree__file[title="mutants.yaml"]'));
    await visible(page.locator('.save-summary', { hasText: 'All changes saved' }), 10_000);
    // Changed since validation: the mark counts from the next one.
    await visible(page.locator('.ws-header__status', { hasText: 'Changed since validation' }));
    const findings = await axeFindings(page);
    expect(findings.filter((f) => f.targets.some((t) => /mutant|validation/.test(t)))).toEqual([]);
  }, VALIDATION_MS + 30_000);

  it('validates again: the mutant is counted out and listed with its reason', async () => {
    await validate();
    const result = page.locator('.validation__result');
    await visible(result.getByText('1 marked equivalent in mutants.yaml, not counted', { exact: false }));
    const marked = result.locator('.mutant--equivalent', { hasText: SPARE });
    await visible(marked.getByText(REASON));
    expect(await result.locator('.mutant:not(.mutant--equivalent)', { hasText: SPARE }).count()).toBe(0);
    await screenshot(page, 'equivalent-validated');

    // The file holds the mark, as a reader of the package (or its git diff) sees it.
    await page.locator('button.tree__file[title="mutants.yaml"]').click();
    await visible(page.locator('.code-editor .view-line', { hasText: `reason: ${REASON}` }));
    expect(browser.takeProblems()).toEqual([]);
  }, VALIDATION_MS + 30_000);
});
