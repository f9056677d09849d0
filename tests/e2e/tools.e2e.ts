import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeFindings } from './helpers/axe';
import { focused, launchBrowser, screenshot, signIn, SHOTS_DIR, visible, type TestBrowser } from './helpers/browser';
import { DEMO_PASSWORD, startServer, type TestServer } from './helpers/server';

/**
 * "Try it" in the workspace, on the shipped scenarios as a student meets them: Run on the OEE
 * scenario (the brief's snippet: the student's module on the MES log, with its console output)
 * and the data explorer on the reconciliation scenario (tables, first rows, a query, what is
 * refused). Huang Xin (student5) has done neither scenario in the demo world.
 */

let server: TestServer;
const browsers: TestBrowser[] = [];

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  for (const b of browsers) await b.close();
  await server?.stop();
});

async function studentPage(): Promise<{ browser: TestBrowser; page: Page }> {
  const browser = await launchBrowser();
  browsers.push(browser);
  const page = await browser.newPage();
  await page.goto(`${server.url}/login`);
  await signIn(page, 'student5@cvit.example', DEMO_PASSWORD);
  await visible(page.getByRole('heading', { level: 1, name: /^Welcome, / }));
  return { browser, page };
}

async function start(page: Page, title: RegExp): Promise<void> {
  await page.goto(`${server.url}/`);
  const item = page.locator('.assignment', { has: page.getByRole('heading', { name: title }) }).first();
  await visible(item);
  await item.getByRole('button', { name: /^(Start|Continue)/ }).or(item.getByRole('link', { name: /^(Start|Continue)/ })).first().click();
  await page.waitForURL(/\/attempts\/[0-9a-f-]{36}$/);
  await visible(page.locator('.code-editor .view-lines'), 30_000);
}

