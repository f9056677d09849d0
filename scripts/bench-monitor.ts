/**
 * npm run bench:monitor [-- --students N --runs R --bytes B]
 *
 * One assignment with N students (default 1,000), each with an attempt that has saves (two
 * files, ten revisions each of B bytes, default 1,500), three visible check runs and one
 * delivered event, plus a tenth of the course not started yet. Times the teacher's monitor
 * table (`monitor()`, behind GET /api/assignments/:id/monitor and the room join) R times
 * (default 30) after two warm-up calls, and counts the SQL statements one call issues (knex
 * 'query' events). SQLite, and PostgreSQL too when TEST_DATABASE_URL is set.
 *
 * Rows are written in bulk: starting 1,000 attempts through the service would measure starting.
 */
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { monitor } from '../server/attempts/monitor';
import { loadConfig } from '../server/config';
import type { Db } from '../server/db/knex';
import { createDeps } from '../server/deps';
import type { Actor } from '../server/http/policy';
import { Publisher } from '../server/realtime/publisher';
import { publishPackage } from '../server/scenarios/sync';
import { createTestDb } from '../tests/helpers/db';
import { buildPackage, manifestFor } from '../tests/helpers/scenario';
import { arg, insertAll, percentile, runOnSqliteThenPostgres } from './benchSupport';

const STUDENTS = arg('students', 1_000);
const RUNS = arg('runs', 30);
const BYTES = arg('bytes', 1_500);
const NOT_STARTED = Math.round(STUDENTS / 10);

/** Two tasks with two visible checks each; the second task is locked until an event. */
function benchPackage() {
  const check = (id: string) => ({ id, title: `Answer ${id}`, kind: 'answer', question: `What is ${id}?`, answer: { type: 'number', value: 5 }, visible: true, points: 10, competencies: { 'data.analysis': 1 } });
  const manifest = manifestFor(
    'bench-monitor',
    [
      { id: 'first', title: 'First', instructions: 'tasks/first.md', checks: [check('a'), check('b')] },
      { id: 'later', title: 'Later', instructions: 'tasks/later.md', checks: [check('c'), check('d')] },
    ],
    { events: [{ id: 'more', at: '10m', from: 'Li Wei', subject: 'More', body: 'events/more.md', unlocks: 'task:later' }] },
  );
  return buildPackage(manifest, {
    'brief.md': '# Bench',
    'tasks/first.md': 'Answer a and b.',
    'tasks/later.md': 'Answer c and d.',
    'events/more.md': 'Now c and d.',
    'workspace/answers.json': '{}\n',
    'solution/answers.json': '{ "a": 5, "b": 5, "c": 5, "d": 5 }\n',
  });
}

async function populate(db: Db) {
  const start = new Date(Date.UTC(2026, 11, 1, 9));
  const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
  await publishPackage(db, benchPackage(), start);
  const version = (await db('scenario_versions').first('id')).id as string;
  const school = randomUUID();
  await db('organizations').insert({ id: school, slug: 'bench-school', name: 'Bench School', kind: 'school', created_at: start });
  const user = (name: string) => ({ id: randomUUID(), email: `${name}@bench.test`, name, password_hash: 'x', disabled: false, created_at: start, updated_at: start });
  const teacher = user('teacher');
  const students = Array.from({ length: STUDENTS + NOT_STARTED }, (_, i) => user(`student-${String(i).padStart(4, '0')}`));
  await insertAll(db, 'users', [teacher, ...students]);
  const course = randomUUID();
  await db('courses').insert({ id: course, school_id: school, title: 'Bench course', created_at: start });
  await insertAll(db, 'course_members', [
    { course_id: course, user_id: teacher.id, role: 'teacher', created_at: start },
    ...students.map((s) => ({ course_id: course, user_id: s.id, role: 'student', created_at: start })),
  ]);
  const assignment = randomUUID();
  await db('assignments').insert({ id: assignment, course_id: course, scenario_version_id: version, title: 'Bench', mode: 'practice', opens_at: start, closes_at: null, time_limit_minutes: 60, max_attempts: null, reveal_policy: 'full', review: 'none', blind_review: false, created_by: teacher.id, created_at: start });

  const content = 'x'.repeat(BYTES);
  const results = JSON.stringify(['a', 'b', 'c', 'd'].map((id, i) => ({ id, visible: true, passed: i % 2 === 0, points: 10, earned: i % 2 === 0 ? 10 : 0 })));
  // Student by student in chunks, so memory stays flat.
  for (let i = 0; i < STUDENTS; i += 100) {
    const attempts = students.slice(i, Math.min(i + 100, STUDENTS)).map((s) => ({ id: randomUUID(), assignment_id: assignment, student_id: s.id, number: 1, status: 'in_progress', started_at: start, deadline_at: at(60), submitted_at: null, submit_reason: null, auto_score: null, last_activity_at: at(1) }));
    await insertAll(db, 'attempts', attempts);
    const revisions = attempts.flatMap((a) => ['answers.json', 'notes.md'].flatMap((path) => Array.from({ length: 10 }, (_, r) => ({ attempt_id: a.id, path, revision: r + 1, content, author_id: a.student_id, created_at: at(2 + r), size_bytes: content.length }))));
    await insertAll(db, 'file_revisions', revisions, 100);
    const runs = attempts.flatMap((a) => [3, 6, 9].map((m) => ({ id: randomUUID(), attempt_id: a.id, kind: 'visible', auto_score: 0.5, results_json: results, created_at: at(m), revisions_json: '{}' })));
    await insertAll(db, 'check_runs', runs);
    await insertAll(db, 'event_deliveries', attempts.map((a) => ({ attempt_id: a.id, event_id: 'more', delivered_at: at(10) })));
  }
  const actor: Actor = { id: teacher.id, email: teacher.email, name: teacher.name, sessionId: 'bench', memberships: [{ id: randomUUID(), orgId: school, orgName: 'Bench School', orgKind: 'school', role: 'teacher' }], roles: new Set(['teacher']), operator: false };
  return { assignment, actor };
}

async function benchOn(label: string) {
  const { db, destroy } = await createTestDb();
  try {
    const { assignment, actor } = await populate(db);
    const deps = createDeps({ config: loadConfig({ NODE_ENV: 'test' }), db, logger: pino({ level: 'silent' }), publisher: new Publisher() });
    let queries = 0;
    db.on('query', () => queries++);
    let rows = 0;
    const samples: number[] = [];
    for (let i = 0; i < RUNS + 2; i++) {
      queries = 0;
      const started = performance.now();
      rows = (await monitor(deps, actor, assignment)).rows.length;
      if (i >= 2) samples.push(performance.now() - started);
    }
    const ms = (x: number) => Math.round(x * 10) / 10;
    console.log(`  (${label}: ${rows} rows, ${NOT_STARTED} of them not started; ${RUNS} timed calls)`);
    console.log(`bench:monitor db=${label} attempts=${STUDENTS} queries=${queries} monitor_p50_ms=${ms(percentile(samples, 50))} monitor_p99_ms=${ms(percentile(samples, 99))}`);
  } finally {
    await destroy();
  }
}

runOnSqliteThenPostgres(benchOn);
