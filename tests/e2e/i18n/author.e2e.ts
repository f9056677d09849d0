import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, visible } from '../helpers/browser';
import { chineseJourney } from '../helpers/chinese';
import { DEMO_PASSWORD, type TestServer } from '../helpers/server';

/**
 * Scenario authoring in Chinese, for a browser that asks for zh-CN: the demo author opens the
 * authoring home, starts a new scenario from the template (a Chinese title, so the id is typed),
 * validates it, previews it as a student and publishes its first version. Every page speaks
 * Chinese, and no button or heading is left with a common English word of the authoring UI.
 */

const TITLE = '盘点仓库库存';
const SLUG = 'depot-stock-count-zh';
const CHANGELOG = '第一个版本：从模板开始的库存盘点任务';
/** Mutation runs take a while on two busy cores. */
const VALIDATION_MS = 150_000;
/** Words of the English authoring UI that must not name a button or a heading in Chinese. */
const ENGLISH = ['Validate', 'Publish', 'Preview', 'New file', 'Loading', 'Save'];

let server: TestServer;
let page: Page;

// Signed in as people whose saved preference is Chinese, in a Chinese browser.
chineseJourney((j) => ({ server, page } = j));

/** The accessible names of the buttons and headings inside `scope` that hold an English UI word. */
async function englishNames(scope: Page | Locator): Promise<string[]> {
  const names: string[] = [];
  for (const role of ['button', 'heading', 'link'] as const) {
    for (const element of await scope.getByRole(role).all()) {
      if (!(await element.isVisible())) continue;
      const name = ((await element.getAttribute('aria-label')) ?? (await element.innerText())).trim();
      if (ENGLISH.some((word) => new RegExp(`\\b${word}\\b`).test(name))) names.push(`${role}: ${name}`);
    }
  }
  return names;
}

/** The editor's visible lines in screen order (Monaco reuses line elements, so DOM order can differ). */
async function editorLines(): Promise<string> {
  return page.locator('.code-editor .view-line').evaluateAll((lines) =>
    lines
      .map((line) => ({ top: parseFloat((line as HTMLElement).style.top) || 0, text: line.textContent ?? '' }))
      .sort((a, b) => a.top - b.top)
      .map((line) => line.text.replace(/\u00a0/g, ' '))
      .join('\n'),
  );
}

