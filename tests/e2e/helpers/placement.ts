import { expect } from 'vitest';
import { request, type APIRequestContext, type APIResponse, type Page } from 'playwright-core';
import { axeFindings } from './axe';
import { DEMO_PASSWORD } from './server';

/**
 * Set-up for the placement journey that is not part of it: the enterprise opens a training base
 * and states what a role there requires (both have their own pages, tested elsewhere). Made
 * through the API as the demo people, so the journey does not depend on the demo's placements.
 */

export const COURSE = 'Enterprise Practice 2026';
export const BASE = 'Swift Cross-dock East';
export const ROLE = 'Cross-dock planner';
/** Both trained by the demo course's freight-quote scenario, so targeted practice has one to offer. */
export const CODES = ['logistics.rating', 'communication.technical'] as const;

export type World = { courseId: string; school: string; huang: string };

export async function apiSession(url: string, email: string, password = DEMO_PASSWORD): Promise<APIRequestContext> {
  const ctx = await request.newContext({ baseURL: url, extraHTTPHeaders: { Origin: url } });
  const res = await ctx.post('/api/session', { data: { email, password } });
  expect(res.status()).toBe(200);
  return ctx;
}

export async function ok<T>(res: Promise<APIResponse>, status = 200): Promise<T> {
  const r = await res;
  expect(r.status(), await r.text()).toBe(status);
  return (await r.json()) as T;
}

export async function setUpWorld(url: string): Promise<World> {
  const swift = await apiSession(url, 'admin@swift.example');
  const { partnerships } = await ok<{ partnerships: { id: string; status: string; school: { name: string } }[] }>(swift.get('/api/partnerships'));
  const partnership = partnerships.find((p) => p.status === 'active')!;
  const { base } = await ok<{ base: { id: string } }>(
    swift.post('/api/training-bases', { data: { partnershipId: partnership.id, name: BASE, site: 'Chongqing', roles: [ROLE], competencies: [...CODES], capacity: 4 } }),
    201,
  );
  // The base's own profile: proficient in both, which a "developing" placement falls short of.
  await ok(swift.put('/api/role-profiles', { data: { baseId: base.id, role: ROLE, entries: CODES.map((code) => ({ code, level: 'proficient' })) } }));
  await swift.dispose();

  const teacher = await apiSession(url, 'teacher@cvit.example');
  const { courses } = await ok<{ courses: { id: string; title: string; role: string }[] }>(teacher.get('/api/courses'));
  const courseId = courses.find((c) => c.title === COURSE && c.role === 'teacher')!.id;
  const { students } = await ok<{ students: { id: string; name: string }[] }>(teacher.get(`/api/courses/${courseId}`));
  await teacher.dispose();
  const id = (name: string) => students.find((s) => s.name === name)!.id;
  return { courseId, school: partnership.school.name, huang: id('Huang Xin') };
}

/** A day as yyyy-mm-dd, `days` from today (UTC, as the server's dates are). */
export const day = (days: number, from = new Date()) => new Date(from.getTime() + days * 86_400_000).toISOString().slice(0, 10);

/** WCAG 2.1 A/AA findings (and axe's best practices, such as heading order, when asked) on the page as it stands: none expected. */
export async function expectAccessible(page: Page, where: string, opts: { bestPractice?: boolean } = {}): Promise<void> {
  expect(await axeFindings(page, opts), `axe on ${where}`).toEqual([]);
}

/** The page fits a phone: nothing scrolls sideways. */
export async function expectFitsPhone(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
}
