import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { focused, launchBrowser, screenshot, signIn, visible, type TestBrowser } from './helpers/browser';
import { DEMO_PASSWORD, startServer, type TestServer } from './helpers/server';

/**
 * The student's workspace and the teacher's live monitor, end to end, on a tiny scenario
 * package: a JS bug with a visible check, a message that arrives 5 s after the start and
 * unlocks an answer task. The server keeps its data folder and port across a restart, so the
 * last test can take the connection away and bring it back.
 */

const SLUG = 'e2e-invoice';
const TITLE = 'Fix the invoice total';
const BUGGY = 'exports.total = (xs) => xs.reduce((a, b) => a * b, 1);\n';
const FIX = 'exports.total = (xs) => xs.reduce((a, b) => a + b, 0);';

function writePackage(root: string): void {
  const files: Record<string, string> = {
    'scenario.yaml': `id: ${SLUG}
version: 1.0.0
title: ${TITLE}
enterprise: Test Works (fictional)
industry: software
role: Junior developer
durationMinutes: 30
brief: brief.md
competencies: [js.debugging, data.analysis]
tasks:
  - id: fix
    title: The invoice total is wrong
    instructions: tasks/fix.md
    checks:
      - id: total-visible
        title: Total of the example order
        kind: js
        file: checks/visible.test.js
        visible: true
        points: 10
        competencies: { js.debugging: 1 }
  - id: report
    title: Report the total
    instructions: tasks/report.md
    checks:
      - id: order-total
        title: The order total
        kind: answer
        question: What is the total of the order 2 + 3 + 4?
        answer: { type: number, value: 9, unit: yuan }
        points: 10
        competencies: { data.analysis: 1 }
events:
  - id: total-request
    at: 5s
    from: Li Wei, team lead
    channel: email
    subject: Please send me the order total
    body: events/request.md
    unlocks: task:report
scoring: { autoWeight: 1, reviewWeight: 0, passAt: 0.5 }
`,
    'brief.md': '# Test Works\n\nYou look after the **invoice** module. <script>alert("raw html must not run")</script>\n',
    'tasks/fix.md': 'Make `total` in `total.js` add the prices up.',
    'tasks/report.md': 'Tell Li Wei the total of the order.',
    'events/request.md': 'Hi, what does the order 2 + 3 + 4 come to? Thanks, Li Wei',
    'checks/visible.test.js': "const { total } = require('./total.js');\ntest('2 + 3 + 4', () => expect(total([2, 3, 4])).toBe(9));\n",
    'workspace/total.js': BUGGY,
    'workspace/answers.json': '{ "order-total": "" }\n',
    'solution/total.js': `${FIX}\n`,
    'solution/answers.json': '{ "order-total": 9 }\n',
  };
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(root, SLUG, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

let server: TestServer;
let env: Record<string, string>;
let scenariosDir: string;
let dataDir: string;
const browsers: TestBrowser[] = [];

async function browserFor(email: string): Promise<{ browser: TestBrowser; page: Page }> {
  const browser = await launchBrowser();
  browsers.push(browser);
  const page = await browser.newPage();
  await page.goto(`${server.url}/login`);
  await signIn(page, email, DEMO_PASSWORD);
  await visible(page.getByRole('heading', { level: 1, name: /^Welcome, / }));
  return { browser, page };
}

/** What Monaco shows (its DOM uses non-breaking spaces). */
async function editorText(page: Page): Promise<string> {
  return (await page.locator('.code-editor .view-lines').innerText()).replace(/\u00a0/g, ' ');
}

async function typeIntoEditor(page: Page, text: string, opts: { replaceAll?: boolean } = {}): Promise<void> {
  await page.locator('.code-editor .view-lines').click();
  if (opts.replaceAll) await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text, { delay: 15 });
  // A suggestion list may be open after the last word; Escape closes it without accepting.
  await page.keyboard.press('Escape');
}

async function openWorkspaceFromDashboard(page: Page, button: 'Start' | 'Continue' | 'Start again'): Promise<string> {
  const item = page.locator('.assignment', { has: page.getByRole('heading', { name: TITLE }) });
  await visible(item);
  await item.getByRole('button', { name: new RegExp(`^${button}`) }).or(item.getByRole('link', { name: new RegExp(`^${button}`) })).click();
  await page.waitForURL(/\/attempts\/[0-9a-f-]{36}$/);
  await visible(page.getByRole('heading', { level: 1, name: TITLE }));
  await visible(page.locator('.code-editor .view-lines'), 20_000);
  return page.url().split('/').pop()!;
}

beforeAll(async () => {
  scenariosDir = fs.mkdtempSync(path.join(os.tmpdir(), 'practicum-e2e-scenarios-'));
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'practicum-e2e-workspace-data-'));
  writePackage(scenariosDir);
  env = { SCENARIOS_DIR: scenariosDir, DATA_DIR: dataDir, PORT: String(await freePort()) };
  server = await startServer(env);
});