describe('try it', () => {
  it('Run with console output: the brief’s snippet runs the student’s code on the MES log; errors name the line', async () => {
    const { browser, page } = await studentPage();
    await start(page, /OEE per shift/);

    // The log the brief names is in the workspace.
    await visible(page.getByRole('button', { name: /IM-07_2024-05-14\.log/ }));

    await page.getByRole('tab', { name: 'Run' }).click();
    const snippet = page.getByLabel('Snippet (TypeScript)');
    await visible(snippet);
    await snippet.fill(
      [
        "import { oeeByShift } from './src/oee';",
        "import log from './data/IM-07_2024-05-14.log';",
        '',
        "const shifts = oeeByShift(log.split('\\n'), 18);",
        "console.log(shifts.length, 'shifts');",
        'for (const s of shifts) console.log(s.shift, s.runMinutes, (s.oee * 100).toFixed(1));',
      ].join('\n'),
    );
    // Keyboard: Ctrl+Enter from the snippet box runs it.
    await snippet.press('Control+Enter');
    const finished = page.locator('[data-run-state]:not([data-run-state="idle"]):not([data-run-state="running"])');
    await visible(finished, 60_000);
    const output = page.getByTestId('run-output');
    await visible(output, 60_000);
    // The starter cannot read the padded export yet: the student sees it at once.
    expect(await output.innerText()).toBe('0 shifts\n');
    await visible(page.locator('[data-run-state="ok"]', { hasText: /^Ran the snippet in \d+ ms\.$/ }));
    await screenshot(page, 'run-console-output');
    expect(await axeFindings(page)).toEqual([]);

    // An error names the snippet's line; an endless loop is stopped like a check.
    await snippet.fill("import { parseTime } from './src/oee';\nconsole.log(parseTime('06:30'));\nnull.boom;");
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await visible(page.locator('[data-run-state="load_error"]'), 60_000);
    expect(await output.innerText()).toBe('390\n');
    await visible(page.locator('.try__messages pre', { hasText: /^Your code threw TypeError: Cannot read properties of null \(reading 'boom'\)\n\s+at snippet:3:\d+/ }));
    await screenshot(page, 'run-error');

    await snippet.fill('while (true) {}');
    await snippet.press('Control+Enter');
    await visible(page.locator('[data-run-state="timeout"]'), 60_000);
    await visible(page.locator('.try__messages pre', { hasText: 'Stopped: your code ran longer than the time limit of 2000 ms' }));
    await visible(page.getByText('Nothing was printed.'));

    // A file runs too, from the keyboard alone: the choice, the file, Ctrl+Enter.
    await page.getByRole('radio', { name: 'A file' }).check();
    const file = page.getByLabel('File', { exact: true });
    await file.selectOption('src/oee.ts');
    await file.press('Control+Enter');
    await visible(page.locator('[data-run-state="ok"]', { hasText: /^Ran src\/oee\.ts in \d+ ms\.$/ }), 60_000);
    await visible(page.getByText('Nothing was printed.'));

    // What the student typed is still there after visiting another tab.
    await page.getByRole('tab', { name: 'Tasks' }).click();
    await page.getByRole('tab', { name: 'Run' }).click();
    await page.getByRole('radio', { name: 'A snippet' }).check();
    expect(await page.getByLabel('Snippet (TypeScript)').inputValue()).toBe('while (true) {}');
    expect(browser.takeProblems()).toEqual([]);
  });

  it('the data explorer: the visible tables with their first rows, a query shown as a table, writes refused', async () => {
    const { browser, page } = await studentPage();
    await start(page, /Reconcile the day/);
    // A SQL scenario has no Run, and its data is one click away.
    expect(await page.getByRole('tab', { name: 'Run' }).count()).toBe(0);
    await page.getByRole('tab', { name: 'Data' }).click();
    await visible(page.getByText('Shop orders and Huitong settlement, 18 March 17:45'));
    const tables = page.getByRole('list', { name: 'Tables' });
    await visible(tables.getByText('32 rows · 6 columns'));
    expect(await tables.locator('.data-table__name').allInnerTexts()).toEqual(['orders', 'settlement']);

    await tables.locator('summary', { hasText: 'settlement' }).click();
    const first = page.getByRole('region', { name: 'The first 20 of 35 rows of settlement' });
    await visible(first);
    expect(await first.locator('tbody tr').count()).toBe(20);
    await screenshot(page, 'data-tables');

    // "Query settlement" fills the box; Ctrl+Enter runs it.
    await tables.getByRole('button', { name: 'Query settlement' }).click();
    const box = page.getByLabel('Query', { exact: true });
    expect(await box.inputValue()).toBe('SELECT *\nFROM settlement\nLIMIT 100;');
    await box.fill("SELECT channel, count(*) AS payments, sum(amount_fen) / 100.0 AS gross\nFROM settlement\nWHERE txn_type = 'payment'\nGROUP BY channel\nORDER BY channel;");
    await box.press('Control+Enter');
    const result = page.getByRole('region', { name: 'Query result' });
    await visible(result, 60_000);
    expect(await result.locator('thead th').allInnerTexts()).toEqual(['channel', 'payments', 'gross']);
    expect(await result.locator('tbody tr td:first-child').allInnerTexts()).toEqual(['alipay', 'unionpay', 'wechat']);
    await visible(page.locator('[data-query-state="ok"]', { hasText: '3 rows.' }));
    await result.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS_DIR}/data-query.png` });
    // The result region scrolls and takes focus from the keyboard.
    await result.focus();
    expect(await focused(page)).toMatchObject({ tag: 'div' });
    expect(await axeFindings(page)).toEqual([]);

    // Read only: a write is refused in words, and the data is unchanged.
    await box.fill('DELETE FROM settlement');
    await page.getByRole('button', { name: 'Run query' }).click();
    await visible(page.locator('[data-query-state="error"]', { hasText: 'The data explorer runs queries only (SELECT or WITH); it starts with DELETE.' }), 60_000);
    await box.fill('SELECT count(*) AS n FROM settlement');
    await box.press('Control+Enter');
    await visible(page.locator('[data-query-state="ok"]', { hasText: '1 row.' }), 60_000);
    expect(await result.locator('tbody td').innerText()).toBe('35');
    // The evening rows the hidden checks add are not there.
    await box.fill("SELECT count(*) AS n FROM orders WHERE order_time >= '2025-03-18 17:45'");
    await box.press('Control+Enter');
    await expect.poll(() => result.locator('tbody td').innerText()).toBe('0');

    // On a phone the panel keeps to the screen's width; wide tables scroll inside their region.
    await page.setViewportSize({ width: 390, height: 844 });
    // The layout becomes one tab list: the Data tab moves there (the wide one is gone).
    await visible(page.locator('.ws-body--tabbed'));
    await page.getByRole('tab', { name: 'Data' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'data-390');
    const overflow = await page.locator('.try').evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBe(0);
    expect(browser.takeProblems()).toEqual([]);
  });

  it('both tools in an author’s preview of a draft: the data a student would see, and Run', async () => {
    const browser = await launchBrowser();
    browsers.push(browser);
    const page = await browser.newPage();
    await page.goto(`${server.url}/login`);
    await signIn(page, 'author@swift.example', DEMO_PASSWORD);
    // Signed in once the home page greets the author (going on earlier races the session cookie).
    await visible(page.getByRole('heading', { level: 1, name: /^Welcome/ }));
    const preview = async (scenario: RegExp) => {
      await page.goto(`${server.url}/authoring`);
      const card = page.locator('.authored', { has: page.getByRole('heading', { name: scenario }) });
      await card.getByRole('button', { name: /Edit as next version/ }).click();
      await page.waitForURL(/\/authoring\/drafts\/[0-9a-f-]{36}$/);
      await page.getByRole('button', { name: 'Preview as student' }).click();
      await page.waitForURL(/\/authoring\/previews\/[0-9a-f-]{36}$/);
      await visible(page.locator('.code-editor .view-lines'), 30_000);
    };

    await preview(/Month-end overdue invoices/);
    await page.getByRole('tab', { name: 'Data' }).click();
    await visible(page.getByText('Receivables ledger, 30 June 2025 (morning export)'));
    expect(await page.getByRole('list', { name: 'Tables' }).locator('.data-table__name').allInnerTexts()).toEqual(['clients', 'invoices', 'payments', 'late_fees']);
    const box = page.getByLabel('Query', { exact: true });
    await box.fill("SELECT count(*) AS merged FROM clients WHERE name LIKE '%office 2%'");
    await box.press('Control+Enter');
    await visible(page.locator('[data-query-state="ok"]', { hasText: '1 row.' }), 60_000);
    await screenshot(page, 'preview-data');

    await preview(/OEE per shift/);
    await page.getByRole('tab', { name: 'Run' }).click();
    const snippet = page.getByLabel('Snippet (TypeScript)');
    await snippet.fill("import { parseTime } from './src/oee';\nconsole.log('preview', parseTime('22:15'));");
    await snippet.press('Control+Enter');
    await expect.poll(() => page.getByTestId('run-output').innerText(), { timeout: 60_000 }).toBe('preview 1335\n');
    await screenshot(page, 'preview-run');
    expect(await axeFindings(page)).toEqual([]);
    expect(browser.takeProblems()).toEqual([]);
  });
});
