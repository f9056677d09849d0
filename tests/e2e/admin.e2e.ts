import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { focused, launchBrowser, screenshot, signIn, signOut, visible, type TestBrowser } from './helpers/browser';
import { DEMO_PASSWORD, startServer, type TestServer } from './helpers/server';
import { axeFindings } from './helpers/axe';

const ORG = { name: 'Guangzhou Port Vocational College', slug: 'guangzhou-port-vocational-college' };
const USER = { name: 'Lin Xiaoyu', email: 'lin.xiaoyu@gzport.example', password: 'harbour-lights-42' };

let server: TestServer;
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.goto(`${server.url}/login`);
  await signIn(page, 'admin@practicum.example', DEMO_PASSWORD);
  await visible(page.getByRole('heading', { level: 1, name: 'Welcome, Platform Admin' }));
});

afterEach(() => {
  expect(browser.takeProblems(), 'page errors, CSP violations or unexpected console errors').toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The text of each body row's first cell (the row header), in order. */
function rowNames(p: Page): Promise<string[]> {
  return p.locator('table tbody tr th').evaluateAll((cells) => cells.map((c) => c.firstChild?.textContent?.trim() ?? ''));
}

/** Waits until the table shows exactly these rows (searches and refetches settle asynchronously). */
async function expectRows(p: Page, expected: string[]): Promise<void> {
  const deadline = Date.now() + 10_000;
  let names = await rowNames(p);
  while (JSON.stringify(names) !== JSON.stringify(expected) && Date.now() < deadline) {
    await p.waitForTimeout(100);
    names = await rowNames(p);
  }
  expect(names).toEqual(expected);
}

function rowFor(p: Page, name: string) {
  return p.locator('table tbody tr').filter({ has: p.locator('th', { hasText: name }) });
}

async function fieldError(p: Page, controlId: string): Promise<string> {
  const control = p.locator(`#${controlId}`);
  expect(await control.getAttribute('aria-invalid'), `${controlId} is marked invalid`).toBe('true');
  return (await p.locator(`#${controlId}-error`).textContent())?.replace(/^Error: /, '').trim() ?? '';
}

describe('the platform operator manages organisations and users', () => {
  it('lists the seeded organisations', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Organisations' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Organisations' }));
    expect(await focused(page)).toMatchObject({ tag: 'h1', text: 'Organisations' });
    await visible(page.getByRole('table'));
    await expectRows(page, ['Chongqing Vocational Institute of Technology', 'Swift Logistics']);
    const swift = rowFor(page, 'Swift Logistics');
    expect(await swift.locator('td').first().textContent()).toBe('Enterprise');
    expect(await swift.textContent()).toContain('Chongqing Vocational Institute of Technology'); // its partner
  });

  it('creates an organisation, showing each server error next to its field first', async () => {
    await page.getByRole('link', { name: 'New organisation' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'New organisation' }));

    await page.getByLabel('Name', { exact: true }).fill(ORG.name);
    // The slug follows the name until it is edited.
    expect(await page.getByLabel('Slug').inputValue()).toBe(ORG.slug);

    // No kind chosen: the server's 400 names the field.
    await page.getByRole('button', { name: 'Create organisation' }).click();
    await visible(page.getByRole('alert').filter({ hasText: 'There is a problem' }));
    expect((await page.locator('#org-kind-error').textContent())?.trim()).toBe('Error: Choose whether it is a school or a company.');

    // A taken slug: the 409 names the field too.
    await page.getByLabel('School').check();
    await page.getByLabel('Slug').fill('cvit');
    await page.getByRole('button', { name: 'Create organisation' }).click();
    await visible(page.locator('#org-slug-error'));
    expect(await fieldError(page, 'org-slug')).toBe('Slug is taken.');
    expect(await page.getByRole('alert').getByRole('link', { name: 'Slug is taken.' }).count()).toBe(1);
    await screenshot(page, 'admin-new-org-error');

    await page.getByLabel('Slug').fill(ORG.slug);
    await page.getByRole('button', { name: 'Create organisation' }).click();
    await page.waitForURL(`${server.url}/admin/orgs`);
    await visible(page.getByRole('status').filter({ hasText: `Created organisation ${ORG.name}` }));
    await expectRows(page, ['Chongqing Vocational Institute of Technology', ORG.name, 'Swift Logistics']);

    // Search narrows the list.
    await page.getByLabel('Search by name or slug').fill('guangzhou');
    await expectRows(page, [ORG.name]);
  });

  it('lists and searches users', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Users' }));
    await visible(rowFor(page, 'Chen Jie'));
    expect(await rowNames(page)).toHaveLength(14);
    expect(await page.getByText('14 users', { exact: true }).count()).toBe(1);

    await page.getByLabel('Search by name or email').fill('zhang');
    await expectRows(page, ['Zhang Min']);
    expect(page.url()).toContain('q=zhang');

    await page.getByLabel('Search by name or email').fill('');
    await page.getByLabel('Role').selectOption('reviewer');
    await expectRows(page, ['Ma Lin', 'Sun Hao']);
    expect(page.url()).not.toContain('q=');
    await page.getByLabel('Role').selectOption('');
    await page.waitForFunction(() => document.querySelectorAll('table tbody tr').length === 14);
  });

  it('creates a user, showing each server error next to its field first', async () => {
    await page.getByRole('link', { name: 'New user' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'New user' }));

    await page.getByLabel('Full name').fill(USER.name);
    await page.getByLabel('Email address').fill('student1@cvit.example');
    await page.getByLabel('Initial password').fill('short');
    await page.getByLabel('Organisation 1').selectOption({ label: ORG.name });
    // A school offers school roles only.
    const roleOptions = await page.getByLabel('Role 1').locator('option').allTextContents();
    expect(roleOptions).toEqual(['Choose a role', 'Student', 'Teacher', 'Administrator']);
    await page.getByLabel('Role 1').selectOption('teacher');
    // A second role, at the partner company.
    await page.getByRole('button', { name: 'Add another role' }).click();
    await page.getByLabel('Organisation 2').selectOption({ label: 'Swift Logistics' });
    expect(await page.getByLabel('Role 2').locator('option').allTextContents()).toEqual(['Choose a role', 'Author', 'Reviewer', 'Lead reviewer (moderates, calibrates)', 'Enterprise mentor', 'Administrator']);
    await page.getByLabel('Role 2').selectOption('reviewer');

    // 400: the password is too short.
    await page.getByRole('button', { name: 'Create user' }).click();
    await visible(page.locator('#user-password-error'));
    expect(await fieldError(page, 'user-password')).toBe('Password must be at least 10 characters.');
    expect(await focused(page)).toMatchObject({ tag: 'div' }); // the error summary took focus
    await screenshot(page, 'admin-new-user-error');

    // 409: the email is taken; the summary links to the field.
    await page.getByLabel('Initial password').fill(USER.password);
    await page.getByRole('button', { name: 'Create user' }).click();
    await visible(page.locator('#user-email-error'));
    expect(await fieldError(page, 'user-email')).toBe('Email address is taken.');
    expect(await page.locator('#user-password-error').count()).toBe(0);
    await page.getByRole('alert').getByRole('link', { name: 'Email address is taken.' }).click();
    expect((await focused(page)).id).toBe('user-email');

    await page.getByLabel('Email address').fill(USER.email);
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.waitForURL(`${server.url}/admin/users`);
    await visible(page.getByRole('status').filter({ hasText: `Created user ${USER.name}` }));
    const row = await visible(rowFor(page, USER.name));
    expect(await row.textContent()).toContain(USER.email);
    expect(await row.textContent()).toContain(`Teacher${ORG.name}`);
    expect(await row.textContent()).toContain('ReviewerSwift Logistics');
    expect(await rowNames(page)).toHaveLength(15);
    await screenshot(page, 'admin-users');
  });

  it('counts the new member on the organisation', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Organisations' }).click();
    const row = await visible(rowFor(page, ORG.name));
    expect((await row.locator('td.table__num').textContent())?.trim()).toBe('1');
  });

  it('lets the new user sign in to a home with a section for each of their roles', async () => {
    await signOut(page);
    await signIn(page, USER.email, USER.password);
    await visible(page.getByRole('heading', { level: 1, name: `Welcome, ${USER.name}` }));
    const teaching = await visible(page.getByRole('region', { name: 'My teaching' }));
    expect(await teaching.textContent()).toContain(ORG.name);
    const reviews = await visible(page.getByRole('region', { name: 'Reviews' }));
    expect(await reviews.textContent()).toContain('Swift Logistics');
    expect(await page.getByRole('heading', { level: 2 }).allTextContents()).toEqual(['My teaching', 'Reviews']);
    expect(await page.getByRole('banner').getByText('Roles: Teacher · Reviewer').isVisible()).toBe(true);
    await screenshot(page, 'two-role-home');
  });
});

