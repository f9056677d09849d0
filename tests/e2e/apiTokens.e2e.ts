import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, visible, type TestBrowser } from './helpers/browser';
import { schoolAdminOnOrgsPage } from './helpers/orgsPage';
import { DEMO_PASSWORD, startServer, type TestServer } from './helpers/server';
import { axeFindings } from './helpers/axe';

/** A school admin makes an API token on the organisations page, a script uses it, the admin revokes it. */
let server: TestServer;
const browsers: TestBrowser[] = [];

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  for (const b of browsers) await b.close();
  await server?.stop();
});

/** A course of the demo school, as its teacher sees it (through the API, as a person). */
async function demoCourseId(): Promise<string> {
  const signedIn = await fetch(`${server.url}/api/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: server.url },
    body: JSON.stringify({ email: 'teacher@cvit.example', password: DEMO_PASSWORD }),
  });
  const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0]!;
  const courses = (await (await fetch(`${server.url}/api/courses`, { headers: { cookie } })).json()) as { courses: { id: string; role: string }[] };
  return courses.courses.find((c) => c.role === 'teacher')!.id;
}

describe('API tokens on the organisations page', () => {
  it('the school admin creates a token, copies the secret shown once, sees its last use and revokes it (English, 390 px)', async () => {
    const { browser, page } = await schoolAdminOnOrgsPage(server, browsers, 'en');
    const section = page.getByRole('region', { name: 'API tokens' });
    await visible(section);

    await section.getByLabel('Name').fill('Nightly report export');
    await section.getByRole('checkbox', { name: /reports:read/ }).check();
    await section.getByLabel('Expires after').selectOption('30');
    await section.getByRole('button', { name: 'Create token' }).click();
    const secretBox = section.getByRole('status').filter({ hasText: 'Copy its secret now' });
    await visible(secretBox);
    const secret = (await secretBox.locator('code').textContent())!.trim();
    expect(secret).toMatch(/^pt_/);
    await visible(section.getByText('never used'));
    await screenshot(page, 'api-tokens-en-390');
    expect(await axeFindings(page)).toEqual([]);
    // Nothing is wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // The script: the report as JSON, with the token alone.
    const courseId = await demoCourseId();
    const report = await fetch(`${server.url}/api/courses/${courseId}/report`, { headers: { Authorization: `Bearer ${secret}` } });
    expect(report.status).toBe(200);
    await page.reload();
    await visible(section.getByText(/last used/));

    await section.getByRole('button', { name: 'Revoke the token Nightly report export' }).click();
    await section.getByRole('group').getByRole('button', { name: 'Revoke' }).click();
    await visible(section.getByText('The token "Nightly report export" was revoked.'));
    const after = await fetch(`${server.url}/api/courses/${courseId}/report`, { headers: { Authorization: `Bearer ${secret}` } });
    expect(after.status).toBe(401);
    expect(browser.takeProblems()).toEqual([]);
  });

  it('reads in Chinese', async () => {
    const { browser, page } = await schoolAdminOnOrgsPage(server, browsers, 'zh-CN');
    const section = page.getByRole('region', { name: 'API 令牌' });
    await visible(section);
    await visible(section.getByText('已撤销').first());
    await visible(section.getByRole('button', { name: '创建令牌' }));
    await screenshot(page, 'api-tokens-zh');
    expect(await axeFindings(page)).toEqual([]);
    expect(browser.takeProblems()).toEqual([]);
  });
});
