import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, visible } from '../helpers/browser';
import { chineseJourney } from '../helpers/chinese';
import { DEMO_PASSWORD, type TestServer } from '../helpers/server';

/**
 * The student workspace for a reader whose browser asks for Chinese (issue #15): the headings,
 * tabs, buttons, the countdown, a message from the company, the checks, the answers, the submit
 * dialog and the result all speak zh-CN, and so does Monaco's own interface (its find widget);
 * no common English word of the workspace is left on a button, a tab or a heading. The scenario
 * itself is a small bilingual-style package: its content is the author's, not translated.
 *
 * The home page is translated separately: this test reaches the workspace by the assignment's
 * title and its only button, whatever that button says.
 */

const SLUG = 'e2e-zh-invoice';
const TITLE = '修正发票合计';
const FROM = '李伟（组长）';
const SUBJECT = '请把订单合计发给我';
const QUESTION = '订单 2 + 3 + 4 的合计是多少？';
const BUGGY = 'exports.total = (xs) => xs.reduce((a, b) => a * b, 1);\n';
const FIX = 'exports.total = (xs) => xs.reduce((a, b) => a + b, 0);';

/** The workspace's English words that must not be a button's, a tab's or a heading's name in Chinese. */
const ENGLISH = [
  'Submit',
  'Run checks',
  'Running checks',
  'Files',
  'Save',
  'Saved',
  'Loading',
  'Tasks',
  'Brief',
  'Inbox',
  'Checks',
  'Answers',
  'Result',
  'Editor',
  'Run',
  'Data',
  'Keep working',
  'Open inbox',
  'Dismiss',
  'Time left',
  'Back to',
  'Coming up',
  'Checked automatically',
  'Task',
  'Your score',
  'Not finished yet',
  'Still to come',
];

