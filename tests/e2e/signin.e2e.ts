import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { focused, launchBrowser, screenshot, signIn, signOut, visible, type TestBrowser } from './helpers/browser';
import { DEMO_PASSWORD, startServer, type TestServer } from './helpers/server';

const HOMES = [
  { role: 'student', email: 'student1@cvit.example', name: 'Chen Jie', label: 'Student', heading: 'My practice', text: 'Swift Logistics (fictional) · Junior logistics systems technician' },
  { role: 'teacher', email: 'teacher@cvit.example', name: 'Zhang Min', label: 'Teacher', heading: 'My teaching', text: 'Enterprise Practice 2026' },
  { role: 'author', email: 'author@swift.example', name: 'Li Wei', label: 'Author', heading: 'Scenario authoring', text: 'scenarios published' },
  { role: 'reviewer', email: 'reviewer@swift.example', name: 'Sun Hao', label: 'Lead reviewer', heading: 'Reviews', text: 'Open the review queue' },
  { role: 'admin', email: 'admin@cvit.example', name: 'Tang Hui', label: 'Administrator', heading: 'Administration', text: 'Organisations and partnerships' },
  { role: 'operator', email: 'admin@practicum.example', name: 'Platform Admin', label: 'Platform operator', heading: 'This installation', text: 'Create an organisation' },
] as const;

const ROLE_HEADINGS = HOMES.map((h) => h.heading);

let server: TestServer;
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

beforeEach(async () => {
  await browser.context.clearCookies();
  page = await browser.newPage();
});

afterEach(async () => {
  await page.close();
  expect(browser.takeProblems(), 'page errors, CSP violations or unexpected console errors').toEqual([]);
});

async function liveIndicator(p: Page) {
  return visible(p.locator('.link-status[data-status="live"]'), 15_000);
}

describe('signing in with each demo role', () => {
  it.each(HOMES)('$role signs in through the form, sees their own home page and signs out', async (home) => {
    await page.goto(server.url);
    await page.waitForURL(/\/login$/);
    await visible(page.getByRole('heading', { level: 1, name: 'Sign in' }));

    await signIn(page, home.email, DEMO_PASSWORD);
    await page.waitForURL(`${server.url}/`);
    await visible(page.getByRole('heading', { level: 1, name: `Welcome, ${home.name}` }));
    await visible(page.getByRole('heading', { level: 2, name: home.heading }));
    await visible(page.getByText(home.text));
    expect(await page.title()).toBe('Home · Practicum');

    // Only this role's section: nobody sees another role's home.
    for (const other of ROLE_HEADINGS.filter((h) => h !== home.heading)) {
      expect(await page.getByRole('heading', { level: 2, name: other, exact: true }).count(), other).toBe(0);
    }
    const banner = page.getByRole('banner');
    expect(await banner.getByText(home.name, { exact: true }).isVisible()).toBe(true);
    expect(await banner.getByText(`Roles: ${home.label}`, { exact: true }).isVisible()).toBe(true);
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'Users' }).count()).toBe(home.role === 'admin' || home.role === 'operator' ? 1 : 0);

    // The socket connects after sign-in and answers clock.sync.
    await liveIndicator(page);
    if (home.role === 'student') await screenshot(page, 'student-home');

    await signOut(page);
    await visible(page.getByText('You have signed out.'));
    // The server forgot the session too: a reload stays on the sign-in page.
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/login$/);
    await visible(page.getByRole('heading', { level: 1, name: 'Sign in' }));
  });
});

describe('failed sign-in', () => {
  it('shows the error visibly, keeps the email, and lets the user try again', async () => {
    await page.goto(`${server.url}/login`);
    await screenshot(page, 'login');
    await signIn(page, 'student2@cvit.example', 'not-the-password');
    const alert = await visible(page.getByRole('alert'));
    expect((await alert.textContent())?.trim()).toBe('Email or password is incorrect.');
    expect(page.url()).toBe(`${server.url}/login`);
    expect(await page.getByLabel('Email address').inputValue()).toBe('student2@cvit.example');
    await screenshot(page, 'login-error');

    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Welcome, Liu Yang' }));
  });

  it('names the bad field next to it when the email is not an email address', async () => {
    await page.goto(`${server.url}/login`);
    await signIn(page, 'chen jie', 'whatever');
    await visible(page.getByRole('alert').filter({ hasText: 'Check your email address and password.' }));
    const email = page.getByLabel('Email address');
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await email.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`#${describedBy.split(' ')[0]}`).textContent()).toContain('Email must be an email address.');
  });
});

