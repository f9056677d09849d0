import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { screenshot, SHOTS_DIR, visible } from '../helpers/browser';
import { chineseJourney } from '../helpers/chinese';
import { DEMO_PASSWORD, type TestServer } from '../helpers/server';

/**
 * The teacher's side in Chinese, for a browser that asks for zh-CN: the course page, the live
 * monitor and the course report speak Chinese (headings, buttons, tables, the page title), no
 * common English interface word is left in a heading or a button, and the heatmap CSV comes
 * with Chinese headers and the BOM that makes Excel read it as UTF-8.
 */

const COURSE = 'Enterprise Practice 2026';
const SCENARIO = 'Fix the freight quote calculator';
/** Interface words that must not survive in a Chinese heading or button (user content aside). */
const ENGLISH_UI = /\b(Course|Courses|Students?|Report|Download|Loading|Assignments?|Monitor|Export|Print)\b/;

let server: TestServer;
let page: Page;
let coursePath: string;

// Signed in as people whose saved preference is Chinese, in a Chinese browser.
chineseJourney((j) => ({ server, page } = j));

beforeAll(async () => {
  await page.goto(`${server.url}/login`);
  await page.getByLabel('电子邮箱地址').fill('teacher@cvit.example');
  await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(`${server.url}/`);
});

/** Every heading's and button's accessible text on the page, as a reader of names hears them. */
function headingsAndButtons(p: Page): Promise<string[]> {
  return p.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('h1, h2, h3, h4, h5, h6, button, [role="button"], a.btn')]
      .filter((el) => el.offsetParent !== null || el.getClientRects().length > 0)
      .map((el) => (el.getAttribute('aria-label') ?? el.textContent ?? '').replace(/\s+/g, ' ').trim()),
  );
}

async function expectNoEnglishUi(p: Page): Promise<void> {
  // The course's and scenario's own titles are content, not interface: leave them out.
  const names = (await headingsAndButtons(p)).map((n) => n.replace(COURSE, '').replace(SCENARIO, ''));
  expect(names.filter((n) => ENGLISH_UI.test(n))).toEqual([]);
}

