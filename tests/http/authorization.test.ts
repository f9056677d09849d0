import { randomUUID } from 'node:crypto';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRoutes } from '../../server/app';
import { allSocketEvents } from '../../server/realtime/events';
import { routeKey } from '../../server/http/routes';
import type { AccessRole } from '../../server/http/policy';
import { TOKEN_SCOPES, type TokenScope } from '../../server/contract/apiTokens';
import request from 'supertest';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { getTestServer, type TestServer } from '../helpers/app';

/**
 * The authorization matrix: every HTTP route and socket event × every kind of caller. A
 * route or event missing here fails the suite, so the table cannot fall behind the code.
 *  - 'ok'  the caller gets past authorization (any status but 401/403)
 *  - 401 / 403  refused with exactly that status
 * Sockets: anonymous callers cannot connect at all (tested once below).
 */
type Caller = 'anonymous' | AccessRole;
type Expect = 'ok' | 401 | 403;
// `operator` is a platform operator: no organisation role at all.
const CALLERS: Caller[] = ['anonymous', 'student', 'teacher', 'author', 'reviewer', 'mentor', 'admin', 'operator'];
const SIGNED_IN: AccessRole[] = ['student', 'teacher', 'author', 'reviewer', 'mentor', 'admin', 'operator'];

const everyone: Record<Caller, Expect> = { anonymous: 'ok', student: 'ok', teacher: 'ok', author: 'ok', reviewer: 'ok', mentor: 'ok', admin: 'ok', operator: 'ok' };
const signedIn: Record<Caller, Expect> = { ...everyone, anonymous: 401 };
const only = (...roles: AccessRole[]): Record<Caller, Expect> =>
  Object.fromEntries(CALLERS.map((c) => [c, c === 'anonymous' ? 401 : roles.includes(c) ? 'ok' : 403])) as Record<Caller, Expect>;

