import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, signIn, visible, type TestBrowser } from './helpers/browser';
import { DEMO_PASSWORD, startServer, type TestServer } from './helpers/server';

/**
 * Enterprise authoring, end to end on the seeded demo: the demo author opens freight-quote as
 * its next version, edits a task's instructions and a check in Monaco (autosaved), validates
 * (progress, then the result), publishes a minor version with a changelog line and finds it
 * listed. Then a new scenario from the template: a mistake typed into scenario.yaml shows in
 * the problems panel with its line, before any save, and goes when it is fixed.
 */

const SCENARIO = 'Fix the freight quote calculator';
const TASK_NOTE = 'The dispatch desk rounds half up to the fen.';
const NEW_CHECK = "test('Minimum charge: 12 kg over 40 km', () => { expect(quote({ actualKg: 12, distanceKm: 40 }).total).toBe(35); });";
const CHANGELOG = 'A check for the minimum charge; the rounding task says how the desk rounds';

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

/** What Monaco shows (its DOM uses non-breaking spaces). */
async function editorText(): Promise<string> {
  return (await page.locator('.code-editor .view-lines').innerText()).replace(/\u00a0/g, ' ');
}

async function openFile(name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Files' }).getByRole('button', { name, exact: true }).click();
  await visible(page.locator('.status-bar__path', { hasText: name }));
}

/** Appends a line at the end of the open file. Inserted whole, so Monaco does not close brackets twice. */
async function appendLine(text: string): Promise<void> {
  await page.locator('.code-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.press('Enter');
  await page.keyboard.insertText(text);
  await page.keyboard.press('Escape');
}

async function savedInStatusBar(): Promise<void> {
  await visible(page.locator('.status-bar [data-save-state="saved"]'), 10_000);
}

describe('the demo author edits, validates and publishes a scenario in the browser', () => {
  it('opens freight-quote as its next version in the draft editor', async () => {
    await page.goto(`${server.url}/login`);
    await signIn(page, 'author@swift.example', DEMO_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Authoring' }).click();
    const card = page.locator('.authored', { has: page.getByRole('heading', { name: SCENARIO }) });
    await visible(card);
    expect(await card.locator('tbody tr').count()).toBe(1);
    await screenshot(page, 'authoring-home');

    await card.getByRole('button', { name: /Edit as next version/ }).click();
    await page.waitForURL(/\/authoring\/drafts\/[0-9a-f-]{36}$/);
    await visible(page.getByRole('heading', { level: 1, name: SCENARIO }));
    await visible(page.locator('.code-editor .view-lines'), 20_000);
    expect(await page.locator('.ws-header__eyebrow').textContent()).toContain('next version after 1.0.1');
    // The package as published loads: the live checks find nothing.
    await visible(page.getByText('The package loads', { exact: false }));
    expect(await page.locator('.ws-header__status').textContent()).toContain('Not validated');
  });

  it('edits the task instructions and a check; both are autosaved', async () => {
    await page.waitForLoadState('networkidle');
    await openFile('fix-rounding.md');
    await appendLine(TASK_NOTE);
    await savedInStatusBar();
    expect(await editorText()).toContain(TASK_NOTE);

    await openFile('rounding.visible.test.js');
    await appendLine(NEW_CHECK);
    await savedInStatusBar();
    expect(await editorText()).toContain('Minimum charge: 12 kg over 40 km');
    await visible(page.locator('.save-summary', { hasText: 'All changes saved' }));
    await screenshot(page, 'authoring-editor');
  });

  it('validates the draft with progress, then shows the result', async () => {
    await page.getByRole('button', { name: 'Validate', exact: true }).click();
    await visible(page.locator('.validation__progress'));
    const verdict = await visible(page.locator('.validation__verdict'), 60_000);
    await screenshot(page, 'authoring-validated');
    expect(await verdict.textContent()).toBe('Validation passed');
    const result = await page.locator('.validation__result').textContent();
    expect(result).toContain('solution scores 100.0 %');
    expect(result).toMatch(/Check strength \d+ %/);
    expect(result).toContain('checks the content as it is now');
    expect(await page.locator('.ws-header__status').textContent()).toContain('Validated');
  });

  it('publishes a minor version with a changelog line and sees it listed', async () => {
    await page.getByRole('button', { name: 'Publish…' }).click();
    const dialog = await visible(page.getByRole('dialog'));
    await dialog.getByLabel(/Minor: 1\.1\.0/).check();
    // The changelog is required: the dialog says so instead of sending an empty line.
    await dialog.getByRole('button', { name: 'Publish version 1.1.0' }).click();
    await visible(dialog.getByText('Say in a line what changed'));
    await dialog.getByLabel('What changed').fill(CHANGELOG);
    await screenshot(page, 'authoring-publish');
    await dialog.getByRole('button', { name: 'Publish version 1.1.0' }).click();

    await page.waitForURL(/\/authoring\?published=[0-9a-f-]{36}$/);
    await visible(page.getByText(`Published version 1.1.0 of ${SCENARIO}`));
    const card = page.locator('.authored', { has: page.getByRole('heading', { name: SCENARIO }) });
    const row = await visible(card.locator('tr[data-version="1.1.0"]'));
    expect(await row.textContent()).toContain(CHANGELOG);
    expect(await row.textContent()).toContain('Li Wei');
    expect(await card.locator('tbody tr').count()).toBe(2);
    expect(await row.getByRole('link', { name: /Compare/ }).getAttribute('href')).toMatch(/^\/scenarios\/versions\/[0-9a-f-]{36}\/diff\?against=[0-9a-f-]{36}$/);
    // Published: no draft is open any more, and the newest version is the one to edit next.
    expect(await card.getByRole('link', { name: /Open draft/ }).count()).toBe(0);
    await visible(row.getByRole('button', { name: /Edit as next version/ }));
    await screenshot(page, 'authoring-published');
  });

  it('reports a mistake typed into scenario.yaml with its line, live, and clears it when fixed', async () => {
    await page.getByRole('button', { name: 'New scenario', exact: true }).click();
    const dialog = await visible(page.getByRole('dialog'));
    await dialog.getByLabel('Title').fill('Count the stock at the depot');
    expect(await dialog.getByLabel('Id').inputValue()).toBe('count-the-stock-at-the-depot');
    await dialog.getByRole('button', { name: /Create and open the draft/ }).click();
    await page.waitForURL(/\/authoring\/drafts\/[0-9a-f-]{36}$/);
    await visible(page.locator('.code-editor .view-lines'), 20_000);
    await visible(page.getByText('The package loads', { exact: false }));
    await page.waitForLoadState('networkidle');

    // The brief names a file that is not in the package: typed at the end of its line.
    const text = await editorText();
    const briefLine = text.split('\n').findIndex((l) => l.startsWith('brief:')) + 1;
    expect(briefLine).toBeGreaterThan(0);
    await page.locator('.code-editor .view-lines').click();
    await page.keyboard.press('ControlOrMeta+Home');
    for (let i = 1; i < briefLine; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await page.keyboard.type('x');
    const problem = await visible(page.locator('.problem', { hasText: 'does not exist in the package' }));
    expect(await problem.textContent()).toContain(`scenario.yaml:${briefLine}`);
    expect(await page.locator('.badge--problems').textContent()).toMatch(/^1/);
    await screenshot(page, 'authoring-problem');

    await page.keyboard.press('Backspace');
    await visible(page.getByText('The package loads', { exact: false }));
    await savedInStatusBar();
    expect(browser.takeProblems()).toEqual([]);
  });
});
