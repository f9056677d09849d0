import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, visible, type TestBrowser } from './helpers/browser';
import { schoolAdminOnOrgsPage } from './helpers/orgsPage';
import { startServer, type TestServer } from './helpers/server';
import { axeFindings } from './helpers/axe';

/** A school admin sets how long finished courses' work is kept, and what erasing a student keeps, on the organisations page. */
let server: TestServer;
const browsers: TestBrowser[] = [];

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  for (const b of browsers) await b.close();
  await server?.stop();
});

describe('retention on the organisations page', () => {
  it('the school admin chooses a period and sees it saved (English, 390 px)', async () => {
    const { browser, page } = await schoolAdminOnOrgsPage(server, browsers, 'en');
    const section = page.getByRole('region', { name: "Keeping finished courses' work" });
    await visible(section);
    const select = section.getByLabel('Keep the work of graded attempts');
    // An option is never "visible" to playwright: wait until the saved setting has loaded into it.
    await select.locator('option', { hasText: 'Keep it (no limit)' }).waitFor({ state: 'attached' });
    await expect.poll(() => select.inputValue(), { timeout: 10_000 }).toBe('keep');
    await select.selectOption('12');
    await section.getByRole('button', { name: 'Save' }).click();
    await visible(section.getByText("Chongqing Vocational Institute of Technology now keeps finished courses' work for 12 months."));
    await visible(section.getByText(/The next daily pass|None is due for removal/));
    expect(await select.inputValue()).toBe('12');

    // Beside it, the school's rule for erasing a student: kept under a pseudonym until changed.
    const erasure = page.getByRole('region', { name: 'Erasing a student' });
    const keep = erasure.getByRole('radio', { name: /Keep them under a pseudonym/ });
    await visible(keep);
    expect(await keep.isChecked()).toBe(true);
    await erasure.getByRole('radio', { name: /Delete them too/ }).check();
    await erasure.getByRole('button', { name: 'Save' }).click();
    await visible(erasure.getByText("Chongqing Vocational Institute of Technology now deletes an erased student's assessment records too."));
    await screenshot(page, 'retention-en-390');
    expect(await axeFindings(page)).toEqual([]);
    expect(browser.takeProblems()).toEqual([]);
  });

  it('reads in Chinese', async () => {
    const { browser, page } = await schoolAdminOnOrgsPage(server, browsers, 'zh-CN');
    const section = page.getByRole('region', { name: '已结束课程的作答保留期限' });
    await visible(section);
    await section.locator('option', { hasText: '课程结束后保留 12 个月' }).waitFor({ state: 'attached' });
    // The setting saved in English above, once it has loaded.
    await expect.poll(() => section.getByLabel('已评分作答内容的保留期限').inputValue(), { timeout: 10_000 }).toBe('12');
    // The erasure rule saved in English above.
    const erasure = page.getByRole('region', { name: '删除学生数据' });
    await expect.poll(() => erasure.getByRole('radio', { name: /一并删除/ }).isChecked(), { timeout: 10_000 }).toBe(true);
    await screenshot(page, 'retention-zh');
    expect(await axeFindings(page)).toEqual([]);
    expect(browser.takeProblems()).toEqual([]);
  });
});