function writePackage(root: string): void {
  const files: Record<string, string> = {
    'scenario.yaml': `id: ${SLUG}
version: 1.0.0
language: zh-CN
title: ${TITLE}
enterprise: 测试软件公司（虚构）
industry: software
role: 初级开发人员
durationMinutes: 30
brief: brief.md
competencies: [js.debugging, data.analysis]
tasks:
  - id: fix
    title: 发票合计不对
    instructions: tasks/fix.md
    checks:
      - id: total-visible
        title: 示例订单的合计
        kind: js
        file: checks/visible.test.js
        visible: true
        points: 10
        competencies: { js.debugging: 1 }
  - id: report
    title: 报告订单合计
    instructions: tasks/report.md
    checks:
      - id: order-total
        title: 订单合计
        kind: answer
        question: ${QUESTION}
        answer: { type: number, value: 9, unit: 元 }
        points: 10
        competencies: { data.analysis: 1 }
events:
  - id: total-request
    at: 5s
    from: ${FROM}
    channel: email
    subject: ${SUBJECT}
    body: events/request.md
    unlocks: task:report
scoring: { autoWeight: 1, reviewWeight: 0, passAt: 0.5 }
`,
    'brief.md': '# 测试软件公司\n\n你负责**发票**模块。\n',
    'tasks/fix.md': '修改 `total.js` 中的 `total`，让它把价格相加。',
    'tasks/report.md': '告诉李伟这张订单的合计。',
    'events/request.md': '你好，订单 2 + 3 + 4 一共是多少？谢谢！李伟',
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

let server: TestServer;
let page: Page;
let scenariosDir: string;

beforeAll(() => {
  scenariosDir = fs.mkdtempSync(path.join(os.tmpdir(), 'practicum-e2e-zh-scenarios-'));
  writePackage(scenariosDir);
});

// Signed in as people whose saved preference is Chinese, in a Chinese browser.
chineseJourney((j) => ({ server, page } = j), () => ({ SCENARIOS_DIR: scenariosDir }));

afterAll(() => {
  fs.rmSync(scenariosDir, { recursive: true, force: true });
});

/** The names of every button, tab, link-as-button and heading on the page, as a screen reader would read them. */
function controlNames(p: Page): Promise<string[]> {
  return p.evaluate(() => {
    const selector = 'button, [role="button"], [role="tab"], h1, h2, h3, h4, [role="heading"], summary, .btn';
    return [...document.querySelectorAll<HTMLElement>(selector)]
      .filter((el) => !el.closest('.monaco-editor, .monaco-diff-editor') && el.getClientRects().length > 0)
      .flatMap((el) => [el.getAttribute('aria-label') ?? '', el.getAttribute('title') ?? '', (el.textContent ?? '').trim()])
      .filter((name) => name !== '');
  });
}

/** The English words above that appear, as whole words, in a control's or heading's name. */
async function englishLeft(p: Page): Promise<string[]> {
  const names = await controlNames(p);
  return names.filter((name) => ENGLISH.some((word) => new RegExp(`(^|[^A-Za-z])${word}([^A-Za-z]|$)`).test(name)));
}

async function editorText(p: Page): Promise<string> {
  return (await p.locator('.code-editor .view-lines').innerText()).replace(/\u00a0/g, ' ');
}

describe('the student workspace in Chinese', () => {
  it('opens with Chinese headings, tabs, buttons and countdown', async () => {
    await page.goto(`${server.url}/login`);
    await page.getByLabel('电子邮箱地址').fill('student1@cvit.example');
    await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(`${server.url}/`);

    // The dashboard is another helper's: the assignment by its title, and its one button (Start).
    const item = page.locator('.assignment', { has: page.getByRole('heading', { name: TITLE }) });
    await visible(item, 20_000);
    await item.getByRole('button').first().click();
    await page.waitForURL(/\/attempts\/[0-9a-f-]{36}$/);

    await visible(page.getByRole('heading', { level: 1, name: TITLE }));
    await visible(page.locator('.code-editor .view-lines'), 20_000);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    // Wide, files and editor are columns; the side's tabs are the rest (the inbox may already count a message).
    for (const tab of ['任务', '答题', '检测', '运行']) await visible(page.getByRole('tab', { name: tab, exact: true }));
    await visible(page.getByRole('tab', { name: /^收件箱/ }));
    await visible(page.getByRole('heading', { name: '文件', exact: true }));
    await visible(page.getByRole('button', { name: '运行检测' }));
    await visible(page.getByRole('button', { name: '提交', exact: true }));
    await visible(page.getByText('剩余时间', { exact: true }));
    expect(await page.getByRole('timer').getAttribute('aria-label')).toMatch(/^剩余时间：(\d+分钟|\d+小时(\d+分钟)?|不到 1 分钟)$/);
    await visible(page.getByText('项目背景', { exact: true }));
    // The second task waits for the message timed at 5 s, which may already have come by now.
    await visible(page.getByText('暂未解锁。实训过程中可能会有新的工作，请留意收件箱。').or(page.getByRole('heading', { name: /报告订单合计/ })));
    // One per unlocked task: the first is enough.
    await visible(page.getByRole('heading', { name: '自动检测', exact: true }).first());
    await visible(page.locator('.status-bar', { hasText: 'Ctrl+S 立即保存' }));
    expect(await englishLeft(page)).toEqual([]);
    await screenshot(page, 'i18n-zh-student-workspace');
  });

  it('has Monaco’s own interface in Chinese', async () => {
    await page.locator('.code-editor .view-lines').click();
    await page.keyboard.press('ControlOrMeta+F');
    const find = page.locator('.code-editor .find-widget');
    await visible(find);
    // Monaco's find box ("Find" in English) and its buttons are Monaco's messages, loaded in Chinese.
    await visible(find.getByRole('textbox', { name: '查找' }));
    await screenshot(page, 'i18n-zh-student-monaco-find');
    await page.keyboard.press('Escape');
  });

  it('saves, runs the checks and reads the company’s message in Chinese', async () => {
    await page.locator('.code-editor .view-lines').click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(FIX, { delay: 15 });
    await page.keyboard.press('Escape');
    expect((await editorText(page)).trim()).toBe(FIX);
    await visible(page.locator('.status-bar [data-save-state="saved"]', { hasText: '已保存' }), 10_000);
    await visible(page.locator('.save-summary', { hasText: '所有修改已保存' }));

    await page.getByRole('button', { name: '运行检测' }).click();
    await visible(page.locator('.check-result[data-check="total-visible"][data-state="passed"]', { hasText: '通过' }), 30_000);
    await visible(page.getByText('1 项中通过 1 项'));
    expect(await englishLeft(page)).toEqual([]);
    await screenshot(page, 'i18n-zh-student-checks');

    // The message timed at 5 s: a toast in Chinese, an unread badge, the task unlocks.
    const toast = page.locator('.toasts .toast', { hasText: `${FROM} 发来新消息` });
    await visible(toast, 20_000);
    await visible(page.getByRole('tab', { name: /^收件箱\s*1\s*条未读$/ }));
    await visible(toast.getByRole('button', { name: `关闭：${FROM} 发来新消息` }));
    await toast.getByRole('button', { name: '打开收件箱' }).click();
    await visible(page.getByRole('heading', { name: SUBJECT }));
    await visible(page.locator('.message__meta', { hasText: `${FROM} · 邮件 · ` }));
    expect(await englishLeft(page)).toEqual([]);
    await screenshot(page, 'i18n-zh-student-inbox');
  });

  it('answers, submits and reads the result in Chinese', async () => {
    await page.getByRole('tab', { name: '答题', exact: true }).click();
    await page.getByLabel(QUESTION).fill('9');
    await visible(page.getByText('答案已保存'), 10_000);

    await page.getByRole('button', { name: '提交', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: '提交作答？' });
    await visible(dialog);
    await visible(dialog.getByText('系统会对你已保存的文件运行全部检测并给出结果。', { exact: false }));
    await visible(dialog.getByRole('button', { name: '继续作答' }));
    expect(await englishLeft(page)).toEqual([]);
    await screenshot(page, 'i18n-zh-student-submit');
    await dialog.getByRole('button', { name: '提交', exact: true }).click();

    await visible(page.locator('.result__score', { hasText: '100%' }), 30_000);
    await screenshot(page, 'i18n-zh-student-result');
    expect(['你的成绩', '最终成绩']).toContain(await page.locator('.result__label').first().textContent());
    await visible(page.getByText('已通过（及格线 50%）。'));
    await visible(page.getByRole('tab', { name: '结果', exact: true }));
    await visible(page.getByRole('link', { name: '返回实训任务' }));
    await visible(page.locator('.ws-header .pill', { hasText: '已评分' }));
    expect(await page.getByRole('button', { name: '运行检测' }).count()).toBe(0);
    expect(await englishLeft(page)).toEqual([]);
  });
});