describe('keyboard only', () => {
  it('signs in with Tab, typing and Enter, then skips to content and signs out', async () => {
    await page.goto(`${server.url}/login`);
    await visible(page.getByRole('heading', { level: 1, name: 'Sign in' }));

    let tabs = 0;
    while ((await focused(page)).id !== 'login-email' && tabs < 5) {
      await page.keyboard.press('Tab');
      tabs++;
    }
    expect((await focused(page)).id, 'the email field is reachable with Tab').toBe('login-email');
    await page.keyboard.type('teacher@cvit.example');
    await page.keyboard.press('Tab');
    expect((await focused(page)).id).toBe('login-password');
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');

    await visible(page.getByRole('heading', { level: 1, name: 'Welcome, Zhang Min' }));
    // Focus follows the navigation to the new page's heading.
    expect(await focused(page)).toMatchObject({ tag: 'h1', text: 'Welcome, Zhang Min' });

    // From a fresh load, the first Tab reaches the skip link, which jumps past the navigation.
    await page.reload();
    await visible(page.getByRole('heading', { level: 1, name: 'Welcome, Zhang Min' }));
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ tag: 'a', text: 'Skip to main content' });
    await page.keyboard.press('Enter');
    expect(await focused(page)).toMatchObject({ tag: 'main', id: 'main' });

    // Sign out is the last control of the header, one Shift+Tab back from the content.
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toMatchObject({ tag: 'button', text: 'Sign out' });
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/login$/);
    await visible(page.getByText('You have signed out.'));
    expect(await focused(page)).toMatchObject({ tag: 'h1', text: 'Sign in' });
  });
});

describe('where sign-in leads', () => {
  it('returns to the page the user was going to', async () => {
    await page.goto(`${server.url}/admin/orgs`);
    await page.waitForURL(/\/login$/);
    await signIn(page, 'admin@practicum.example', DEMO_PASSWORD);
    await page.waitForURL(`${server.url}/admin/orgs`);
    await visible(page.getByRole('heading', { level: 1, name: 'Organisations' }));
  });

  it('explains that an admin page is not for a student instead of showing it', async () => {
    await page.goto(`${server.url}/admin/users`);
    await signIn(page, 'student3@cvit.example', DEMO_PASSWORD);
    await page.waitForURL(`${server.url}/admin/users`);
    await visible(page.getByRole('heading', { level: 1, name: 'Not available' }));
    expect(await page.getByRole('table').count()).toBe(0);
  });

  it('sends the user to sign in when the API finds the session gone, then back to the same search', async () => {
    await page.goto(`${server.url}/admin/users`);
    await signIn(page, 'admin@practicum.example', DEMO_PASSWORD);
    await visible(page.getByRole('heading', { level: 1, name: 'Users' }));
    await visible(page.getByRole('table'));

    // The cookie disappears (as when a session expires); the next request answers 401.
    await browser.context.clearCookies();
    await page.getByLabel('Search by name or email').fill('wang');
    await page.waitForURL(/\/login$/);
    await visible(page.getByText('Your session has ended. Sign in again to continue.'));

    await signIn(page, 'admin@practicum.example', DEMO_PASSWORD);
    await page.waitForURL(`${server.url}/admin/users?q=wang`);
    await visible(page.getByRole('rowheader', { name: /Wang Fang/ }));
  });

  it('sends someone already signed in from a freshly loaded sign-in page to their home page', async () => {
    await page.goto(`${server.url}/login`);
    await signIn(page, 'student1@cvit.example', DEMO_PASSWORD);
    await visible(page.getByRole('heading', { level: 1, name: 'Welcome, Chen Jie' }));
    // A new load of /login: the sign-in page's own entry asks for the session and hands over.
    await page.goto(`${server.url}/login`);
    await page.waitForURL(`${server.url}/`);
    await visible(page.getByRole('heading', { level: 1, name: 'Welcome, Chen Jie' }));
  });

  it('follows "Forgot password?" from a freshly loaded sign-in page in the same tab, and back', async () => {
    await page.goto(`${server.url}/login`);
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.waitForURL(`${server.url}/forgot-password`);
    await visible(page.getByRole('heading', { level: 1, name: 'Forgot password' }));
    await page.goBack();
    await page.waitForURL(/\/login$/);
    await signIn(page, 'student2@cvit.example', DEMO_PASSWORD);
    await visible(page.getByRole('heading', { level: 1, name: 'Welcome, Liu Yang' }));
  });

  it('sends an open tab back to sign-in when the session is signed out in another tab', async () => {
    await page.goto(`${server.url}/login`);
    await signIn(page, 'student4@cvit.example', DEMO_PASSWORD);
    await visible(page.getByRole('heading', { level: 1, name: 'Welcome, Zhao Lei' }));
    await liveIndicator(page);

    const other = await browser.newPage();
    try {
      await other.goto(`${server.url}/`);
      await visible(other.getByRole('heading', { level: 1, name: 'Welcome, Zhao Lei' }));
      await liveIndicator(other);
      await signOut(other);

      // Told over the socket (session.ended), not by polling.
      await page.waitForURL(/\/login$/, { timeout: 10_000 });
      await visible(page.getByText('You were signed out in another window.'));
    } finally {
      await other.close();
    }
  });
});

describe('on a phone', () => {
  it('keeps the name, the sign-out button and the navigation within the screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/login`);
    await signIn(page, 'admin@practicum.example', DEMO_PASSWORD);
    await visible(page.getByRole('heading', { level: 1, name: 'Welcome, Platform Admin' }));
    await liveIndicator(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, 'no sideways scrolling').toBeLessThanOrEqual(0);
    for (const control of [
      page.getByRole('banner').getByText('Platform Admin', { exact: true }),
      page.getByRole('button', { name: 'Sign out' }),
      page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Organisations' }),
    ]) {
      const box = await control.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 390, 'inside the viewport').toBe(true);
    }
    await screenshot(page, 'phone-admin-home');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    await visible(page.getByRole('table'));
    await screenshot(page, 'phone-admin-users');
  });
});
