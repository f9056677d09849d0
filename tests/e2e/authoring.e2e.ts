import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, signIn, signOut, visible, type TestBrowser } from './helpers/browser';
import { DEMO_PASSWORD, ROOT, startServer, type TestServer } from './helpers/server';

/**
 * Enterprise authoring, end to end on the seeded demo, as the "done when" has it: the
 * demo author opens freight-quote as its next version, edits a task's instructions and a check
 * in Monaco (autosaved), validates and sees the check strength fail (the edit dropped the
 * checks on weights and bad input), adds a check that catches the surviving mistakes and sees
 * validation pass, previews the draft as a student (runs the checks, skips to the fuel-surcharge
 * e-mail, which unlocks the second task), publishes version 1.1.0 with a changelog line; the
 * demo teacher then sees the new version on the course's assignment and opens its diff. On the
 * way: the scenario's "open to every school" switch, and a mistake typed into a new scenario's
 * scenario.yaml shown with its line, live, until it is fixed.
 */

const SCENARIO = 'Fix the freight quote calculator';
const TASK_NOTE = 'The dispatch desk rounds half up to the fen.';
/** The hidden rounding checks as published; the edit drops their last block, from this line on. */
const HIDDEN_CHECKS = fs.readFileSync(path.join(ROOT, 'scenarios/freight-quote/checks/rounding.hidden.test.js'), 'utf8');
const DROPPED_BLOCK = "describe('weights and minimum charge'";
const NEW_CHECK =
  "test('no quote without weight or distance', () => { expect(() => quote({ actualKg: 0, distanceKm: 10 })).toThrow(RangeError); expect(() => quote({ actualKg: 10, distanceKm: 0 })).toThrow(RangeError); expect(quote({ actualKg: 0.5, distanceKm: 1 }).total).toBe(35); });";
const CHANGELOG = 'Hidden checks refuse quotes without weight or distance; the rounding task says how the desk rounds';
/** Mutation runs take a while on two busy cores. */
const VALIDATION_MS = 150_000;

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

