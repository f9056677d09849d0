/**
 * npm run bench:report [-- --students N --competencies C --per K]
 *
 * One course with N students (default 1,000), a framework of C competencies (50) and K
 * evidence rows per student and competency (20): 1,000,000 rows by default, from K graded
 * attempts per student. Mastery is built from them by the real recompute job, timed from the
 * request to its swap (what a teacher waits for after changing the method), then the
 * course report endpoint is timed through the real HTTP app (median of 20 calls) against the
 * plain SQL aggregate over the same rows (mean per student and competency, median of 20).
 * SQLite, and PostgreSQL too when TEST_DATABASE_URL is set.
 *
 * Rows are written in bulk: grading 20,000 submissions would measure the grader, not the report.
 */
import { randomUUID } from 'node:crypto';
import { hashPassword } from '../server/accounts/passwords';
import { importCase } from '../server/competency/case';
import pino from 'pino';
import { MASTERY_COLUMNS, type CourseMasterySettings } from '../server/competency/evidence';
import { requestRecompute } from '../server/competency/masteryJobs';
import { Publisher } from '../server/realtime/publisher';
import type { Db } from '../server/db/knex';
import { createTestDb } from '../tests/helpers/db';
import { arg, insertAll, serveSignedIn, timed, runOnSqliteThenPostgres } from './benchSupport';

const STUDENTS = arg('students', 1_000);
const COMPETENCIES = arg('competencies', 50);
const PER = arg('per', 20);
const PASSWORD = 'bench-password-1';



function benchFramework() {
  // CASE identifiers are UUIDs.
  const doc = { identifier: randomUUID(), title: 'Bench framework', uri: 'urn:bench:doc' };
  const items = Array.from({ length: COMPETENCIES }, (_, i) => ({ identifier: randomUUID(), humanCodingScheme: `bench.c${String(i).padStart(2, '0')}`, fullStatement: `Competency ${i}` }));
  const associations = items.map((item, i) => ({ identifier: randomUUID(), associationType: 'isChildOf', originNodeURI: { identifier: item.identifier }, destinationNodeURI: { identifier: doc.identifier }, sequenceNumber: i }));
  return { CFDocument: doc, CFItems: items, CFAssociations: associations };
}

async function populate(db: Db) {
  const now = new Date();
  const framework = benchFramework();
  const { problems } = await importCase(db, framework, now);
  if (problems.length) throw new Error(`the bench framework is not a valid CASE package: ${JSON.stringify(problems)}`);
  const codes = framework.CFItems.map((i) => i.humanCodingScheme);
  const school = randomUUID();
  await db('organizations').insert({ id: school, slug: 'bench-school', name: 'Bench School', kind: 'school', created_at: now });
  const hash = await hashPassword(PASSWORD);
  const user = (name: string) => ({ id: randomUUID(), email: `${name}@bench.test`, name, password_hash: hash, disabled: false, created_at: now, updated_at: now });
  const teacher = user('teacher');
  const students = Array.from({ length: STUDENTS }, (_, i) => user(`student-${String(i).padStart(4, '0')}`));
  await insertAll(db, 'users', [teacher, ...students]);
  const course = randomUUID();
  await db('courses').insert({ id: course, school_id: school, title: 'Bench course', created_at: now });
  await insertAll(db, 'course_members', [
    { course_id: course, user_id: teacher.id, role: 'teacher', created_at: now },
    ...students.map((s) => ({ course_id: course, user_id: s.id, role: 'student', created_at: now })),
  ]);
  await insertAll(db, 'memberships', [{ id: randomUUID(), user_id: teacher.id, org_id: school, role: 'teacher', lead: false, created_at: now }]);
  const scenario = randomUUID();
  const version = randomUUID();
  const manifest = { id: 'bench', version: '1.0.0', title: 'Bench scenario', competencies: codes, tasks: [], scoring: { autoWeight: 1, reviewWeight: 0, passAt: 0.6 } };
  await db('scenarios').insert({ id: scenario, slug: 'bench', owner_org_id: null, created_at: now });
  await db('scenario_versions').insert({ id: version, scenario_id: scenario, version: '1.0.0', seq: 1, content_hash: 'bench', title: 'Bench scenario', industry: 'software', manifest_json: JSON.stringify(manifest), files_json: '{}', published_at: now });
  const assignment = randomUUID();
  await db('assignments').insert({ id: assignment, course_id: course, scenario_version_id: version, title: 'Bench', mode: 'practice', opens_at: now, closes_at: null, time_limit_minutes: 60, max_attempts: null, reveal_policy: 'full', review: 'none', blind_review: false, created_by: teacher.id, created_at: now });
  // Modules over the first 40 competencies, so gaps point somewhere; three logged adjustments,
  // so the before/after comparison (an aggregate over the evidence) is part of what is timed.
  for (let m = 0; m < 8; m++) {
    const id = randomUUID();
    await db('course_modules').insert({ id, course_id: course, position: m + 1, title: `Module ${m + 1}`, description: '', created_at: now });
    await db('module_competencies').insert(codes.slice(m * 5, m * 5 + 5).map((c) => ({ module_id: id, competency_code: c, weight: 1 })));
    if (m < 3) {
      const madeOn = new Date(now.getTime() - (PER / 2 + m) * 86_400_000);
      await db('adjustments').insert({ id: randomUUID(), course_id: course, module_id: id, made_on: madeOn, what: `Change ${m + 1}`, why: 'Bench', created_by: teacher.id, created_at: now });
    }
  }

  let rows = 0;
  // Student by student, so memory stays flat: PER attempts each, every attempt evidence for every competency.
  for (const [si, s] of students.entries()) {
    const attempts = Array.from({ length: PER }, (_, k) => {
      const at = new Date(now.getTime() - (PER - k) * 86_400_000);
      return { id: randomUUID(), assignment_id: assignment, student_id: s.id, number: k + 1, status: 'graded', started_at: at, deadline_at: at, submitted_at: at, submit_reason: 'student', auto_score: 0.7, review_score: null, final_score: 0.7, graded_at: at, last_activity_at: at };
    });
    await insertAll(db, 'attempts', attempts);
    const evidence: object[] = [];
    for (const a of attempts) {
      for (const [ci, code] of codes.entries()) {
        // A spread of abilities: some students and competencies weaker than others.
        const score = Math.min(1, Math.max(0, 0.35 + ((si * 7 + ci * 13 + a.number * 3) % 60) / 100));
        evidence.push({ course_id: course, student_id: s.id, competency_code: code, score, weight: 10, source: 'check', attempt_id: a.id, ref_kind: 'check', ref_id: 'c1', assessor_id: null, submitted_at: a.submitted_at, created_at: now });
      }
    }
    await insertAll(db, 'evidence', evidence, 300);
    rows += evidence.length;
  }
  return { course, teacher, rows };
}