describe('the demo author in a zh-CN browser', () => {
  it('opens the authoring home in Chinese', async () => {
    await page.goto(`${server.url}/login`);
    await page.getByLabel('电子邮箱地址').fill('author@swift.example');
    await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(`${server.url}/`);
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '项目编写' }).click();

    await visible(page.getByRole('heading', { level: 1, name: '项目编写' }));
    expect(await page.title()).toBe('项目编写 · Practicum');
    await visible(page.getByRole('button', { name: '新建实训项目', exact: true }));
    await visible(page.getByRole('button', { name: '导入 .zip' }));
    await visible(page.getByText('的仿真实训项目：所有已发布的版本和正在编写的草稿。', { exact: false }));
    const card = page.locator('.authored', { has: page.getByRole('heading', { name: 'Fix the freight quote calculator' }) });
    await visible(card.getByRole('columnheader', { name: '更新说明' }));
    await visible(card.getByRole('button', { name: /^编辑为下一版本/ }));
    await visible(card.getByRole('switch', { name: /向所有学校开放/ }));
    await visible(card.getByText('仅合作院校的教师可以布置', { exact: false }));
    expect(await englishNames(page.locator('main'))).toEqual([]);
    await screenshot(page, 'i18n-zh-author-home');
  });

  it('creates a draft from the template in Chinese', async () => {
    await page.getByRole('button', { name: '新建实训项目', exact: true }).click();
    const dialog = await visible(page.getByRole('dialog', { name: '新建实训项目' }));
    await dialog.getByLabel('标题').fill(TITLE);
    // A Chinese title makes no id: creating asks for one, in Chinese.
    await dialog.getByRole('button', { name: '创建并打开草稿' }).click();
    await visible(dialog.getByText('实训项目标识至少需要 3 个字符。'));
    expect(await englishNames(dialog)).toEqual([]);
    await screenshot(page, 'i18n-zh-author-new');
    await dialog.getByLabel('标识', { exact: true }).fill(SLUG);
    await dialog.getByRole('button', { name: '创建并打开草稿' }).click();

    await page.waitForURL(/\/authoring\/drafts\/[0-9a-f-]{36}$/);
    await visible(page.getByRole('heading', { level: 1, name: TITLE }));
    await visible(page.locator('.code-editor .view-lines'), 20_000);
    await page.waitForLoadState('networkidle');
    expect(await page.title()).toBe(`草稿：${TITLE} · Practicum`);
    expect(await page.locator('.ws-header__eyebrow').textContent()).toBe(`项目编写 · ${SLUG} 的草稿 · 尚未发布`);
    await visible(page.getByText('项目包可以加载：清单有效，其中引用的文件都存在。'));
    await visible(page.getByRole('tab', { name: '问题' }));
    await visible(page.getByRole('button', { name: '新建文件' }));
    await visible(page.getByRole('button', { name: '上传数据文件' }));
    expect(await page.locator('.ws-header__status').textContent()).toContain('未校验');
    const header = page.locator('.ws-header');
    expect(await englishNames(header)).toEqual([]);
    expect(await englishNames(page.locator('.ws-side'))).toEqual([]);
    expect(await englishNames(page.getByRole('group', { name: '管理文件' }))).toEqual([]);
  });

  it('says a scenario.yaml typo in Chinese, where it is and what was meant', async () => {
    await page.getByRole('navigation', { name: '文件' }).getByRole('button', { name: 'scenario.yaml', exact: true }).click();
    await visible(page.locator('.status-bar__path', { hasText: 'scenario.yaml' }));
    const before = await editorLines();
    await page.locator('.code-editor .view-lines').click();
    await page.keyboard.press('ControlOrMeta+Home');
    await page.keyboard.insertText('titel: 盘点\n');
    await page.keyboard.press('Escape');
    await page.getByRole('tab', { name: /^问题/ }).click();
    const problem = await visible(page.getByText(/未知的键 `?titel`?，是不是想写 `?title`？/).first());
    await screenshot(page, 'i18n-zh-author-typo');
    // Taken back with undo, as an author would, until the editor shows what it showed before: a
    // suggestion list that opened late on a busy machine takes arrow keys, never the undo.
    await page.locator('.code-editor .view-lines').click();
    await page.keyboard.press('Escape');
    for (let i = 0; i < 5 && (await editorLines()) !== before; i++) {
      await page.keyboard.press('ControlOrMeta+z');
      await page.waitForTimeout(250);
    }
    expect(await editorLines()).toBe(before);
    await problem.waitFor({ state: 'detached', timeout: 20_000 });
  });

  it('validates in Chinese', async () => {
    await page.getByRole('button', { name: '校验', exact: true }).click();
    await visible(page.locator('.validation__progress'));
    await visible(page.locator('.validation__fresh', { hasText: '校验的是当前内容' }), VALIDATION_MS);
    expect(await page.locator('.validation__verdict').textContent()).toBe('校验通过');
    await visible(page.locator('.strength__label', { hasText: '检测强度' }));
    expect(await page.locator('.ws-header__status').textContent()).toContain('校验通过');
    expect(await englishNames(page.locator('.ws-header'))).toEqual([]);
    expect(await englishNames(page.locator('.ws-side'))).toEqual([]);
    await screenshot(page, 'i18n-zh-author-validated');
  }, VALIDATION_MS + 30_000);

  it('previews the draft as a student, in Chinese', async () => {
    await page.getByRole('button', { name: '以学生身份预览' }).click();
    await page.waitForURL(/\/authoring\/previews\//);
    await visible(page.getByText('草稿预览：不会记录任何内容，学生看到的正是这个界面。'));
    await visible(page.getByRole('button', { name: '跳到下一个情境事件' }));
    const back = await visible(page.getByRole('link', { name: '返回草稿' }));
    expect(await englishNames(page.locator('.banner').first())).toEqual([]);
    expect(await page.getByRole('button', { name: 'Skip to next event' }).count()).toBe(0);
    await screenshot(page, 'i18n-zh-author-preview');
    await back.click();
    await page.waitForURL(/\/authoring\/drafts\/[0-9a-f-]{36}$/);
    await visible(page.locator('.code-editor .view-lines'), 20_000);
  });

  it('publishes the first version in Chinese', async () => {
    await page.getByRole('button', { name: '发布…' }).click();
    const dialog = await visible(page.getByRole('dialog', { name: `发布“${TITLE}”` }));
    await visible(dialog.getByRole('group', { name: '版本' }));
    const confirm = dialog.getByRole('button', { name: /^发布 \S+ 版本$/ });
    await confirm.click();
    await visible(dialog.getByText('请用一句话说明更新内容（至少 3 个字符）。'));
    expect(await englishNames(dialog)).toEqual([]);
    await screenshot(page, 'i18n-zh-author-publish');
    await dialog.getByLabel('更新内容').fill(CHANGELOG);
    await confirm.click();

    await page.waitForURL(/\/authoring\?published=/);
    await visible(page.getByText(new RegExp(`已发布“${TITLE}”的 \\S+ 版本，教师现在即可布置。`)));
    const card = page.locator('.authored', { has: page.getByRole('heading', { name: TITLE }) });
    await visible(card.getByText(CHANGELOG));
    await visible(card.getByRole('button', { name: /^编辑为下一版本/ }));
    await visible(card.getByRole('link', { name: /^导出 \.zip/ }));
    expect(await englishNames(page.locator('main'))).toEqual([]);
    await screenshot(page, 'i18n-zh-author-published');
  });
});
