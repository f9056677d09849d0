import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getTestServer, type TestServer } from '../helpers/app';
import { clockStart } from '../helpers/clock';
import { buildOrg, buildUser, type OrgRecord, type UserRecord } from '../helpers/factories';
import { startTestIdp, type IdpAccount, type TestIdp } from '../helpers/oidcProvider';
import { SsoBrowser } from '../helpers/ssoBrowser';

/**
 * Signing in through an organisation's identity provider, against a real oidc-provider run
 * in-process: the whole redirect dance, with tampering where an attacker would tamper.
 */
let t: TestServer;
let idp: TestIdp;
let school: OrgRecord;
let admin: UserRecord;
let now = clockStart();

beforeAll(async () => {
  // Plain-http provider in tests only: the explicit development flag (refused in production).
  t = await getTestServer({ env: { SSO_ALLOW_HTTP_ISSUERS: '1' }, clock: () => new Date(now) });
  idp = await startTestIdp([`${t.url}/api/sso/callback`]);
  school = await buildOrg(t.db, { kind: 'school', slug: `school-${Date.now().toString(36)}` });
  admin = await buildUser(t.db, { roles: ['admin'], org: school });
  const { agent } = await t.signIn(admin);
  const res = await agent.put(`/api/orgs/${school.id}/sso`).send({
    enabled: true,
    issuer: idp.issuer,
    clientId: idp.clientId,
    clientSecret: idp.clientSecret,
    claims: { email: 'email', name: 'name', role: 'school_role', class: 'class_name', roleValues: { pupil: 'student', faculty: 'teacher' } },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
});
afterAll(async () => {
  vi.useRealTimers();
  await idp?.close();
  await t?.close();
});

const isApp = (url: URL) => url.origin === t.url && !url.pathname.startsWith('/api/');

async function signInThroughIdp(account: IdpAccount, opts: { tamper?: (url: URL) => URL | void; lang?: string; browser?: SsoBrowser } = {}) {
  // A second per sign-in, so the audit log orders them.
  now += 1000;
  idp.loginAs(account);
  const browser = opts.browser ?? new SsoBrowser();
  const start = `${t.url}/api/sso/${school.slug}/start${opts.lang ? `?lang=${opts.lang}` : ''}`;
  const run = await browser.follow(start, { tamper: opts.tamper, stopAt: isApp });
  return { ...run, browser, session: browser.cookies.get('practicum_session') };
}

async function whoAmI(session: string) {
  const res = await t.agent().get('/api/session').set('Cookie', `practicum_session=${session}`);
  expect(res.status).toBe(200);
  return res.body as { user: { id: string; email: string; name: string }; roles: string[] };
}

const classOf = async (userId: string): Promise<{ class_name: string | null; role: string }> =>
  t.db('memberships').where({ user_id: userId, org_id: school.id }).first('class_name', 'role');
const lastAudit = async (action: string) => t.db('audit_log').where({ action, org_id: school.id }).orderBy('at', 'desc').orderBy('id').select('*');

describe('GET /api/sso/:orgSlug/start', () => {
  it('sends the browser to the provider with PKCE (S256), state and nonce, kept behind a short-lived cookie', async () => {
    const browser = new SsoBrowser();
    const res = await fetch(`${t.url}/api/sso/${school.slug}/start`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    const to = new URL(res.headers.get('location')!);
    expect(to.origin).toBe(idp.issuer);
    expect(to.searchParams.get('code_challenge_method')).toBe('S256');
    for (const p of ['code_challenge', 'state', 'nonce']) expect(to.searchParams.get(p)).toMatch(/^[\w-]{20,}$/);
    expect(to.searchParams.get('redirect_uri')).toBe(`${t.url}/api/sso/callback`);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('practicum_sso='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\/api\/sso/);
    expect(browser.cookies.size).toBe(0);
  });

  it('answers an organisation without single sign-on with a page that says so', async () => {
    const res = await fetch(`${t.url}/api/sso/no-such-school/start`, { redirect: 'manual', headers: { 'accept-language': 'zh-CN' } });
    expect(res.status).toBe(404);
    const page = await res.text();
    expect(page).toContain('data-reason="notConfigured"');
    expect(page).toContain('该单位未启用统一身份认证');
  });
});

describe('GET /api/sso/callback', () => {
  let studentId: string;

  it('creates the account on the first sign-in with the mapped role and class, and signs it in', async () => {
    const run = await signInThroughIdp({ sub: 'stu-001', email: 'Li.Ming@School.Test', name: 'Li Ming', role: 'pupil', class: '2024 Class 3' });
    expect(run.stoppedAt?.pathname, JSON.stringify(run.hops)).toBe('/');
    expect(run.session).toBeTruthy();
    const me = await whoAmI(run.session!);
    expect(me.user).toMatchObject({ email: 'li.ming@school.test', name: 'Li Ming' });
    expect(me.roles).toEqual(['student']);
    studentId = me.user.id;
    expect(await classOf(studentId)).toEqual({ class_name: '2024 Class 3', role: 'student' });
    expect(await t.db('sso_identities').where({ user_id: studentId }).select('issuer', 'subject')).toEqual([{ issuer: idp.issuer, subject: 'stu-001' }]);
    const [entry] = await lastAudit('sso.signIn');
    expect(entry).toMatchObject({ actor_id: studentId, target_id: studentId });
    expect(JSON.parse(entry.detail)).toMatchObject({ how: 'created', issuer: idp.issuer });
    const created = await t.db('audit_log').where({ action: 'user.created', target_id: studentId }).first('org_id', 'detail');
    expect(created?.org_id).toBe(school.id);
    expect(JSON.parse(created.detail)).toMatchObject({ via: 'sso', role: 'student', className: '2024 Class 3' });
    expect(run.browser.cookies.has('practicum_sso'), 'the flow cookie is cleared').toBe(false);
  });

  it('links the second sign-in by subject, even after the e-mail changed at the provider, and follows the class', async () => {
    const run = await signInThroughIdp({ sub: 'stu-001', email: 'ming.li@school.test', name: 'Li Ming', role: 'pupil', class: '2025 Class 1' });
    const me = await whoAmI(run.session!);
    expect(me.user.id).toBe(studentId);
    expect(await t.db('users').where({ email: 'ming.li@school.test' }).first()).toBeUndefined();
    expect((await classOf(studentId)).class_name).toBe('2025 Class 1');
    expect(JSON.parse((await lastAudit('sso.signIn'))[0].detail)).toMatchObject({ how: 'subject' });
  });

  it('links a member who already has an account by e-mail on their first sign-in', async () => {
    const teacher = await buildUser(t.db, { roles: ['teacher'], org: school, email: `wang.fang.${Date.now()}@school.test` });
    const run = await signInThroughIdp({ sub: 'fac-7', email: teacher.email.toUpperCase(), name: 'Wang Fang', role: 'faculty' });
    const me = await whoAmI(run.session!);
    expect(me.user.id).toBe(teacher.id);
    expect(me.roles).toEqual(['teacher']);
    expect(await t.db('sso_identities').where({ user_id: teacher.id }).first('subject')).toEqual({ subject: 'fac-7' });
  });

  it('links by e-mail only an address the provider verified', async () => {
    const teacher = await buildUser(t.db, { roles: ['teacher'], org: school, email: `unverified.${Date.now()}@school.test` });
    const run = await signInThroughIdp({ sub: 'fac-unverified', email: teacher.email, emailVerified: false, name: 'Someone', role: 'faculty' });
    expect(run.final?.status).toBe(403);
    expect(run.body).toContain('data-reason="emailUnverified"');
    expect(run.session).toBeUndefined();
    expect(await t.db('sso_identities').where({ user_id: teacher.id }).first()).toBeUndefined();
  });

  it('refuses an e-mail that belongs to someone of another organisation (no takeover)', async () => {
    const outsider = await buildUser(t.db, { roles: ['teacher'] });
    const run = await signInThroughIdp({ sub: 'intruder-1', email: outsider.email, role: 'faculty' });
    expect(run.final?.status).toBe(403);
    expect(run.body).toContain('data-reason="otherOrganisation"');
    expect(run.session).toBeUndefined();
    expect(await t.db('sso_identities').where({ user_id: outsider.id }).first()).toBeUndefined();
  });

  it('refuses a wrong state', async () => {
    const users = await t.db('users').count({ n: '*' });
    const run = await signInThroughIdp({ sub: 'stu-state', email: 'state@school.test', role: 'pupil' }, {
      tamper: (url) => {
        if (url.pathname === '/api/sso/callback') url.searchParams.set('state', 'forged-state-value');
      },
    });
    expect(run.final?.status).toBe(400);
    expect(run.body).toContain('data-reason="verification"');
    expect(run.session).toBeUndefined();
    expect(await t.db('users').count({ n: '*' })).toEqual(users);
    expect(JSON.parse((await lastAudit('sso.signIn'))[0].detail).cause).toMatch(/state/);
  });

  it('refuses an ID token whose nonce is not the one this sign-in drew', async () => {
    const run = await signInThroughIdp({ sub: 'stu-nonce', email: 'nonce@school.test', role: 'pupil' }, {
      tamper: (url) => {
        if (url.origin === idp.issuer && url.searchParams.has('nonce')) url.searchParams.set('nonce', 'an-attackers-nonce-value');
      },
    });
    expect(run.final?.status).toBe(400);
    expect(run.body).toContain('data-reason="verification"');
    expect(run.session).toBeUndefined();
    expect(JSON.parse((await lastAudit('sso.signIn'))[0].detail).cause).toMatch(/nonce/);
  });

  it('refuses a code issued for another PKCE challenge', async () => {
    const run = await signInThroughIdp({ sub: 'stu-pkce', email: 'pkce@school.test', role: 'pupil' }, {
      tamper: (url) => {
        if (url.origin === idp.issuer && url.searchParams.has('code_challenge')) url.searchParams.set('code_challenge', 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
      },
    });
    expect(run.final?.status).toBe(400);
    expect(run.session).toBeUndefined();
    expect(JSON.parse((await lastAudit('sso.signIn'))[0].detail).cause).toMatch(/invalid_grant|PKCE|code_verifier/i);
  });

  it('refuses the callback a second time (the pending sign-in is used up)', async () => {
    const run = await signInThroughIdp({ sub: 'stu-001', email: 'ming.li@school.test', role: 'pupil' });
    expect(run.session).toBeTruthy();
    const callback = run.hops.find((h) => h.url.startsWith(`${t.url}/api/sso/callback`))!.url;
    const again = await fetch(callback, { redirect: 'manual', headers: { cookie: run.browser.cookieHeader() } });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('data-reason="expired"');
  });

  it('refuses a person whose role maps to nothing, in the language they started in', async () => {
    const run = await signInThroughIdp({ sub: 'visitor-1', email: 'visitor@school.test', role: 'visitor' }, { lang: 'zh-CN' });
    expect(run.final?.status).toBe(403);
    expect(run.body).toContain('<html lang="zh-CN">');
    expect(run.body).toContain('与 Practicum 的角色不对应');
    expect(await t.db('users').where({ email: 'visitor@school.test' }).first()).toBeUndefined();
  });

  it('follows the provider’s key rotation: an ID token signed with a new key still signs in', async () => {
    const before = idp.jwksFetches;
    const oldKid = idp.signingKid();
    expect(before, 'the key set was fetched and then cached').toBeGreaterThanOrEqual(1);
    await signInThroughIdp({ sub: 'stu-001', email: 'ming.li@school.test', role: 'pupil' });
    expect(idp.jwksFetches, 'cached keys serve the next sign-in').toBe(before);

    idp.rotateKeys();
    expect(idp.signingKid()).not.toBe(oldKid);
    // openid-client refetches a key set on an unknown key id once its copy is a minute old
    // (so a flood of bogus ids cannot make it hammer the provider): move both sides' clocks on.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 61_000 });
    try {
      const run = await signInThroughIdp({ sub: 'stu-001', email: 'ming.li@school.test', role: 'pupil' });
      expect(run.stoppedAt?.pathname, run.body).toBe('/');
      expect((await whoAmI(run.session!)).user.id).toBe(studentId);
      expect(idp.jwksFetches, 'the new key was fetched on its unknown kid').toBe(before + 1);
    } finally {
      vi.useRealTimers();
    }
  });
});