/** Deletes the open file from the start of `line` to its end, with the keyboard as an author would. */
async function deleteFromLine(line: number): Promise<void> {
  await page.locator('.code-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+Home');
  for (let i = 1; i < line; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Home');
  await page.keyboard.press('Shift+ControlOrMeta+End');
  await page.keyboard.press('Delete');
}

async function savedInStatusBar(): Promise<void> {
  await visible(page.locator('.status-bar [data-save-state="saved"]'), 10_000);
}

/** Runs Validate and waits for a result of the content as it is now. */
async function validate(): Promise<string> {
  await page.getByRole('button', { name: 'Validate', exact: true }).click();
  await visible(page.locator('.validation__progress'));
  await visible(page.locator('.validation__fresh'), VALIDATION_MS);
  return (await page.locator('.validation__verdict').textContent()) ?? '';
}

async function strengthPercent(): Promise<number> {
  const label = await page.locator('.strength__label strong').textContent();
  return Number(/(\d+) %/.exec(label ?? '')?.[1]);
}

describe('the demo author edits, validates and publishes a scenario in the browser', () => {
  it('opens freight-quote as its next version in the draft editor', async () => {
    await page.goto(`${server.url}/login`);
    await signIn(page, 'author@swift.example', DEMO_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Authoring' }).click();
    const card = page.locator('.authored', { has: page.getByRole('heading', { name: SCENARIO }) });
    await visible(card);
    expect(await card.locator('tbody tr').count()).toBe(1);
    // Partner schools only, until the author opens it to every school (and back: it stays so).
    const open = card.getByRole('switch', { name: /Open to every school/ });
    expect(await open.isChecked()).toBe(false);
    await visible(card.getByText('Only teachers of your partner schools can assign it', { exact: false }));
    await Promise.all([page.waitForResponse((r) => r.url().includes('/visibility') && r.ok()), open.click()]);
    // The switch follows the saved state, which comes back after the response: wait for it.
    await expect.poll(() => open.isChecked()).toBe(true);
    await visible(card.getByText('Teachers of every school can assign it;', { exact: false }));
    await screenshot(page, 'authoring-home');
    await page.reload();
    expect(await visible(card.getByRole('switch', { name: /Open to every school/ })).then((s) => s.isChecked())).toBe(true);
    await Promise.all([page.waitForResponse((r) => r.url().includes('/visibility') && r.ok()), card.getByRole('switch', { name: /Open to every school/ }).click()]);
    await expect.poll(() => card.getByRole('switch', { name: /Open to every school/ }).isChecked()).toBe(false);

    await card.getByRole('button', { name: /Edit as next version/ }).click();
    await page.waitForURL(/\/authoring\/drafts\/[0-9a-f-]{36}$/);
    await visible(page.getByRole('heading', { level: 1, name: SCENARIO }));
    await visible(page.locator('.code-editor .view-lines'), 20_000);
    expect(await page.locator('.ws-header__eyebrow').textContent()).toContain('next version after 1.0.1');
    // The package as published loads: the live checks find nothing.
    await visible(page.getByText('The package loads', { exact: false }));
    expect(await page.locator('.ws-header__status').textContent()).toContain('Not validated');
  });

  it('reads the brief side by side with its Chinese translation (freight-quote is bilingual)', async () => {
    await page.waitForLoadState('networkidle');
    await openFile('brief.md');
    const toggle = page.getByRole('button', { name: 'Side by side with brief.zh-CN.md (Chinese)' });
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await toggle.click();
    const other = await visible(page.getByRole('region', { name: 'brief.zh-CN.md, the Chinese text' }));
    await visible(other.locator('.code-editor .view-lines', { hasText: '迅捷物流' }), 20_000);
    expect(await page.locator('.code-editor').count()).toBe(2);
    expect((await page.locator('.code-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ')).toContain('Swift Logistics');
    await screenshot(page, 'authoring-side-by-side');
    await toggle.click();
    expect(await page.locator('.code-editor').count()).toBe(1);
  });

  it('edits the task instructions and a check; both are autosaved', async () => {
    await page.waitForLoadState('networkidle');
    await openFile('fix-rounding.md');
    await appendLine(TASK_NOTE);
    await savedInStatusBar();
    expect(await editorText()).toContain(TASK_NOTE);

    // "Simpler" hidden checks: the block on weights and bad input goes.
    await openFile('rounding.hidden.test.js');
    const dropFrom = HIDDEN_CHECKS.split('\n').findIndex((l) => l.startsWith(DROPPED_BLOCK)) + 1;
    expect(dropFrom).toBeGreaterThan(1);
    await deleteFromLine(dropFrom);
    await savedInStatusBar();
    expect(await editorText()).not.toContain('weights and minimum charge');
    await visible(page.locator('.save-summary', { hasText: 'All changes saved' }));
    await screenshot(page, 'authoring-editor');
  });

  it('validates and sees the check strength fail, with the mistakes the checks missed', async () => {
    expect(await validate()).toMatch(/^Validation failed/);
    await screenshot(page, 'authoring-weak-checks');
    const strength = await strengthPercent();
    expect(strength).toBeLessThan(80);
    await visible(page.locator('.strength--weak'));
    const result = page.locator('.validation__result');
    await visible(result.getByText(`check strength ${strength} % is below 80 %`, { exact: false }));
    // The survivors, as diffs: among them the dropped guard against an empty shipment.
    await visible(result.getByRole('heading', { name: /Mistakes your checks missed/ }));
    expect(await result.locator('.mutant').count()).toBeGreaterThan(0);
    await visible(result.locator('.mutant', { hasText: 'statement dropped' }));
    expect(await page.locator('.ws-header__status').textContent()).toContain('Validation failed');
  }, VALIDATION_MS + 30_000);

  it('adds a check that catches them and sees validation pass', async () => {
    await page.waitForLoadState('networkidle');
    await appendLine(NEW_CHECK);
    await savedInStatusBar();
    expect(await editorText()).toContain('no quote without weight or distance');
    expect(await validate()).toBe('Validation passed');
    await screenshot(page, 'authoring-validated');
    expect(await strengthPercent()).toBeGreaterThanOrEqual(80);
    await visible(page.locator('.strength--ok'));
    const result = await page.locator('.validation__result').textContent();
    expect(result).toContain('solution scores 100.0 %');
    expect(result).toContain('checks the content as it is now');
    expect(await page.locator('.ws-header__status').textContent()).toContain('Validated');
  }, VALIDATION_MS + 30_000);

  it('previews the draft as a student: checks, the clock skipped to the e-mail that unlocks the second task', async () => {
    await page.getByRole('button', { name: 'Preview as student' }).click();
    await page.waitForURL(/\/authoring\/previews\/[0-9a-f-]{36}$/);
    await visible(page.getByRole('heading', { level: 1, name: SCENARIO }));
    await visible(page.getByText('Preview of your draft — nothing is recorded; students see exactly this.'));
    await visible(page.locator('.code-editor .view-lines'), 20_000);
    // The student's workspace: tasks, the clock from the scenario's 60 minutes, no Submit.
    await visible(page.getByText('Locked for now. More work may arrive during the scenario'));
    expect(await page.getByRole('button', { name: 'Submit' }).count()).toBe(0);
    expect(await page.getByRole('timer').textContent()).toMatch(/^(1:00:00|5\d:\d\d)$/);

    // The starter's bug fails the visible check, as a student's would.
    await page.getByRole('button', { name: 'Run checks' }).click();
    await visible(page.locator('.check-result[data-check="rounding-visible"][data-state="failed"]'), 30_000);
    await visible(page.getByText('0 of 1 passing'));

    // Twenty minutes in: the fuel-surcharge e-mail arrives and the second task opens.
    await page.getByRole('button', { name: 'Skip to next event' }).click();
    await visible(page.getByText('1 message delivered', { exact: false }));
    await visible(page.locator('.toast', { hasText: 'Fuel surcharge from Monday' }));
    await page.getByRole('tab', { name: 'Tasks' }).click();
    const surchargeTask = page.locator('.task', { hasText: 'Add the fuel surcharge' });
    await visible(surchargeTask.getByText('Surcharge examples from the dispatch e-mail'));
    expect(await page.locator('.task--locked').count()).toBe(0);
    // The countdown follows the scenario clock: 40 minutes were left at the e-mail.
    await expect.poll(() => page.getByRole('timer').textContent(), { timeout: 5_000 }).toMatch(/^(39|40):\d\d$/);
    await page.getByRole('tab', { name: /Inbox/ }).click();
    await visible(page.getByRole('heading', { name: 'Fuel surcharge from Monday' }));
    await screenshot(page, 'authoring-preview');

    // Nothing else is timed: the server says so.
    await page.getByRole('button', { name: 'Skip to next event' }).click();
    await visible(page.getByText('No timed event is waiting', { exact: false }));

    await page.getByRole('link', { name: 'Back to the draft' }).click();
    await page.waitForURL(/\/authoring\/drafts\/[0-9a-f-]{36}$/);
    await visible(page.locator('.code-editor .view-lines'), 20_000);
    await visible(page.locator('.ws-header__status', { hasText: 'Validated' }));
    expect(await page.locator('.ws-header__status').textContent()).not.toContain('Changed since validation');
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

  it('shows the demo teacher that version 1.1.0 is available, and what changed', async () => {
    await page.goto(`${server.url}/`);
    await signOut(page);
    await signIn(page, 'teacher@cvit.example', DEMO_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Courses' }).click();
    await page.getByRole('link', { name: 'Enterprise Practice 2026' }).click();
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(SCENARIO) }) });
    const notice = await visible(row.locator('.newer-version'));
    expect(await notice.textContent()).toContain('Version 1.1.0 is available');
    expect(await notice.textContent()).toContain(CHANGELOG);
    await screenshot(page, 'authoring-teacher-notice');

    await notice.getByRole('link', { name: /What changed/ }).click();
    await page.waitForURL(/\/scenarios\/versions\/[0-9a-f-]{36}\/diff\?against=[0-9a-f-]{36}$/);
    await visible(page.getByRole('heading', { level: 1, name: 'Version 1.0.1 → 1.1.0' }));
    await visible(page.locator('.version-diff__changes', { hasText: CHANGELOG }));
    // Among the changed files, the task's instructions: the diff editor shows the author's line.
    const files = page.getByRole('navigation', { name: 'Files' });
    const changed = files.locator('.tree').first();
    await visible(files.getByRole('heading', { name: /Changed files/ }));
    await changed.getByRole('button', { name: /tasks\/fix-rounding\.md/ }).click();
    await visible(page.locator('.status-bar__path', { hasText: 'tasks/fix-rounding.md' }));
    await visible(page.locator('.monaco-diff-editor .view-line', { hasText: TASK_NOTE }), 20_000);
    // The hidden checks changed too, but a partner teacher is not shown them.
    await page.locator('.version-diff__withheld summary').click();
    await visible(page.locator('.version-diff__withheld', { hasText: 'checks/rounding.hidden.test.js' }));
    await screenshot(page, 'authoring-teacher-diff');
    expect(browser.takeProblems()).toEqual([]);
  });
});
