import type { Knex } from 'knex';
import { toDate } from '../db/values';
import type { CheckResult } from '../grading/types';
import { checksAfterRegrades } from '../review/checkScores';
import type { ScenarioManifestT } from '../scenarios/schema';
import { mastery, type MasteryMethod } from './mastery';

export type EvidenceRow = {
  course_id: string;
  student_id: string;
  competency_code: string;
  score: number;
  weight: number;
  source: 'check' | 'rubric' | 'regrade';
  attempt_id: string;
  ref_kind: 'check' | 'criterion';
  ref_id: string;
  assessor_id: string | null;
  submitted_at: Date;
  created_at: Date;
};

/**
 * The evidence a graded attempt gives: for each check and each rubric criterion, for each
 * competency it maps to, the share of its points earned. Weight = the mapping's weight × the
 * check's or criterion's points, so a 20-point check counts twice a 10-point one.
 */
export async function evidenceOf(trx: Knex, attemptId: string, now: Date): Promise<EvidenceRow[]> {
  const attempt = await trx('attempts as a')
    .join('assignments as asg', 'asg.id', 'a.assignment_id')
    .join('scenario_versions as v', 'v.id', 'asg.scenario_version_id')
    .where('a.id', attemptId)
    .first('a.id', 'a.student_id', 'a.status', 'a.submitted_at', 'asg.course_id', 'v.manifest_json');
  if (!attempt || attempt.status !== 'graded') return [];
  const manifest = JSON.parse(attempt.manifest_json) as ScenarioManifestT;
  const run = await trx('check_runs').where({ attempt_id: attemptId, kind: 'submission' }).orderBy('created_at', 'desc').first('results_json');
  const checks = run ? await checksAfterRegrades(trx, attemptId, JSON.parse(run.results_json) as CheckResult[]) : [];
  const regradedChecks = new Set<string>(
    (await trx('score_changes').where({ attempt_id: attemptId, target_kind: 'check' }).select('target_id')).map((r: { target_id: string }) => r.target_id),
  );
  const base = { course_id: attempt.course_id as string, student_id: attempt.student_id as string, attempt_id: attemptId, submitted_at: toDate(attempt.submitted_at)!, created_at: now };
  const rows: EvidenceRow[] = [];
  const checkDefs = new Map(manifest.tasks.flatMap((t) => t.checks.map((c) => [c.id, c] as const)));
  for (const result of checks) {
    const def = checkDefs.get(result.id);
    if (!def) continue;
    for (const [code, w] of Object.entries(def.competencies)) {
      rows.push({ ...base, competency_code: code, score: clamp(result.score), weight: w * def.points, source: regradedChecks.has(result.id) ? 'regrade' : 'check', ref_kind: 'check', ref_id: result.id, assessor_id: null });
    }
  }

  const results: { criterion_id: string; points: number; source: string }[] = await trx('criterion_results').where({ attempt_id: attemptId });
  if (results.length > 0) {
    const assessors = await assessorsOf(trx, attemptId);
    const criteria = new Map(manifest.tasks.flatMap((t) => t.rubric.map((c) => [c.id, c] as const)));
    for (const r of results) {
      const def = criteria.get(r.criterion_id);
      if (!def) continue;
      const assessor = r.source === 'regrade' ? assessors.regrade.get(r.criterion_id) : r.source === 'moderation' ? assessors.moderator : r.source === 'review' ? assessors.primary[0] : null;
      for (const [code, w] of Object.entries(def.competencies)) {
        rows.push({
          ...base,
          competency_code: code,
          score: clamp(Number(r.points) / def.points),
          weight: w * def.points,
          source: r.source === 'regrade' ? 'regrade' : 'rubric',
          ref_kind: 'criterion',
          ref_id: r.criterion_id,
          assessor_id: assessor ?? null,
        });
      }
    }
  }
  return rows;
}

async function assessorsOf(trx: Knex, attemptId: string) {
  const reviews: { reviewer_id: string; kind: string }[] = await trx('reviews as r')
    .join('review_items as i', 'i.id', 'r.item_id')
    .where({ 'i.attempt_id': attemptId, 'r.status': 'submitted' })
    .whereIn('r.kind', ['primary', 'moderation'])
    .orderBy('r.submitted_at')
    .select('r.reviewer_id', 'r.kind');
  const changes: { target_id: string; actor_id: string | null }[] = await trx('score_changes').where({ attempt_id: attemptId, target_kind: 'criterion' }).orderBy('seq').select('target_id', 'actor_id');
  return {
    primary: reviews.filter((r) => r.kind === 'primary').map((r) => r.reviewer_id),
    moderator: reviews.find((r) => r.kind === 'moderation')?.reviewer_id ?? null,
    regrade: new Map(changes.map((c) => [c.target_id, c.actor_id])),
  };
}

/**
 * Writes (or rewrites) the evidence of one attempt and the mastery it feeds. Called inside the
 * transaction that releases or changes a final score, so evidence and score never disagree.
 * Idempotent: the attempt's rows are replaced, never added to.
 */
export async function writeEvidence(trx: Knex, attemptId: string, now: Date): Promise<number> {
  const before: { course_id: string; student_id: string; competency_code: string }[] = await trx('evidence').where({ attempt_id: attemptId }).distinct('course_id', 'student_id', 'competency_code');
  const rows = await evidenceOf(trx, attemptId, now);
  await trx('evidence').where({ attempt_id: attemptId }).delete();
  for (let i = 0; i < rows.length; i += 100) await trx('evidence').insert(rows.slice(i, i + 100));
  const touched = new Map<string, { course: string; student: string; codes: Set<string> }>();
  for (const r of [...before, ...rows]) {
    const key = `${r.course_id}:${r.student_id}`;
    const entry = touched.get(key) ?? touched.set(key, { course: r.course_id, student: r.student_id, codes: new Set() }).get(key)!;
    entry.codes.add(r.competency_code);
  }
  for (const t of touched.values()) await recomputeMastery(trx, t.course, t.student, [...t.codes]);
  for (const course of new Set([...touched.values()].map((t) => t.course))) await trx('courses').where({ id: course }).increment('evidence_version', 1);
  return rows.length;
}

