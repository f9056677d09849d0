import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { backlogSize, GRADING_AT_ONCE, gradeInBackground, isGradingHere } from '../../server/attempts/backlog';
import { sweep } from '../../server/attempts/scheduler';
import { runVisibleChecks } from '../../server/attempts/service';
import type { Actor } from '../../server/http/policy';
import { publishPackage } from '../../server/scenarios/sync';
import { getTestServer, type TestServer } from '../helpers/app';
import { buildOrg, buildUser } from '../helpers/factories';
import { workspaceScenario } from '../helpers/scenario';
import { clockStart } from '../helpers/clock';

/**
 * A shared deadline on one machine (no workers): the scheduler submits every attempt in one
 * pass and grades them a few at a time; the regrade pass leaves the ones still waiting alone;
 * a student still working gets their check run; every submission ends graded exactly once.
 * On PostgreSQL, gradings of one course running together used to deadlock on the course row
 * (competency/evidence.ts writeEvidence), leaving submissions ungraded: this caught it.
 * Structural only: counts and states, never how long anything took.
 */
let now = clockStart();
const clock = () => new Date(now);
const AT_DEADLINE = GRADING_AT_ONCE + 3;

let t: TestServer;
let assignmentId: string;
const attemptIds: string[] = [];
let late: { id: string; attemptId: string };

beforeAll(async () => {
  t = await getTestServer({ clock });
  await publishPackage(t.db, workspaceScenario(), clock());
  const versionId = (await t.db('scenario_versions').first('id')).id;
  const school = await buildOrg(t.db, { kind: 'school' });
  const teacher = await t.signIn(await buildUser(t.db, { org: school, roles: ['teacher'] }));
  const students = await Promise.all(Array.from({ length: AT_DEADLINE + 1 }, () => buildUser(t.db, { org: school, roles: ['student'] })));
  const course = await teacher.agent.post('/api/courses').send({ title: 'Deadline course', code: 'DL-1' });
  await teacher.agent.post(`/api/courses/${course.body.course.id}/enrolments`).send({ userIds: students.map((s) => s.id) });
  const assignment = await teacher.agent.post(`/api/courses/${course.body.course.id}/assignments`).send({ scenarioVersionId: versionId, mode: 'assessment' });
  assignmentId = assignment.body.assignment.id;
  for (const s of students.slice(0, AT_DEADLINE)) {
    const { agent } = await t.signIn(s);
    attemptIds.push((await agent.post(`/api/assignments/${assignmentId}/attempts`)).body.attempt.id);
  }
  // One student started ten minutes later: still working when the others' time is up.
  now += 10 * 60_000;
  const last = students.at(-1)!;
  const { agent } = await t.signIn(last);
  late = { id: last.id, attemptId: (await agent.post(`/api/assignments/${assignmentId}/attempts`)).body.attempt.id };
}, 60_000);
afterAll(() => t.close());

const ungraded = async (): Promise<string[]> => (await t.db('attempts').whereIn('id', attemptIds).where('status', 'submitted').whereNull('auto_score').select('id')).map((r) => r.id);

describe('a shared deadline on one machine', () => {
  it('submits every attempt in one pass and grades a bounded number at a time, each asked for once', async () => {
    now += 21 * 60_000; // past the first attempts' 30 minutes, not the late one's
    const pass = await sweep(t.deps);
    expect(pass.submitted).toBe(AT_DEADLINE);
    // Synchronously from here on: nothing can finish in between.
    const size = backlogSize(t.deps);
    expect(size.running).toBeLessThanOrEqual(GRADING_AT_ONCE);
    const here = attemptIds.filter((id) => isGradingHere(t.deps, id));
    for (const id of here) gradeInBackground(t.deps, id);
    expect(backlogSize(t.deps)).toEqual(size);
    expect(size.waiting + size.running).toBe(here.length);
  });

  it('answers a check run of a student still working while the backlog drains', async () => {
    const run = await runVisibleChecks(t.deps, { id: late.id } as Actor, late.attemptId);
    expect(run.results.map((r) => r.id)).toEqual(['total-visible']);
    expect((await t.db('attempts').where({ id: late.attemptId }).first('status')).status).toBe('in_progress');
  });

  it('leaves submissions still in the backlog to it in the regrade pass, and loses none', async () => {
    now += 31_000; // past the regrade pass's wait: every ungraded submission now counts as stale
    const before = await ungraded();
    await sweep(t.deps);
    // Each submission still ungraded is either waiting here, or was graded meanwhile.
    const orphaned = (await ungraded()).filter((id) => before.includes(id) && !isGradingHere(t.deps, id));
    expect(orphaned).toEqual([]);
    // Graded in the database, and the backlog done with each (its announcement follows the commit).
    await vi.waitFor(
      async () => {
        expect(await ungraded()).toEqual([]);
        expect(backlogSize(t.deps)).toEqual({ waiting: 0, running: 0 });
      },
      { timeout: 60_000, interval: 100 },
    );
    const runs = await t.db('check_runs').whereIn('attempt_id', attemptIds).where('kind', 'submission').select('attempt_id');
    expect(runs.map((r) => r.attempt_id).sort()).toEqual([...attemptIds].sort());
    const graded = await t.db('attempts').whereIn('id', attemptIds).select('status', 'submit_reason');
    expect(graded.every((a) => a.status === 'graded' && a.submit_reason === 'deadline')).toBe(true);
  }, 90_000);
});
