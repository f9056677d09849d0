import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { ClientEvents } from '../../server/contract/realtime';
import { mondayOf } from '../../server/logbook/weeks';
import { publishPackage } from '../../server/scenarios/sync';
import { importFramework } from '../feedback/world';
import type { TestAgent, TestServer } from './app';
import { isoDay } from './clock';
import type { UserRecord } from './factories';
import { buildPackage, manifestFor } from './scenario';
import { connected, openSocket } from './socket';
import { caseId } from './case';

/**
 * Two tenants built the way the product builds them: a platform operator creates a school
 * and an enterprise and their admins; the admins create their people and partner up; the
 * enterprise's scenario is taught, attempted, graded, reviewed, regraded, discussed and
 * drafted again through the API. Only what the API has no path for (publishing a package
 * from disk and taking ownership of it, a draft that no longer loads) goes to the database.
 */

export type Person = { agent: TestAgent; user: UserRecord; cookie: string };

/** Everyone a tenant has, one person per role (the reviewer is a lead). */
export const PEOPLE = ['schoolAdmin', 'teacher', 'student', 'enterpriseAdmin', 'author', 'reviewer'] as const;
export type PersonKey = (typeof PEOPLE)[number];

/** A tenant's ids: plain data, so a request can be built from it (and from its ghost). */
export type TenantIds = {
  schoolId: string;
  enterpriseId: string;
  partnershipId: string;
  /** A training base of the partnership, and the student's placement there. */
  baseId: string;
  placementId: string;
  /** A photo in the placement's first logbook week (`names.logWeek`). */
  logAttachmentId: string;
  /** The student consents to be the enterprise's candidate; shortlisted and invited to an interview. */
  invitationId: string;
  /** The enterprise's ref for the student as a candidate (never their user id). */
  candidateId: string;
  users: Record<PersonKey, string>;
  /** The membership that gives each person their role. */
  memberships: Record<PersonKey, string>;
  scenarioId: string;
  versionId: string;
  courseId: string;
  /** Assessment, single review, two attempts. */
  assignmentId: string;
  /** Targeted practice for the student, not started: there to be withdrawn by its teacher. */
  practiceId: string;
  /** Graded, reviewed, released; its review item is done and a calibration item. */
  attemptId: string;
  itemId: string;
  regradeId: string;
  /** The second attempt: submitted, its review item still open. */
  openAttemptId: string;
  openItemId: string;
  moduleId: string;
  /** A module, a draft: there to be deleted by their owners. */
  spareModuleId: string;
  adjustmentId: string;
  frameworkId: string;
  /** An API token of the school, made by its admin (issue 19). */
  apiTokenId: string;
  /** Two LTI platform registrations of the school (issue 20): each there to be removed once. */
  ltiRegistrationId: string;
  spareLtiRegistrationId: string;
  draftId: string;
  spareDraftId: string;
  /** A draft whose scenario.yaml no longer parses: validating it is quick. */
  brokenDraftId: string;
  /** The author's preview of `draftId`. */
  previewId: string;
  versionCommentId: string;
  reportCommentId: string;
  /** Not ids: names the tenant's objects go by. */
  names: { slug: string; frameworkIdentifier: string; label: string; logWeek: string };
};

export type Tenant = { ids: TenantIds; people: Record<PersonKey, Person> };

const PASSWORD = 'tenants are kept apart';
const ANSWERS = '{ "sum": 5, "double": 8 }\n';

/**
 * The enterprise's scenario: answer checks (graded without the sandbox, which tenancy has
 * nothing to do with), a rubric of two criteria for review, and a timed event.
 */
export function tenantScenario(slug: string) {
  const level = [
    { score: 0, text: 'Missing' },
    { score: 5, text: 'Partly' },
    { score: 10, text: 'Clear and complete' },
  ];
  const answer = (id: string, question: string, value: number, visible: boolean) => ({
    id,
    title: question,
    kind: 'answer',
    question,
    answer: { type: 'number', value },
    visible,
    points: 10,
    competencies: { 'data.analysis': 1 },
  });
  const manifest = manifestFor(
    slug,
    [
      {
        id: 'sum',
        title: 'Add up the order',
        instructions: 'tasks/sum.md',
        checks: [answer('sum', 'What is 2 + 3?', 5, true), answer('double', 'What is 4 + 4?', 8, false)],
        rubric: [
          { id: 'explains', title: 'Explains the working', points: 10, levels: level, competencies: { 'communication.technical': 1 } },
          { id: 'style', title: 'Tidy answer', points: 10, levels: level, competencies: { 'communication.technical': 1 } },
        ],
      },
    ],
    {
      events: [{ id: 'reminder', at: '10m', from: 'Li Wei', subject: 'Any news?', body: 'events/reminder.md' }],
      scoring: { autoWeight: 0.6, reviewWeight: 0.4, passAt: 0.5 },
    },
  );
  return buildPackage(manifest, {
    'brief.md': '# Sums Ltd',
    'tasks/sum.md': 'Answer in answers.json.',
    'events/reminder.md': 'How are the sums going?',
    'workspace/answers.json': '{ "sum": "", "double": "" }\n',
    'solution/answers.json': ANSWERS,
  });
}