const HTTP_MATRIX: Record<string, Record<Caller, Expect>> = {
  'GET /api/health': everyone,
  'POST /api/session': everyone,
  'GET /api/session': signedIn,
  'DELETE /api/session': signedIn,
  'PUT /api/me/locale': signedIn,
  // Scoped to the caller's organisations (operators: all); tests/http/tenants and tests/accounts/tenancy.
  'GET /api/users': only('admin', 'operator'),
  'POST /api/users': only('admin', 'operator'),
  'GET /api/users/:id': only('admin', 'operator'),
  'PATCH /api/users/:id': only('admin', 'operator'),
  'POST /api/users/:id/memberships': only('admin', 'operator'),
  'DELETE /api/users/:id/memberships/:membershipId': only('admin', 'operator'),
  'GET /api/orgs': only('admin', 'operator'),
  'GET /api/org-directory': only('admin', 'operator'),
  'POST /api/orgs': only('operator'),
  // Admins of neither side of a partnership get 404 (tests/orgs/partnerships).
  'GET /api/partnerships': only('admin'),
  'POST /api/partnerships': only('admin'),
  'PATCH /api/partnerships/:id': only('admin'),
  'GET /api/courses/:id/partner-suggestions': only('teacher'),
  'POST /api/courses/:id/partner-requests': only('teacher'),
  'GET /api/courses': only('teacher', 'student'),
  'POST /api/courses': only('teacher'),
  'GET /api/courses/:id': only('teacher'),
  'POST /api/courses/:id/enrolments': only('teacher'),
  'POST /api/courses/:id/assignments': only('teacher'),
  'GET /api/scenario-versions': only('teacher', 'author', 'reviewer', 'admin'),
  'GET /api/assignments': only('student'),
  'POST /api/assignments/:id/attempts': only('student'),
  'GET /api/assignments/:id/monitor': only('teacher'),
  'GET /api/attempts/:id': only('student', 'teacher'),
  'POST /api/attempts/:id/submission': only('student'),
  'POST /api/attempts/:id/regrade-requests': only('student'),
  'GET /api/review-queue': only('reviewer'),
  'POST /api/review-items/:id/claim': only('reviewer'),
  'DELETE /api/review-items/:id/claim': only('reviewer'),
  'GET /api/review-items/:id': only('reviewer'),
  'POST /api/review-items/:id/reviews': only('reviewer'),
  'POST /api/review-items/:id/calibration': only('reviewer'),
  'GET /api/review-calibration': only('reviewer'),
  // Agreement is for lead reviewers: a plain reviewer is refused too (tests/review proves a lead gets in).
  'GET /api/review-agreement': { ...only('reviewer'), reviewer: 403 },
  // Enterprises' admins and reviewers; the test's admin runs a school and is refused by the
  // service (an enterprise's admin gets in: tests/review/moderation and tests/http/tenants).
  'GET /api/review-alerts': { ...only('admin', 'reviewer'), admin: 403 },
  'GET /api/released-reviews': only('student'),
  'GET /api/regrade-requests': only('reviewer'),
  'POST /api/regrade-requests/:id/decision': only('reviewer'),
  'GET /api/frameworks': signedIn,
  'POST /api/frameworks': only('admin', 'operator'),
  'GET /api/frameworks/:id/case': signedIn,
  'PUT /api/frameworks/:id/levels': only('admin', 'operator'),
  // CASE 1.0 REST, read-only: shared frameworks to anyone, an organisation's own to everyone signed in (tests/competency/caseRest).
  'GET /ims/case/v1p0/CFDocuments': everyone,
  'GET /ims/case/v1p0/CFPackages/:id': everyone,
  'GET /ims/case/v1p0/CFItems/:id': everyone,
  'PUT /api/courses/:id/mastery': only('teacher'),
  'GET /api/courses/:id/modules': only('teacher'),
  'POST /api/courses/:id/modules': only('teacher'),
  'PUT /api/course-modules/:id': only('teacher'),
  'DELETE /api/course-modules/:id': only('teacher'),
  'POST /api/courses/:id/adjustments': only('teacher'),
  'GET /api/courses/:id/report': only('teacher'),
  'GET /api/courses/:id/report.csv': only('teacher'),
  'POST /api/courses/:id/practice': only('teacher'),
  'DELETE /api/courses/:id/practice/:assignmentId': only('teacher'),
  'GET /api/courses/:id/students/:studentId/record': only('student', 'teacher'),
  'GET /api/competency-courses': only('student'),
  'PUT /api/scenarios/:id/visibility': only('author', 'admin'),
  'PUT /api/partnerships/:id/sharing': only('admin'),
  // Training bases and placements (issue 16): scoped by organisation in the service (tests/placements).
  'GET /api/training-bases': only('admin', 'teacher'),
  'POST /api/training-bases': only('admin'),
  'PATCH /api/training-bases/:id': only('admin'),
  'GET /api/placements': only('student', 'teacher', 'mentor', 'admin'),
  'POST /api/placements': only('teacher'),
  // The logbook: who the caller is to the placement decides the rest; strangers get 404 (tests/placements/logbook).
  'GET /api/placements/:id/logbook': only('student', 'teacher', 'mentor', 'admin'),
  'PUT /api/placements/:id/logbook/:week': only('student'),
  'POST /api/placements/:id/logbook/:week/submission': only('student'),
  'POST /api/placements/:id/logbook/:week/confirmation': only('mentor'),
  'POST /api/placements/:id/logbook/:week/comments': only('mentor'),
  'POST /api/placements/:id/logbook/:week/attachments': only('student'),
  'GET /api/placements/:id/logbook/:week/attachments/:attachmentId': only('student', 'teacher', 'mentor', 'admin'),
  'DELETE /api/placements/:id/logbook/:week/attachments/:attachmentId': only('student'),
  // Workplace assessments: the placement's two mentors assess, the school reads both (tests/placements/assessments).
  'GET /api/placements/:id/assessments': only('student', 'teacher', 'mentor', 'admin'),
  'PUT /api/placements/:id/assessments/:kind': only('teacher'),
  'PUT /api/placements/:id/assessments/:kind/mine': only('teacher', 'mentor'),
  'POST /api/placements/:id/assessments/:kind/mine/sign': only('teacher', 'mentor'),
  'POST /api/placements/:id/assessments/:kind/mine/versions': only('teacher', 'mentor'),
  'GET /api/assessment-reminders': only('teacher', 'mentor'),
  // Requirement profiles and targeted education (issue 16): scoped in the service (tests/placements/profiles, targeted).
  'GET /api/role-profiles': only('admin', 'mentor', 'teacher'),
  'PUT /api/role-profiles': only('admin'),
  'GET /api/placements/:id/gaps': only('student', 'teacher', 'mentor', 'admin'),
  'GET /api/courses/:id/targeted-education': only('teacher'),
  'POST /api/courses/:id/targeted-education': only('teacher'),
  // Talent selection: the student's own consents and invitations; the enterprise's admins (others 404); the school's teachers and admins (tests/placements/talent).
  'GET /api/me/talent-consents': only('student'),
  'PUT /api/me/talent-consents/:enterpriseId': only('student'),
  'DELETE /api/me/talent-consents/:enterpriseId': only('student'),
  'GET /api/talent/candidates': only('admin'),
  'GET /api/talent/candidates/:candidateId': only('admin'),
  'PUT /api/talent/candidates/:candidateId/shortlist': only('admin'),
  'DELETE /api/talent/candidates/:candidateId/shortlist': only('admin'),
  'GET /api/talent/shortlist': only('admin'),
  'POST /api/talent/candidates/:candidateId/invitations': only('admin'),
  'GET /api/talent/invitations': only('admin'),
  'GET /api/talent/school-invitations': only('teacher', 'admin'),
  'GET /api/me/talent-invitations': only('student'),
  'PUT /api/me/talent-invitations/:id/answer': only('student'),
  // Who of those may act on one placement is decided by their relation to it (tests/placements/mentors).
  'PATCH /api/placements/:id': only('teacher'),
  'GET /api/placements/:id/mentor-candidates': only('teacher', 'admin'),
  'PUT /api/placements/:id/enterprise-mentor': only('teacher', 'admin'),
  'POST /api/placements/:id/mentor-invitations': only('teacher', 'admin'),
  // The link's token is the credential; accepting creates the account (rate-limited like sign-in).
  'GET /api/mentor-invitations/:token': everyone,
  'POST /api/mentor-invitations/:token/accept': everyone,
  'GET /api/enterprise-insights': only('author', 'reviewer', 'admin'),
  'GET /api/courses/:id/assigned-scenarios': only('teacher'),
  // Who may read or write a thread depends on its subject; everyone else gets 404 (tests/feedback).
  'GET /api/threads/:kind/:subjectId': signedIn,
  'POST /api/threads/:kind/:subjectId': signedIn,
  // Authoring: the enterprise's authors edit, its reviewers read; resource checks in tests/authoring.
  'GET /api/authoring': only('author', 'reviewer'),
  'GET /api/competencies': only('author', 'reviewer', 'teacher', 'admin'),
  'POST /api/authoring/drafts': only('author'),
  'POST /api/authoring/import': only('author'),
  'GET /api/authoring/drafts/:id': only('author', 'reviewer'),
  'DELETE /api/authoring/drafts/:id': only('author'),
  'POST /api/authoring/drafts/:id/publish': only('author'),
  'POST /api/authoring/drafts/:id/preview': only('author', 'reviewer'),
  'GET /api/previews/:id': only('author', 'reviewer'),
  'GET /api/scenario-versions/:id/files': only('author', 'reviewer', 'teacher', 'admin'),
  'GET /api/scenario-versions/:id/diff': only('author', 'reviewer', 'teacher', 'admin'),
  'GET /api/scenario-versions/:id/export': only('author', 'reviewer', 'teacher', 'admin'),
  // Passwords (issue 17): one's own change; "forgot password" and its link need no session (tests/accounts/reset).
  'PUT /api/me/password': signedIn,
  'POST /api/password-resets': everyone,
  'POST /api/password-resets/redeem': everyone,
  'POST /api/users/:id/password-reset': only('admin', 'operator'),
  // A school's admins only; other organisations' ids answer 404 (tests/ops/retention).
  // API tokens: an organisation's own admins (others 404: tests/http/tenants); no token reaches them.
  'GET /api/orgs/:orgId/api-tokens': only('admin'),
  'POST /api/orgs/:orgId/api-tokens': only('admin'),
  'DELETE /api/orgs/:orgId/api-tokens/:tokenId': only('admin'),
  'GET /api/orgs/:orgId/retention': only('admin'),
  'PUT /api/orgs/:orgId/retention': only('admin'),
  // Bulk accounts: the organisation's admins (others 404) and operators (tests/accounts/import).
  'POST /api/orgs/:orgId/account-imports/preview': only('admin', 'operator'),
  'POST /api/orgs/:orgId/account-imports': only('admin', 'operator'),
  // Single sign-on: the organisation's own admins (others 404: tests/sso/settings); the sign-in itself is public.
  'GET /api/sso/orgs': everyone,
  'GET /api/orgs/:orgId/sso': only('admin', 'operator'),
  'PUT /api/orgs/:orgId/sso': only('admin', 'operator'),
  'GET /api/sso/:orgSlug/start': everyone,
  'GET /api/sso/callback': everyone,
  // Personal data: one's own export; a student's export and erasure by their school's admin or the operator (tests/privacy).
  'GET /api/me/data-export': signedIn,
  'GET /api/users/:id/data-export': only('admin', 'operator'),
  'POST /api/users/:id/erasure': only('admin', 'operator'),
  'GET /api/orgs/:id/erasure-policy': only('admin', 'operator'),
  'PUT /api/orgs/:id/erasure-policy': only('admin', 'operator'),
  // Organisation admins read their organisations' entries, the operator all (tests/audit/read).
  'GET /api/audit': only('admin', 'operator'),
  'GET /api/audit.csv': only('admin', 'operator'),
  // The caller's own e-mail settings; the unsubscribe link needs no sign-in (its token is the proof: tests/mail).
  'GET /api/me/notifications': signedIn,
  'PUT /api/me/notifications': signedIn,
  'GET /api/mail/unsubscribe': everyone,
  'POST /api/mail/unsubscribe': everyone,
  // The API's own description: public, like any published API reference (tests/http/openapi).
  'GET /api/openapi.json': everyone,
  'GET /api/docs': everyone,
  'GET /api/docs/swagger-ui.css': everyone,
  'GET /api/docs/swagger-ui-bundle.js': everyone,
  'GET /api/docs/init.js': everyone,
  // xAPI: an organisation's own admins set and watch its LRS forwarding (others 404: tests/xapi/forwarding);
  // a course's statements to its teachers and its school's admins.
  'GET /api/orgs/:orgId/xapi': only('admin', 'operator'),
  'PUT /api/orgs/:orgId/xapi': only('admin', 'operator'),
  'GET /api/orgs/:orgId/xapi/queue': only('admin', 'operator'),
  'POST /api/orgs/:orgId/xapi/queue/retry': only('admin', 'operator'),
  'GET /api/courses/:id/xapi-statements': only('teacher', 'admin'),
  // LTI 1.3 (issue 20): a school's own admins register platforms (others 404: tests/lti/registrations);
  // the launch itself is public, posted cross-site by the LMS (its signature, nonce and state are the proof: tests/lti/launch).
  'GET /api/orgs/:orgId/lti/registrations': only('admin', 'operator'),
  'POST /api/orgs/:orgId/lti/registrations': only('admin', 'operator'),
  'DELETE /api/orgs/:orgId/lti/registrations/:id': only('admin', 'operator'),
  'GET /lti/jwks': everyone,
  'GET /lti/login': everyone,
  'POST /lti/login': everyone,
  'POST /lti/launch': everyone,
};

