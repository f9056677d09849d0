/**
 * npm run bench:review [-- --items N]
 *
 * One enterprise with N submissions (default 10,000) to one of its scenarios: a third still
 * open, a third done by single review, a third done by double review (so agreement has pairs).
 * Times, through the real HTTP app (median of 20 calls each): the first queue page, a deep
 * page, a filtered page, the review page of one item and the agreement statistics. Runs on
 * SQLite, and on PostgreSQL too when TEST_DATABASE_URL is set.
 *
 * Rows are written in bulk straight into the tables: grading 10,000 submissions in the sandbox
 * would measure the grader, not the review queries this benchmark is about.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { hashPassword } from '../server/accounts/passwords';
import { loadFrameworkFile } from '../server/competency/framework';
import type { Db } from '../server/db/knex';
import { rubricSnapshot } from '../server/review/rubric';
import { SCENARIOS_DIR } from '../server/scenarios/discover';
import { loadPackage, subtree } from '../server/scenarios/package';
import { publishPackage } from '../server/scenarios/sync';
import { createTestDb } from '../tests/helpers/db';
import { arg, insertAll, serveSignedIn, timed, runOnSqliteThenPostgres } from './benchSupport';

const ITEMS = arg('items', 10_000);
const PASSWORD = 'bench-password-1';



async function populate(db: Db) {
  const now = new Date();
  const { pkg, problems } = loadPackage(path.join(SCENARIOS_DIR, 'freight-quote'), loadFrameworkFile());
  if (!pkg) throw new Error(problems.map((p) => p.message).join('\n'));
  await publishPackage(db, pkg, now);
  const enterprise = randomUUID();
  const school = randomUUID();
  await db('organizations').insert([
    { id: enterprise, slug: 'bench-enterprise', name: 'Bench Enterprise', kind: 'enterprise', created_at: now },
    { id: school, slug: 'bench-school', name: 'Bench School', kind: 'school', created_at: now },
  ]);
  const scenario = await db('scenarios').first('id');
  await db('scenarios').update({ owner_org_id: enterprise });
  const version = await db('scenario_versions').first('id', 'manifest_json');
  const hash = await hashPassword(PASSWORD);
  const user = (name: string) => ({ id: randomUUID(), email: `${name}@bench.test`, name, password_hash: hash, disabled: false, created_at: now, updated_at: now });
  const lead = user('lead');
  const reviewers = [lead, user('reviewer-a'), user('reviewer-b')];
  const teacher = user('teacher');
  const students = Array.from({ length: ITEMS }, (_, i) => user(`student-${i}`));
  await insertAll(db, 'users', [...reviewers, teacher, ...students]);
  await insertAll(db, 'memberships', [
    ...reviewers.map((r) => ({ id: randomUUID(), user_id: r.id, org_id: enterprise, role: 'reviewer', lead: r === lead, created_at: now })),
    ...students.map((s) => ({ id: randomUUID(), user_id: s.id, org_id: school, role: 'student', lead: false, created_at: now })),
  ]);
  const course = randomUUID();
  await db('courses').insert({ id: course, school_id: school, title: 'Bench course', created_at: now });
  const assignments = [0, 1].map((i) => ({
    id: randomUUID(),
    course_id: course,
    scenario_version_id: version.id,
    title: `Bench assignment ${i + 1}`,
    mode: 'practice',
    opens_at: now,
    closes_at: null,
    time_limit_minutes: 60,
    max_attempts: null,
    reveal_policy: 'description',
    review: i === 0 ? 'single' : 'double',
    blind_review: i === 1,
    created_by: teacher.id,
    created_at: now,
  }));
  await db('assignments').insert(assignments);
  const { rubric, hash: rubricHash } = rubricSnapshot(JSON.parse(version.manifest_json));
  const rubricJson = JSON.stringify(rubric);
  const starter = [...subtree(pkg.files, 'workspace')];
  const attempts: object[] = [];
  const files: object[] = [];
  const runs: object[] = [];
  const items: object[] = [];
  const reviews: object[] = [];
  const scores: object[] = [];
  const pseudonyms: object[] = [];
  students.forEach((s, i) => {
    const state = i % 3; // 0 open, 1 single done, 2 double done
    const assignment = state === 2 ? assignments[1]! : assignments[0]!;
    const attemptId = randomUUID();
    const at = new Date(now.getTime() - (ITEMS - i) * 60_000);
    attempts.push({ id: attemptId, assignment_id: assignment.id, student_id: s.id, number: 1, status: state === 0 ? 'submitted' : 'graded', started_at: at, deadline_at: at, submitted_at: at, submit_reason: 'student', auto_score: 0.8, review_score: state === 0 ? null : 0.5, final_score: state === 0 ? null : 0.7, graded_at: state === 0 ? null : at, last_activity_at: at });
    for (const [p, content] of starter) files.push({ attempt_id: attemptId, path: p, revision: 2, content, author_id: s.id, created_at: at });
    runs.push({ id: randomUUID(), attempt_id: attemptId, kind: 'submission', auto_score: 0.8, results_json: '[]', created_at: at });
    const itemId = randomUUID();
    if (state === 2) pseudonyms.push({ assignment_id: assignment.id, student_id: s.id, pseudonym: `Candidate ${i.toString(36).toUpperCase()}` });
    items.push({ id: itemId, attempt_id: attemptId, enterprise_id: enterprise, assignment_id: assignment.id, scenario_id: scenario.id, scenario_version_id: version.id, mode: state === 2 ? 'double' : 'single', blind: state === 2, status: state === 0 ? 'open' : 'done', rubric_json: rubricJson, rubric_hash: rubricHash, flagged_json: null, calibration: false, submitted_at: at, created_at: at, updated_at: at, completed_at: state === 0 ? null : at });
    const who = state === 0 ? [] : state === 1 ? [reviewers[1]!] : [reviewers[1]!, reviewers[2]!];
    who.forEach((r, k) => {
      const reviewId = randomUUID();
      reviews.push({ id: reviewId, item_id: itemId, reviewer_id: r.id, kind: 'primary', status: 'submitted', claim_expires_at: null, overall_comment: '', created_at: at, submitted_at: at });
      for (const c of rubric) {
        const level = (i + k * (i % 5 === 0 ? 1 : 0)) % c.levels.length;
        scores.push({ review_id: reviewId, criterion_id: c.id, level, points: c.levels[level]!.score });
      }
    });
  });
  for (const [table, rows] of [['attempts', attempts], ['file_revisions', files], ['check_runs', runs], ['review_pseudonyms', pseudonyms], ['review_items', items], ['reviews', reviews], ['review_scores', scores]] as const) {
    await insertAll(db, table, rows);
  }
  return { lead, assignment: assignments[0]!.id, someItem: (items[0] as { id: string }).id };
}

/** One GET through the app, timed (median of 20 after two warm-ups). */
function time(url: string, cookie: string, pathAndQuery: string): Promise<number> {
  return timed(async () => {
    const res = await fetch(url + pathAndQuery, { headers: { cookie, origin: url } });
    if (!res.ok) throw new Error(`${pathAndQuery}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  });
}

async function benchOn(label: string) {
  const { db, destroy } = await createTestDb();
  try {
    const started = performance.now();
    const { lead, assignment, someItem } = await populate(db);
    const populated = Math.round((performance.now() - started) / 1000);
    const { url, cookie, close } = await serveSignedIn(db, lead.email, PASSWORD);
    const figures = {
      queue_first_p50_ms: await time(url, cookie, '/api/review-queue?status=open&limit=25'),
      queue_deep_p50_ms: await time(url, cookie, `/api/review-queue?status=done&limit=25&offset=${Math.floor(ITEMS / 2)}`),
      queue_filtered_p50_ms: await time(url, cookie, `/api/review-queue?status=open&assignmentId=${assignment}&limit=25`),
      item_p50_ms: await time(url, cookie, `/api/review-items/${someItem}`),
      agreement_p50_ms: await time(url, cookie, '/api/review-agreement'),
    };
    close();
    console.log(`  (${label}: populated ${ITEMS} submissions in ${populated} s)`);
    console.log(`bench:review items=${ITEMS} ${Object.entries(figures).map(([k, v]) => `${k}=${v}`).join(' ')} db=${label}`);
  } finally {
    await destroy();
  }
}

runOnSqliteThenPostgres(benchOn);