/** The answer's body, after checking the request did what the world needs. */
async function ok(res: PromiseLike<Response>, status: number, what: string): Promise<Response['body']> {
  const r = await res;
  if (r.status !== status) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** A small CASE package an organisation imports as its own framework (`identifier` is a UUID). */
export const ownFramework = (identifier: string) => ({
  CFDocument: { identifier, title: `Framework ${identifier}` },
  CFItems: [{ identifier: caseId(`${identifier}-1`), humanCodingScheme: `fw-${identifier.slice(0, 8)}.one`, fullStatement: 'The one competency of this framework' }],
});

export async function buildTenant(t: TestServer, operator: Person, label: string): Promise<Tenant> {
  const org = async (kind: 'school' | 'enterprise', name: string) =>
    (await ok(operator.agent.post('/api/orgs').send({ name, slug: `${kind}-${label}`, kind }), 201, `create ${name}`)).org.id as string;
  const schoolId = await org('school', `School ${label.toUpperCase()}`);
  const enterpriseId = await org('enterprise', `Works ${label.toUpperCase()}`);

  const users = {} as Record<PersonKey, string>;
  const memberships = {} as Record<PersonKey, string>;
  const people = {} as Record<PersonKey, Person>;
  const person = async (by: Person, key: PersonKey, orgId: string, role: string, lead = false) => {
    const email = `${label}-${key.toLowerCase()}@tenants.test`;
    const body = { email, name: `${key} ${label.toUpperCase()}`, password: PASSWORD, memberships: [{ orgId, role, ...(lead ? { lead } : {}) }] };
    const { user } = await ok(by.agent.post('/api/users').send(body), 201, `create ${key}`);
    users[key] = user.id;
    memberships[key] = user.memberships[0].id;
    people[key] = await t.signIn({ id: user.id, email, name: user.name, password: PASSWORD, orgId });
  };
  await person(operator, 'schoolAdmin', schoolId, 'admin');
  await person(operator, 'enterpriseAdmin', enterpriseId, 'admin');
  await person(people.schoolAdmin, 'teacher', schoolId, 'teacher');
  await person(people.schoolAdmin, 'student', schoolId, 'student');
  await person(people.enterpriseAdmin, 'author', enterpriseId, 'author');
  await person(people.enterpriseAdmin, 'reviewer', enterpriseId, 'reviewer', true);
  const { teacher, student, reviewer, author, schoolAdmin, enterpriseAdmin } = people;

  const proposed = await ok(schoolAdmin.agent.post('/api/partnerships').send({ partnerId: enterpriseId }), 201, 'propose');
  const partnershipId: string = proposed.partnership.id;
  await ok(enterpriseAdmin.agent.patch(`/api/partnerships/${partnershipId}`).send({ status: 'active' }), 200, 'accept');
  const baseBody = { partnershipId, name: `Base ${label}`, roles: ['Operator'], competencies: [], capacity: 5 };
  const baseId: string = (await ok(enterpriseAdmin.agent.post('/api/training-bases').send(baseBody), 201, 'training base')).base.id;
  const placementBody = { baseId, studentId: users.student, role: 'Operator', startsOn: isoDay(Date.now()), endsOn: isoDay(Date.now() + 60 * 86_400_000), weeklyHours: 20 };
  const placementId: string = (await ok(teacher.agent.post('/api/placements').send(placementBody), 201, 'placement')).placement.id;
  // The student's first logbook week with a photo: read by the school, the photo there to be removed by the student.
  const logWeek = mondayOf(placementBody.startsOn);
  const logUrl = `/api/placements/${placementId}/logbook/${logWeek}`;
  await ok(student.agent.put(logUrl).send({ baseRevision: 0, hours: 8, tasks: 'Induction', learned: '', problems: '' }), 200, 'log week');
  const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
  const logAttachmentId: string = (await ok(student.agent.post(`${logUrl}/attachments`).query({ name: 'photo.png' }).set('Content-Type', 'image/png').send(png), 201, 'log attachment')).attachment.id;
  await ok(student.agent.put(`/api/me/talent-consents/${enterpriseId}`).send({ shares: { identity: true, assessments: true } }), 200, 'talent consent');
  const candidateId: string = (await ok(enterpriseAdmin.agent.get('/api/talent/candidates').query({ role: 'Operator' }), 200, 'candidates')).candidates[0].id;
  await ok(enterpriseAdmin.agent.put(`/api/talent/candidates/${candidateId}/shortlist`).send({ role: 'Operator', note: 'Shortlisted' }), 204, 'shortlist');
  const invitation = { role: 'Operator', at: new Date(Date.now() + 7 * 86_400_000).toISOString(), place: `Base ${label}`, message: '' };
  const invitationId: string = (await ok(enterpriseAdmin.agent.post(`/api/talent/candidates/${candidateId}/invitations`).send(invitation), 201, 'invitation')).invitation.id;

  // Publishing from a package folder and owning it: what `scenarios sync` and an operator do.
  const slug = `tenant-${label}-review`;
  await publishPackage(t.db, tenantScenario(slug), new Date());
  const scenarioId: string = (await t.db('scenarios').where({ slug }).first('id')).id;
  await t.db('scenarios').where({ id: scenarioId }).update({ owner_org_id: enterpriseId });
  const versionId: string = (await t.db('scenario_versions').where({ scenario_id: scenarioId }).first('id')).id;

  const courseId: string = (await ok(teacher.agent.post('/api/courses').send({ title: `Course ${label}` }), 201, 'course')).course.id;
  await ok(teacher.agent.post(`/api/courses/${courseId}/enrolments`).send({ userIds: [users.student] }), 200, 'enrol');
  const assignment = { scenarioVersionId: versionId, title: `Work ${label}`, mode: 'assessment', maxAttempts: 2, review: 'single' };
  const assignmentId: string = (await ok(teacher.agent.post(`/api/courses/${courseId}/assignments`).send(assignment), 201, 'assign')).assignment.id;

  // The first attempt: solved, submitted, graded by the checks, then reviewed.
  const first = (await ok(student.agent.post(`/api/assignments/${assignmentId}/attempts`), 201, 'start')).attempt;
  const socket = await connected(openSocket(t.url, { cookie: student.cookie }));
  const file = first.files.find((f: { path: string }) => f.path === 'answers.json');
  const saved = await socket.emitWithAck(ClientEvents.fileSave, { attemptId: first.id, path: 'answers.json', baseRevision: file.revision, content: ANSWERS });
  socket.close();
  if (!saved.ok) throw new Error(`save: ${JSON.stringify(saved)}`);
  await ok(student.agent.post(`/api/attempts/${first.id}/submission`), 200, 'submit');
  const itemId: string = (await t.db('review_items').where({ attempt_id: first.id }).first('id')).id;
  await ok(reviewer.agent.post(`/api/review-items/${itemId}/claim`), 201, 'claim');
  const scores = [
    { criterionId: 'explains', level: 1 },
    { criterionId: 'style', level: 2 },
  ];
  await ok(reviewer.agent.post(`/api/review-items/${itemId}/reviews`).send({ scores, overallComment: 'Good fix; say why next time.' }), 200, 'review');
  const regrade = { target: { kind: 'criterion', id: 'explains' }, reason: 'My commit note does explain the cause.' };
  const regradeId: string = (await ok(student.agent.post(`/api/attempts/${first.id}/regrade-requests`).send(regrade), 201, 'regrade')).request.id;
  await ok(reviewer.agent.post(`/api/review-items/${itemId}/calibration`).send({ scores }), 200, 'calibration');

  // The second attempt: submitted as it started; it waits in the queue.
  const second = (await ok(student.agent.post(`/api/assignments/${assignmentId}/attempts`), 201, 'start again')).attempt;
  await ok(student.agent.post(`/api/attempts/${second.id}/submission`), 200, 'submit again');
  const openItemId: string = (await t.db('review_items').where({ attempt_id: second.id }).first('id')).id;

  // Written as `POST …/practice` writes it: that route refuses practice on a scenario the course assesses.
  const practiceId = randomUUID();
  await t.db('assignments').insert({
    id: practiceId,
    course_id: courseId,
    scenario_version_id: versionId,
    title: `Practice ${label}`,
    mode: 'practice',
    opens_at: new Date(),
    closes_at: null,
    time_limit_minutes: 30,
    max_attempts: null,
    reveal_policy: 'description',
    review: 'none',
    blind_review: false,
    created_by: users.teacher,
    created_at: new Date(),
  });
  await t.db('assignment_targets').insert({ assignment_id: practiceId, student_id: users.student });

  const module = (title: string) => ({ title, competencies: [{ code: 'js.debugging' }] });
  const moduleId: string = (await ok(teacher.agent.post(`/api/courses/${courseId}/modules`).send(module('Debugging')), 201, 'module')).module.id;
  const spareModuleId: string = (await ok(teacher.agent.post(`/api/courses/${courseId}/modules`).send(module('Spare')), 201, 'spare module')).module.id;
  const adjustment = { moduleId, madeOn: isoDay(Date.now()), what: 'More practice reading stack traces', why: 'Reviewers saw guesses', scenarioIds: [scenarioId] };
  const adjustmentId: string = (await ok(teacher.agent.post(`/api/courses/${courseId}/adjustments`).send(adjustment), 201, 'adjustment')).adjustment.id;

  const frameworkIdentifier = caseId(`tenant-${label}-framework`);
  const frameworkId: string = (await ok(schoolAdmin.agent.post('/api/frameworks').send(ownFramework(frameworkIdentifier)), 201, 'framework')).framework.id;

  const token = { name: `tenant-${label} export`, scopes: ['reports:read'], expiresInDays: 30 };
  const apiTokenId: string = (await ok(schoolAdmin.agent.post(`/api/orgs/${schoolId}/api-tokens`).send(token), 201, 'API token')).token.id;
  const lti = (clientId: string) => ({
    issuer: `https://lms-${label}.tenants.test`,
    clientId,
    authLoginUrl: `https://lms-${label}.tenants.test/auth`,
    tokenUrl: `https://lms-${label}.tenants.test/token`,
    jwksUrl: `https://lms-${label}.tenants.test/jwks`,
    deploymentIds: ['1'],
  });
  const ltiRegistrationId: string = (await ok(schoolAdmin.agent.post(`/api/orgs/${schoolId}/lti/registrations`).send(lti('tool')), 201, 'LTI registration')).registration.id;
  const spareLtiRegistrationId: string = (await ok(schoolAdmin.agent.post(`/api/orgs/${schoolId}/lti/registrations`).send(lti('spare')), 201, 'LTI registration')).registration.id;

  const draft = (body: object) => ok(author.agent.post('/api/authoring/drafts').send({ enterpriseId, ...body }), 201, 'draft');
  const draftId: string = (await draft({ fromVersionId: versionId })).draft.id;
  const previewId: string = (await ok(author.agent.post(`/api/authoring/drafts/${draftId}/preview`), 201, 'preview')).previewId;
  const spareDraftId: string = (await draft({ template: { slug: `tenant-${label}-spare`, title: 'A spare draft' } })).draft.id;
  const brokenDraftId: string = (await draft({ template: { slug: `tenant-${label}-broken`, title: 'A broken draft' } })).draft.id;
  await t.db('draft_files').where({ draft_id: brokenDraftId, path: 'scenario.yaml' }).update({ content: 'id: [' });

  const comment = (by: Person, kind: string, subjectId: string) =>
    ok(by.agent.post(`/api/threads/${kind}/${subjectId}`).send({ body: `A word from tenant ${label}` }), 201, 'comment').then((b) => b.comment.id as string);
  const versionCommentId = await comment(author, 'scenario_version', versionId);
  const reportCommentId = await comment(teacher, 'report_section', `${courseId}:gaps`);

  const ids: TenantIds = {
    schoolId,
    enterpriseId,
    partnershipId,
    baseId,
    placementId,
    logAttachmentId,
    invitationId,
    candidateId,
    users,
    memberships,
    scenarioId,
    versionId,
    courseId,
    assignmentId,
    practiceId,
    attemptId: first.id,
    itemId,
    regradeId,
    openAttemptId: second.id,
    openItemId,
    moduleId,
    spareModuleId,
    adjustmentId,
    frameworkId,
    apiTokenId,
    ltiRegistrationId,
    spareLtiRegistrationId,
    draftId,
    spareDraftId,
    brokenDraftId,
    previewId,
    versionCommentId,
    reportCommentId,
    names: { slug, frameworkIdentifier, label, logWeek },
  };
  return { ids, people };
}

/** Tenants A and B (and the platform operator who set them up), on one server. */
export async function buildTenants(t: TestServer): Promise<{ A: Tenant; B: Tenant; operator: Person }> {
  await importFramework(t.db, new Date());
  const operator = await t.signIn(['operator']);
  const A = await buildTenant(t, operator, 'a');
  const B = await buildTenant(t, operator, 'b');
  return { A, B, operator };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every id of a tenant's objects and people. */
export function idsOf(ids: TenantIds): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string' && UUID.test(v)) out.push(v);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(ids);
  return [...new Set(out)];
}

/**
 * The tenant's ghost: the same shape with every id replaced by one that exists nowhere. What
 * another tenant is told about A's objects must be what it is told about the ghost's.
 */
export function ghostOf(ids: TenantIds): { ghost: TenantIds; toGhost: (text: string) => string } {
  const map = new Map(idsOf(ids).map((id) => [id, randomUUID()]));
  const swap = (v: unknown): unknown =>
    typeof v === 'string' ? (map.get(v) ?? v) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, swap(x)])) : v;
  const toGhost = (text: string) => [...map].reduce((s, [real, fake]) => s.replaceAll(real, fake), text);
  return { ghost: swap(ids) as TenantIds, toGhost };
}
