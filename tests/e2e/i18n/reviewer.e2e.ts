import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, visible } from '../helpers/browser';
import { chineseJourney } from '../helpers/chinese';
import { DEMO_PASSWORD, type TestServer } from '../helpers/server';

/**
 * Enterprise review in Chinese: a browser that asks for zh-CN signs in as the demo reviewer,
 * opens the review queue (评阅队列), claims Chen Jie's submission, scores every criterion of
 * the rubric (评分量规) and submits the review (提交评阅). Each page must speak Chinese: no
 * button or heading may be named with the English interface's words.
 */

// Whole words of the English interface that must not name a control or heading in Chinese.
const ENGLISH_UI = /\b(Review|Reviews|Submit|Score|Queue|Loading|Rubric)\b/;

let server: TestServer;
let page: Page;

// Signed in as people whose saved preference is Chinese, in a Chinese browser.
chineseJourney((j) => ({ server, page } = j));

/** The names of the page's buttons, links styled as buttons, summaries and headings, as a reader hears them. */
function controlAndHeadingNames(p: Page): Promise<string[]> {
  return p.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('button, [role=button], a.btn, summary, h1, h2, h3, [role=tab]')]
      // Scenario content (task titles in the rubric and task list) is the author's, not the interface's.
      .filter((el) => !el.closest('.rubric__task, .task__title, .monaco-editor'))
      .map((el) => (el.getAttribute('aria-label') ?? el.textContent ?? '').replace(/\s+/g, ' ').trim())
      .filter(Boolean),
  );
}

async function expectNoEnglishUi(p: Page) {
  const names = await controlAndHeadingNames(p);
  expect(names.length).toBeGreaterThan(0);
  expect(names.filter((n) => ENGLISH_UI.test(n))).toEqual([]);
}

describe('the demo reviewer, in Chinese', () => {
  it('signs in and finds the submission in the review queue', async () => {
    await page.goto(`${server.url}/login`);
    await page.getByLabel('电子邮箱地址').fill('reviewer@swift.example');
    await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '企业评阅' }).click();

    await visible(page.getByRole('heading', { level: 1, name: '评阅队列' }));
    expect(await page.title()).toBe('评阅队列 · Practicum');
    await visible(page.getByRole('group', { name: '显示评阅项' }).getByRole('button', { name: /待评阅/ }));
    await visible(page.getByRole('columnheader', { name: '学生' }));
    await visible(page.getByRole('columnheader', { name: '自动评分' }));
    const row = page.getByRole('row').filter({ hasText: 'Chen Jie' });
    await visible(row);
    expect(await row.textContent()).toMatch(/单评|双评/);
    await expectNoEnglishUi(page);
    await screenshot(page, 'i18n-zh-reviewer-queue');

    await row.getByRole('button', { name: /认领/ }).click();
    await page.waitForURL(/\/reviews\/items\/[0-9a-f-]{36}$/);
  });

  it('scores the rubric and submits the review', async () => {
    await visible(page.getByRole('heading', { level: 1, name: /^评阅：/ }));
    expect(await page.title()).toMatch(/^评阅：.+ · Practicum$/);
    await visible(page.getByRole('tab', { name: /评分量规/ }));
    await visible(page.getByRole('navigation', { name: '文件' }));
    // freight-quote is bilingual: its rubric reads in Chinese too, not only the interface.
    await visible(page.getByText('给调度的回复清楚、准确'));
    await visible(page.getByText('认领成功：这份提交由你评阅', { exact: false }).or(page.getByText(/剩余/)).first());
    const submit = await visible(page.getByRole('button', { name: '提交评阅' }));
    expect(await submit.isDisabled()).toBe(true);
    await visible(page.getByText(/请先为 \d+ 个评分项选择等级。/));
    // Let Monaco and the claim's own queue push settle before scoring.
    await visible(page.locator('.review-editor .editor.modified .view-lines').first());
    await page.waitForLoadState('networkidle');

    // The top level of every criterion scored now.
    const criteria = page.locator('fieldset[data-criterion]');
    const count = await criteria.count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) {
      const levels = criteria.nth(i).locator('input[type=radio]');
      await levels.nth((await levels.count()) - 1).check();
    }
    await visible(page.getByText('所有评分项均已选择等级。'));
    await page.getByLabel('总体评语').fill('修复正确；说明里应写清两个原因。');
    await expectNoEnglishUi(page);
    await screenshot(page, 'i18n-zh-reviewer-review');

    await submit.click();
    const dialog = await visible(page.getByRole('dialog', { name: '提交你的评阅？' }));
    await visible(dialog.getByText(/^总分：\d+ \/ \d+ 分。$/));
    await visible(dialog.getByText('评阅提交后不能再修改。'));
    await expectNoEnglishUi(page);
    await screenshot(page, 'i18n-zh-reviewer-confirm');
    await dialog.getByRole('button', { name: '提交', exact: true }).click();

    await visible(page.getByText(/^你的评阅已提交/).first());
    await expectNoEnglishUi(page);
    await screenshot(page, 'i18n-zh-reviewer-submitted');
  });
});
