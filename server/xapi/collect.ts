import type { Knex } from 'knex';
import { toDate } from '../db/values';
import type { CheckResult } from '../grading/types';
import { checksAfterRegrades } from '../review/checkScores';
import type { ScenarioManifestT } from '../scenarios/schema';
import { versionTexts, type VersionTexts } from './texts';
import {
  attemptGraded,
  attemptStarted,
  attemptSubmitted,
  checkScored,
  criterionScored,
  placementAssessed,
  type AttemptFacts,
  type Identity,
  type Statement,
} from './statements';

/** A statement and whom it is about (its actor), which the outbox keeps for erasure. */
export type Collected = { statement: Statement; userId: string; courseId: string };

const PAGE = 200;

type AttemptRow = {
  id: string;
  number: number;
  student_id: string;
  status: string;
  started_at: Date | number | string;
  submitted_at: Date | number | string | null;
  submit_reason: 'student' | 'deadline' | null;
  final_score: number | null;
  graded_at: Date | number | string | null;
  version_id: string;
  created_by: string | null;
  manifest_json: string;
};

/**
 * Every statement a course's records give, page by page so a course of any size streams:
 * attempts started / submitted / graded, and for released attempts each check and rubric
 * criterion; then the signed workplace assessments of its placements. Scores appear only once
 * released (status graded): the LRS learns what the student may learn, no earlier.
 * `since`: only records changed from then on (started, submitted, graded, or evidence rewritten
 * by a regrade) — what the outbox collector asks for; the export asks for all.
 */
export async function* courseStatements(db: Knex, identity: Identity, courseId: string, opts: { since?: Date } = {}): AsyncGenerator<Collected> {
  const course = await db('courses').where({ id: courseId }).first('id', 'title');
  if (!course) return;
  const courseRef = { id: course.id as string, title: course.title as string };
  const texts = new Map<string, Promise<VersionTexts>>();
  let after = '';
  for (;;) {
    const q = db('attempts as a')
      .join('assignments as asg', 'asg.id', 'a.assignment_id')
      .join('scenario_versions as v', 'v.id', 'asg.scenario_version_id')
      .where('asg.course_id', courseId)
      .where('a.id', '>', after)
      .orderBy('a.id')
      .limit(PAGE)
      .select('a.id', 'a.number', 'a.student_id', 'a.status', 'a.started_at', 'a.submitted_at', 'a.submit_reason', 'a.final_score', 'a.graded_at', 'v.id as version_id', 'asg.created_by', 'v.manifest_json');
    if (opts.since) {
      const since = opts.since;
      void q.where((w) =>
        w
          .where('a.started_at', '>=', since)
          .orWhere('a.submitted_at', '>=', since)
          .orWhere('a.graded_at', '>=', since)
          .orWhereExists(db('evidence as e').whereRaw('e.attempt_id = a.id').where('e.created_at', '>=', since).select(db.raw('1'))),
      );
    }
    const rows: AttemptRow[] = await q;
    await learnEmails(db, identity, rows.flatMap((r) => [r.student_id, r.created_by]));
    for (const row of rows) for (const c of await attemptStatements(db, identity, courseRef, row, texts)) yield c;
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]!.id;
  }
  for (const c of await placementStatements(db, identity, courseRef, opts.since)) yield c;
}

/**
 * When the organisation identifies people by e-mail, the addresses of those about to be named
 * that it does not know yet (one query a page). An erased account has none: it keeps its pseudonym.
 */
async function learnEmails(db: Knex, identity: Identity, userIds: (string | null)[]): Promise<void> {
  const emails = identity.emails;
  if (!emails) return;
  const missing = [...new Set(userIds.filter((id): id is string => id !== null && !emails.has(id)))];
  if (missing.length === 0) return;
  const rows: { id: string; email: string }[] = await db('users').whereIn('id', missing).whereNull('erased_at').select('id', 'email');
  for (const r of rows) emails.set(r.id, r.email);
}

function factsOf(course: AttemptFacts['course'], row: AttemptRow, manifest: ScenarioManifestT, names: VersionTexts): AttemptFacts {
  return {
    attemptId: row.id,
    number: Number(row.number),
    studentId: row.student_id,
    course,
    scenario: { id: manifest.id, version: manifest.version, title: names.title, language: manifest.language ?? 'en', passAt: manifest.scoring.passAt },
    startedAt: toDate(row.started_at)!,
    submittedAt: toDate(row.submitted_at),
    submitReason: row.submit_reason,
    finalScore: row.final_score === null ? null : Number(row.final_score),
    gradedAt: toDate(row.graded_at),
    teacherId: row.created_by,
  };
}