export type CourseMasterySettings = { mastery_method: string; mastery_weight: number; mastery_n: number; mastery_threshold: number };

export function methodOf(course: CourseMasterySettings): MasteryMethod {
  switch (course.mastery_method) {
    case 'latest':
    case 'highest':
    case 'average':
      return { kind: course.mastery_method };
    case 'weighted_average':
      return { kind: 'weighted_average', weight: Number(course.mastery_weight) };
    case 'n_mastery':
      return { kind: 'n_mastery', n: Number(course.mastery_n), threshold: Number(course.mastery_threshold) };
    default:
      return { kind: 'decaying_average', weight: Number(course.mastery_weight) };
  }
}

/**
 * One score per attempt and competency (the weighted mean of that attempt's rows), in the
 * order the work was submitted: a scenario with five checks on one competency is one piece
 * of work, not five, for "latest" or "n times at mastery".
 */
function perAttemptQuery(db: Knex, courseId: string) {
  return db('evidence')
    .where('course_id', courseId)
    .groupBy('student_id', 'competency_code', 'attempt_id')
    .select('student_id', 'competency_code', 'attempt_id')
    .min({ at: 'submitted_at' })
    .select(db.raw('sum(score * weight) / sum(weight) as score'));
}

type PerAttempt = { student_id: string; competency_code: string; attempt_id: string; at: Date | number | string; score: number };

const byWorkOrder = (a: PerAttempt, b: PerAttempt) => toDate(a.at)!.getTime() - toDate(b.at)!.getTime() || a.attempt_id.localeCompare(b.attempt_id);

/** A student's mastery in one course: competency code → [value (null: no result yet), pieces of work]. */
export type MasteryValues = Record<string, [number | null, number]>;

export async function readMastery(db: Knex, courseId: string, studentId: string): Promise<MasteryValues> {
  const row = await db('mastery').where({ course_id: courseId, student_id: studentId }).first('values_json');
  return row ? (JSON.parse(row.values_json) as MasteryValues) : {};
}

/**
 * Evidence writes for one course take turns: the mastery row is read, changed and written, and
 * two gradings of one student's work (a deadline sweep, a review) must not interleave. The lock
 * is the course row, also taken by a whole-course recompute. SQLite has one writer anyway.
 */
async function lockCourse(trx: Knex, courseId: string): Promise<CourseMasterySettings> {
  const q = trx('courses').where({ id: courseId });
  if (trx.client.config.client === 'pg') q.forUpdate();
  return await q.first<CourseMasterySettings>('mastery_method', 'mastery_weight', 'mastery_n', 'mastery_threshold');
}

export async function recomputeMastery(db: Knex, courseId: string, studentId: string, codes: string[]): Promise<void> {
  if (codes.length === 0) return;
  const course = await lockCourse(db, courseId);
  const method = methodOf(course);
  const rows = (await perAttemptQuery(db, courseId).where('student_id', studentId).whereIn('competency_code', codes)) as unknown as PerAttempt[];
  const values = await readMastery(db, courseId, studentId);
  for (const code of codes) delete values[code];
  Object.assign(values, masteryOf(rows, method).get(studentId) ?? {});
  await db('mastery')
    .insert({ course_id: courseId, student_id: studentId, values_json: JSON.stringify(values), updated_at: new Date() })
    .onConflict(['course_id', 'student_id'])
    .merge(['values_json', 'updated_at']);
}

/**
 * The whole course again: after its method changes, or to build the table from evidence. Pass
 * a transaction to make it part of a larger change (the method change is one, with it).
 */
export async function recomputeCourseMastery(db: Knex, courseId: string): Promise<number> {
  const run = async (trx: Knex) => {
    const course = await lockCourse(trx, courseId);
    const rows = (await perAttemptQuery(trx, courseId)) as unknown as PerAttempt[];
    const byStudent = masteryOf(rows, methodOf(course));
    const now = new Date();
    const out = [...byStudent].map(([student, values]) => ({ course_id: courseId, student_id: student, values_json: JSON.stringify(values), updated_at: now }));
    await trx('mastery').where({ course_id: courseId }).delete();
    for (let i = 0; i < out.length; i += 200) await trx('mastery').insert(out.slice(i, i + 200));
    return out.length;
  };
  return (db as Knex & { isTransaction?: boolean }).isTransaction ? run(db) : db.transaction(run);
}

function masteryOf(rows: PerAttempt[], method: MasteryMethod): Map<string, MasteryValues> {
  const groups = new Map<string, PerAttempt[]>();
  for (const r of rows) {
    const key = `${r.student_id}\u0000${r.competency_code}`;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(r);
  }
  const out = new Map<string, MasteryValues>();
  for (const list of groups.values()) {
    list.sort(byWorkOrder);
    const { student_id: student, competency_code: code } = list[0]!;
    const values = out.get(student) ?? out.set(student, {}).get(student)!;
    values[code] = [
      mastery(
        list.map((r) => Number(r.score)),
        method,
      ),
      list.length,
    ];
  }
  return out;
}

export const clamp = (x: number) => Math.min(1, Math.max(0, Number.isFinite(x) ? x : 0));

