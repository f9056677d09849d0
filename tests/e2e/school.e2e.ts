import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { QueueView, ReviewItemDetail } from '../../server/contract/review';
import { startTestIdp, type TestIdp } from '../helpers/oidcProvider';
import { startSmtp, type SmtpCatcher } from '../helpers/smtp';
import { launchBrowser, screenshot, signIn, visible, type TestBrowser } from './helpers/browser';
import { DEMO_PASSWORD, startServer, type TestServer } from './helpers/server';

/**
 * A school's IT office runs Practicum for a term, in one journey (issue 17): the admin imports a
 * class from a CSV file (preview, then apply) and prints the slips; a new student signs in with
 * the slip's password and must choose their own; the admin disables a student whose workspace is
 * open, and that workspace is signed out at once; a student signs in through the school's
 * identity provider (a real oidc-provider); a teacher gets "review released" by e-mail in a real
 * SMTP server; and the admin finds all of it in the audit log.
 */

const NEW_STUDENT = { email: 'tan.yu@cvit.example', name: 'Tan Yu' };
const ROSTER = ['email,name,role,class', `${NEW_STUDENT.email},${NEW_STUDENT.name},student,Logistics 2302`, 'luo.min@cvit.example,Luo Min,student,Logistics 2302'].join('\r\n');
const DISABLED = { email: 'student4@cvit.example', name: 'Zhao Lei' };

let smtp: SmtpCatcher;
let idp: TestIdp;
let server: TestServer;
const browsers: TestBrowser[] = [];
let admin: Page;

async function newBrowserPage(): Promise<{ browser: TestBrowser; page: Page }> {
  const browser = await launchBrowser();
  browsers.push(browser);
  return { browser, page: await browser.newPage() };
}

