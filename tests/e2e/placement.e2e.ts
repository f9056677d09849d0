import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, signIn, signOut, visible, type TestBrowser } from './helpers/browser';
import { BASE, COURSE, ROLE, day, expectAccessible, expectFitsPhone, setUpWorld, type World } from './helpers/placement';
import { DEMO_PASSWORD, startServer, type TestServer } from './helpers/server';

/**
 * Off-campus training end to end (issue 16): the teacher places Huang Xin at a Swift Logistics
 * training base and invites an outside engineer by link; Huang Xin logs a week on her phone; the
 * engineer opens an account on a phone, confirms the week and signs a final assessment there; the teacher signs theirs; the record shows the
 * workplace evidence and how it weighs, the course report sets on campus beside off campus;
 * the completed placement leaves Huang Xin below the base's profile, so the teacher gives
 * targeted practice in one click; Huang Xin opts in to Swift Logistics and is its candidate,
 * Zhou Ting (who did not opt in) is nowhere. Nothing here relies on the demo's own placements.
 */

const MENTOR = { name: 'Sun Li', email: 'sun.li@crossdock.example', password: 'a mentor on the shop floor' };
const PHONE = { width: 390, height: 844 };
// The placement began two weeks ago and runs eight more: its first week is over, its final assessment due today.
const START = day(-14);
const END = day(56);
const DUE = day(0);

let server: TestServer;
let world: World;
let desk: TestBrowser;
let page: Page;
const phones: TestBrowser[] = [];
let inviteUrl = '';
let placementPath = '';
let practiceTitle = '';
let weekLabel = '';

/** A fresh browser (no cookies, no storage) with one page at 390 px. */
async function phone(): Promise<Page> {
  const browser = await launchBrowser();
  phones.push(browser);
  const p = await browser.newPage();
  await p.setViewportSize(PHONE);
  return p;
}

let studentPage: Page | undefined;
async function huangOnPhone(): Promise<Page> {
  if (studentPage) return studentPage;
  studentPage = await phone();
  await studentPage.goto(`${server.url}/login`);
  await signIn(studentPage, 'student5@cvit.example', DEMO_PASSWORD);
  await visible(studentPage.getByRole('heading', { level: 1, name: 'Welcome, Huang Xin' }));
  return studentPage;
}

/** Rates each competency (by its title) in the assessment form on the page, notes what was seen, waits for the save. */
async function rate(p: Page, levels: Record<string, string>, observed: string): Promise<void> {
  for (const [title, level] of Object.entries(levels)) {
    await p.locator('fieldset.assess-competency', { hasText: title }).getByText(level, { exact: true }).click();
  }
  await p.getByLabel('What you observed').fill(observed);
  await visible(p.getByText('All changes saved'), 15_000);
}

async function signOff(p: Page): Promise<void> {
  await p.getByRole('button', { name: 'Sign off' }).click();
  const dialog = await visible(p.getByRole('dialog', { name: 'Sign this assessment off?' }));
  await dialog.getByRole('button', { name: 'Sign off' }).click();
  await visible(p.getByText('You signed version 1 off.', { exact: false }), 15_000);
}

beforeAll(async () => {
  server = await startServer();
  world = await setUpWorld(server.url);
  desk = await launchBrowser();
  page = await desk.newPage();
  await page.goto(`${server.url}/login`);
  await signIn(page, 'teacher@cvit.example', DEMO_PASSWORD);
  await visible(page.getByRole('heading', { level: 1, name: 'Welcome, Zhang Min' }));
});

afterEach(() => {
  const problems = [desk, ...phones].flatMap((b) => b.takeProblems());
  expect(problems, 'page errors, CSP violations or unexpected console errors').toEqual([]);
});

afterAll(async () => {
  for (const b of phones) await b.close();
  await desk?.close();
  await server?.stop();
});