/**
 * The third dimension: a script with an API token (issue 19). A token reaches exactly these
 * routes, each opened by the scope named; every other route refuses every token with 403 —
 * sign-in, accounts, administration included — whatever its role rule says.
 */
const TOKEN_ROUTES: Record<string, TokenScope> = {
  'GET /api/courses/:id': 'enrolments:write',
  'POST /api/courses/:id/enrolments': 'enrolments:write',
  'GET /api/courses/:id/report': 'reports:read',
  'GET /api/courses/:id/report.csv': 'reports:read',
  'GET /api/courses/:id/students/:studentId/record': 'evidence:read',
  'POST /api/frameworks': 'frameworks:write',
  'PUT /api/frameworks/:id/levels': 'frameworks:write',
};

const socketOnly = (...roles: AccessRole[]): Record<AccessRole, 'ok' | 403> =>
  Object.fromEntries(SIGNED_IN.map((r) => [r, roles.includes(r) ? 'ok' : 403])) as Record<AccessRole, 'ok' | 403>;

const SOCKET_MATRIX: Record<string, Record<AccessRole, 'ok' | 403>> = {
  'clock.sync': socketOnly(...SIGNED_IN),
  'attempt.join': socketOnly('student', 'teacher'),
  'file.save': socketOnly('student'),
  'checks.run': socketOnly('student'),
  // Only the attempt's own student marks its messages read (tests/attempts/upcoming).
  'events.read': socketOnly('student'),
  'monitor.join': socketOnly('teacher'),
  'reviewQueue.join': socketOnly('reviewer'),
  'reviewAlerts.join': socketOnly('admin', 'reviewer'),
  'draft.join': socketOnly('author', 'reviewer'),
  'draftFile.save': socketOnly('author'),
  'draftFile.delete': socketOnly('author'),
  'draft.validate': socketOnly('author'),
  // Who may follow a thread depends on its subject, as for reading it (tests/authoring).
  'thread.join': socketOnly(...SIGNED_IN),
  'placement.join': socketOnly(...SIGNED_IN),
  // A course's teachers only; another course's teacher gets not_found (tests/http/tenants).
  'mastery.join': socketOnly('teacher'),
  'preview.join': socketOnly('author', 'reviewer'),
  'preview.fileSave': socketOnly('author', 'reviewer'),
  'preview.checksRun': socketOnly('author', 'reviewer'),
  'preview.skip': socketOnly('author', 'reviewer'),
  // Try it: the student on their own open attempt, authors and reviewers on their own preview (tests/attempts/tools).
  'code.run': socketOnly('student'),
  'data.describe': socketOnly('student'),
  'data.query': socketOnly('student'),
  'preview.codeRun': socketOnly('author', 'reviewer'),
  'preview.dataDescribe': socketOnly('author', 'reviewer'),
  'preview.dataQuery': socketOnly('author', 'reviewer'),
};