/** A signed-in API caller (another device): the session cookie and the server's Origin on every request. */
async function caller(email: string) {
  const headers = { 'content-type': 'application/json', origin: server.url };
  const signedIn = await fetch(`${server.url}/api/session`, { method: 'POST', headers, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
  if (!signedIn.ok) throw new Error(`sign-in ${email}: ${signedIn.status}`);
  const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
  return async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${server.url}${url}`, { method, headers: { ...headers, cookie }, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = await res.json().catch(() => null);
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
    return json as T;
  };
}

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startServer({ SMTP_URL: smtp.url, SSO_ALLOW_HTTP_ISSUERS: '1', DEMO_LOCALE: 'en' });
  idp = await startTestIdp([`${server.url}/api/sso/callback`]);
  admin = (await newBrowserPage()).page;
  await admin.goto(`${server.url}/login`);
  await signIn(admin, 'admin@cvit.example', DEMO_PASSWORD);
  await visible(admin.getByRole('heading', { level: 1, name: 'Welcome, Tang Hui' }));
}, 200_000);

afterEach(() => {
  for (const browser of browsers) {
    // A page signed out by the server may log the refused reconnect; nothing else is expected.
    const problems = browser.takeProblems().filter((p) => !/status of 401|WebSocket connection to .* failed/.test(p));
    expect(problems, 'page errors, CSP violations or unexpected console errors').toEqual([]);
  }
});

afterAll(async () => {
  for (const browser of browsers) await browser.close();
  await idp?.close();
  await server?.stop();
  await smtp?.close();
});

describe('running a school on Practicum', () => {
  let slipPassword = '';

  it('the admin previews a class list, applies it and gets the sign-in slips', async () => {
    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import accounts' }).click();
    await visible(admin.getByRole('heading', { level: 1, name: 'Import accounts' }));
    await admin.getByLabel('Account list (CSV)').setInputFiles({ name: 'logistics-2302.csv', mimeType: 'text/csv', buffer: Buffer.from(ROSTER) });
    await admin.getByRole('button', { name: 'Preview' }).click();
    await visible(admin.getByRole('heading', { level: 2, name: /What the file would do/ }));
    const outcomes = await admin.locator('table tbody tr').evaluateAll((rows) => rows.map((r) => r.querySelectorAll('td')[1]?.textContent));
    expect(outcomes).toEqual(['new account', 'new account']);
    // Nothing exists before the apply.
    const users = await caller('admin@cvit.example');
    expect((await users<{ total: number }>('GET', `/api/users?q=${encodeURIComponent(NEW_STUDENT.email)}`)).total).toBe(0);

    await admin.getByRole('button', { name: /^Import: 2 new accounts/ }).click();
    await visible(admin.getByRole('heading', { level: 1, name: 'Accounts imported' }));
    const slip = admin.getByRole('list', { name: 'Sign-in slips' }).getByRole('listitem').filter({ hasText: NEW_STUDENT.name });
    slipPassword = (await slip.locator('.slip__password').textContent())!.trim();
    expect(slipPassword).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    await screenshot(admin, 'school-slips');
  });

  it('the new student signs in with the slip and must choose their own password first', async () => {
    const { page } = await newBrowserPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/login`);
    await signIn(page, NEW_STUDENT.email, slipPassword);
    await page.waitForURL(/\/account$/);
    await visible(page.getByText('Your password was set by someone else. Choose your own password to continue.'));
    await page.getByLabel('Current password').fill(slipPassword);
    await page.getByLabel('New password', { exact: true }).fill('warehouse lanterns at dawn');
    await page.getByRole('button', { name: 'Change password' }).click();
    await visible(page.getByText(/Your password has been changed/));
    await page.goto(`${server.url}/`);
    await visible(page.getByRole('heading', { level: 1, name: `Welcome, ${NEW_STUDENT.name}` }));
    await screenshot(page, 'school-student-home-390');
  });

  it('the admin disables a student, and their open workspace is signed out at once', async () => {
    const { page } = await newBrowserPage();
    await page.goto(`${server.url}/login`);
    await signIn(page, DISABLED.email, DEMO_PASSWORD);
    await visible(page.getByRole('heading', { level: 1, name: `Welcome, ${DISABLED.name}` }));
    await page.getByRole('button', { name: /^(Start|Continue)/ }).or(page.getByRole('link', { name: /^(Start|Continue)/ })).first().click();
    await page.waitForURL(/\/attempts\/[0-9a-f-]{36}$/);
    await visible(page.locator('.code-editor .view-lines'), 30_000);

    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    await admin.getByRole('link', { name: DISABLED.name, exact: true }).click();
    await visible(admin.getByRole('heading', { level: 1, name: DISABLED.name }));
    await admin.getByRole('button', { name: 'Disable the account' }).click();
    await admin.getByRole('dialog', { name: `Disable ${DISABLED.name}?` }).getByRole('button', { name: 'Disable', exact: true }).click();
    await visible(admin.getByText(`${DISABLED.name} can no longer sign in; their open sessions have ended.`));

    // No reload, no next request of their own: the server ended the session over the socket.
    await page.waitForURL(/\/login/, { timeout: 10_000 });
    await visible(page.getByText('Your session has ended. Sign in again to continue.'));
    await screenshot(page, 'school-disabled-workspace');
  });

  it('a student signs in with the school’s identity provider', async () => {
    const schoolId = (await (await admin.request.get(`${server.url}/api/orgs`)).json()).orgs.find((o: { slug: string }) => o.slug === 'cvit').id as string;
    const saved = await admin.request.put(`${server.url}/api/orgs/${schoolId}/sso`, {
      headers: { Origin: server.url },
      data: {
        enabled: true,
        issuer: idp.issuer,
        clientId: idp.clientId,
        clientSecret: idp.clientSecret,
        claims: { role: 'school_role', class: 'class_name', roleValues: { pupil: 'student' } },
      },
    });
    expect(saved.status(), await saved.text()).toBe(200);

    const { page } = await newBrowserPage();
    idp.loginAs({ sub: 'cvit-2026-0107', email: 'ma.qiang@cvit.example', name: 'Ma Qiang', role: 'pupil', class: 'Logistics 2302' });
    await page.goto(`${server.url}/login`);
    const choose = page.getByLabel('Your school or company');
    if (await choose.count()) await choose.selectOption({ label: 'Chongqing Vocational Institute of Technology' });
    await page.getByRole('link', { name: 'Continue to your organisation’s sign-in' }).click();
    await page.waitForURL(`${server.url}/`);
    await visible(page.getByRole('heading', { level: 1, name: 'Welcome, Ma Qiang' }));
  });

  it('a teacher who asked for them gets “review released” by e-mail', async () => {
    const teacher = await caller('teacher@cvit.example');
    await teacher('PUT', '/api/me/notifications', { kinds: { courseReviewReleased: 'each' } });
    const reviewer = await caller('reviewer@swift.example');
    const queue = await reviewer<QueueView>('GET', '/api/review-queue?status=open&limit=100');
    const item = queue.items[0]!;
    const { detail } = await reviewer<{ detail: ReviewItemDetail }>('GET', `/api/review-items/${item.id}`);
    await reviewer('POST', `/api/review-items/${item.id}/claim`);
    await reviewer('POST', `/api/review-items/${item.id}/reviews`, { scores: detail.rubric.map((c) => ({ criterionId: c.id, level: c.levels.length - 1 })), overallComment: 'Well done.' });

    const teacherMail = () => smtp.messages.find((m) => m.to.includes('teacher@cvit.example') && m.subject.startsWith('Review released:'));
    await expect.poll(() => teacherMail() !== undefined, { timeout: 30_000, interval: 250 }).toBe(true);
    expect(teacherMail()!.text).toContain('Final score:');
  });

  it('the admin finds all of it in the audit log', async () => {
    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await visible(admin.getByRole('heading', { level: 1, name: 'Audit log' }));
    await visible(admin.locator('table tbody tr').first());
    const actions = await admin.locator('table tbody tr th').allTextContents();
    for (const action of ['Accounts imported', 'Password changed', 'User disabled', 'Single sign-on configured', 'Signed in with single sign-on']) {
      expect(actions, `the log shows "${action}"`).toContain(action);
    }
    await screenshot(admin, 'school-audit');
  });
});
