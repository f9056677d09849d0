import { packageZip } from '../../server/authoring/zip';
import { isoDay } from '../helpers/clock';
import { ownFramework, tenantScenario, type PersonKey, type TenantIds } from '../helpers/tenants';

/**
 * The authorization matrix's second dimension: for every route and socket event, what the
 * same role of ANOTHER tenant gets when it names tenant A's objects. Keyed exactly like
 * tests/http/authorization.test.ts; tests/http/tenants.test.ts fails when a route or event
 * has no entry here, and runs every case.
 *
 * A request is built from A's ids (`a`) and the sender's own (`own`): tenant B's person sends
 * it built from (A, B), A's own person from (A, A) as the positive control — it must get past
 * authorization, or the row would prove nothing — and the platform operator from (A, A).
 */
type Build<T> = (a: TenantIds, own: TenantIds) => T;

export type HttpCase = {
  /** The role, in both tenants. */
  who: PersonKey;
  params?: Build<Record<string, string>>;
  query?: Build<Record<string, string>>;
  body?: Build<unknown>;
  /**
   * What B gets. 404: existence is secret, so the answer is the one for an id that exists
   * nowhere. 403: existence is no secret (organisation ids, frameworks, published versions).
   * 'list': no ids in the request; B's answer names none of A's ids (A's names `shows`).
   * 'asUnknown': an id inside the request body is looked up within B's own object, and A's
   * id is answered exactly as an id that exists nowhere (`why` says why this is not 403/404).
   */
  refuse: 403 | 404 | 'list' | 'asUnknown';
  why?: string;
  shows?: (a: TenantIds) => string[];
  /** The platform operator sending A's request; by default the role matrix refuses them (403). */
  operator?: 'ok' | 403 | 404;
  /** Puts back what the operator's (allowed) request took from A. */
  restore?: (db: import('knex').Knex, a: TenantIds) => Promise<unknown>;
};
export type Exempt = { exempt: string };
export type HttpRow = Exempt | HttpCase | HttpCase[];

const exempt = (why: string): Exempt => ({ exempt: why });
const id = (pick: (a: TenantIds) => string) => (a: TenantIds) => ({ id: pick(a) });
const ownId = (pick: (t: TenantIds) => string) => (_a: TenantIds, own: TenantIds) => ({ id: pick(own) });
const uniq = (() => {
  let n = 0;
  return (what: string) => `${what}-${++n}`;
})();
const levels = [
  { id: 'novice', label: 'Novice', min: 0 },
  { id: 'proficient', label: 'Proficient', min: 0.5 },
];
const scores = [
  { criterionId: 'explains', level: 1 },
  { criterionId: 'style', level: 2 },
];
const zipOf = (a: TenantIds) => Buffer.from(packageZip(a.names.slug, tenantScenario(a.names.slug).files)).toString('base64');
const versionThread = (a: TenantIds) => ({ kind: 'scenario_version', subjectId: a.versionId });
const reportThread = (a: TenantIds) => ({ kind: 'report_section', subjectId: `${a.courseId}:gaps` });
const logWeek = (a: TenantIds) => ({ id: a.placementId, week: a.names.logWeek });
const logAttachment = (a: TenantIds) => ({ ...logWeek(a), attachmentId: a.logAttachmentId });
const MENTOR_ONLY =
  'only the placement’s enterprise mentor confirms or comments, and the tenants have none (naming one is the invitations part); tests/placements/logbook sends another enterprise’s mentor and another mentor of the same enterprise: 404';
const BODY_IDS = 'the id names something to find inside the caller’s own course; another tenant’s is reported as unknown, like any id that exists nowhere';

/** The talent world as tenants.ts built it: the student's consent current, the student on the enterprise's shortlist. */
async function restoreTalent(db: import('knex').Knex, a: TenantIds) {
  await db('talent_consents').where({ student_id: a.users.student, enterprise_id: a.enterpriseId }).update({ revoked_at: null });
  const now = new Date();
  await db('talent_shortlist')
    .insert({ enterprise_id: a.enterpriseId, student_id: a.users.student, role: 'Operator', note: 'Shortlisted', created_by: a.users.enterpriseAdmin, created_at: now, updated_at: now })
    .onConflict(['enterprise_id', 'student_id'])
    .ignore();
}