describe('a teacher whose browser asks for zh-CN', () => {
  it('reads the course page in Chinese', async () => {
    await page.goto(`${server.url}/courses`);
    await visible(page.getByRole('heading', { level: 1, name: '课程' }));
    await page.getByRole('link', { name: COURSE }).first().click();
    await visible(page.getByRole('heading', { level: 1, name: COURSE }));
    coursePath = new URL(page.url()).pathname;
    await visible(page.getByRole('link', { name: '课程能力报告' }));
    await visible(page.getByRole('link', { name: '布置实训项目' }));
    await visible(page.getByRole('heading', { level: 2, name: '实训任务' }));
    await visible(page.getByRole('heading', { level: 2, name: '学生' }));
    await visible(page.getByRole('heading', { level: 2, name: '寻找合作企业' }));
    await visible(page.getByRole('columnheader', { name: '结果显示' }));
    expect(await page.locator('.page__intro').textContent()).toMatch(/ · \d+ 名学生$/);
    expect(await page.title()).toBe(`${COURSE} · Practicum`);
    await page.waitForLoadState('networkidle');
    await expectNoEnglishUi(page);
    await screenshot(page, 'i18n-zh-teacher-course');
  });

  it('reads the live monitor in Chinese, its summary counted in Chinese', async () => {
    // Chromium joins the visible word and the visually hidden title with a space in the name.
    await page.getByRole('link', { name: new RegExp(`^实时监控\\s*：${SCENARIO}$`) }).click();
    await visible(page.getByRole('heading', { level: 1, name: `实时监控：${SCENARIO}` }));
    const summary = page.locator('.monitor-bar__summary');
    await expect.poll(() => summary.textContent()).toMatch(/^未开始 \d+ 人 · .+（共 \d+ 名学生）$/);
    await visible(page.getByText('实时更新中'));
    await visible(page.getByRole('columnheader', { name: '剩余时间' }));
    await visible(page.getByRole('columnheader', { name: '公开检测' }));
    await visible(page.getByLabel('显示', { exact: true }));
    expect(await page.title()).toBe(`实时监控：${SCENARIO} · Practicum`);
    // Students in pinyin order is the reader's order; here every demo name is Latin, so just sorted.
    const names = await page.locator('table tbody tr th').evaluateAll((cells) => cells.map((c) => c.firstChild?.textContent?.trim() ?? ''));
    expect(names).toEqual([...names].sort(new Intl.Collator('zh-CN').compare));
    await expectNoEnglishUi(page);
    await screenshot(page, 'i18n-zh-teacher-monitor');
  });

  it('reads the course report in Chinese, the heatmap and its text alternatives too', async () => {
    await page.goto(`${server.url}${coursePath}`);
    await page.getByRole('link', { name: '课程能力报告' }).click();
    await visible(page.getByRole('heading', { level: 1, name: /课程能力报告/ }));
    expect(await page.title()).toBe(`课程能力报告：${COURSE} · Practicum`);
    const heatmap = await visible(page.getByRole('table', { name: '掌握程度热力图' }));
    const row = heatmap.getByRole('row').filter({ hasText: 'Liu Yang' });
    expect(await row.textContent()).toMatch(/精通/);
    expect(await row.textContent()).toMatch(/\d+%/);
    for (const title of ['分布', '能力短板', '需要针对性练习的学生', '教学模块与课程调整', '掌握度计算方法']) {
      await visible(page.getByRole('heading', { level: 2, name: title }));
    }
    await visible(page.getByRole('button', { name: '打印报告' }));
    await visible(page.getByRole('navigation', { name: '报告目录' }));
    // The distribution's bars say their counts in Chinese to screen readers.
    const bar = page.locator('svg.stacked-bar').first();
    expect(await bar.getAttribute('aria-label')).toMatch(/：.*\d+ 人/);
    await page.waitForLoadState('networkidle');
    await expectNoEnglishUi(page);
    await screenshot(page, 'i18n-zh-teacher-report');
    // The full page is long: the top, the practice list and the modules as a reader's screen shows them.
    await page.screenshot({ path: `${SHOTS_DIR}/i18n-zh-teacher-report-top.png` });
    for (const id of ['report-practice', 'report-modules']) {
      await page.locator(`#${id}`).scrollIntoViewIfNeeded();
      await page.evaluate((section) => document.getElementById(section)?.scrollIntoView({ block: 'start' }), id);
      await page.screenshot({ path: `${SHOTS_DIR}/i18n-zh-teacher-${id}.png` });
    }
  });

  it('downloads the heatmap as CSV with Chinese headers and a BOM', async () => {
    const link = page.getByRole('link', { name: '导出热力图（CSV）' });
    expect(await link.getAttribute('href')).toContain('lang=zh-CN');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const csv = fs.readFileSync(await download.path(), 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const [header, ...rows] = csv.slice(1).trim().split('\r\n');
    expect(header).toMatch(/^学生,/);
    expect(rows.map((r) => r.split(',')[0])).toContain('Liu Yang');
  });

  it('reads a student’s competency record in Chinese', async () => {
    await page.getByRole('table', { name: '掌握程度热力图' }).getByRole('link', { name: 'Liu Yang' }).first().click();
    await visible(page.getByRole('heading', { level: 1, name: /Liu Yang/ }));
    expect(await page.title()).toBe('Liu Yang的能力档案 · Practicum');
    await visible(page.getByRole('columnheader', { name: '掌握程度' }));
    await visible(page.getByRole('button', { name: /^展开 1 条佐证：/ }).first());
    await expectNoEnglishUi(page);
    await screenshot(page, 'i18n-zh-teacher-record');
  });
});
