import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, visible } from '../helpers/browser';
import { chineseJourney } from '../helpers/chinese';
import { DEMO_PASSWORD, type TestServer } from '../helpers/server';

/**
 * An organisation's administrator in a Chinese browser: sign-in (a wrong password first), the
 * home page, the users list, one user, and a new user (a server field error first, rendered
 * in Chinese from server/messages), all without English interface words.
 */

const USER = { name: '林晓雨', email: 'lin.xiaoyu@cvit.example', password: 'harbour-lights-42' };

/** Interface words that must not be left in English on these pages. */
const ENGLISH = /\b(Users|Create|Save|Name|Loading|Email)\b/;

let server: TestServer;
let page: Page;

// Signed in as people whose saved preference is Chinese, in a Chinese browser.
chineseJourney((j) => ({ server, page } = j));

/** The texts of headings, buttons, labels, legends and column headers that are in English. */
async function englishControls(p: Page): Promise<string[]> {
  const texts = await p
    .locator('h1, h2, h3, h4, button, label, legend, thead th, a.btn, [aria-label]')
    .evaluateAll((els) => els.flatMap((el) => [el.textContent ?? '', el.getAttribute('aria-label') ?? '']).map((t) => t.trim()));
  return texts.filter((t) => ENGLISH.test(t));
}

async function signInZh(p: Page, email: string, password: string): Promise<void> {
  await p.getByLabel('电子邮箱地址').fill(email);
  await p.getByLabel('密码', { exact: true }).fill(password);
  await p.getByRole('button', { name: '登录' }).click();
}

describe('an organisation admin in zh-CN', () => {
  it('is told in Chinese that the password is wrong, then signs in', async () => {
    await page.goto(`${server.url}/login`);
    await visible(page.getByRole('heading', { level: 1, name: '登录' }));
    await signInZh(page, 'admin@cvit.example', 'not-the-password');
    await visible(page.getByRole('alert').filter({ hasText: '电子邮箱或密码不正确。' }));
    await screenshot(page, 'i18n-zh-admin-signin-error');

    await signInZh(page, 'admin@cvit.example', DEMO_PASSWORD);
    await page.waitForURL(`${server.url}/`);
    await visible(page.getByRole('heading', { level: 1, name: '欢迎，Tang Hui' }));
    await visible(page.getByRole('heading', { level: 2, name: '管理' }));
    await visible(page.getByRole('link', { name: '管理用户' }));
    expect(await englishControls(page)).toEqual([]);
    await screenshot(page, 'i18n-zh-admin-home');
  });

  it('lists the users and opens one, in Chinese', async () => {
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '用户' }).click();
    await visible(page.getByRole('heading', { level: 1, name: '用户' }));
    expect(await page.title()).toBe('用户 · Practicum');
    await visible(page.getByText(/^共 \d+ 位用户$/));
    await visible(page.getByRole('columnheader', { name: '姓名' }));
    await visible(page.getByLabel('按姓名或电子邮箱搜索'));
    const roles = await page.getByLabel('角色', { exact: true }).locator('option').allTextContents();
    expect(roles).toEqual(['全部角色', '学生', '教师', '项目编写人', '评阅人', '企业指导教师', '管理员']);
    expect(await page.locator('table tbody').textContent()).toMatch(/学生|教师/);
    expect(await englishControls(page)).toEqual([]);
    await screenshot(page, 'i18n-zh-admin-users');

    const first = page.locator('table tbody tr th a').first();
    const name = (await first.textContent())!.trim();
    await first.click();
    await visible(page.getByRole('heading', { level: 1, name }));
    await visible(page.getByRole('heading', { level: 2, name: '账号' }));
    await visible(page.getByRole('heading', { level: 2, name: '在你所管理机构中的角色' }));
    await visible(page.getByRole('button', { name: '分配角色' }));
    await visible(page.getByRole('link', { name: '返回用户列表' }));
    expect(await englishControls(page)).toEqual([]);
    await screenshot(page, 'i18n-zh-admin-user');
  });

  it('creates a user, with the server’s field error in Chinese first', async () => {
    await page.getByRole('link', { name: '返回用户列表' }).click();
    await page.getByRole('link', { name: '新建用户' }).click();
    await visible(page.getByRole('heading', { level: 1, name: '新建用户' }));
    await page.getByLabel('姓名').fill(USER.name);
    await page.getByLabel('电子邮箱地址').fill(USER.email);
    await page.getByLabel('初始密码').fill('short');
    await page.getByLabel('机构 1').selectOption({ index: 1 });
    await page.getByLabel('角色 1').selectOption('teacher');
    expect(await englishControls(page)).toEqual([]);

    await page.getByRole('button', { name: '创建用户' }).click();
    await visible(page.locator('#user-password-error'));
    expect((await page.locator('#user-password-error').textContent())?.replace(/^错误：/, '').trim()).toBe('密码至少需要 10 个字符。');
    await visible(page.getByRole('alert').filter({ hasText: '出现问题' }));
    expect(await englishControls(page)).toEqual([]);
    await screenshot(page, 'i18n-zh-admin-new-user-error');

    await page.getByLabel('初始密码').fill(USER.password);
    await page.getByRole('button', { name: '创建用户' }).click();
    await page.waitForURL(`${server.url}/admin/users`);
    await visible(page.getByRole('status').filter({ hasText: `已创建用户${USER.name}` }));
    const row = page.locator('table tbody tr').filter({ has: page.locator('th', { hasText: USER.name }) });
    expect(await visible(row).then((r) => r.textContent())).toContain('教师');
    expect(await englishControls(page)).toEqual([]);
    await screenshot(page, 'i18n-zh-admin-created');
  });
});