/** Every admin route answers the operator (all tenants); the rest refuse them by role. */
export const HTTP_TENANT: Record<string, HttpRow> = {
  'GET /api/health': exempt('no tenant data: it says the process is up'),
  'POST /api/session': exempt('signs in whoever holds the password; names no organisation or object'),
  'GET /api/session': exempt('the caller’s own session'),
  'DELETE /api/session': exempt('ends the caller’s own session'),
  'PUT /api/me/locale': exempt('the caller’s own language; names no organisation or object'),
  'GET /api/users': [
    { who: 'schoolAdmin', refuse: 'list', shows: (a) => [a.users.teacher, a.users.student], operator: 'ok' },
    { who: 'enterpriseAdmin', refuse: 'list', shows: (a) => [a.users.author, a.users.reviewer], operator: 'ok' },
    { who: 'schoolAdmin', query: (a) => ({ orgId: a.schoolId }), refuse: 404, operator: 'ok' },
  ],
  'POST /api/users': [
    {
      who: 'schoolAdmin',
      body: (a) => ({ email: `${uniq('made')}@tenants.test`, name: 'Made Elsewhere', password: 'a long enough password', memberships: [{ orgId: a.schoolId, role: 'teacher' }] }),
      refuse: 403,
      operator: 'ok',
    },
    {
      who: 'enterpriseAdmin',
      body: (a) => ({ email: `${uniq('made')}@tenants.test`, name: 'Made Elsewhere', password: 'a long enough password', memberships: [{ orgId: a.enterpriseId, role: 'author' }] }),
      refuse: 403,
      operator: 'ok',
    },
  ],
  'GET /api/users/:id': [
    { who: 'schoolAdmin', params: id((a) => a.users.student), refuse: 404, operator: 'ok' },
    { who: 'enterpriseAdmin', params: id((a) => a.users.author), refuse: 404, operator: 'ok' },
  ],
  'PATCH /api/users/:id': { who: 'schoolAdmin', params: id((a) => a.users.student), body: () => ({ disabled: false }), refuse: 404, operator: 'ok' },
  'POST /api/users/:id/memberships': [
    { who: 'schoolAdmin', params: id((a) => a.users.student), body: (a) => ({ orgId: a.schoolId, role: 'student' }), refuse: 404, operator: 'ok' },
    // One's own person, a role in the other's organisation: organisation ids are no secret.
    { who: 'schoolAdmin', params: ownId((o) => o.users.student), body: (a) => ({ orgId: a.schoolId, role: 'student' }), refuse: 403, operator: 'ok' },
  ],
  'DELETE /api/users/:id/memberships/:membershipId': {
    who: 'schoolAdmin',
    // A's admin is told the school keeps its last admin (409); the operator may take it, and it is put back.
    params: (a) => ({ id: a.users.schoolAdmin, membershipId: a.memberships.schoolAdmin }),
    refuse: 404,
    operator: 'ok',
    restore: (db, a) => db('memberships').insert({ id: a.memberships.schoolAdmin, user_id: a.users.schoolAdmin, org_id: a.schoolId, role: 'admin', created_at: new Date() }),
  },
  'GET /api/orgs': [
    { who: 'schoolAdmin', refuse: 'list', shows: (a) => [a.schoolId, a.enterpriseId], operator: 'ok' },
    { who: 'enterpriseAdmin', refuse: 'list', shows: (a) => [a.enterpriseId], operator: 'ok' },
  ],
  'GET /api/org-directory': exempt('every organisation’s name and kind, by design: what an admin proposes a partnership to'),
  'POST /api/orgs': exempt('creates a new organisation (operators only); names no existing tenant'),
  'GET /api/partnerships': [
    { who: 'schoolAdmin', refuse: 'list', shows: (a) => [a.partnershipId] },
    { who: 'enterpriseAdmin', refuse: 'list', shows: (a) => [a.partnershipId] },
  ],
  // Proposing on behalf of another's organisation; proposing TO any organisation is the point of the directory.
  'POST /api/partnerships': [
    { who: 'schoolAdmin', body: (a, own) => ({ partnerId: own.enterpriseId, orgId: a.schoolId }), refuse: 404 },
    { who: 'enterpriseAdmin', body: (a, own) => ({ partnerId: own.schoolId, orgId: a.enterpriseId }), refuse: 404 },
  ],
  'PATCH /api/partnerships/:id': [
    // 'active' rather than 'ended', so A's own admin (told it is active already: 409) ends nothing.
    { who: 'schoolAdmin', params: id((a) => a.partnershipId), body: () => ({ status: 'active' }), refuse: 404 },
    { who: 'enterpriseAdmin', params: id((a) => a.partnershipId), body: () => ({ status: 'active' }), refuse: 404 },
  ],
  'PUT /api/partnerships/:id/sharing': { who: 'enterpriseAdmin', params: id((a) => a.partnershipId), body: () => ({ sharesSolutions: false }), refuse: 404 },
  'GET /api/training-bases': [
    { who: 'enterpriseAdmin', refuse: 'list', shows: (a) => [a.baseId] },
    { who: 'schoolAdmin', refuse: 'list', shows: (a) => [a.baseId] },
    { who: 'teacher', refuse: 'list', shows: (a) => [a.baseId] },
  ],
  'POST /api/training-bases': {
    who: 'enterpriseAdmin',
    body: (a) => ({ partnershipId: a.partnershipId, name: uniq('Base'), roles: ['Operator'], capacity: 1 }),
    refuse: 404,
  },
  'PATCH /api/training-bases/:id': { who: 'enterpriseAdmin', params: id((a) => a.baseId), body: () => ({ capacity: 5 }), refuse: 404 },
  'GET /api/placements': [
    { who: 'student', refuse: 'list', shows: (a) => [a.placementId] },
    { who: 'teacher', refuse: 'list', shows: (a) => [a.placementId] },
    { who: 'schoolAdmin', refuse: 'list', shows: (a) => [a.placementId] },
    { who: 'enterpriseAdmin', refuse: 'list', shows: (a) => [a.placementId] },
  ],
  // A's own teacher places A's student for one more hour a week: far from full time.
  'POST /api/placements': {
    who: 'teacher',
    body: (a, own) => ({ baseId: a.baseId, studentId: own.users.student, role: 'Operator', startsOn: isoDay(Date.now()), endsOn: isoDay(Date.now() + 7 * 86_400_000), weeklyHours: 1 }),
    refuse: 404,
  },
  // The logbook: the placed student writes; the school mentor and the school's admin read.
  'GET /api/placements/:id/logbook': [
    { who: 'student', params: id((a) => a.placementId), refuse: 404 },
    { who: 'teacher', params: id((a) => a.placementId), refuse: 404 },
    { who: 'schoolAdmin', params: id((a) => a.placementId), refuse: 404 },
  ],
  // A stale base revision: A's own student is told of the conflict and A's week stays as it is.
  'PUT /api/placements/:id/logbook/:week': {
    who: 'student',
    params: logWeek,
    body: () => ({ baseRevision: 99, hours: 1, tasks: 'Not mine', learned: '', problems: '' }),
    refuse: 404,
  },
  'POST /api/placements/:id/logbook/:week/submission': { who: 'student', params: logWeek, body: () => ({ revision: 99 }), refuse: 404 },
  'POST /api/placements/:id/logbook/:week/confirmation': exempt(MENTOR_ONLY),
  'POST /api/placements/:id/logbook/:week/comments': exempt(MENTOR_ONLY),
  // JSON bytes, not a picture: A's own student is told the file is not one the logbook keeps (415).
  'POST /api/placements/:id/logbook/:week/attachments': { who: 'student', params: logWeek, query: () => ({ name: 'photo.png' }), body: () => ({}), refuse: 404 },
  'GET /api/placements/:id/logbook/:week/attachments/:attachmentId': [
    { who: 'student', params: logAttachment, refuse: 404 },
    { who: 'teacher', params: logAttachment, refuse: 404 },
  ],
  'DELETE /api/placements/:id/logbook/:week/attachments/:attachmentId': { who: 'student', params: logAttachment, refuse: 404 },
  // Workplace assessments: A's teacher is the placement's school mentor. A's own requests that
  // would change something are answered 409 (no such point yet, or a stale revision).
  'GET /api/placements/:id/assessments': [
    { who: 'student', params: id((a) => a.placementId), refuse: 404 },
    { who: 'teacher', params: id((a) => a.placementId), refuse: 404 },
    { who: 'schoolAdmin', params: id((a) => a.placementId), refuse: 404 },
  ],
  'PUT /api/placements/:id/assessments/:kind': {
    who: 'teacher',
    params: (a) => ({ id: a.placementId, kind: 'mid' }),
    body: () => ({ dueOn: isoDay(Date.now() + 7 * 86_400_000) }),
    refuse: 404,
  },
  'PUT /api/placements/:id/assessments/:kind/mine': {
    who: 'teacher',
    params: (a) => ({ id: a.placementId, kind: 'final' }),
    body: () => ({ baseRevision: 999, content: { ratings: [], evidence: '' } }),
    refuse: 404,
  },
  'POST /api/placements/:id/assessments/:kind/mine/sign': { who: 'teacher', params: (a) => ({ id: a.placementId, kind: 'final' }), body: () => ({ revision: 999 }), refuse: 404 },
  'POST /api/placements/:id/assessments/:kind/mine/versions': { who: 'teacher', params: (a) => ({ id: a.placementId, kind: 'final' }), refuse: 404 },
  'GET /api/assessment-reminders': { who: 'teacher', refuse: 'list', shows: () => [] },
  'GET /api/role-profiles': [
    { who: 'enterpriseAdmin', query: (a) => ({ enterpriseId: a.enterpriseId }), refuse: 404 },
    { who: 'teacher', query: (a) => ({ enterpriseId: a.enterpriseId }), refuse: 404 },
    { who: 'schoolAdmin', query: (a) => ({ enterpriseId: a.enterpriseId }), refuse: 404 },
  ],
  // An empty list for a role nobody requires anything of: A's own admin changes nothing that matters.
  'PUT /api/role-profiles': [
    { who: 'enterpriseAdmin', body: (a) => ({ enterpriseId: a.enterpriseId, role: 'Operator', entries: [] }), refuse: 404 },
    { who: 'enterpriseAdmin', body: (a) => ({ baseId: a.baseId, role: 'Operator', entries: [] }), refuse: 404 },
  ],
  'GET /api/placements/:id/gaps': [
    { who: 'student', params: id((a) => a.placementId), refuse: 404 },
    { who: 'teacher', params: id((a) => a.placementId), refuse: 404 },
    { who: 'schoolAdmin', params: id((a) => a.placementId), refuse: 404 },
    { who: 'enterpriseAdmin', params: id((a) => a.placementId), refuse: 404 },
  ],
  'GET /api/courses/:id/targeted-education': { who: 'teacher', params: id((a) => a.courseId), refuse: 404 },
  // A's own teacher is told the placement is no completed one of the course (400): nothing is assigned.
  'POST /api/courses/:id/targeted-education': {
    who: 'teacher',
    params: id((a) => a.courseId),
    body: (a) => ({ placementId: a.placementId, reassessOn: isoDay(Date.now() + 7 * 86_400_000) }),
    refuse: 404,
  },
  // Talent selection: A's student consents to A's enterprise, is shortlisted and invited (tests/helpers/tenants).
  'GET /api/me/talent-consents': { who: 'student', refuse: 'list', shows: (a) => [a.enterpriseId] },
  'PUT /api/me/talent-consents/:enterpriseId': { who: 'student', params: (a) => ({ enterpriseId: a.enterpriseId }), body: () => ({ shares: { identity: true, assessments: true } }), refuse: 404 },
  // A's own student revokes; the consent and the shortlist entry it took are put back.
  'DELETE /api/me/talent-consents/:enterpriseId': { who: 'student', params: (a) => ({ enterpriseId: a.enterpriseId }), refuse: 404, restore: restoreTalent },
  'GET /api/talent/candidates': [
    { who: 'enterpriseAdmin', query: () => ({ role: 'Operator' }), refuse: 'list', shows: (a) => [a.candidateId] },
    { who: 'enterpriseAdmin', query: (a) => ({ role: 'Operator', enterpriseId: a.enterpriseId }), refuse: 404 },
    { who: 'enterpriseAdmin', query: (a) => ({ role: 'Operator', baseId: a.baseId }), refuse: 404 },
  ],
  'GET /api/talent/candidates/:candidateId': { who: 'enterpriseAdmin', params: (a) => ({ candidateId: a.candidateId }), query: () => ({ role: 'Operator' }), refuse: 404 },
  'PUT /api/talent/candidates/:candidateId/shortlist': { who: 'enterpriseAdmin', params: (a) => ({ candidateId: a.candidateId }), body: () => ({ role: 'Operator', note: 'Shortlisted' }), refuse: 404 },
  'DELETE /api/talent/candidates/:candidateId/shortlist': { who: 'enterpriseAdmin', params: (a) => ({ candidateId: a.candidateId }), refuse: 404, restore: restoreTalent },
  'GET /api/talent/shortlist': [
    { who: 'enterpriseAdmin', refuse: 'list', shows: (a) => [a.candidateId] },
    { who: 'enterpriseAdmin', query: (a) => ({ enterpriseId: a.enterpriseId }), refuse: 404 },
  ],
  'POST /api/talent/candidates/:candidateId/invitations': {
    who: 'enterpriseAdmin',
    params: (a) => ({ candidateId: a.candidateId }),
    body: () => ({ role: 'Operator', at: new Date(Date.now() + 7 * 86_400_000).toISOString(), place: 'Gate 1' }),
    refuse: 404,
  },
  'GET /api/talent/invitations': [
    { who: 'enterpriseAdmin', refuse: 'list', shows: (a) => [a.invitationId] },
    { who: 'enterpriseAdmin', query: (a) => ({ enterpriseId: a.enterpriseId }), refuse: 404 },
  ],
  'GET /api/talent/school-invitations': [
    { who: 'teacher', refuse: 'list', shows: (a) => [a.invitationId] },
    { who: 'schoolAdmin', refuse: 'list', shows: (a) => [a.invitationId] },
  ],
  'GET /api/me/talent-invitations': { who: 'student', refuse: 'list', shows: (a) => [a.invitationId] },
  'PUT /api/me/talent-invitations/:id/answer': { who: 'student', params: id((a) => a.invitationId), body: () => ({ answer: 'accepted' }), refuse: 404 },
  // A's own teacher sets the hours they already are: past authorization, nothing changes.
  'PATCH /api/placements/:id': { who: 'teacher', params: id((a) => a.placementId), body: () => ({ weeklyHours: 20 }), refuse: 404 },
  'GET /api/placements/:id/mentor-candidates': [
    { who: 'teacher', params: id((a) => a.placementId), refuse: 404 },
    { who: 'enterpriseAdmin', params: id((a) => a.placementId), refuse: 404 },
  ],
  // A's own people are told the author is no mentor of the enterprise (400): nothing changes.
  'PUT /api/placements/:id/enterprise-mentor': [
    { who: 'teacher', params: id((a) => a.placementId), body: (a) => ({ userId: a.users.author }), refuse: 404 },
    { who: 'enterpriseAdmin', params: id((a) => a.placementId), body: (a) => ({ userId: a.users.author }), refuse: 404 },
  ],
  'POST /api/placements/:id/mentor-invitations': [
    { who: 'teacher', params: id((a) => a.placementId), body: () => ({ name: 'Outside Mentor', email: `${uniq('mentor')}@tenants.test` }), refuse: 404 },
    { who: 'enterpriseAdmin', params: id((a) => a.placementId), body: () => ({ name: 'Outside Mentor', email: `${uniq('mentor')}@tenants.test` }), refuse: 404 },
  ],
  'GET /api/mentor-invitations/:token': exempt('the link’s token is the credential and names no tenant’s object; every unusable token gets one answer (tests/placements/mentors)'),
  'POST /api/mentor-invitations/:token/accept': exempt('the link’s token is the credential and names no tenant’s object; every unusable token gets one answer (tests/placements/mentors)'),
  'PUT /api/scenarios/:id/visibility': [
    { who: 'author', params: id((a) => a.scenarioId), body: () => ({ public: false }), refuse: 404 },
    { who: 'enterpriseAdmin', params: id((a) => a.scenarioId), body: () => ({ public: false }), refuse: 404 },
  ],
  'GET /api/courses/:id/partner-suggestions': { who: 'teacher', params: id((a) => a.courseId), refuse: 404 },
  'POST /api/courses/:id/partner-requests': { who: 'teacher', params: id((a) => a.courseId), body: (a) => ({ enterpriseId: a.enterpriseId }), refuse: 404 },
  'GET /api/courses': [
    { who: 'teacher', refuse: 'list', shows: (a) => [a.courseId] },
    { who: 'student', refuse: 'list', shows: (a) => [a.courseId] },
  ],
  'POST /api/courses': { who: 'teacher', body: (a) => ({ title: 'A course elsewhere', schoolId: a.schoolId }), refuse: 404 },
  'GET /api/courses/:id': { who: 'teacher', params: id((a) => a.courseId), refuse: 404 },
  'POST /api/courses/:id/enrolments': [
    { who: 'teacher', params: id((a) => a.courseId), body: (a) => ({ userIds: [a.users.student] }), refuse: 404 },
    { who: 'teacher', params: ownId((o) => o.courseId), body: (a) => ({ userIds: [a.users.student] }), refuse: 'asUnknown', why: `${BODY_IDS}; good rows are kept, bad ones reported (200)` },
  ],
  'POST /api/courses/:id/assignments': [
    { who: 'teacher', params: id((a) => a.courseId), body: (a) => ({ scenarioVersionId: a.versionId }), refuse: 404 },
    // A published version is listed in the catalog to everyone: its owner's partners-only rule is a 403.
    { who: 'teacher', params: ownId((o) => o.courseId), body: (a) => ({ scenarioVersionId: a.versionId }), refuse: 403 },
  ],
  // The catalog itself (titles, owners, whether the caller may assign) is every teacher's, author's and admin's by design.
  'GET /api/scenario-versions': { who: 'teacher', query: (a) => ({ courseId: a.courseId }), refuse: 404 },
  'GET /api/assignments': { who: 'student', refuse: 'list', shows: (a) => [a.assignmentId, a.openAttemptId] },
  'POST /api/assignments/:id/attempts': { who: 'student', params: id((a) => a.assignmentId), refuse: 404 },
  'GET /api/assignments/:id/monitor': { who: 'teacher', params: id((a) => a.assignmentId), refuse: 404 },
  'GET /api/attempts/:id': [
    { who: 'student', params: id((a) => a.attemptId), refuse: 404 },
    { who: 'teacher', params: id((a) => a.attemptId), refuse: 404 },
  ],
  'POST /api/attempts/:id/submission': { who: 'student', params: id((a) => a.openAttemptId), refuse: 404 },
  'POST /api/attempts/:id/regrade-requests': {
    who: 'student',
    params: id((a) => a.attemptId),
    body: () => ({ target: { kind: 'criterion', id: 'explains' }, reason: 'Please look at this once more.' }),
    refuse: 404,
  },
  'GET /api/review-queue': [
    { who: 'reviewer', query: () => ({ status: 'done' }), refuse: 'list', shows: (a) => [a.itemId, a.scenarioId, a.assignmentId] },
    { who: 'reviewer', query: (a) => ({ enterpriseId: a.enterpriseId, status: 'done' }), refuse: 404 },
  ],
  'POST /api/review-items/:id/claim': { who: 'reviewer', params: id((a) => a.openItemId), refuse: 404 },
  'DELETE /api/review-items/:id/claim': { who: 'reviewer', params: id((a) => a.openItemId), refuse: 404 },
  'GET /api/review-items/:id': { who: 'reviewer', params: id((a) => a.itemId), refuse: 404 },
  'POST /api/review-items/:id/reviews': { who: 'reviewer', params: id((a) => a.itemId), body: () => ({ scores, overallComment: 'Scored from elsewhere' }), refuse: 404 },
  'POST /api/review-items/:id/calibration': { who: 'reviewer', params: id((a) => a.itemId), body: () => ({ scores }), refuse: 404 },
  'GET /api/review-calibration': [
    { who: 'reviewer', refuse: 'list', shows: (a) => [a.itemId] },
    { who: 'reviewer', query: (a) => ({ enterpriseId: a.enterpriseId }), refuse: 404 },
  ],
  'GET /api/review-agreement': [
    { who: 'reviewer', refuse: 'list', shows: () => [] },
    { who: 'reviewer', query: (a) => ({ enterpriseId: a.enterpriseId }), refuse: 404 },
  ],
  // A's world has no stuck moderation (single review), so the positive control lists nothing.
  'GET /api/review-alerts': [
    { who: 'enterpriseAdmin', refuse: 'list', shows: (a) => [a.enterpriseId] },
    { who: 'reviewer', refuse: 'list', shows: (a) => [a.enterpriseId] },
    { who: 'enterpriseAdmin', query: (a) => ({ enterpriseId: a.enterpriseId }), refuse: 404 },
    { who: 'reviewer', query: (a) => ({ enterpriseId: a.enterpriseId }), refuse: 404 },
  ],
  // A's released attempt shows on A's student's home, never on B's.
  'GET /api/released-reviews': { who: 'student', refuse: 'list', shows: (a) => [a.attemptId] },
  'GET /api/regrade-requests': [
    { who: 'reviewer', refuse: 'list', shows: (a) => [a.regradeId, a.itemId] },
    { who: 'reviewer', query: (a) => ({ enterpriseId: a.enterpriseId }), refuse: 404 },
  ],
  // A's reviewer reaches the level check (400), inside the transaction that would apply it.
  'POST /api/regrade-requests/:id/decision': { who: 'reviewer', params: id((a) => a.regradeId), body: () => ({ decision: 'accept', level: 9, reply: 'Looked again.' }), refuse: 404 },
  'GET /api/frameworks': exempt('frameworks are published standards everyone signed in reads, an organisation’s own included (partners read what scenarios map to); changing one is scoped (PUT …/levels, POST)'),
  'POST /api/frameworks': [
    { who: 'schoolAdmin', query: (a) => ({ orgId: a.schoolId }), body: (a) => ownFramework(a.names.frameworkIdentifier), refuse: 404, operator: 404 },
    // Re-importing A's framework (same CASE identifier) for one's own organisation.
    { who: 'schoolAdmin', body: (a) => ownFramework(a.names.frameworkIdentifier), refuse: 403, operator: 403 },
  ],
  'GET /api/frameworks/:id/case': exempt('frameworks are readable by everyone signed in, as GET /api/frameworks'),
  'GET /ims/case/v1p0/CFDocuments': exempt('CASE documents: frameworks are readable by everyone signed in, as GET /api/frameworks; anonymous callers see only shared ones (tests/competency/caseRest)'),
  'GET /ims/case/v1p0/CFPackages/:id': exempt('a CASE package: readable by everyone signed in, as GET /api/frameworks/:id/case; anonymous callers only shared ones (tests/competency/caseRest)'),
  'GET /ims/case/v1p0/CFItems/:id': exempt('a CASE item: frameworks are readable by everyone signed in; anonymous callers only shared ones (tests/competency/caseRest)'),
  'PUT /api/frameworks/:id/levels': { who: 'schoolAdmin', params: id((a) => a.frameworkId), body: () => ({ levels }), refuse: 403, operator: 403 },
  'GET /api/competencies': exempt('every competency of every framework: frameworks are readable by everyone signed in'),
  'PUT /api/courses/:id/mastery': { who: 'teacher', params: id((a) => a.courseId), body: () => ({ method: 'decaying_average' }), refuse: 404 },
  'GET /api/courses/:id/modules': { who: 'teacher', params: id((a) => a.courseId), refuse: 404 },
  'POST /api/courses/:id/modules': { who: 'teacher', params: id((a) => a.courseId), body: () => ({ title: 'A module from elsewhere' }), refuse: 404 },
  'PUT /api/course-modules/:id': { who: 'teacher', params: id((a) => a.moduleId), body: () => ({ title: 'Debugging', competencies: [{ code: 'js.debugging' }] }), refuse: 404 },
  'DELETE /api/course-modules/:id': { who: 'teacher', params: id((a) => a.spareModuleId), refuse: 404 },
  'POST /api/courses/:id/adjustments': [
    { who: 'teacher', params: id((a) => a.courseId), body: (a) => ({ moduleId: a.moduleId, madeOn: isoDay(Date.now()), what: 'Changed it', why: 'Because' }), refuse: 404 },
    { who: 'teacher', params: ownId((o) => o.courseId), body: (a) => ({ moduleId: a.moduleId, madeOn: isoDay(Date.now()), what: 'Changed it', why: 'Because' }), refuse: 'asUnknown', why: BODY_IDS },
    {
      who: 'teacher',
      params: ownId((o) => o.courseId),
      body: (a, own) => ({ moduleId: own.moduleId, madeOn: isoDay(Date.now()), what: 'Changed it', why: 'Because', scenarioIds: [a.scenarioId] }),
      refuse: 'asUnknown',
      why: BODY_IDS,
    },
  ],
  'GET /api/courses/:id/report': { who: 'teacher', params: id((a) => a.courseId), refuse: 404 },
  'GET /api/courses/:id/report.csv': { who: 'teacher', params: id((a) => a.courseId), query: () => ({ part: 'gaps' }), refuse: 404 },
  'POST /api/courses/:id/practice': [
    { who: 'teacher', params: id((a) => a.courseId), body: (a) => ({ scenarioVersionId: a.versionId, studentIds: [a.users.student] }), refuse: 404 },
    { who: 'teacher', params: ownId((o) => o.courseId), body: (a, own) => ({ scenarioVersionId: own.versionId, studentIds: [a.users.student] }), refuse: 'asUnknown', why: BODY_IDS },
    { who: 'teacher', params: ownId((o) => o.courseId), body: (a, own) => ({ scenarioVersionId: a.versionId, studentIds: [own.users.student] }), refuse: 403 },
  ],
  // A's practice under B's own course is "no such practice in that course" (tests/competency/practice).
  'DELETE /api/courses/:id/practice/:assignmentId': { who: 'teacher', params: (a) => ({ id: a.courseId, assignmentId: a.practiceId }), refuse: 404 },
  'GET /api/courses/:id/students/:studentId/record': [
    { who: 'teacher', params: (a) => ({ id: a.courseId, studentId: a.users.student }), refuse: 404 },
    { who: 'student', params: (a) => ({ id: a.courseId, studentId: a.users.student }), refuse: 404 },
  ],
  'GET /api/competency-courses': { who: 'student', refuse: 'list', shows: (a) => [a.courseId] },
  'GET /api/enterprise-insights': [
    { who: 'author', refuse: 'list', shows: (a) => [a.scenarioId, a.versionId, a.adjustmentId] },
    { who: 'author', query: (a) => ({ enterpriseId: a.enterpriseId }), refuse: 404 },
    { who: 'reviewer', query: (a) => ({ enterpriseId: a.enterpriseId }), refuse: 404 },
    { who: 'enterpriseAdmin', query: (a) => ({ enterpriseId: a.enterpriseId }), refuse: 404 },
  ],
  'GET /api/courses/:id/assigned-scenarios': { who: 'teacher', params: id((a) => a.courseId), refuse: 404 },
  'GET /api/threads/:kind/:subjectId': [
    { who: 'author', params: versionThread, refuse: 404, operator: 404 },
    { who: 'teacher', params: versionThread, refuse: 404, operator: 404 },
    { who: 'teacher', params: reportThread, refuse: 404, operator: 404 },
    { who: 'reviewer', params: reportThread, refuse: 404, operator: 404 },
  ],
  'POST /api/threads/:kind/:subjectId': [
    { who: 'author', params: versionThread, body: () => ({ body: 'A word from elsewhere' }), refuse: 404, operator: 404 },
    { who: 'teacher', params: reportThread, body: () => ({ body: 'A word from elsewhere' }), refuse: 404, operator: 404 },
    // A reply in one's own thread to a comment of A's.
    { who: 'author', params: (_a, own) => versionThread(own), body: (a) => ({ body: 'A reply', parentId: a.versionCommentId }), refuse: 'asUnknown', operator: 404, why: 'a reply names a comment of the thread the path names; another thread’s comment is no top-level comment of it' },
  ],
  'GET /api/authoring': [
    { who: 'author', refuse: 'list', shows: (a) => [a.scenarioId, a.draftId, a.versionId] },
    { who: 'author', query: (a) => ({ enterpriseId: a.enterpriseId }), refuse: 404 },
    { who: 'reviewer', query: (a) => ({ enterpriseId: a.enterpriseId }), refuse: 404 },
  ],
  'POST /api/authoring/drafts': [
    // A's author gets the draft that is open already.
    { who: 'author', body: (a) => ({ enterpriseId: a.enterpriseId, fromVersionId: a.versionId }), refuse: 404 },
    // A copy of A's version for one's own enterprise.
    { who: 'author', body: (a, own) => ({ enterpriseId: own.enterpriseId, fromVersionId: a.versionId, slug: uniq(`copy-of-${a.names.label}`) }), refuse: 404 },
  ],
  // A's author is told the scenario has an open draft (409).
  'POST /api/authoring/import': { who: 'author', body: (a) => ({ enterpriseId: a.enterpriseId, zipBase64: zipOf(a) }), refuse: 404 },
  'GET /api/authoring/drafts/:id': [
    { who: 'author', params: id((a) => a.draftId), refuse: 404 },
    { who: 'reviewer', params: id((a) => a.draftId), refuse: 404 },
  ],
  'DELETE /api/authoring/drafts/:id': { who: 'author', params: id((a) => a.spareDraftId), refuse: 404 },
  'POST /api/authoring/drafts/:id/publish': { who: 'author', params: id((a) => a.draftId), body: () => ({ bump: 'minor', changelog: 'Changes from elsewhere' }), refuse: 404 },
  // The reviewer, so the author's preview (used below) is not replaced.
  'POST /api/authoring/drafts/:id/preview': { who: 'reviewer', params: id((a) => a.draftId), refuse: 404 },
  'GET /api/previews/:id': { who: 'author', params: id((a) => a.previewId), refuse: 404 },
  'GET /api/scenario-versions/:id/files': [
    { who: 'author', params: id((a) => a.versionId), refuse: 404 },
    { who: 'reviewer', params: id((a) => a.versionId), refuse: 404 },
    { who: 'enterpriseAdmin', params: id((a) => a.versionId), refuse: 404 },
    { who: 'teacher', params: id((a) => a.versionId), refuse: 404 },
  ],
  'GET /api/scenario-versions/:id/diff': [
    { who: 'author', params: id((a) => a.versionId), query: (a) => ({ against: a.versionId }), refuse: 404 },
    { who: 'author', params: ownId((o) => o.versionId), query: (a) => ({ against: a.versionId }), refuse: 404 },
    { who: 'teacher', params: id((a) => a.versionId), query: (a) => ({ against: a.versionId }), refuse: 404 },
  ],
  'GET /api/scenario-versions/:id/export': [
    { who: 'author', params: id((a) => a.versionId), refuse: 404 },
    { who: 'enterpriseAdmin', params: id((a) => a.versionId), refuse: 404 },
  ],
  'PUT /api/me/password': exempt('the caller’s own password; names no organisation or object'),
  'POST /api/password-resets': exempt('names an e-mail address, never an object; the answer is the same whether it has an account (tests/accounts/reset)'),
  'POST /api/password-resets/redeem': exempt('the link’s token is the credential and names no tenant’s object; every unusable token gets one answer (tests/accounts/reset)'),
  // Another school's admin cannot take over A's student by a link.
  'POST /api/users/:id/password-reset': [
    { who: 'schoolAdmin', params: id((a) => a.users.student), refuse: 404, operator: 'ok' },
    { who: 'enterpriseAdmin', params: id((a) => a.users.author), refuse: 404, operator: 'ok' },
  ],
  // Retention is the school's own admins' setting; another school's admin gets "no such school".
  // API tokens (issue 19): the organisation's own admins only; the operator manages none (tests/accounts/apiTokens).
  'GET /api/orgs/:orgId/api-tokens': { who: 'schoolAdmin', params: (a) => ({ orgId: a.schoolId }), refuse: 404 },
  'POST /api/orgs/:orgId/api-tokens': {
    who: 'schoolAdmin',
    params: (a) => ({ orgId: a.schoolId }),
    body: () => ({ name: uniq('script'), scopes: ['reports:read'], expiresInDays: 7 }),
    refuse: 404,
  },
  'DELETE /api/orgs/:orgId/api-tokens/:tokenId': [
    { who: 'schoolAdmin', params: (a) => ({ orgId: a.schoolId, tokenId: a.apiTokenId }), refuse: 404 },
    // Their own organisation named with A's token: still 404, the token is looked up within it.
    { who: 'schoolAdmin', params: (a, own) => ({ orgId: own.schoolId, tokenId: a.apiTokenId }), refuse: 404 },
  ],
  'GET /api/orgs/:orgId/retention': { who: 'schoolAdmin', params: (a) => ({ orgId: a.schoolId }), refuse: 404 },
  'PUT /api/orgs/:orgId/retention': { who: 'schoolAdmin', params: (a) => ({ orgId: a.schoolId }), body: () => ({ months: 36 }), refuse: 404 },
  // The body is the CSV file ({} here: A's own admin and the operator are told it has no accounts, 400).
  'POST /api/orgs/:orgId/account-imports/preview': [
    { who: 'schoolAdmin', params: (a) => ({ orgId: a.schoolId }), body: () => ({}), refuse: 404, operator: 'ok' },
    { who: 'enterpriseAdmin', params: (a) => ({ orgId: a.enterpriseId }), body: () => ({}), refuse: 404, operator: 'ok' },
  ],
  'POST /api/orgs/:orgId/account-imports': [
    { who: 'schoolAdmin', params: (a) => ({ orgId: a.schoolId }), query: () => ({ plan: '0'.repeat(64) }), body: () => ({}), refuse: 404, operator: 'ok' },
    { who: 'enterpriseAdmin', params: (a) => ({ orgId: a.enterpriseId }), query: () => ({ plan: '0'.repeat(64) }), body: () => ({}), refuse: 404, operator: 'ok' },
  ],
  'GET /api/sso/orgs': exempt('public by design: the names of the organisations that switched single sign-on on, for the sign-in page'),
  'GET /api/orgs/:orgId/sso': [
    { who: 'schoolAdmin', params: (a) => ({ orgId: a.schoolId }), refuse: 404, operator: 'ok' },
    { who: 'enterpriseAdmin', params: (a) => ({ orgId: a.enterpriseId }), refuse: 404, operator: 'ok' },
  ],
  'PUT /api/orgs/:orgId/sso': {
    who: 'schoolAdmin',
    params: (a) => ({ orgId: a.schoolId }),
    // Switched off: A's own admin and the operator save it without changing how anyone signs in.
    body: () => ({ enabled: false, issuer: 'https://id.tenants.test', clientId: 'practicum', claims: {} }),
    refuse: 404,
    operator: 'ok',
  },
  'GET /api/sso/:orgSlug/start': exempt('public: sends anyone to the named organisation’s identity provider, which decides who signs in'),
  'GET /api/sso/callback': exempt('public: finishes the sign-in this browser started (its cookie); names no organisation or object'),
  'GET /api/me/data-export': exempt('the caller’s own data; names no organisation or object'),
  'GET /api/users/:id/data-export': { who: 'schoolAdmin', params: id((a) => a.users.student), refuse: 404, operator: 'ok' },
  // A's admin and the operator are told the e-mail does not match (400): past authorization, nothing erased.
  'POST /api/users/:id/erasure': { who: 'schoolAdmin', params: id((a) => a.users.student), body: () => ({ confirmEmail: 'not-the-student@example.invalid' }), refuse: 404, operator: 'ok' },
  // Organisation ids are no secret: another organisation's setting is forbidden, not hidden.
  'GET /api/orgs/:id/erasure-policy': { who: 'schoolAdmin', params: id((a) => a.schoolId), refuse: 403, operator: 'ok' },
  // Organisation ids are no secret. A's admin and the operator set what is already set (nothing changes).
  'PUT /api/orgs/:id/erasure-policy': { who: 'schoolAdmin', params: id((a) => a.schoolId), body: () => ({ keepsScores: true }), refuse: 403, operator: 'ok' },
  // Both sides' admins read the partnership's proposal and acceptance (the world makes them through the API).
  'GET /api/audit': [
    { who: 'schoolAdmin', refuse: 'list', shows: (a) => [a.partnershipId, a.schoolId], operator: 'ok' },
    { who: 'enterpriseAdmin', refuse: 'list', shows: (a) => [a.partnershipId, a.enterpriseId], operator: 'ok' },
    { who: 'schoolAdmin', query: (a) => ({ orgId: a.schoolId }), refuse: 404, operator: 'ok' },
    { who: 'enterpriseAdmin', query: (a) => ({ targetId: a.partnershipId }), refuse: 'list', shows: (a) => [a.partnershipId], operator: 'ok' },
  ],
  // A CSV body is no JSON to search for ids: the scoped filter is the case here; tests/audit/read reads the file.
  'GET /api/audit.csv': [
    { who: 'schoolAdmin', query: (a) => ({ orgId: a.schoolId }), refuse: 404, operator: 'ok' },
    { who: 'enterpriseAdmin', query: (a) => ({ orgId: a.enterpriseId }), refuse: 404, operator: 'ok' },
  ],
  'GET /api/me/notifications': exempt('the caller’s own e-mail settings; names no organisation or object'),
  'PUT /api/me/notifications': exempt('the caller’s own e-mail settings; names no organisation or object'),
  'GET /api/mail/unsubscribe': exempt('no sign-in: the signed token names one person and kind; tests/mail/notifications'),
  'POST /api/mail/unsubscribe': exempt('no sign-in: the signed token names one person and kind; tests/mail/notifications'),
  'GET /api/openapi.json': exempt('describes the API itself; holds no tenant data'),
  'GET /api/docs': exempt('the API reference page; holds no tenant data'),
  'GET /api/docs/swagger-ui.css': exempt('the reference page’s renderer; holds no tenant data'),
  'GET /api/docs/swagger-ui-bundle.js': exempt('the reference page’s renderer; holds no tenant data'),
  'GET /api/docs/init.js': exempt('the reference page’s renderer; holds no tenant data'),
  'GET /api/orgs/:orgId/xapi': [
    { who: 'schoolAdmin', params: (a) => ({ orgId: a.schoolId }), refuse: 404, operator: 'ok' },
    { who: 'enterpriseAdmin', params: (a) => ({ orgId: a.enterpriseId }), refuse: 404, operator: 'ok' },
  ],
  // Switched off: A's own admin and the operator save it without sending anything anywhere.
  'PUT /api/orgs/:orgId/xapi': { who: 'schoolAdmin', params: (a) => ({ orgId: a.schoolId }), body: () => ({ enabled: false }), refuse: 404, operator: 'ok' },
  'GET /api/orgs/:orgId/xapi/queue': { who: 'schoolAdmin', params: (a) => ({ orgId: a.schoolId }), refuse: 404, operator: 'ok' },
  'POST /api/orgs/:orgId/xapi/queue/retry': { who: 'schoolAdmin', params: (a) => ({ orgId: a.schoolId }), refuse: 404, operator: 'ok' },
  'GET /api/courses/:id/xapi-statements': [
    { who: 'teacher', params: id((a) => a.courseId), refuse: 404 },
    { who: 'schoolAdmin', params: id((a) => a.courseId), refuse: 404 },
  ],
  // LTI 1.3 (issue 20): a school's own admins register platforms (others 404: tests/lti/registrations).
  'GET /api/orgs/:orgId/lti/registrations': { who: 'schoolAdmin', params: (a) => ({ orgId: a.schoolId }), refuse: 404, operator: 'ok' },
  'POST /api/orgs/:orgId/lti/registrations': {
    who: 'schoolAdmin',
    params: (a) => ({ orgId: a.schoolId }),
    body: () => ({
      issuer: 'https://lms.tenants.test',
      clientId: uniq('lti-client'),
      authLoginUrl: 'https://lms.tenants.test/auth',
      tokenUrl: 'https://lms.tenants.test/token',
      jwksUrl: 'https://lms.tenants.test/jwks',
      deploymentIds: ['1'],
    }),
    refuse: 404,
    operator: 'ok',
  },
  // A's own admin removes it as the positive control, so the operator, coming next, finds it gone (404).
  'DELETE /api/orgs/:orgId/lti/registrations/:id': [
    { who: 'schoolAdmin', params: (a) => ({ orgId: a.schoolId, id: a.ltiRegistrationId }), refuse: 404, operator: 404 },
    // Their own school named with A's registration: still 404, it is looked up within the school.
    { who: 'schoolAdmin', params: (a, own) => ({ orgId: own.schoolId, id: a.spareLtiRegistrationId }), refuse: 404, operator: 404 },
  ],
  'GET /lti/jwks': exempt('public by design: the tool’s public keys, the same for every organisation'),
  'GET /lti/login': exempt('public: an LMS starts it; the registration (issuer, client id) it names decides the school, and the launch is proved by the platform’s signature'),
  'POST /lti/login': exempt('public: the same login, posted as a form'),
  'POST /lti/launch': exempt('public: the platform’s signed id_token for a login this browser started (its cookie); provisions only into the registration’s own school (tests/lti/launch)'),
};

