import type { Knex } from 'knex';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { stateCookieName } from '../../server/lti/launch';
import { collectPersonalData } from '../../server/privacy/collect';
import { getTestServer, type TestServer } from '../helpers/app';
import { clockStart } from '../helpers/clock';
import { LTI, parseFormPost, startTestPlatform, type TestPlatform, type Tweak } from '../helpers/ltiPlatform';

/**
 * LTI 1.3 launches from a real (test) platform: the tool's login redirect, the platform's signed
 * id_token in a form post, and every check of the 1EdTech Security Framework proved by a launch
 * that fails it alone.
 */
let now = clockStart();
let t: TestServer;
let platform: TestPlatform;
let schoolId: string;
const CLIENT_ID = 'practicum-tool';

beforeAll(async () => {
  t = await getTestServer({ clock: () => new Date(now) });
  platform = await startTestPlatform(() => new Date(now));
  const admin = await t.signIn(['admin']);
  schoolId = admin.user.orgId;
  const res = await admin.agent.post(`/api/orgs/${schoolId}/lti/registrations`).send({
    issuer: platform.issuer,
    clientId: CLIENT_ID,
    authLoginUrl: platform.authUrl,
    tokenUrl: platform.tokenUrl,
    jwksUrl: platform.jwksUrl,
    deploymentIds: [platform.deploymentId],
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
});
afterAll(async () => {
  await platform?.close();
  await t?.close();
});
beforeEach(() => {
  platform.person = { sub: 'learner-1', roles: [LTI.learner], name: 'Lin Wei', email: 'lin.wei@lms.example' };
  platform.context = { id: 'ctx-1', title: 'Web development 1', label: 'WEB1' };
});

type Agent = ReturnType<typeof request.agent>;

/** The tool's login; returns the browser (with its state cookie) and where the tool sent it. */
async function login(agent: Agent, on: TestPlatform = platform, clientId = CLIENT_ID) {
  const res = await agent.get('/lti/login').query({
    iss: on.issuer,
    login_hint: on.person.sub,
    target_link_uri: `${t.url}/lti/launch`,
    client_id: clientId,
    lti_deployment_id: on.deploymentId,
  });
  expect(res.status, res.text).toBe(303);
  return new URL(res.headers.location as string);
}

/** A whole launch: login, the platform's answer, the browser posting it back (from the platform's origin). */
async function launch(opts: { tweak?: Tweak; freshBrowser?: boolean; on?: TestPlatform; clientId?: string } = {}) {
  const agent = request.agent(t.server);
  const authUrl = await login(agent, opts.on, opts.clientId);
  if (opts.tweak) (opts.on ?? platform).tweakNext(opts.tweak);
  const { action, fields } = parseFormPost(await (await fetch(authUrl)).text());
  const browser = opts.freshBrowser ? request.agent(t.server) : agent;
  const res = await browser
    .post(new URL(action).pathname)
    .type('form')
    .set('Origin', (opts.on ?? platform).issuer)
    .send(fields);
  return { res, agent: browser, fields, authUrl };
}

const reason = (res: request.Response) => /data-reason="(\w+)"/.exec(res.text)?.[1];

async function linkedUser(sub: string, clientId = CLIENT_ID) {
  return t
    .db('lti_links as l')
    .join('lti_registrations as r', 'r.id', 'l.registration_id')
    .where({ 'l.sub': sub, 'r.client_id': clientId })
    .first('l.user_id');
}

describe('a launch that passes every check', () => {
  it('sends the browser to the platform with the OIDC parameters LTI 1.3 asks for', async () => {
    const authUrl = await login(request.agent(t.server));
    expect(authUrl.origin + authUrl.pathname).toBe(platform.authUrl);
    const q = authUrl.searchParams;
    expect(Object.fromEntries(['scope', 'response_type', 'response_mode', 'prompt', 'client_id', 'redirect_uri', 'login_hint'].map((k) => [k, q.get(k)]))).toEqual({
      scope: 'openid',
      response_type: 'id_token',
      response_mode: 'form_post',
      prompt: 'none',
      client_id: CLIENT_ID,
      redirect_uri: `${t.url}/lti/launch`,
      login_hint: 'learner-1',
    });
    expect(q.get('state')).toMatch(/^[\w-]{32}$/);
    expect(q.get('nonce')).toMatch(/^[\w-]{32}$/);
  });

  it('takes the login posted as a form too', async () => {
    const res = await request(t.server)
      .post('/lti/login')
      .type('form')
      .set('Origin', platform.issuer)
      .send({ iss: platform.issuer, login_hint: 'learner-1', client_id: CLIENT_ID, lti_deployment_id: platform.deploymentId });
    expect(res.status, res.text).toBe(303);
    expect(new URL(res.headers.location as string).searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(String(res.headers['set-cookie'])).toMatch(/^practicum_lti_[\w-]+=[\w-]+; Path=\/lti; Expires=[^;]+; HttpOnly; SameSite=Lax$/);
  });

  it("provisions a learner in the registration's school, enrols them in the context's course and signs them in", async () => {
    const { res, agent } = await launch();
    expect(res.status, res.text).toBe(303);
    expect(res.headers.location).toBe('/');
    const session = await agent.get('/api/session');
    expect(session.status).toBe(200);
    expect(session.body.user).toMatchObject({ name: 'Lin Wei', email: 'lin.wei@lms.example' });
    expect(session.body.roles).toEqual(['student']);
    const link = await linkedUser('learner-1');
    const memberships = await t.db('memberships').where({ user_id: link.user_id }).select('org_id', 'role');
    expect(memberships).toEqual([{ org_id: schoolId, role: 'student' }]);
    const course = await t.db('lti_contexts as c').join('courses as k', 'k.id', 'c.course_id').where({ 'c.context_id': 'ctx-1' }).first('k.id', 'k.title', 'k.code', 'k.school_id');
    expect(course).toMatchObject({ title: 'Web development 1', code: 'WEB1', school_id: schoolId });
    expect(await t.db('course_members').where({ course_id: course.id, user_id: link.user_id }).select('role')).toEqual([{ role: 'student' }]);
    const audit = await t.db('audit_log').where({ action: 'lti.signIn', target_id: link.user_id }).first('detail');
    expect(JSON.parse(audit.detail as string)).toMatchObject({ how: 'created', courseId: course.id });
  });

  it('reuses the link on the next launch: the same account and course, enrolled once', async () => {
    const before = await linkedUser('learner-1');
    const { res, agent } = await launch();
    expect(res.status, res.text).toBe(303);
    expect((await agent.get('/api/session')).body.user.id).toBe(before.user_id);
    // PostgreSQL counts come back as strings.
    const count = async (q: Knex.QueryBuilder) => Number((await q.count<{ n: number | string }[]>({ n: '*' }))[0]!.n);
    expect(await count(t.db('lti_links').where({ sub: 'learner-1' }))).toBe(1);
    expect(await count(t.db('course_members').where({ user_id: before.user_id }))).toBe(1);
    expect(await count(t.db('lti_contexts').where({ context_id: 'ctx-1' }))).toBe(1);
  });

  it("puts the person's platform links in their data export", async () => {
    const link = await linkedUser('learner-1');
    const { json } = await collectPersonalData(t.db, link.user_id);
    expect((json['profile.json'] as { ltiLinks: unknown[] }).ltiLinks).toEqual([expect.objectContaining({ org_id: schoolId, issuer: platform.issuer, sub: 'learner-1' })]);
  });

  it("makes an instructor the course's teacher and lands them on the course", async () => {
    platform.person = { sub: 'instructor-1', roles: [LTI.instructor], name: 'Zhang Min' };
    const { res, agent } = await launch();
    expect(res.status, res.text).toBe(303);
    const course = await t.db('lti_contexts').where({ context_id: 'ctx-1' }).first('course_id');
    expect(res.headers.location).toBe(`/courses/${course.course_id}`);
    expect((await agent.get('/api/session')).body.roles).toEqual(['teacher']);
    expect((await agent.get(`/api/courses/${course.course_id}`)).status).toBe(200);
  });

  it("accepts the platform's new key after it rotates: the tool fetches its JWKS again for the unknown kid", async () => {
    expect((await launch()).res.status).toBe(303);
    const fetched = platform.jwksFetches;
    await platform.rotateKey();
    now += 60_000;
    const { res } = await launch();
    expect(res.status, res.text).toBe(303);
    expect(platform.jwksFetches).toBe(fetched + 1);
  });

  it('fetches again at most once per cooldown: a second unknown kid right after a fetch is refused without one', async () => {
    await platform.rotateKey();
    now += 60_000;
    expect((await launch()).res.status).toBe(303);
    const fetched = platform.jwksFetches;
    await platform.rotateKey();
    const { res } = await launch();
    expect([res.status, reason(res)]).toEqual([400, 'signature']);
    expect(platform.jwksFetches).toBe(fetched);
  });
});

describe('a launch refused', () => {
  beforeEach(() => {
    now += 60_000; // past the JWKS cooldown, so key rotations of earlier tests do not count
  });

  const cases: [string, Tweak, string][] = [
    ['signed by a key the platform does not publish (under a published kid)', () => ({ signWith: 'unpublished' }), 'signature'],
    ['from another issuer', (c) => void (c.iss = 'https://elsewhere.example'), 'issuer'],
    ['for another tool', (c) => void (c.aud = 'another-tool'), 'audience'],
    ['for several audiences with another authorised party', (c) => void Object.assign(c, { aud: [CLIENT_ID, 'another-tool'], azp: 'another-tool' }), 'audience'],
    ['for several audiences with no authorised party', (c) => void (c.aud = [CLIENT_ID, 'another-tool']), 'audience'],
    ['expired', (c) => void Object.assign(c, { iat: Math.floor(now / 1000) - 3600, exp: Math.floor(now / 1000) - 1800 }), 'expired'],
    ['issued in the future', (c) => void Object.assign(c, { iat: Math.floor(now / 1000) + 3600, exp: Math.floor(now / 1000) + 7200 }), 'expired'],
    ['with a nonce the tool never issued', (c) => void (c.nonce = 'made-up'), 'replay'],
    ['through an unregistered deployment', (c) => void (c[LTI.deploymentId] = 'deployment-2'), 'deployment'],
    ['as another kind of message', (c) => void (c[LTI.messageType] = 'LtiDeepLinkingRequest'), 'message'],
    ['of another LTI version', (c) => void (c[LTI.version] = '1.1'), 'message'],
    ['with neither a learner nor an instructor role', (c) => void (c[LTI.roles] = ['http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor']), 'noRole'],
  ];
  it.each(cases)('when %s', async (_what, tweak, expected) => {
    const users = await t.db('users').count({ n: '*' });
    const { res } = await launch({ tweak });
    expect(reason(res)).toBe(expected);
    expect(res.status).toBe(expected === 'noRole' ? 403 : 400);
    expect(String(res.headers['set-cookie'] ?? '')).not.toContain('practicum_session=');
    expect(await t.db('users').count({ n: '*' })).toEqual(users);
  });

  it('when the browser posting it is not the one that started the login (no state cookie)', async () => {
    const { res } = await launch({ freshBrowser: true });
    expect([res.status, reason(res)]).toEqual([400, 'state']);
  });

  it("when it carries another browser's state (login CSRF), or a state the tool never issued", async () => {
    const attacker = request.agent(t.server);
    const { fields } = parseFormPost(await (await fetch(await login(attacker))).text());
    const victim = request.agent(t.server);
    await login(victim); // the victim's own login: a state cookie, but not for the attacker's state
    const res = await victim.post('/lti/launch').type('form').send(fields);
    expect([res.status, reason(res)]).toEqual([400, 'state']);
    const forged = await attacker.post('/lti/launch').type('form').send({ id_token: fields.id_token, state: 'no-such-state' });
    expect([forged.status, reason(forged)]).toEqual([400, 'state']);
  });

  it('when its id_token is replayed, in the same login or in a new one', async () => {
    const { res, agent, fields } = await launch();
    expect(res.status).toBe(303);
    const again = await agent.post('/lti/launch').type('form').set('Cookie', `${stateCookieName(fields.state!)}=${fields.state}`).send(fields);
    expect([again.status, reason(again)]).toEqual([400, 'state']);
    const fresh = (await login(agent)).searchParams.get('state')!;
    const replayed = await agent.post('/lti/launch').type('form').send({ id_token: fields.id_token, state: fresh });
    expect([replayed.status, reason(replayed)]).toEqual([400, 'replay']);
  });

  it('at the login when the platform names an unregistered deployment or client', async () => {
    const base = { iss: platform.issuer, login_hint: 'learner-1', target_link_uri: `${t.url}/lti/launch` };
    const deployment = await request(t.server).get('/lti/login').query({ ...base, client_id: CLIENT_ID, lti_deployment_id: 'deployment-2' });
    expect([deployment.status, reason(deployment)]).toEqual([400, 'deployment']);
    const client = await request(t.server).get('/lti/login').query({ ...base, client_id: 'unknown' });
    expect([client.status, reason(client)]).toEqual([404, 'unknownRegistration']);
  });

  it('when the linked account was disabled by the school', async () => {
    const link = await linkedUser('learner-1');
    await t.db('users').where({ id: link.user_id }).update({ disabled: true });
    try {
      const { res } = await launch();
      expect([res.status, reason(res)]).toEqual([403, 'disabled']);
    } finally {
      await t.db('users').where({ id: link.user_id }).update({ disabled: false });
    }
  });

  it('when the platform now gives a linked learner a role the school never gave them', async () => {
    platform.person = { ...platform.person, roles: [LTI.instructor] };
    const { res } = await launch();
    expect([res.status, reason(res)]).toEqual([403, 'notMember']);
  });

  it('records the refusal in the school’s audit log', async () => {
    await launch({ tweak: (c) => void (c.aud = 'another-tool') });
    const rows: { detail: string }[] = await t.db('audit_log').where({ action: 'lti.signIn', org_id: schoolId }).whereNull('actor_id').select('detail');
    expect(rows.map((r) => (JSON.parse(r.detail) as { refused?: string }).refused)).toContain('audience');
  });
});

describe('tenancy', () => {
  it("another school's registration (even naming the same issuer) provisions only into that school", async () => {
    const first = await launch();
    expect(first.res.status).toBe(303);
    const ownUser = await linkedUser('learner-1');

    const otherAdmin = await t.signIn(['admin']);
    const rogue = await startTestPlatform(() => new Date(now));
    rogue.issuer = platform.issuer; // claims to be school A's platform, with its own keys
    rogue.person = { ...platform.person };
    try {
      const reg = await otherAdmin.agent.post(`/api/orgs/${otherAdmin.user.orgId}/lti/registrations`).send({
        issuer: platform.issuer,
        clientId: 'tool-b',
        authLoginUrl: rogue.authUrl,
        tokenUrl: rogue.tokenUrl,
        jwksUrl: rogue.jwksUrl,
        deploymentIds: [rogue.deploymentId],
      });
      expect(reg.status, JSON.stringify(reg.body)).toBe(201);
      const { res, agent } = await launch({ on: rogue, clientId: 'tool-b' });
      expect(res.status, res.text).toBe(303);
      const session = await agent.get('/api/session');
      expect(session.body.user.id).not.toBe(ownUser.user_id);
      expect(session.body.user.email).toMatch(/^lti-.*@invalid$/); // the address is taken by school A's account: never linked by it
      const orgs = await t.db('memberships').where({ user_id: session.body.user.id }).pluck('org_id');
      expect(orgs).toEqual([otherAdmin.user.orgId]);
      expect(await t.db('memberships').where({ user_id: ownUser.user_id }).pluck('org_id')).toEqual([schoolId]);

      // School B's platform cannot complete a launch school A's registration started: its key is not A's platform's.
      const agentA = request.agent(t.server);
      const started = await login(agentA);
      const toRogue = new URL(rogue.authUrl);
      toRogue.search = started.search;
      const crossed = parseFormPost(await (await fetch(toRogue)).text());
      const refused = await agentA.post('/lti/launch').type('form').send(crossed.fields);
      expect([refused.status, reason(refused)]).toEqual([400, 'signature']);
    } finally {
      await rogue.close();
    }
  });
});
