import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { QueueView, ReviewItemDetail } from '../../server/contract/review';
import { launchBrowser, screenshot, signIn, visible, type TestBrowser } from './helpers/browser';
import { expectAccessible, expectFitsPhone } from './helpers/placement';
import { DEMO_PASSWORD, startServer, type TestServer } from './helpers/server';
import { startSmtp, type SmtpCatcher } from '../helpers/smtp';

/**
 * E-mail settings on a phone (390 px), and the mail they lead to: the demo teacher turns on the
 * copies of reviews released in their courses, a reviewer completes a review through the API, and
 * the teacher and the student both find "review released" in a real SMTP server the server
 * delivered to (npm start with SMTP_URL).
 */

const PHONE = { width: 390, height: 844 };
let smtp: SmtpCatcher;
let server: TestServer;
let browser: TestBrowser;
let page: Page;

/** A signed-in API caller: the session cookie and the server's own Origin on every request. */
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
  server = await startServer({ SMTP_URL: smtp.url, DEMO_LOCALE: 'en' });
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.setViewportSize(PHONE);
});

afterEach(() => {
  expect(browser.takeProblems(), 'page errors, CSP violations or unexpected console errors').toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.close();
});

describe('e-mail notifications', () => {
  it('lets the teacher turn on the copies of released reviews from the header, on a phone', async () => {
    await page.goto(`${server.url}/login`);
    await signIn(page, 'teacher@cvit.example', DEMO_PASSWORD);
    await page.getByRole('link', { name: 'Notifications' }).click();
    await visible(page.getByRole('heading', { name: 'Notifications', level: 1 }));
    const group = page.getByRole('group', { name: 'Reviews released in my courses' });
    await expect(group.getByRole('radio', { name: 'Off' }).isChecked()).resolves.toBe(true);
    await group.getByRole('radio', { name: 'Each by e-mail' }).check();
    await page.getByRole('group', { name: 'Assignments closing soon' }).getByRole('radio', { name: 'Daily digest' }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await visible(page.getByText('Your notification settings are saved.'));
    await expectFitsPhone(page);
    await expectAccessible(page, 'the notifications page');
    await screenshot(page, 'notifications-phone');
    await page.reload();
    await expect(page.getByRole('group', { name: 'Reviews released in my courses' }).getByRole('radio', { name: 'Each by e-mail' }).isChecked()).resolves.toBe(true);
  });

  it('mails “review released” to the student and the teacher who opted in, through SMTP', async () => {
    const reviewer = await caller('reviewer@swift.example');
    const queue = await reviewer<QueueView>('GET', '/api/review-queue?status=open&limit=100');
    const item = queue.items[0]!;
    const { detail } = await reviewer<{ detail: ReviewItemDetail }>('GET', `/api/review-items/${item.id}`);
    await reviewer('POST', `/api/review-items/${item.id}/claim`);
    await reviewer('POST', `/api/review-items/${item.id}/reviews`, { scores: detail.rubric.map((c) => ({ criterionId: c.id, level: c.levels.length - 1 })), overallComment: 'Clear and complete.' });
    // The delivery loop runs every few seconds.
    const deadline = Date.now() + 30_000;
    const teacherMail = () => smtp.messages.find((m) => m.to.includes('teacher@cvit.example') && m.subject.startsWith('Review released:'));
    while (!teacherMail() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    const mail = teacherMail();
    expect(mail, `messages: ${smtp.messages.map((m) => `${m.to.join(',')}: ${m.subject}`).join(' | ')}`).toBeDefined();
    expect(mail!.text).toContain('Final score:');
    expect(mail!.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(smtp.messages.some((m) => /^student\d+@cvit\.example$/.test(m.to[0]!) && /^Your work on “.+” has been reviewed$/.test(m.subject))).toBe(true);
  });
});
