import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monitor, monitorRow } from '../../server/attempts/monitor';
import { loadConfig } from '../../server/config';
import { createDeps } from '../../server/deps';
import type { Actor } from '../../server/http/policy';
import { Publisher } from '../../server/realtime/publisher';
import { publishPackage } from '../../server/scenarios/sync';
import { clockStart } from '../helpers/clock';
import { createTestDb, type TestDb } from '../helpers/db';
import { buildPackage, manifestFor } from '../helpers/scenario';

/**
 * The monitor table is read with a fixed number of statements: a class of 30 costs the
 * database what a class of 3 does (no query per attempt). Counted, never timed.
 */

const start = new Date(clockStart());
const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);

let test: TestDb;
let deps: ReturnType<typeof createDeps>;
let actor: Actor;
const assignments: Record<'small' | 'large', string> = { small: '', large: '' };
const firstAttempt: Record<'small' | 'large', string> = { small: '', large: '' };

function scenario() {
  const check = (id: string) => ({ id, title: `Answer ${id}`, kind: 'answer', question: `What is ${id}?`, answer: { type: 'number', value: 5 }, visible: true, points: 10, competencies: { 'data.analysis': 1 } });
  const manifest = manifestFor('monitor-queries', [
    { id: 'first', title: 'First', instructions: 'tasks/first.md', checks: [check('a')] },
    { id: 'later', title: 'Later', instructions: 'tasks/later.md', checks: [check('b')] },
  ], { events: [{ id: 'more', at: '10m', from: 'Li Wei', subject: 'More', body: 'events/more.md', unlocks: 'task:later' }] });
  return buildPackage(manifest, { 'brief.md': '# Q', 'tasks/first.md': 'a', 'tasks/later.md': 'b', 'events/more.md': 'b now', 'workspace/answers.json': '{}\n', 'solution/answers.json': '{ "a": 5, "b": 5 }\n' });
}

/** An assignment with `count` started attempts, each with saves, two visible runs and a delivered event. */
async function assignmentWith(count: number, course: string, version: string, teacher: string, key: 'small' | 'large') {
  const db = test.db;
  const id = randomUUID();
  await db('assignments').insert({ id, course_id: course, scenario_version_id: version, title: key, mode: 'practice', opens_at: start, closes_at: null, time_limit_minutes: 60, max_attempts: null, reveal_policy: 'full', review: 'none', blind_review: false, created_by: teacher, created_at: start });
  for (let i = 0; i < count; i++) {
    const student = randomUUID();
    await db('users').insert({ id: student, email: `${key}-${i}@example.test`, name: `${key} ${i}`, password_hash: 'x', disabled: false, created_at: start, updated_at: start });
    await db('course_members').insert({ course_id: course, user_id: student, role: 'student', created_at: start });
    const attempt = randomUUID();
    if (i === 0) firstAttempt[key] = attempt;
    await db('attempts').insert({ id: attempt, assignment_id: id, student_id: student, number: 1, status: 'in_progress', started_at: start, deadline_at: at(60), last_activity_at: at(3) }); // the second save (at 3 min) moved it, as a save does
    await db('file_revisions').insert([1, 2].map((r) => ({ attempt_id: attempt, path: 'answers.json', revision: r, content: '{}', author_id: student, created_at: at(r + 1), size_bytes: 2 })));
    await db('check_runs').insert([3, 5].map((m) => ({ id: randomUUID(), attempt_id: attempt, kind: 'visible', auto_score: 0.5, results_json: JSON.stringify([{ id: 'a', visible: true, passed: m === 5 }, { id: 'b', visible: true, passed: true }]), created_at: at(m) })));
    await db('event_deliveries').insert({ attempt_id: attempt, event_id: 'more', delivered_at: at(10) });
  }
  assignments[key] = id;
}

beforeAll(async () => {
  test = await createTestDb();
  const db = test.db;
  await publishPackage(db, scenario(), start);
  const version = (await db('scenario_versions').first('id')).id as string;
  const school = randomUUID();
  await db('organizations').insert({ id: school, slug: 'queries-school', name: 'School', kind: 'school', created_at: start });
  const teacher = randomUUID();
  await db('users').insert({ id: teacher, email: 'teacher@example.test', name: 'Teacher', password_hash: 'x', disabled: false, created_at: start, updated_at: start });
  const course = randomUUID();
  await db('courses').insert({ id: course, school_id: school, title: 'Course', created_at: start });
  await db('course_members').insert({ course_id: course, user_id: teacher, role: 'teacher', created_at: start });
  await assignmentWith(3, course, version, teacher, 'small');
  await assignmentWith(30, course, version, teacher, 'large');
  actor = { id: teacher, email: 'teacher@example.test', name: 'Teacher', sessionId: 's', memberships: [{ id: randomUUID(), orgId: school, orgName: 'School', orgKind: 'school', role: 'teacher' }], roles: new Set(['teacher']), operator: false };
  deps = createDeps({ config: loadConfig({ NODE_ENV: 'test' }), db, logger: pino({ level: 'silent' }), publisher: new Publisher(), clock: () => at(20) });
});
afterAll(() => test.destroy());

/** How many statements `fn` sends to the database. */
async function queriesOf(fn: () => Promise<unknown>): Promise<number> {
  let count = 0;
  const onQuery = () => count++;
  test.db.on('query', onQuery);
  try {
    await fn();
  } finally {
    test.db.off('query', onQuery);
  }
  return count;
}

describe('monitor() query count', () => {
  it('does not grow with the number of attempts', async () => {
    // The package is loaded once per process; warm it so both calls count the same work.
    await monitor(deps, actor, assignments.small);
    const small = await queriesOf(() => monitor(deps, actor, assignments.small));
    const large = await queriesOf(() => monitor(deps, actor, assignments.large));
    expect((await monitor(deps, actor, assignments.large)).rows.filter((r) => r.attemptId)).toHaveLength(30);
    expect(large).toBe(small);
  });

  it('pushes the very row the table shows, from the same code', async () => {
    const table = await monitor(deps, actor, assignments.large);
    const row = await monitorRow(deps.db, firstAttempt.large);
    expect(row).toEqual(table.rows.find((r) => r.attemptId === firstAttempt.large));
    // The newest run counts (a passed at 5 min), the event unlocked b, the newest save is activity.
    expect(row).toMatchObject({ visiblePassing: 2, visibleTotal: 2, visibleLocked: 0, eventsDelivered: 1, lastActivityAt: at(3).toISOString() });
    expect(await monitorRow(deps.db, randomUUID())).toBeNull();
  });
});