afterAll(async () => {
  for (const b of browsers) await b.close();
  await server?.stop();
  fs.rmSync(scenariosDir, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('workspace', () => {
  it('takes a student from the dashboard to a graded attempt while the teacher watches live', async () => {
    const teacher = await browserFor('teacher@cvit.example');
    const student = await browserFor('student1@cvit.example');
    const tp = teacher.page;
    const sp = student.page;

    // Teacher: course → assignment → live monitor, before anyone starts.
    await tp.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Courses' }).click();
    await tp.getByRole('link', { name: 'Enterprise Practice 2026' }).click();
    await tp.getByRole('link', { name: `Live monitor for ${TITLE}` }).click();
    await visible(tp.getByRole('heading', { level: 1, name: `Live monitor: ${TITLE}` }));
    // Every student of the course has a row, "Not started" until they start.
    await visible(tp.locator('tr', { has: tp.getByRole('rowheader', { name: 'Chen Jie' }) }).getByText('Not started'));
    await visible(tp.getByText('Updating live'));

    // Student: the dashboard lists the assignment; Start opens the workspace.
    const item = sp.locator('.assignment', { has: sp.getByRole('heading', { name: TITLE }) });
    await visible(item.getByText('Not started'));
    await screenshot(sp, 'dashboard');
    const attemptId = await openWorkspaceFromDashboard(sp, 'Start');
    expect(await editorText(sp)).toContain('a * b');
    // The brief is markdown; the raw HTML in it is not rendered.
    expect(await sp.locator('.brief script').count()).toBe(0);
    await visible(sp.locator('.brief strong', { hasText: 'invoice' }));
    // The second task waits for its message.
    await visible(sp.getByText(/^Locked for now/));
    await visible(sp.getByRole('timer'));
    // The side panel's tabs follow the ARIA pattern: arrow keys move between them.
    await sp.getByRole('tab', { name: 'Tasks' }).focus();
    await sp.keyboard.press('ArrowRight');
    expect(await focused(sp)).toMatchObject({ text: 'Inbox' });
    await visible(sp.getByText('No messages yet.', { exact: false }));
    await sp.keyboard.press('Home');
    expect(await sp.getByRole('tab', { name: 'Tasks' }).getAttribute('aria-selected')).toBe('true');

    // The teacher's row appears without a reload.
    const row = tp.locator(`tr[data-attempt="${attemptId}"]`);
    await visible(row, 10_000);
    expect(await row.getByRole('rowheader').textContent()).toBe('Chen Jie');
    await visible(row.getByText('In progress'));
    expect(await row.locator('[data-col="checks"]').textContent()).toBe('0/1');

    // Fix the bug by typing; autosave says Saved.
    await typeIntoEditor(sp, FIX, { replaceAll: true });
    expect((await editorText(sp)).trim()).toBe(FIX);
    await visible(sp.locator('.status-bar [data-save-state="saved"]', { hasText: 'Saved' }), 10_000);

    // Run checks: the result streams in and turns to passed.
    await sp.getByRole('button', { name: 'Run checks' }).click();
    const check = sp.locator('.check-result[data-check="total-visible"]');
    await visible(check.and(sp.locator('[data-state="passed"]')), 30_000);
    await visible(sp.getByText('1 of 1 passing'));
    await expect.poll(() => row.locator('[data-col="checks"]').textContent(), { timeout: 10_000 }).toBe('1/1');
    await screenshot(tp, 'monitor-live');

    // The message timed at 5 s arrives: a toast, an unread badge, and the answer task unlocks.
    const toast = sp.locator('.toasts[role="status"] .toast', { hasText: 'New message from Li Wei, team lead' });
    await visible(toast, 20_000);
    expect(await toast.textContent()).toContain('Please send me the order total');
    await visible(sp.getByRole('tab', { name: /Inbox 1 unread/ }));
    await screenshot(sp, 'workspace-checks-passed');
    await toast.getByRole('button', { name: 'Open inbox' }).click();
    await visible(sp.getByRole('heading', { name: /Please send me the order total/ }));
    await expect.poll(() => sp.getByRole('tab', { name: /unread/ }).count()).toBe(0);
    await screenshot(sp, 'workspace-inbox');

    // The answer form writes answers.json, which autosaves like any file.
    await sp.getByRole('tab', { name: 'Answers' }).click();
    const answer = sp.getByLabel('What is the total of the order 2 + 3 + 4?');
    await answer.fill('9');
    await visible(sp.getByText('Answers saved'), 10_000);
    await sp.getByRole('button', { name: 'answers.json', exact: true }).click();
    await expect.poll(() => editorText(sp)).toContain('"order-total": "9"');
    await screenshot(sp, 'workspace-answers');

    // Submit, confirm, see the score.
    await sp.getByRole('button', { name: 'Submit', exact: true }).click();
    const dialog = sp.getByRole('dialog', { name: 'Submit your work?' });
    await visible(dialog);
    await dialog.getByRole('button', { name: 'Submit', exact: true }).click();
    await visible(sp.locator('.result__score', { hasText: '100 %' }), 30_000);
    await visible(sp.getByRole('tab', { name: 'Result' }));
    // The Submit button is gone; focus lands on the result rather than the top of the page.
    await expect.poll(async () => (await focused(sp)).id).toBe('tabpanel-result');
    expect(await sp.getByRole('button', { name: 'Run checks' }).count()).toBe(0);
    await screenshot(sp, 'workspace-result');

    // The monitor follows: graded, with the score.
    await visible(row.getByText('Graded'), 15_000);
    await expect.poll(() => row.locator('[data-col="score"]').textContent()).toBe('100 %');
    await screenshot(tp, 'monitor');

    // Back on the dashboard the assignment shows its score.
    await sp.getByRole('link', { name: 'Back to assignments' }).click();
    await visible(item.getByText('Graded'));
    await visible(item.getByText('100 %'));

    expect(teacher.browser.takeProblems()).toEqual([]);
    expect(student.browser.takeProblems()).toEqual([]);
  });

  it('asks which version to keep when the same file was saved from another tab', async () => {
    const { browser, page: a } = await browserFor('student2@cvit.example');
    await openWorkspaceFromDashboard(a, 'Start');
    const url = a.url();
    const b = await browser.newPage();
    await b.goto(url);
    await visible(b.locator('.code-editor .view-lines'), 20_000);

    await typeIntoEditor(a, '// from tab A', { replaceAll: true });
    await visible(a.locator('.status-bar [data-save-state="saved"]'), 10_000);
    // Tab B still builds on the first revision: its save is refused as a conflict.
    await typeIntoEditor(b, '// from tab B', { replaceAll: true });
    await visible(b.getByRole('alert').getByText('was changed in another tab or on another device'), 10_000);
    await visible(b.locator('.status-bar [data-save-state="conflict"]'));

    const resolve = b.getByRole('button', { name: 'Compare and resolve total.js' });
    await resolve.click();
    const dialog = b.getByRole('dialog', { name: 'total.js changed elsewhere' });
    await visible(dialog);
    // Focus starts on the safe choice; Escape closes and hands focus back to the opener.
    expect((await focused(b)).text).toBe('Keep my version');
    await b.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect((await focused(b)).text).toContain('Compare and resolve');
    await b.keyboard.press('Enter');
    await visible(dialog);
    await visible(dialog.locator('.conflict__diff .monaco-diff-editor'));
    await screenshot(b, 'workspace-conflict');
    await dialog.getByRole('button', { name: 'Keep my version' }).click();
    await visible(b.locator('.status-bar [data-save-state="saved"]'), 10_000);

    await a.reload();
    await visible(a.locator('.code-editor .view-lines'), 20_000);
    await expect.poll(() => editorText(a)).toContain('// from tab B');
    expect(browser.takeProblems()).toEqual([]);
  });

  it('keeps an edit typed while the server is down and saves it after the reconnect', async () => {
    const { browser, page } = await browserFor('student3@cvit.example');
    const attemptId = await openWorkspaceFromDashboard(page, 'Start');
    await visible(page.locator('.link-status[data-status="live"]'), 15_000);

    await server.stop();
    await visible(page.locator('.link-status[data-status="reconnecting"]'), 15_000);
    await typeIntoEditor(page, '// typed offline', { replaceAll: true });
    await visible(page.locator('.status-bar [data-save-state="offline"]'), 10_000);
    await visible(page.getByText('The connection to the server is down. Keep working'));
    // Kept on the device too, so a reload or a crash would not lose it.
    const draft = await page.evaluate((key) => localStorage.getItem(key), `practicum:draft:${attemptId}:total.js`);
    expect(JSON.parse(draft!).content).toContain('// typed offline');
    await screenshot(page, 'workspace-offline');

    server = await startServer(env);
    await visible(page.locator('.link-status[data-status="live"]'), 30_000);
    await visible(page.locator('.status-bar [data-save-state="saved"]'), 15_000);
    expect(await page.evaluate((key) => localStorage.getItem(key), `practicum:draft:${attemptId}:total.js`)).toBeNull();

    // What the server has now is the edit: a reload shows it.
    await page.reload();
    await visible(page.locator('.code-editor .view-lines'), 20_000);
    await expect.poll(() => editorText(page)).toContain('// typed offline');
    const problems = browser.takeProblems().filter((p) => !/WebSocket connection to .* failed|ERR_CONNECTION_REFUSED|net::ERR/.test(p));
    expect(problems).toEqual([]);
  });

  it('lets a teacher open a course, enrol students (bad lines reported) and assign a scenario', async () => {
    const { browser, page } = await browserFor('teacher@cvit.example');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Courses' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Courses' }));
    await page.getByLabel('Title', { exact: true }).fill('Logistics Systems 2026');
    await page.getByRole('button', { name: 'Create course' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Logistics Systems 2026' }));
    await visible(page.getByText('Course created.'));

    await page.getByRole('checkbox', { name: /Chen Jie/ }).check();
    const paste = page.getByLabel('Or paste e-mail addresses');
    await paste.fill('student2@cvit.example\nnot an address\nnobody@elsewhere.example');
    await page.getByRole('button', { name: 'Enrol', exact: true }).click();
    const report = page.locator('.banner[role="alert"]');
    await visible(report.getByText(/Enrolled 2 students/));
    await visible(report.getByText('Line 2:'));
    await visible(report.getByText(/nobody@elsewhere\.example is not a student/));
    // The good line is done; the two bad ones wait in the box to be fixed.
    expect(await paste.inputValue()).toBe('not an address\nnobody@elsewhere.example');
    await visible(page.getByRole('list', { name: 'Enrolled students' }).getByText('Chen Jie'));
    await screenshot(page, 'course');

    await page.getByRole('link', { name: 'Assign a scenario' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Assign a scenario' }));
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    await visible(page.locator('.error-summary').getByText('Choose a scenario.'));
    await page.getByLabel('Scenario', { exact: true }).selectOption({ label: `${TITLE} (${SLUG} 1.0.0)` });
    await page.getByLabel('Title (optional)').fill('Invoice assessment');
    await page.getByRole('radio', { name: /Assessment/ }).check();
    await page.getByLabel('Attempts allowed').fill('2');
    await page.getByLabel('Time limit in minutes').fill('45');
    await page.getByLabel('Results shown after submitting').selectOption('points');
    // This package has no rubric: asking for enterprise review is refused, and says why.
    await page.getByRole('radio', { name: 'One reviewer' }).check();
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    await visible(page.locator('.error-summary').getByText(/no rubric to review against/));
    await page.getByRole('radio', { name: 'No enterprise review' }).check();
    await screenshot(page, 'assign');
    await page.getByRole('button', { name: 'Assign', exact: true }).click();

    await visible(page.getByText('Assigned Invoice assessment.', { exact: false }));
    const row = page.getByRole('row', { name: /Invoice assessment/ });
    await visible(row);
    expect(await row.textContent()).toMatch(/Assessment.*45 min · 2 attempts.*Score only/);
    await visible(row.getByRole('link', { name: 'Live monitor for Invoice assessment' }));
    expect(browser.takeProblems()).toEqual([]);
  });
});