export type SocketCase = {
  who: PersonKey;
  payload: Build<unknown>;
  /** Another tenant's objects are "not found" over sockets as over HTTP. */
  refuse: 'not_found';
  /** The platform operator sending A's payload; by default refused by role. */
  operator?: 'forbidden' | 'not_found';
};
export type SocketRow = Exempt | SocketCase | SocketCase[];

const attempt = (a: TenantIds) => ({ attemptId: a.attemptId });
const draft = (a: TenantIds) => ({ draftId: a.draftId });
const preview = (a: TenantIds) => ({ previewId: a.previewId });

export const SOCKET_TENANT: Record<string, SocketRow> = {
  'clock.sync': exempt('the server’s time; names nothing'),
  'attempt.join': [
    { who: 'student', payload: attempt, refuse: 'not_found' },
    { who: 'teacher', payload: attempt, refuse: 'not_found' },
  ],
  // A's student is told the attempt was submitted (conflict): past authorization, nothing written.
  'file.save': { who: 'student', payload: (a) => ({ attemptId: a.attemptId, path: 'answers.json', baseRevision: 2, content: '{}' }), refuse: 'not_found' },
  'checks.run': { who: 'student', payload: attempt, refuse: 'not_found' },
  'events.read': { who: 'student', payload: (a) => ({ attemptId: a.attemptId, eventIds: ['reminder'] }), refuse: 'not_found' },
  'monitor.join': { who: 'teacher', payload: (a) => ({ assignmentId: a.assignmentId }), refuse: 'not_found' },
  'reviewQueue.join': { who: 'reviewer', payload: (a) => ({ enterpriseId: a.enterpriseId }), refuse: 'not_found' },
  'reviewAlerts.join': [
    { who: 'enterpriseAdmin', payload: (a) => ({ enterpriseId: a.enterpriseId }), refuse: 'not_found' },
    { who: 'reviewer', payload: (a) => ({ enterpriseId: a.enterpriseId }), refuse: 'not_found' },
  ],
  'draft.join': [
    { who: 'author', payload: draft, refuse: 'not_found' },
    { who: 'reviewer', payload: draft, refuse: 'not_found' },
  ],
  'draftFile.save': { who: 'author', payload: (a) => ({ draftId: a.draftId, path: 'brief.md', baseRevision: 0, content: 'Overwritten' }), refuse: 'not_found' },
  'draftFile.delete': { who: 'author', payload: (a) => ({ draftId: a.draftId, path: 'brief.md', baseRevision: 99 }), refuse: 'not_found' },
  'draft.validate': { who: 'author', payload: (a) => ({ draftId: a.brokenDraftId }), refuse: 'not_found' },
  'thread.join': [
    { who: 'author', payload: versionThread, refuse: 'not_found', operator: 'not_found' },
    { who: 'teacher', payload: reportThread, refuse: 'not_found', operator: 'not_found' },
  ],
  'placement.join': [
    { who: 'student', payload: (a) => ({ placementId: a.placementId }), refuse: 'not_found', operator: 'not_found' },
    { who: 'teacher', payload: (a) => ({ placementId: a.placementId }), refuse: 'not_found', operator: 'not_found' },
    { who: 'enterpriseAdmin', payload: (a) => ({ placementId: a.placementId }), refuse: 'not_found', operator: 'not_found' },
  ],
  // Only the course's own teachers follow its mastery recompute (tests/competency/masteryJobs).
  'mastery.join': { who: 'teacher', payload: (a) => ({ courseId: a.courseId }), refuse: 'not_found' },
  'preview.join': { who: 'author', payload: preview, refuse: 'not_found' },
  'preview.fileSave': { who: 'author', payload: (a) => ({ previewId: a.previewId, path: 'answers.json', baseRevision: 0, content: '{}' }), refuse: 'not_found' },
  'preview.checksRun': { who: 'author', payload: preview, refuse: 'not_found' },
  'preview.skip': { who: 'author', payload: preview, refuse: 'not_found' },
  // A's student is told the attempt was submitted (conflict): past authorization, nothing runs.
  'code.run': { who: 'student', payload: (a) => ({ attemptId: a.attemptId, source: 'console.log(1)' }), refuse: 'not_found' },
  'data.describe': { who: 'student', payload: attempt, refuse: 'not_found' },
  'data.query': { who: 'student', payload: (a) => ({ attemptId: a.attemptId, dataset: 'sum', sql: 'SELECT 1' }), refuse: 'not_found' },
  // A's author runs the snippet in the sandbox; the scenario has no data (validation_failed names the dataset).
  'preview.codeRun': { who: 'author', payload: (a) => ({ previewId: a.previewId, source: 'console.log(1)' }), refuse: 'not_found' },
  'preview.dataDescribe': { who: 'author', payload: preview, refuse: 'not_found' },
  'preview.dataQuery': { who: 'author', payload: (a) => ({ previewId: a.previewId, dataset: 'sum', sql: 'SELECT 1' }), refuse: 'not_found' },
};
