import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { importCase } from '../../server/competency/case';
import { SHIPPED_FRAMEWORK } from '../../server/competency/framework';
import { publishPackage } from '../../server/scenarios/sync';
import type { AccessRole } from '../../server/http/policy';
import type { TestAgent, TestServer } from '../helpers/app';
import { buildOrg, buildPartnership, buildUser } from '../helpers/factories';
import { workspaceScenario } from '../helpers/scenario';

export type Caller = 'anonymous' | AccessRole;
export const CALLERS: Caller[] = ['anonymous', 'student', 'teacher', 'author', 'reviewer', 'mentor', 'admin', 'operator'];

export type FuzzWorld = {
  /** Real ids of every kind, so fuzzed requests also reach past "not found" into the services. */
  ids: string[];
  agents: Record<Caller, TestAgent>;
  cookies: Partial<Record<AccessRole, string>>;
  signInAgain(role: AccessRole): Promise<void>;
  /**
   * Puts the people back as they were and signs them in again: fuzzed admin calls with real
   * ids disable accounts and take roles away, and fuzzed sign-outs end sessions.
   */
  restore(): Promise<void>;
};

function expectOk(res: { status: number; body: unknown }, what: string): void {
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
}

/** A school and an enterprise in partnership, one person per role, and one object of each kind. */
export async function buildFuzzWorld(t: TestServer): Promise<FuzzWorld> {
  const school = await buildOrg(t.db, { kind: 'school' });
  const enterprise = await buildOrg(t.db, { kind: 'enterprise' });
  const partnershipId = await buildPartnership(t.db, school, enterprise);
  await importCase(t.db, JSON.parse(fs.readFileSync(SHIPPED_FRAMEWORK, 'utf8')), new Date());
  const framework = await t.db('frameworks').first('id');
  await publishPackage(t.db, workspaceScenario('fuzz-quote'), new Date());
  const version = await t.db('scenario_versions').first('id', 'scenario_id');

  const users = {
    student: await buildUser(t.db, { org: school, roles: ['student'] }),
    teacher: await buildUser(t.db, { org: school, roles: ['teacher'] }),
    admin: await buildUser(t.db, { org: school, roles: ['admin'] }),
    author: await buildUser(t.db, { org: enterprise, roles: ['author'] }),
    reviewer: await buildUser(t.db, { org: enterprise, roles: ['reviewer'] }),
    mentor: await buildUser(t.db, { org: enterprise, roles: ['mentor'] }),
    operator: await buildUser(t.db, { roles: ['operator'] }),
  } as const;
  const agents = { anonymous: t.agent() } as Record<Caller, TestAgent>;
  const cookies: Partial<Record<AccessRole, string>> = {};
  const signInAgain = async (role: AccessRole) => {
    const s = await t.signIn(users[role]);
    agents[role] = s.agent;
    cookies[role] = s.cookie;
  };
  for (const role of Object.keys(users) as AccessRole[]) await signInAgain(role);
  const userIds = Object.values(users).map((u) => u.id);
  const memberships = await t.db('memberships').whereIn('user_id', userIds).select('*');
  const restore = async () => {
    await t.db('users').whereIn('id', userIds).update({ disabled: false });
    await t.db('memberships').whereIn('user_id', userIds).delete();
    await t.db('memberships').insert(memberships);
    for (const role of Object.keys(users) as AccessRole[]) await signInAgain(role);
  };

  const course = await agents.teacher.post('/api/courses').send({ title: 'Fuzzing 101' });
  expectOk(course, 'course');
  const courseId: string = course.body.course.id;
  expectOk(await agents.teacher.post(`/api/courses/${courseId}/enrolments`).send({ userIds: [users.student.id] }), 'enrolment');
  const assignment = await agents.teacher.post(`/api/courses/${courseId}/assignments`).send({ scenarioVersionId: version.id });
  expectOk(assignment, 'assignment');
  const assignmentId: string = assignment.body.assignment.id;
  const attempt = await agents.student.post(`/api/assignments/${assignmentId}/attempts`);
  expectOk(attempt, 'attempt');
  const draft = await agents.author.post('/api/authoring/drafts').send({ enterpriseId: enterprise.id, template: { slug: 'fuzz-draft', title: 'Fuzz draft' } });
  expectOk(draft, 'draft');
  const draftId: string = draft.body.draft.id;
  const preview = await agents.author.post(`/api/authoring/drafts/${draftId}/preview`);
  expectOk(preview, 'preview');

  // A training base (what the enterprise's admin opens: written directly, the world has no
  // enterprise admin) and a placement at it, so fuzzed requests name real ones.
  const baseId = randomUUID();
  const now = new Date();
  await t.db('training_bases').insert({ id: baseId, partnership_id: partnershipId, enterprise_id: enterprise.id, name: 'Fuzz base', site: '', roles_json: '["Operator"]', competencies_json: '[]', capacity: 3, created_at: now, updated_at: now });
  const day = new Date().toISOString().slice(0, 10);
  const placement = await agents.teacher.post('/api/placements').send({ baseId, studentId: users.student.id, role: 'Operator', startsOn: day, endsOn: day, weeklyHours: 10 });
  expectOk(placement, 'placement');

  const ids = [
    school.id,
    baseId,
    placement.body.placement.id,
    enterprise.id,
    partnershipId,
    version.id,
    version.scenario_id,
    courseId,
    assignmentId,
    attempt.body.attempt.id,
    draftId,
    preview.body.previewId,
    framework.id,
    ...Object.values(users).map((u) => u.id),
  ];
  return { ids, agents, cookies, signInAgain, restore };
}
