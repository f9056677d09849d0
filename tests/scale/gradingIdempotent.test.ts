import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeSubmission } from '../../server/attempts/grading';
import { ClientEvents } from '../../server/contract/realtime';
import { publishPackage } from '../../server/scenarios/sync';
import { getTestServer, type TestServer } from '../helpers/app';
import { buildOrg, buildPartnership, buildUser, type OrgRecord } from '../helpers/factories';
import { reviewScenario, workspaceScenario } from '../helpers/scenario';
import { connected, openSocket } from '../helpers/socket';

/**
 * What makes a retried grading job harmless: the same submission graded twice at once (two
 * workers, or a worker retrying a job whose first worker died after writing the grade) writes
 * one score, one check run and one set of evidence (or one review item); the later call only
 * reports that it did nothing. With review the attempt stays "submitted" after the checks, so
 * the status alone cannot be the guard.
 */
let t: TestServer;
let school: OrgRecord;
let enterprise: OrgRecord;

beforeAll(async () => {
  t = await getTestServer();
  school = await buildOrg(t.db, { kind: 'school' });
  enterprise = await buildOrg(t.db, { kind: 'enterprise' });
  await buildPartnership(t.db, school, enterprise);
  await buildUser(t.db, { org: enterprise, roles: ['reviewer'] });
});
afterAll(() => t.close());

/** A submitted, not yet graded attempt: as a worker finds it in the queue. */
async function submitted(slug: string, review: 'none' | 'single'): Promise<string> {
  await publishPackage(t.db, review === 'none' ? workspaceScenario(slug) : reviewScenario(slug), new Date());
  const scenario = await t.db('scenarios').where({ slug }).first('id');
  await t.db('scenarios').where({ id: scenario.id }).update({ owner_org_id: enterprise.id });
  const versionId = (await t.db('scenario_versions').where({ scenario_id: scenario.id }).first('id')).id;
  const teacher = await t.signIn(await buildUser(t.db, { org: school, roles: ['teacher'] }));
  const student = await t.signIn(await buildUser(t.db, { org: school, roles: ['student'] }));
  const courseId = (await teacher.agent.post('/api/courses').send({ title: `Course ${slug}` })).body.course.id;
  await teacher.agent.post(`/api/courses/${courseId}/enrolments`).send({ userIds: [student.user.id] }).expect(200);
  const asg = await teacher.agent.post(`/api/courses/${courseId}/assignments`).send({ scenarioVersionId: versionId, review });
  expect(asg.status).toBe(201);
  const attemptId = (await student.agent.post(`/api/assignments/${asg.body.assignment.id}/attempts`)).body.attempt.id;
  const socket = await connected(openSocket(t.url, { cookie: student.cookie }));
  await socket.emitWithAck(ClientEvents.fileSave, { attemptId, path: 'total.js', baseRevision: 1, content: 'exports.total = (xs) => xs.reduce((a, b) => a + b, 0);\n' });
  socket.close();
  await t.db('attempts').where({ id: attemptId }).update({ status: 'submitted', submitted_at: new Date(), submit_reason: 'student' });
  return attemptId;
}

const count = async (table: string, where: Record<string, string>) => Number((await t.db(table).where(where).count<{ n: number | string }[]>({ n: '*' }))[0]!.n);

describe('grading the same submission twice at once', () => {
  it('without review: one grade, one check run, one set of evidence', async () => {
    const attemptId = await submitted('twice-quote', 'none');
    const results = await Promise.all([gradeSubmission(t.deps, attemptId), gradeSubmission(t.deps, attemptId)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await gradeSubmission(t.deps, attemptId)).toBe(false);
    expect(await count('check_runs', { attempt_id: attemptId, kind: 'submission' })).toBe(1);
    expect(await count('statements', { attempt_id: attemptId, verb: 'scored' })).toBe(1);
    const evidence: { ref_id: string; competency_code: string }[] = await t.db('evidence').where({ attempt_id: attemptId }).select('ref_id', 'competency_code');
    expect(evidence.length).toBeGreaterThan(0);
    expect(new Set(evidence.map((e) => `${e.ref_id}:${e.competency_code}`)).size).toBe(evidence.length);
    expect(await t.db('attempts').where({ id: attemptId }).first('status')).toEqual({ status: 'graded' });
  });

  it('with review: one check run and one item in the review queue', async () => {
    const attemptId = await submitted('twice-review', 'single');
    const results = await Promise.all([gradeSubmission(t.deps, attemptId), gradeSubmission(t.deps, attemptId)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await gradeSubmission(t.deps, attemptId)).toBe(false);
    expect(await count('check_runs', { attempt_id: attemptId, kind: 'submission' })).toBe(1);
    expect(await count('statements', { attempt_id: attemptId, verb: 'scored' })).toBe(1);
    expect(await count('review_items', { attempt_id: attemptId })).toBe(1);
    expect(await t.db('attempts').where({ id: attemptId }).first('status')).toEqual({ status: 'submitted' });
  });
});
