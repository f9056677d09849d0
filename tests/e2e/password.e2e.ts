import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, signIn, signOut, visible, type TestBrowser } from './helpers/browser';
import { DEMO_PASSWORD, startServer, type TestServer } from './helpers/server';
import { expectAccessible, expectFitsPhone } from './helpers/placement';

/**
 * Passwords (issue 17): an admin hands a student a reset link in person, the student sets a
 * password on a phone, then changes it on the Account page; "forgot password" answers without
 * saying whether the address has an account.
 */
const STUDENT = { name: 'Zhou Ting', email: 'student6@cvit.example' };
const FROM_LINK = 'lanterns over the pearl river';
const CHOSEN = 'my own phrase for the practicum';

let server: TestServer;
let browser: TestBrowser;
let page: Page;
let link = '';

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage();
});

afterEach(() => {
  expect(browser.takeProblems(), 'page errors, CSP violations or unexpected console errors').toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('passwords in the browser', () => {
  it('an admin issues a reset link, shown once on the user page with the last sign-in', async () => {
    await page.goto(`${server.url}/login`);
    await signIn(page, 'admin@cvit.example', DEMO_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    await page.getByRole('link', { name: STUDENT.name }).click();
    await visible(page.getByRole('heading', { level: 1, name: STUDENT.name }));
    await visible(page.getByText('Never signed in'));
    await page.getByRole('button', { name: 'Create a reset link' }).click();
    const field = await visible(page.getByLabel(`Reset link for ${STUDENT.name}`));
    link = await field.inputValue();
    expect(link).toMatch(new RegExp(`^${server.url}/reset-password#token=[\\w-]{43}$`));
    await visible(page.getByText(/Shown only now: hand it over in person/));
    await screenshot(page, 'password-admin-link');
    await signOut(page);
  });

  it('the student sets a password from the link on a phone; a common one is refused', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(link);
    await visible(page.getByRole('heading', { level: 1, name: 'Choose a new password' }));
    // The token leaves the address bar once read.
    expect(page.url()).toBe(`${server.url}/reset-password`);
    await page.getByLabel('New password', { exact: true }).fill('password1234');
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await visible(page.locator('#reset-password-error').filter({ hasText: 'most common passwords' }));
    await expectAccessible(page, 'the reset page');
    await expectFitsPhone(page);
    await page.getByLabel('New password', { exact: true }).fill(FROM_LINK);
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await visible(page.getByText('Your new password is saved. Sign in with it.'));
    await screenshot(page, 'password-reset-done-390');
  });

  it('the student changes the password on the Account page, the current one required', async () => {
    await page.getByRole('link', { name: 'Sign in', exact: true }).click();
    await signIn(page, STUDENT.email, FROM_LINK);
    await visible(page.getByRole('heading', { level: 1, name: `Welcome, ${STUDENT.name}` }));
    await page.getByRole('link', { name: `Account: ${STUDENT.name}` }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Account' }));
    await page.getByLabel('Current password').fill('not my password at all');
    await page.getByLabel('New password', { exact: true }).fill(CHOSEN);
    await page.getByRole('button', { name: 'Change password' }).click();
    await visible(page.locator('#account-current-error').filter({ hasText: 'Current password is not correct.' }));
    await page.getByLabel('Current password').fill(FROM_LINK);
    await page.getByRole('button', { name: 'Change password' }).click();
    await visible(page.getByText('Your password has been changed.'));
    await expectAccessible(page, 'the account page');
    await expectFitsPhone(page);
    await screenshot(page, 'password-account-390');
    await signOut(page);
    await signIn(page, STUDENT.email, CHOSEN);
    await visible(page.getByRole('heading', { level: 1, name: `Welcome, ${STUDENT.name}` }));
    await signOut(page);
  });

  it('"forgot password" gives one answer for any address', async () => {
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Forgot password' }));
    await page.getByLabel('Email address').fill('nobody@cvit.example');
    await page.getByRole('button', { name: 'Send the link' }).click();
    await visible(page.getByText('If an account has the address nobody@cvit.example, a link is on its way.', { exact: false }));
    await expectAccessible(page, 'the forgot-password page');
    await expectFitsPhone(page);
    await screenshot(page, 'password-forgot-390');
  });
});
