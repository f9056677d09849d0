import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestIdp, type TestIdp } from '../helpers/oidcProvider';
import { axeFindings } from './helpers/axe';
import { launchBrowser, screenshot, signIn, signOut, visible, type TestBrowser } from './helpers/browser';
import { DEMO_PASSWORD, startServer, type TestServer } from './helpers/server';

/**
 * Single sign-on in the browser: the school's admin connects its identity provider (a real
 * oidc-provider in this process, over http, hence SSO_ALLOW_HTTP_ISSUERS for this server only),
 * then a student who has no Practicum account yet signs in with their school account.
 */
let server: TestServer;
let idp: TestIdp;
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  server = await startServer({ SSO_ALLOW_HTTP_ISSUERS: '1' });
  idp = await startTestIdp([`${server.url}/api/sso/callback`]);
  browser = await launchBrowser();
  page = await browser.newPage();
}, 200_000);

afterAll(async () => {
  await browser?.close();
  await idp?.close();
  await server?.stop();
});

afterEach(() => {
  expect(browser.takeProblems(), 'page errors, CSP violations or unexpected console errors').toEqual([]);
});

describe('single sign-on', () => {
  it('the admin connects the school’s identity provider; the secret is shown only as set', async () => {
    await page.goto(`${server.url}/login`);
    await signIn(page, 'admin@cvit.example', DEMO_PASSWORD);
    await page.waitForURL(`${server.url}/`);
    await page.goto(`${server.url}/admin/sso`);
    await page.getByRole('link', { name: 'Chongqing Vocational Institute of Technology' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Single sign-on settings' }));
    await visible(page.getByText(`${server.url}/api/sso/callback`));

    await page.getByLabel('Single sign-on is switched on').check();
    await page.getByLabel('Issuer URL').fill(idp.issuer);
    await page.getByLabel('Client ID').fill(idp.clientId);
    await page.getByLabel('Client secret').fill(idp.clientSecret);
    await page.getByLabel('Role', { exact: true }).fill('school_role');
    await page.getByLabel('Class', { exact: true }).fill('class_name');
    await page.getByLabel('Role values').fill('pupil = student\nfaculty = teacher');
    await page.getByRole('button', { name: 'Save' }).click();
    await visible(page.getByText('Saved.'));
    await visible(page.getByText('A secret is set; it is never shown again.', { exact: false }));
    expect(await page.getByLabel('Client secret').inputValue()).toBe('');
    expect(await page.content()).not.toContain(idp.clientSecret);
    expect(await axeFindings(page)).toEqual([]);
    await screenshot(page, 'sso-settings');
    await signOut(page);
  });

  it('a student signs in with their school account at 390 px and lands on their home page', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    idp.loginAs({ sub: 'cvit-2026-0042', email: 'wu.lei@cvit.example', name: 'Wu Lei', role: 'pupil', class: '2026 Logistics 1' });
    await page.goto(`${server.url}/login`);
    await visible(page.getByRole('heading', { level: 2, name: 'Sign in with your school account' }));
    expect(await axeFindings(page)).toEqual([]);
    await screenshot(page, 'sso-login-390');
    const choose = page.getByLabel('Your school or company');
    if (await choose.count()) await choose.selectOption({ label: 'Chongqing Vocational Institute of Technology' });
    await page.getByRole('link', { name: 'Continue to your organisation’s sign-in' }).click();
    await page.waitForURL(`${server.url}/`);
    await visible(page.getByRole('heading', { level: 1, name: 'Welcome, Wu Lei' }));
    await screenshot(page, 'sso-signed-in-390');
  });
});