let t: TestServer;
beforeAll(async () => {
  t = await getTestServer();
});
afterAll(() => t.close());

/**
 * One signed-in person per kind of caller, reused across rows: signing a new person in for every
 * row × caller (an argon2 hash and a verify each) made this the slowest file of the suite. A row
 * that ends the session (signing out) drops its caller, and the next row signs a new one in.
 */
const signedInCallers = new Map<AccessRole, Promise<Awaited<ReturnType<TestServer['signIn']>>>>();
function callerFor(role: AccessRole) {
  let caller = signedInCallers.get(role);
  if (!caller) signedInCallers.set(role, (caller = t.signIn([role])));
  return caller;
}
const endsTheSession = (method: string, path: string) => method === 'DELETE' && path === '/api/session';

describe('the matrix covers the code', () => {
  it('has a row for every HTTP route and none for a route that is gone', () => {
    const declared = allRoutes(t.deps).map(routeKey);
    expect(
      declared.filter((k) => !(k in HTTP_MATRIX)),
      'routes with no row in HTTP_MATRIX',
    ).toEqual([]);
    expect(Object.keys(HTTP_MATRIX).filter((k) => !declared.includes(k))).toEqual([]);
  });

  it('has a row for every socket event and none for an event that is gone', () => {
    const declared = allSocketEvents(t.deps).map((e) => e.event);
    expect(
      declared.filter((k) => !(k in SOCKET_MATRIX)),
      'events with no row in SOCKET_MATRIX',
    ).toEqual([]);
    expect(Object.keys(SOCKET_MATRIX).filter((k) => !declared.includes(k))).toEqual([]);
  });
});