/** A method change's background job, from the request to the swap of the new values. */
async function recomputeToCompletion(db: Db, course: string, teacherId: string) {
  const settings = await db('courses').where({ id: course }).first<CourseMasterySettings>(...MASTERY_COLUMNS);
  const job = await requestRecompute({ db, publisher: new Publisher(), logger: pino({ level: 'warn' }), clock: () => new Date() }, course, settings, teacherId);
  for (;;) {
    const row = await db('mastery_jobs').where({ id: job.id }).first<{ status: string }>('status');
    if (row.status === 'done') return;
    if (row.status !== 'pending' && row.status !== 'running') throw new Error(`recompute job ended ${row.status}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function benchOn(label: string) {
  const { db, destroy } = await createTestDb();
  try {
    let started = performance.now();
    const { course, teacher, rows } = await populate(db);
    const populated = Math.round((performance.now() - started) / 1000);
    started = performance.now();
    await recomputeToCompletion(db, course, teacher.id);
    const recompute = Math.round(performance.now() - started);

    const { url, cookie, close } = await serveSignedIn(db, teacher.email, PASSWORD);
    let bytes = 0;
    const call = async () => {
      const res = await fetch(`${url}/api/courses/${course}/report`, { headers: { cookie, origin: url } });
      if (!res.ok) throw new Error(`report: ${res.status} ${await res.text()}`);
      bytes = (await res.arrayBuffer()).byteLength;
    };
    // The first call after new evidence also computes the adjustment comparisons it then keeps.
    started = performance.now();
    await call();
    const cold = Math.round(performance.now() - started);
    const report = await timed(call);
    const raw = await timed(() => db('evidence').where('course_id', course).groupBy('student_id', 'competency_code').select('student_id', 'competency_code').avg({ score: 'score' }));
    close();
    console.log(`  (${label}: populated ${rows} rows in ${populated} s; mastery recomputed from them in ${recompute} ms; report ${Math.round(bytes / 1024)} KB)`);
    console.log(`bench:report rows=${rows} report_p50_ms=${report} raw_sql_p50_ms=${raw} ratio=${Math.round((report / raw) * 100) / 100}x report_cold_ms=${cold} recompute_ms=${recompute} db=${label}`);
  } finally {
    await destroy();
  }
}

runOnSqliteThenPostgres(benchOn);
