import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeFindings } from './helpers/axe';
import { focused, launchBrowser, screenshot, signIn, visible, type TestBrowser } from './helpers/browser';
import { DEMO_PASSWORD, startServer, type TestServer } from './helpers/server';

/**
 * The student's workspace, issue 14 §2: the submit dialog says what is still to come, the
 * editor opens the first task's file, markdown gets no stray `>`, inbox read state follows the
 * student to another device, and at 390 px the workspace is one tab list with the editor
 * filling the screen. The package announces its events and grades locked tasks (the default).
 */

const SLUG = 'e2e-early-submit';
const TITLE = 'Total the delivery note';

function writePackage(root: string): void {
  const files: Record<string, string> = {
    'scenario.yaml': `id: ${SLUG}
version: 1.0.0
title: ${TITLE}
enterprise: Test Works (fictional)
industry: software
role: Junior developer
durationMinutes: 60
brief: brief.md
competencies: [js.debugging, data.analysis]
tasks:
  - id: fix
    title: The delivery total is wrong
    instructions: tasks/fix.md
    checks:
      - id: total-visible
        title: Total of the example note
        kind: js
        file: checks/visible.test.js
        visible: true
        points: 10
        competencies: { js.debugging: 1 }
  - id: report
    title: Report the weight
    instructions: tasks/report.md
    checks:
      - id: weight
        title: The total weight
        kind: answer
        question: What is the total weight in kg?
        answer: { type: number, value: 12 }
        points: 10
        competencies: { data.analysis: 1 }
events:
  - id: welcome
    after: start
    from: Li Wei, team lead
    subject: Welcome to the depot
    body: events/welcome.md
  - id: weight-request
    at: 40m
    from: Zhou Min, dispatch
    channel: chat
    subject: Need the weight
    body: events/weight.md
    unlocks: task:report
upcoming:
  announce: true
scoring: { autoWeight: 1, reviewWeight: 0, passAt: 0.5 }
`,
    'brief.md': '# Test Works depot\n\nYou look after the **delivery note** module.\n',
    'tasks/fix.md': 'Make `total` in `src/total.js` add the weights up.',
    'tasks/report.md': 'Tell Zhou Min the total weight.',
    'events/welcome.md': 'Welcome! Start with the delivery total.',
    'events/weight.md': 'What does the note weigh in total?',
    'checks/visible.test.js': "const { total } = require('./src/total.js');\ntest('2 + 4 + 6', () => expect(total([2, 4, 6])).toBe(12));\n",
    // Alphabetically first, and code: what the editor used to open.
    'workspace/helpers/format.js': 'exports.kg = (n) => `${n} kg`;\n',
    'workspace/src/total.js': 'exports.total = (xs) => xs.reduce((a, b) => a * b, 1);\n',
    'workspace/NOTES.md': '# Notes\n',
    'workspace/answers.json': '{ "weight": "" }\n',
    'solution/src/total.js': 'exports.total = (xs) => xs.reduce((a, b) => a + b, 0);\n',
    'solution/answers.json': '{ "weight": 12 }\n',
  };
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(root, SLUG, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}

let server: TestServer;
let scenariosDir: string;
const browsers: TestBrowser[] = [];

async function browserFor(email: string, viewport?: { width: number; height: number }): Promise<{ browser: TestBrowser; page: Page }> {
  const browser = await launchBrowser();
  browsers.push(browser);
  const page = await browser.newPage();
  if (viewport) await page.setViewportSize(viewport);
  await page.goto(`${server.url}/login`);
  await signIn(page, email, DEMO_PASSWORD);
  await visible(page.getByRole('heading', { level: 1, name: /^Welcome, / }));
  return { browser, page };
}

async function openWorkspace(page: Page, button: 'Start' | 'Continue'): Promise<void> {
  const item = page.locator('.assignment', { has: page.getByRole('heading', { name: TITLE }) });
  await item.getByRole('button', { name: new RegExp(`^${button}`) }).or(item.getByRole('link', { name: new RegExp(`^${button}`) })).click();
  await page.waitForURL(/\/attempts\/[0-9a-f-]{36}$/);
  await visible(page.getByRole('heading', { level: 1, name: TITLE }));
}

/** What Monaco shows (its DOM uses non-breaking spaces). */
async function editorText(page: Page): Promise<string> {
  return (await page.locator('.code-editor .view-lines').innerText()).replace(/\u00a0/g, ' ');
}

beforeAll(async () => {
  scenariosDir = fs.mkdtempSync(path.join(os.tmpdir(), 'practicum-e2e-early-'));
  writePackage(scenariosDir);
  server = await startServer({ SCENARIOS_DIR: scenariosDir });
});

afterAll(async () => {
  for (const b of browsers) await b.close();
  await server?.stop();
  fs.rmSync(scenariosDir, { recursive: true, force: true });
});

describe('the workspace, wide', () => {
  it('opens the first task’s file, says what is coming, and warns before an early submit', async () => {
    const { browser, page } = await browserFor('student1@cvit.example');
    await openWorkspace(page, 'Start');
    await visible(page.locator('.code-editor .view-lines'), 20_000);
    // The task's file, not helpers/format.js.
    await expect.poll(() => editorText(page)).toContain('a * b');
    expect(await page.locator('.status-bar__path').textContent()).toBe('src/total.js');

    // The author announces events: the locked task and the inbox say what is expected when.
    // After 23:20 the message is due tomorrow, and the time carries its weekday ("Tue 00:17").
    await visible(page.getByText(/Locked for now: it opens with a chat message from Zhou Min, dispatch, expected at (\p{L}+ )?\d/u));
    await page.getByRole('tab', { name: /Inbox/ }).click();
    const coming = page.getByRole('region', { name: 'Coming up' });
    await visible(coming.getByText(/A chat message from Zhou Min, dispatch, expected at (\p{L}+ )?\d/u));
    await visible(page.getByRole('heading', { name: /Welcome to the depot/ }));
    await expect.poll(() => page.getByRole('tab', { name: /unread/ }).count()).toBe(0);

    // Markdown: typing < adds no stray >.
    await page.getByRole('navigation', { name: 'Files' }).getByRole('button', { name: 'NOTES.md' }).click();
    await page.locator('.code-editor .view-lines').click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.type('\ncosts < 5 yuan', { delay: 15 });
    await expect.poll(() => editorText(page)).toContain('costs < 5 yuan');
    expect(await editorText(page)).not.toContain('>');
    expect(await axeFindings(page)).toEqual([]);

    // Submitting now: the dialog says what is still to come and what is not finished, focus on the safe choice.
    await page.getByRole('button', { name: 'Submit', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Submit your work?' });
    await visible(dialog);
    const upcoming = dialog.getByRole('region', { name: 'Still to come in this scenario' });
    await visible(upcoming.getByText(/A chat message from Zhou Min, dispatch, expected at (\p{L}+ )?\d.*: it opens task 2, “Report the weight”\./u));
    await visible(dialog.getByText('Locked tasks count in this scenario whether or not their message has arrived: if you submit now, task 2, “Report the weight” earns no points.'));
    await visible(dialog.getByRole('region', { name: 'Not finished yet' }).getByText('Task 1, “The delivery total is wrong”: its checks have not been run.'));
    expect((await focused(page)).text).toBe('Keep working');
    await screenshot(page, 'workspace-submit-warning');
    expect(await axeFindings(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    // A message read here is not new on another device.
    const other = await browserFor('student1@cvit.example');
    await openWorkspace(other.page, 'Continue');
    await visible(other.page.getByRole('tab', { name: /Inbox/ }));
    expect(await other.page.getByRole('tab', { name: /unread/ }).count()).toBe(0);

    // Submitted anyway: the result says the locked task counted.
    await page.getByRole('button', { name: 'Submit', exact: true }).click();
    await dialog.getByRole('button', { name: 'Submit', exact: true }).click();
    await visible(page.getByText('Task 2, “Report the weight” was still locked when you submitted; graded with the rest of your work.'), 30_000);
    await screenshot(page, 'workspace-result-locked');
    expect(browser.takeProblems()).toEqual([]);
    expect(other.browser.takeProblems()).toEqual([]);
  });
});

describe('the workspace at 390 px', () => {
  it('is one tab list — Brief, Files, Editor, …, Checks, Run — with the editor filling the screen', async () => {
    const size = { width: 390, height: 844 };
    const { browser, page } = await browserFor('student2@cvit.example', size);
    await openWorkspace(page, 'Start');
    const tabs = page.getByRole('tablist', { name: 'Scenario' });
    await visible(tabs);
    expect(await tabs.getByRole('tab').allTextContents()).toEqual(['Brief', 'Files', 'Editor', expect.stringMatching(/^Inbox/), 'Checks', 'Run']);
    // The brief is first, on screen, and the page does not scroll as a whole.
    expect(await tabs.getByRole('tab', { name: 'Brief' }).getAttribute('aria-selected')).toBe('true');
    await visible(page.getByRole('tabpanel', { name: 'Brief' }).getByText('delivery note'));
    const pageHeight = () => page.evaluate(() => document.documentElement.scrollHeight);
    expect(await pageHeight()).toBeLessThanOrEqual(size.height);
    await screenshot(page, 'narrow-brief');
    expect(await axeFindings(page)).toEqual([]);

    // Keyboard: arrows move along the tabs and show each panel.
    await tabs.getByRole('tab', { name: 'Brief' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await focused(page)).toMatchObject({ text: 'Files' });
    await visible(page.getByRole('tabpanel', { name: 'Files' }).getByRole('button', { name: 'total.js' }));
    await page.keyboard.press('ArrowRight');
    expect(await tabs.getByRole('tab', { name: 'Editor' }).getAttribute('aria-selected')).toBe('true');

    // The editor fills the screen below the header and the tabs.
    const editor = page.locator('.code-editor');
    await visible(page.locator('.code-editor .view-lines'), 20_000);
    const box = (await editor.boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(size.width - 60);
    expect(box.y + box.height).toBeGreaterThan(size.height - 80);
    expect(box.height).toBeGreaterThan(size.height * 0.45);
    expect(await pageHeight()).toBeLessThanOrEqual(size.height);
    await screenshot(page, 'narrow-editor');
    expect(await axeFindings(page)).toEqual([]);

    // Picking a file in Files brings the editor up with it.
    await tabs.getByRole('tab', { name: 'Files' }).click();
    await page.getByRole('tabpanel', { name: 'Files' }).getByRole('button', { name: 'format.js' }).click();
    expect(await tabs.getByRole('tab', { name: 'Editor' }).getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => editorText(page)).toContain('kg');

    // Run checks shows the Checks tab.
    await page.getByRole('button', { name: 'Run checks' }).click();
    expect(await tabs.getByRole('tab', { name: 'Checks' }).getAttribute('aria-selected')).toBe('true');
    await visible(page.locator('.check-result[data-check="total-visible"][data-state="failed"]'), 30_000);
    await screenshot(page, 'narrow-checks');
    expect(await axeFindings(page)).toEqual([]);
    expect(browser.takeProblems()).toEqual([]);
  });
});
