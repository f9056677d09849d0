import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import { request, type APIRequestContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, signIn, visible, type TestBrowser } from './helpers/browser';
import { DEMO_PASSWORD, startServer, type TestServer } from './helpers/server';

/**
 * An enterprise mentor assesses a student on a 390 px phone: level cards with descriptors,
 * autosave that survives a dropped connection, sign-off after a confirmation; the school
 * mentor then sees the signed assessment beside their own column.
 */
let server: TestServer;
let browser: TestBrowser;
let db: Knex;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'practicum-e2e-assess-'));
const MENTOR = { email: 'mentor.e2e@swift.example', name: 'Gao Peng', password: 'a mentor on the shop floor' };
let placementId = '';

async function session(email: string, password: string): Promise<APIRequestContext> {
  const ctx = await request.newContext({ baseURL: server.url, extraHTTPHeaders: { Origin: server.url } });
  const res = await ctx.post('/api/session', { data: { email, password } });
  expect(res.status()).toBe(200);
  return ctx;
}
async function ok<T>(res: Promise<import('playwright-core').APIResponse>, status = 200): Promise<T> {
  const r = await res;
  expect(r.status(), await r.text()).toBe(status);
  return (await r.json()) as T;
}

beforeAll(async () => {
  server = await startServer({ DATA_DIR: dataDir });
  browser = await launchBrowser();
  db = knex({ client: 'sqlite3', connection: { filename: path.join(dataDir, 'practicum.sqlite') }, useNullAsDefault: true });

  const swiftAdmin = await session('admin@swift.example', DEMO_PASSWORD);
  const { partnerships } = await ok<{ partnerships: { id: string; enterprise: { id: string } }[] }>(swiftAdmin.get('/api/partnerships'));
  const partnership = partnerships[0]!;
  const mentor = await ok<{ user: { id: string } }>(
    swiftAdmin.post('/api/users', { data: { ...MENTOR, memberships: [{ orgId: partnership.enterprise.id, role: 'mentor' }] } }),
    201,
  );
  const { base } = await ok<{ base: { id: string } }>(
    swiftAdmin.post('/api/training-bases', { data: { partnershipId: partnership.id, name: 'Swift DC North', roles: ['Dispatcher'], competencies: ['logistics.rating', 'communication.customer'], capacity: 4 } }),
    201,
  );
  const teacher = await session('teacher@cvit.example', DEMO_PASSWORD);
  const { courses } = await ok<{ courses: { id: string; role: string }[] }>(teacher.get('/api/courses'));
  const course = await ok<{ students: { id: string }[] }>(teacher.get(`/api/courses/${courses.find((c) => c.role === 'teacher')!.id}`));
  const today = new Date().toISOString().slice(0, 10);
  const end = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
  const created = await ok<{ placement: { id: string } }>(
    teacher.post('/api/placements', { data: { baseId: base.id, studentId: course.students[0]!.id, role: 'Dispatcher', startsOn: today, endsOn: end, weeklyHours: 30, courseId: courses.find((c) => c.role === 'teacher')!.id } }),
    201,
  );
  placementId = created.placement.id;
  // Naming the enterprise mentor is another part's route (invitations); the row is enough here.
  await db('placements').where({ id: placementId }).update({ enterprise_mentor_id: mentor.user.id });
  await ok(teacher.put(`/api/placements/${placementId}/assessments/final`, { data: { dueOn: end } }));
});

afterAll(async () => {
  await db?.destroy();
  await browser?.close();
  await server?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('the mentor assesses on a phone, loses the connection without losing input, and signs off', async () => {
  const page = await browser.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${server.url}/login`);
  await signIn(page, MENTOR.email, MENTOR.password);
  await visible(page.getByRole('link', { name: /final assessment, due/ }));
  await page.getByRole('link', { name: /final assessment, due/ }).click();
  await visible(page.getByRole('heading', { level: 1, name: /Workplace assessments/ }));

  const card = page.locator('label.assess-level').first();
  const box = (await card.boundingBox())!;
  expect(box.height).toBeGreaterThanOrEqual(44);
  expect(box.width).toBeLessThanOrEqual(390);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expect.poll(() => card.textContent()).toMatch(/step-by-step guidance/);

  const groups = page.locator('fieldset.assess-competency');
  await groups.nth(0).getByText('Proficient', { exact: true }).click();
  await visible(page.getByText('All changes saved'), 15_000);

  // The shop floor's Wi-Fi drops: the edits stay on the device and go out when it is back.
  await browser.context.setOffline(true);
  await groups.nth(1).getByText('Advanced', { exact: true }).click();
  await page.getByLabel('What you observed').fill('Rated 40 carriers’ offers and explained the choice to the customer.');
  await visible(page.getByText(/No connection/), 20_000);
  const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('practicum:assessment-draft:')).length);
  expect(kept).toBe(1);
  await browser.context.setOffline(false);
  await visible(page.getByText('All changes saved'), 40_000);
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('practicum:assessment-draft:')).length)).toBe(0);

  await page.getByRole('button', { name: 'Sign off' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sign this assessment off?' });
  await visible(dialog);
  await dialog.getByRole('button', { name: 'Sign off' }).click();
  await visible(page.getByText('You signed version 1 off.', { exact: false }), 15_000);
  await visible(page.locator('code.assess-hash'));

  const row = await db('workplace_assessments').where({ placement_id: placementId }).first();
  expect(row).toMatchObject({ status: 'signed', signer_name: MENTOR.name });
  expect(JSON.parse(row.content_json).evidence).toMatch(/40 carriers/);
  expect(await db('evidence').where({ ref_id: row.id }).count({ n: '*' })).toEqual([{ n: 2 }]);
  expect(browser.takeProblems().filter((p) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(p))).toEqual([]);
});

it('the school mentor sees the signed assessment beside their own, at 390 px too', async () => {
  const page = await browser.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await browser.context.clearCookies();
  await page.goto(`${server.url}/login`);
  await signIn(page, 'teacher@cvit.example', DEMO_PASSWORD);
  await visible(page.getByRole('heading', { level: 1, name: /Welcome/ }));
  // The teacher's home reminds them of their own assessment, still to do.
  await page.getByRole('link', { name: /final assessment, due/ }).click();
  await visible(page.getByRole('heading', { name: 'Both mentors’ assessments' }));
  await visible(page.getByRole('heading', { name: 'Versions: Enterprise mentor' }));
  await visible(page.getByText(/signed off by Gao Peng/));
});