describe('a placement from start to talent selection', () => {
  it('the teacher places Huang Xin, starts the placement and invites an enterprise mentor by link', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Placements' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Placements' }));
    await expectAccessible(page, 'the placements page');
    const form = page.getByRole('form', { name: 'Place a student' });
    await form.getByLabel('Course', { exact: true }).selectOption({ label: COURSE });
    await form.getByLabel('Student', { exact: true }).selectOption({ label: 'Huang Xin' });
    await form.getByLabel('Training base', { exact: true }).selectOption({ label: `${BASE} (Swift Logistics)` });
    await form.getByLabel('Role', { exact: true }).selectOption({ label: ROLE });
    await form.getByLabel('First day').fill(START);
    await form.getByLabel('Last day').fill(END);
    await form.getByLabel('Hours a week').fill('30');
    await form.getByRole('button', { name: 'Place the student' }).click();
    await visible(page.getByText(`Huang Xin is placed at ${BASE}.`, { exact: false }));

    await page.locator('.placement-card', { hasText: BASE }).getByRole('link', { name: 'Huang Xin' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Placement of Huang Xin' }));
    placementPath = new URL(page.url()).pathname;
    await page.getByRole('button', { name: 'Start the placement' }).click();
    await visible(page.locator('.placement-facts').getByText('Active', { exact: true }));
    await expectAccessible(page, 'the placement page');

    const invite = page.getByRole('form', { name: 'Invite an enterprise mentor' });
    await invite.getByLabel('Their name').fill(MENTOR.name);
    await invite.getByLabel('Their email address').fill(MENTOR.email);
    await invite.getByRole('button', { name: 'Create the invitation link' }).click();
    inviteUrl = await (await visible(page.getByLabel('Invitation link'))).inputValue();
    expect(inviteUrl).toMatch(new RegExp(`^${server.url}/mentor-invitation/`));
    await screenshot(page, 'placement-invitation-link');

    // The school sets when the final assessment is due.
    await page.getByRole('link', { name: 'Assessments' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Workplace assessments: Huang Xin' }));
    await page.getByLabel('Final assessment due on').fill(DUE);
    await page.getByRole('button', { name: 'Set the final point' }).click();
    await visible(page.getByRole('heading', { name: /^Final assessment, due / }));
    await expectAccessible(page, 'the assessments page (school)');
  });

  it('Huang Xin logs a week of the placement on her phone', async () => {
    const s = await huangOnPhone();
    await s.getByRole('link', { name: new RegExp(`^${BASE}: \\d+ weeks? not logged`) }).click();
    await visible(s.getByRole('heading', { level: 1, name: 'Logbook: Huang Xin' }));
    await visible(s.getByRole('heading', { name: 'Missing weeks' }));
    // The latest week not logged opens first, ready to write.
    const week = s.locator('.logbook-weeks').getByRole('button', { expanded: true });
    weekLabel = (await (await visible(week)).locator('span').first().textContent())!;
    await s.getByLabel('Hours worked').fill('32');
    await s.getByLabel('Tasks done').fill('Planned the morning cross-dock waves; checked carrier quotes against the rate table.');
    await s.getByLabel('What I learned').fill('How volumetric weight changes which carrier is cheapest.');
    await s.getByLabel('Problems and questions').fill('Late trucks break the wave plan: who decides the new order?');
    await visible(s.getByText('All changes saved'), 15_000);
    await expectFitsPhone(s);
    await expectAccessible(s, 'the logbook (student)');
    await s.getByRole('button', { name: 'Submit the week' }).click();
    await visible(s.getByRole('button', { name: new RegExp(`^${weekLabel}\\s*Waiting for confirmation$`) }));
    await screenshot(s, 'placement-logbook-student');
  });

  it('the mentor opens the link on a phone, opens an account and signs a final assessment', async () => {
    const m = await phone();
    await m.goto(inviteUrl);
    await visible(m.getByRole('heading', { level: 1, name: 'Become an enterprise mentor' }));
    await visible(m.getByText(`Zhang Min invites you to guide Huang Xin on placement at ${BASE} (Swift Logistics)`, { exact: false }));
    await expectAccessible(m, 'the invitation page');
    await expectFitsPhone(m);
    await m.getByLabel('Choose a password').fill(MENTOR.password);
    await m.getByRole('button', { name: 'Accept and open my account' }).click();
    await visible(m.getByRole('heading', { level: 1, name: `Welcome, ${MENTOR.name}` }));
    await expectAccessible(m, 'the mentor’s home');

    // First the week Huang Xin submitted, from the home's reminder.
    await m.getByRole('link', { name: /^Huang Xin: 1 week waiting for confirmation/ }).click();
    await visible(m.getByRole('heading', { level: 1, name: 'Logbook: Huang Xin' }));
    await visible(m.getByText('Late trucks break the wave plan', { exact: false }));
    await expectFitsPhone(m);
    await expectAccessible(m, 'the logbook (mentor)');
    await m.getByRole('button', { name: 'Confirm the week' }).click();
    await visible(m.getByText(`Confirmed by ${MENTOR.name}`, { exact: false }));
    await visible(m.getByRole('button', { name: new RegExp(`^${weekLabel}\\s*Confirmed$`) }));
    await m.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click();

    await m.getByRole('link', { name: /final assessment, due/ }).click();
    await visible(m.getByRole('heading', { level: 1, name: 'Workplace assessments: Huang Xin' }));
    const card = (await m.locator('label.assess-level').first().boundingBox())!;
    expect(card.height).toBeGreaterThanOrEqual(44);
    await rate(m, { 'Freight rating': 'Developing', 'Technical communication': 'Developing' }, 'Planned two weeks of cross-dock waves; rated carrier offers with help.');
    await expectFitsPhone(m);
    await expectAccessible(m, 'the assessments page (mentor)');
    await signOff(m);
    await visible(m.locator('code.assess-hash'));
    // The signed view's headings go h2 → h3 on a mentor's phone too.
    await visible(m.getByRole('heading', { level: 3, name: 'Versions: Enterprise mentor' }));
    await expectAccessible(m, 'the signed assessment (mentor)', { bestPractice: true });
    await screenshot(m, 'placement-mentor-signed');
  });

  it('the teacher signs theirs and sees both assessments side by side, with where they disagree', async () => {
    await page.reload();
    await visible(page.getByRole('heading', { level: 1, name: 'Workplace assessments: Huang Xin' }));
    await rate(page, { 'Freight rating': 'Developing', 'Technical communication': 'Proficient' }, 'Explained the wave plan clearly at the weekly review.');
    await signOff(page);
    await visible(page.getByRole('heading', { name: 'Both mentors’ assessments' }));
    await visible(page.getByText('The mentors disagree on one competency.'));
    await visible(page.getByText(new RegExp(`signed off by ${MENTOR.name}`)).first());
    await expectAccessible(page, 'the assessments page, both signed');
  });

  it('the record shows the workplace evidence and, in words, how it weighs against simulated work', async () => {
    await page.goto(`${server.url}/courses/${world.courseId}/students/${world.huang}/record`);
    await visible(page.getByRole('heading', { level: 1, name: 'Huang Xin' }));
    const how = await visible(page.getByText('Simulated work and workplace assessments are calculated separately, then combined:', { exact: false }));
    expect(await how.textContent()).toMatch(/count equally|as much as/);
    await page.getByRole('button', { name: 'Show 2 pieces of evidence for Freight rating' }).click();
    const list = await visible(page.getByRole('list', { name: 'Evidence for Freight rating' }));
    const text = (await list.textContent())!;
    expect(text).toContain(`Workplace assessment at ${BASE}, Swift Logistics (${ROLE})`);
    expect(text).toContain(`Assessed by ${MENTOR.name}`);
    expect(text).toContain('Assessed by Zhang Min');
    await expectAccessible(page, 'the record');
    await screenshot(page, 'placement-record-workplace');
  });

  it('the course report sets on-campus beside off-campus mastery', async () => {
    await page.goto(`${server.url}/courses/${world.courseId}/report`);
    await visible(page.getByRole('heading', { name: 'On campus vs off campus' }));
    const row = await visible(page.locator('.sources-table tbody tr', { has: page.getByRole('rowheader', { name: /^Freight rating/ }) }));
    const offCampus = (await row.locator('td').nth(1).textContent())!;
    expect(offCampus).toMatch(/\d+ students?/);
    await expectAccessible(page, 'the course report');
  });

  it('once completed, Huang Xin is below the profile and gets targeted practice in one click', async () => {
    await page.goto(`${server.url}${placementPath}`);
    await page.getByRole('button', { name: 'Mark completed' }).click();
    await visible(page.locator('.placement-facts').getByText('Completed', { exact: true }));

    await page.goto(`${server.url}/courses/${world.courseId}`);
    await page.getByRole('link', { name: 'Targeted education' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Targeted education' }));
    const card = await visible(page.locator('li.targeted', { has: page.getByRole('heading', { name: 'Huang Xin' }) }));
    // Completed weeks before its last day: the card does not say it "ended" on a day still to come.
    expect(await card.locator('p.muted').first().textContent()).toContain(`${ROLE} at ${BASE} (Swift Logistics), completed before its planned end on `);
    const gaps = card.getByRole('table', { name: 'Huang Xin’s gaps to the requirements' });
    expect(await gaps.getByRole('rowheader').allTextContents()).toContain('Freight rating');
    await expectAccessible(page, 'targeted education');
    await card.getByRole('button', { name: /^Assign the practice\s*to Huang Xin$/ }).click();
    await visible(card.getByRole('heading', { name: 'Targeted practice given' }));
    const plan = (await card.locator('.targeted__plans li').first().textContent())!;
    expect(plan).toMatch(/^Open/);
    expect(plan).toMatch(/for .*Freight rating/);
    practiceTitle = /“(.+?)”/.exec(plan)![1]!;
    await screenshot(page, 'placement-targeted');

    // Huang Xin finds it among her assignments.
    const s = await huangOnPhone();
    await s.goto(`${server.url}/`);
    await visible(s.getByText(practiceTitle).first());
  });

  it('Huang Xin opts in to Swift Logistics on her phone', async () => {
    const s = await huangOnPhone();
    await s.goto(`${server.url}/talent/consents`);
    await visible(s.getByRole('heading', { level: 1, name: 'Talent selection: your consent' }));
    const swift = s.locator('article.talent-card', { has: s.getByRole('heading', { name: 'Swift Logistics' }) });
    await swift.getByRole('button', { name: 'Opt in to Swift Logistics' }).click();
    await visible(s.getByText('You are now a candidate of Swift Logistics.'));
    await visible(s.getByText('You opted in to Swift Logistics'));
    await expectFitsPhone(s);
    await expectAccessible(s, 'the consent page');
  });

  it('Swift Logistics sees Huang Xin as a candidate for the role, and Zhou Ting nowhere', async () => {
    await signOut(page);
    await signIn(page, 'admin@swift.example', DEMO_PASSWORD);
    await visible(page.getByRole('heading', { level: 1, name: /^Welcome/ }));
    await page.getByRole('link', { name: 'Candidates for your roles' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Candidates' }));
    const filters = page.getByRole('form', { name: 'Filter the candidates' });
    await filters.getByLabel('Role', { exact: true }).fill(ROLE);
    await filters.getByLabel('Training base').selectOption({ label: `${BASE} (${world.school})` });
    await filters.getByRole('button', { name: 'Show candidates' }).click();
    await visible(page.getByRole('heading', { name: new RegExp(`candidates? for ${ROLE}$`) }));
    const huang = await visible(page.locator('.talent-card', { has: page.getByRole('heading', { name: 'Huang Xin' }) }));
    const text = (await huang.textContent())!;
    expect(text).toContain('Nearly meets the profile');
    expect(text).toContain(`Developing in Freight rating: Swift Logistics, ${ROLE}`);
    expect(await page.locator('main').textContent()).not.toContain('Zhou Ting');
    // Nor among the role's candidates at any base and school: without her consent she does not exist for the enterprise.
    const all = await page.request.get(`${server.url}/api/talent/candidates?role=${encodeURIComponent(ROLE)}`);
    expect(all.status()).toBe(200);
    const names = ((await all.json()) as { candidates: { name: string | null }[] }).candidates.map((c) => c.name);
    expect(names).toContain('Huang Xin');
    expect(names).not.toContain('Zhou Ting');
    await expectAccessible(page, 'the candidates page');
    await screenshot(page, 'placement-candidates');
  });
});