async function attemptStatements(db: Knex, identity: Identity, course: AttemptFacts['course'], row: AttemptRow, texts: Map<string, Promise<VersionTexts>>): Promise<Collected[]> {
  const manifest = JSON.parse(row.manifest_json) as ScenarioManifestT;
  let names = texts.get(row.version_id);
  if (!names) texts.set(row.version_id, (names = versionTexts(db, row.version_id, manifest)));
  const a = factsOf(course, row, manifest, await names);
  const out: Statement[] = [attemptStarted(identity, a)];
  const submitted = attemptSubmitted(identity, a);
  if (submitted) out.push(submitted);
  if (row.status === 'graded') {
    const graded = attemptGraded(identity, a);
    if (graded) out.push(graded);
    out.push(...(await scoredParts(db, identity, a, manifest, await names)));
  }
  return out.map((statement) => ({ statement, userId: row.student_id, courseId: course.id }));
}

/** The released attempt's checks (after regrades) and rubric criteria, as the evidence counts them. */
async function scoredParts(db: Knex, identity: Identity, a: AttemptFacts, manifest: ScenarioManifestT, names: VersionTexts): Promise<Statement[]> {
  const out: Statement[] = [];
  const at = a.gradedAt ?? a.submittedAt ?? a.startedAt;
  const run = await db('check_runs').where({ attempt_id: a.attemptId, kind: 'submission' }).orderBy('created_at', 'desc').first('results_json');
  const checks = run ? await checksAfterRegrades(db, a.attemptId, JSON.parse(run.results_json) as CheckResult[]) : [];
  const checkDefs = new Map(manifest.tasks.flatMap((t) => t.checks.map((c) => [c.id, { task: t.id, def: c }] as const)));
  for (const c of checks) {
    const known = checkDefs.get(c.id);
    if (!known) continue;
    out.push(
      checkScored(identity, a, { id: c.id, task: known.task, title: names.checks.get(c.id) ?? { und: c.title }, points: c.points, earned: c.earned, score: c.score, passed: c.passed, competencies: known.def.competencies }, at),
    );
  }
  const results: { criterion_id: string; points: number; updated_at: Date | number | string }[] = await db('criterion_results').where({ attempt_id: a.attemptId }).select('criterion_id', 'points', 'updated_at');
  if (results.length === 0) return out;
  // The assessor the competency record names for each criterion (reviewer, moderator or regrader).
  const assessorRows: { ref_id: string; assessor_id: string }[] = await db('evidence').where({ attempt_id: a.attemptId, ref_kind: 'criterion' }).whereNotNull('assessor_id').distinct('ref_id', 'assessor_id');
  const assessors = new Map(assessorRows.map((r) => [r.ref_id, r.assessor_id]));
  await learnEmails(db, identity, [...assessors.values()]);
  const criteria = new Map(manifest.tasks.flatMap((t) => t.rubric.map((c) => [c.id, c] as const)));
  for (const r of results) {
    const def = criteria.get(r.criterion_id);
    if (!def) continue;
    out.push(criterionScored(identity, a, { id: def.id, title: names.criteria.get(def.id) ?? { und: def.title }, points: def.points, earned: Number(r.points), assessorId: assessors.get(def.id) ?? null, competencies: def.competencies }, at));
  }
  return out;
}

/** Signed workplace assessments of the course's placements — the newest version of each only. */
async function placementStatements(db: Knex, identity: Identity, course: AttemptFacts['course'], since?: Date): Promise<Collected[]> {
  const q = db('workplace_assessments as w')
    .join('placements as p', 'p.id', 'w.placement_id')
    .join('assessment_points as ap', 'ap.id', 'w.point_id')
    .where({ 'p.course_id': course.id, 'w.status': 'signed' })
    .whereNotExists(db('workplace_assessments as n').whereRaw('n.supersedes_id = w.id').where('n.status', 'signed').select(db.raw('1')))
    .orderBy('w.id')
    .select('w.id', 'w.placement_id', 'w.assessor_id', 'w.side', 'w.signed_at', 'ap.kind', 'p.student_id');
  if (since) void q.where('w.signed_at', '>=', since);
  const rows: { id: string; placement_id: string; assessor_id: string; side: 'school' | 'enterprise'; signed_at: Date | number | string; kind: 'mid' | 'final'; student_id: string }[] = await q;
  if (rows.length === 0) return [];
  await learnEmails(db, identity, rows.flatMap((r) => [r.student_id, r.assessor_id]));
  const scores = new Map<string, Record<string, number>>();
  const evidence: { ref_id: string; competency_code: string; score: number }[] = await db('evidence')
    .where({ source: 'workplace', ref_kind: 'assessment' })
    .whereIn(
      'ref_id',
      rows.map((r) => r.id),
    )
    .select('ref_id', 'competency_code', 'score');
  for (const e of evidence) (scores.get(e.ref_id) ?? scores.set(e.ref_id, {}).get(e.ref_id)!)[e.competency_code] = Number(e.score);
  return rows.map((r) => ({
    statement: placementAssessed(identity, {
      assessmentId: r.id,
      placementId: r.placement_id,
      kind: r.kind,
      side: r.side,
      studentId: r.student_id,
      assessorId: r.assessor_id,
      course,
      scores: scores.get(r.id) ?? {},
      signedAt: toDate(r.signed_at)!,
    }),
    userId: r.student_id,
    courseId: course.id,
  }));
}
