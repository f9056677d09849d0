import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, signIn, signOut, visible, type TestBrowser } from './helpers/browser';
import { DEMO_PASSWORD, startServer, type TestServer } from './helpers/server';

/**
 * The weekly logbook on a phone (390 px): the student writes a week (autosaved, also through a
 * dropped connection) and submits it; the enterprise mentor finds it on their home page and
 * confirms it. The placement is made through the API; naming its enterprise mentor is another
 * part of issue 16 (invitations), so that one column is set in the database.
 */

const PHONE = { width: 390, height: 844 };
const MENTOR = { email: 'e2e-mentor@swift.example', name: 'Gao Feng', password: 'mentor-password-1' };
const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

let server: TestServer;
let browser: TestBrowser;
let page: Page;
let dataDir: string;
let placementId: string;
let studentName: string;

/** A signed-in API caller: the session cookie and the server's own Origin on every request. */
async function caller(email: string, password = DEMO_PASSWORD) {
  const headers = { 'content-type': 'application/json', origin: server.url };
  const signedIn = await fetch(`${server.url}/api/session`, { method: 'POST', headers, body: JSON.stringify({ email, password }) });
  if (!signedIn.ok) throw new Error(`sign-in ${email}: ${signedIn.status}`);
  const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
  const session = await signedIn.json();
  const call = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${server.url}${url}`, { method, headers: { ...headers, cookie }, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = await res.json().catch(() => null);
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  return { session, call };
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'practicum-e2e-logbook-'));
  server = await startServer({ DATA_DIR: dataDir, DEMO_LOCALE: 'en' });

  const swift = await caller('admin@swift.example');
  const swiftId: string = swift.session.user.memberships.find((m: { role: string }) => m.role === 'admin').orgId;
  const partnership = (await swift.call('GET', '/api/partnerships')).partnerships.find((p: { status: string }) => p.status === 'active');
  const base = (await swift.call('POST', '/api/training-bases', { partnershipId: partnership.id, name: 'Swift DC North', roles: ['Warehouse operator'], capacity: 4 })).base;
  const mentor = (await swift.call('POST', '/api/users', { ...MENTOR, memberships: [{ orgId: swiftId, role: 'mentor' }] })).user;

  const school = await caller('admin@cvit.example');
  const student = (await school.call('GET', '/api/users?q=student1%40cvit.example')).users[0];
  studentName = student.name;
  const teacher = await caller('teacher@cvit.example');
  const now = Date.now();
  const placement = (await teacher.call('POST', '/api/placements', { baseId: base.id, studentId: student.id, role: 'Warehouse operator', startsOn: isoDay(now), endsOn: isoDay(now + 60 * DAY_MS), weeklyHours: 8 })).placement;
  placementId = placement.id;

  const db: Knex = knex({ client: 'sqlite3', connection: { filename: path.join(dataDir, 'practicum.sqlite') }, useNullAsDefault: true });
  await db('placements').where({ id: placementId }).update({ enterprise_mentor_id: mentor.id });
  await db.destroy();

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
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Every control a thumb uses is at least 44 px tall. */
async function expectTouchTargets(selector: string) {
  const heights = await page.locator(selector).evaluateAll((els) => els.filter((e) => (e as HTMLElement).offsetParent !== null).map((e) => e.getBoundingClientRect().height));
  expect(heights.length).toBeGreaterThan(0);
  for (const h of heights) expect(h).toBeGreaterThanOrEqual(44);
}

describe('the logbook at 390 px', () => {
  it('the student writes this week, through a dropped connection, and submits it', async () => {
    await page.goto(`${server.url}/login`);
    await signIn(page, 'student1@cvit.example', DEMO_PASSWORD);
    // The home page reminds the student of the week not logged.
    await page.getByRole('link', { name: /Swift DC North: 1 week not logged/ }).click();
    await visible(page.getByRole('heading', { level: 1, name: `Logbook: ${studentName}` }));
    await visible(page.getByRole('heading', { level: 2, name: 'Missing weeks' }));

    await page.getByLabel('Hours worked').fill('32');
    await page.getByLabel('Tasks done').fill('Picked and packed orders in aisles 3 to 7.');
    await page.getByLabel('What I learned').fill('How the warehouse system allocates bins.');
    await visible(page.getByText('All changes saved'));

    // The connection drops while the student types: the text is kept and goes out when it is back.
    await browser.context.setOffline(true);
    await page.getByLabel('Problems and questions').fill('The scanner battery ran out twice.');
    await visible(page.getByText(/^Offline: your changes are kept on this device/));
    const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('practicum.logbook.')).length);
    expect(kept).toBe(1);
    await browser.context.setOffline(false);
    await visible(page.getByText('All changes saved'), 30_000);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('practicum.logbook.')).length)).toBe(0);
    // Going offline made the browser log failed requests and the socket's reconnects: expected here.
    browser.takeProblems();

    await expectTouchTargets('.logbook-week__toggle, .logbook-actions .btn, .logbook-file, .logbook-input');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'logbook-student-390');
    await page.getByRole('button', { name: 'Submit the week' }).click();
    await visible(page.getByText('Waiting for confirmation'));
    await visible(page.getByText('No week is missing.'));
  });

  it('the enterprise mentor finds the week on their home page and confirms it', async () => {
    await signOut(page);
    await signIn(page, MENTOR.email, MENTOR.password);
    await page.getByRole('link', { name: `${studentName}: 1 week waiting for confirmation` }).click();
    await visible(page.getByRole('heading', { level: 1, name: `Logbook: ${studentName}` }));
    await visible(page.getByText('Picked and packed orders in aisles 3 to 7.'));
    await visible(page.getByText('The scanner battery ran out twice.'));
    await expectTouchTargets('.logbook-week__toggle, .logbook-actions .btn');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'logbook-mentor-390');
    await page.getByRole('button', { name: 'Confirm the week' }).click();
    await visible(page.getByText(/^Confirmed by Gao Feng/));
    await visible(page.locator('.pill', { hasText: 'Confirmed' }));
  });
});