const fillParams = (path: string) => path.replace(/:[a-zA-Z]+/g, () => randomUUID());

describe.each(Object.entries(HTTP_MATRIX))('%s', (key, row) => {
  const [method, path] = key.split(' ') as [string, string];
  it.each(CALLERS)('as %s', async (caller) => {
    const agent = caller === 'anonymous' ? t.agent() : (await callerFor(caller)).agent;
    const req = agent[method.toLowerCase() as 'get' | 'post' | 'put' | 'delete'](fillParams(path));
    const res = method === 'GET' || method === 'DELETE' ? await req : await req.send({});
    if (caller !== 'anonymous' && endsTheSession(method, path)) signedInCallers.delete(caller);
    const expected = row[caller];
    expect(res.status, 'no route may answer 500').toBeLessThan(500);
    if (expected === 'ok') {
      expect([401, 403], `${caller} was refused: ${JSON.stringify(res.body)}`).not.toContain(res.status);
    } else {
      expect(res.status).toBe(expected);
      expect(res.body.error.code).toBe(expected === 401 ? 'unauthenticated' : 'forbidden');
    }
  });
});

describe('API tokens', () => {
  const secrets = new Map<string, string>();
  /** A token of the admin caller's school holding `scopes`, made through the API. */
  async function tokenWith(scopes: readonly TokenScope[]): Promise<string> {
    const key = scopes.join(',');
    if (!secrets.has(key)) {
      const { agent, user } = await callerFor('admin');
      const res = await agent.post(`/api/orgs/${user.orgId}/api-tokens`).send({ name: `matrix ${key}`, scopes, expiresInDays: 1 });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      secrets.set(key, res.body.secret as string);
    }
    return secrets.get(key)!;
  }
  // One request per route in a few seconds: more than a token's real budget allows.
  beforeAll(() => {
    t.deps.tokenLimiter = new RateLimiterMemory({ points: 10_000, duration: 60 });
  });

  it('names only routes that exist and open them with the scope the table says', () => {
    const declared = new Map(allRoutes(t.deps).map((r) => [routeKey(r), r.tokenScopes ?? []]));
    for (const [key, scope] of Object.entries(TOKEN_ROUTES)) expect(declared.get(key), key).toEqual([scope]);
    const opened = [...declared].filter(([, scopes]) => scopes.length > 0).map(([key]) => key);
    expect(opened.sort()).toEqual(Object.keys(TOKEN_ROUTES).sort());
  });

  // Sent without Origin and without cookies, as a script sends them.
  describe.each(Object.keys(HTTP_MATRIX))('%s', (key) => {
    const [method, path] = key.split(' ') as [string, string];
    const send = (secret: string) => {
      const req = request(t.server)[method.toLowerCase() as 'get' | 'post' | 'put' | 'delete'](fillParams(path)).set('Authorization', `Bearer ${secret}`);
      return method === 'GET' || method === 'DELETE' ? req : req.send({});
    };
    it('with every scope', async () => {
      const res = await send(await tokenWith(TOKEN_SCOPES));
      expect(res.status, 'no route may answer 500').toBeLessThan(500);
      if (key in TOKEN_ROUTES) expect([401, 403], JSON.stringify(res.body)).not.toContain(res.status);
      else expect([res.status, res.body.error?.code]).toEqual([403, 'forbidden']);
    });
    it.runIf(key in TOKEN_ROUTES)('with every scope but the one that opens it', async () => {
      const res = await send(await tokenWith(TOKEN_SCOPES.filter((s) => s !== TOKEN_ROUTES[key])));
      expect([res.status, res.body.error?.code]).toEqual([403, 'forbidden']);
    });
  });
});

describe('sockets', () => {
  it('refuses an anonymous connection', async () => {
    const socket = connect(t.url, { transports: ['websocket'], extraHeaders: { origin: t.url }, reconnection: false });
    const err = await new Promise<Error>((resolve) => socket.on('connect_error', resolve));
    expect(err.message).toBe('unauthenticated');
    socket.close();
  });

  describe.each(Object.entries(SOCKET_MATRIX))('%s', (event, row) => {
    it.each(Object.keys(row) as AccessRole[])('as %s', async (caller) => {
      const { cookie } = await callerFor(caller);
      const socket = connect(t.url, { transports: ['websocket'], extraHeaders: { origin: t.url, cookie }, reconnection: false });
      await new Promise<void>((resolve, reject) => {
        socket.on('connect', resolve);
        socket.on('connect_error', reject);
      });
      const reply = await socket.timeout(5000).emitWithAck(event, {});
      socket.close();
      // Allowed callers get past authorization: success, or an answer about the (empty) payload.
      if (row[caller] === 'ok') expect(['forbidden', 'unauthenticated', 'internal']).not.toContain(reply.ok ? 'ok' : reply.error.code);
      else expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    });
  });
});