describe('a school’s admin manages their own school only', () => {
  it('sees the school’s people, not the company’s, and cannot create organisations', async () => {
    await signOut(page);
    await signIn(page, 'admin@cvit.example', DEMO_PASSWORD);
    await visible(page.getByRole('heading', { level: 1, name: 'Welcome, Tang Hui' }));
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    await visible(rowFor(page, 'Chen Jie'));
    expect(await rowNames(page)).toEqual(['Chen Jie', 'Huang Xin', 'Liu Yang', 'Tang Hui', 'Wang Fang', 'Zhang Min', 'Zhao Lei', 'Zhou Ting']);
    expect(await axeFindings(page)).toEqual([]);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Organisations' }).click();
    await expectRows(page, ['Chongqing Vocational Institute of Technology']);
    expect(await page.getByRole('link', { name: 'New organisation' }).count()).toBe(0);
    expect(await axeFindings(page)).toEqual([]);
  });

  it('disables and enables a student’s account from their page', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    await rowFor(page, 'Liu Yang').getByRole('link', { name: 'Liu Yang' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Liu Yang' }));
    await page.getByRole('button', { name: 'Disable the account' }).click();
    const dialog = await visible(page.getByRole('dialog', { name: 'Disable Liu Yang?' }));
    await screenshot(page, 'admin-disable-dialog');
    await dialog.getByRole('button', { name: 'Disable', exact: true }).click();
    await visible(page.getByText('Liu Yang can no longer sign in; their open sessions have ended.'));
    await visible(page.getByText('Disabled', { exact: true }));
    await page.getByRole('button', { name: 'Enable the account' }).click();
    await visible(page.getByText('Liu Yang can sign in again.'));
    await screenshot(page, 'admin-user-page');
    expect(await axeFindings(page)).toEqual([]);
  });
});
