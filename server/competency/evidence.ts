import type { Knex } from 'knex';
import { toDate } from '../db/values';
import type { CheckResult } from '../grading/types';
import { checksAfterRegrades } from '../review/checkScores';
import type { ScenarioManifestT } from '../scenarios/schema';
import { combineSources, mastery, type MasteryMethod, type SourceWeights } from './mastery';

export type EvidenceRow = {
  course_id: string;
  student_id: string;
  competency_code: string;
  score: number;
  weight: number;
  /** 'workplace': a signed workplace assessment (issue 16), with no attempt and a placement. */
  source: 'check' | 'rubric' | 'regrade' | 'workplace';
  attempt_id: string | null;
  ref_kind: 'check' | 'criterion' | 'assessment';
  ref_id: string;
  placement_id?: string | null;
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
  // The course lock before the evidence rows: on PostgreSQL inserting them takes a key-share lock
  // on their course row, and two gradings that each held one while waiting for the other's
  // lockCourse deadlocked (a shared deadline grades many attempts of one course at once).
  for (const course of [...new Set([...before, ...rows].map((r) => r.course_id))].sort()) await lockCourse(trx, course);
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

export type CourseMasterySettings = {
  mastery_method: string;
  mastery_weight: number;
  mastery_n: number;
  mastery_threshold: number;
  simulated_weight: number;
  workplace_weight: number;
};

/** The course columns that say how its mastery is computed: every reader selects all of them. */
export const MASTERY_COLUMNS = ['mastery_method', 'mastery_weight', 'mastery_n', 'mastery_threshold', 'simulated_weight', 'workplace_weight'] as const;

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

export function weightsOf(course: CourseMasterySettings): SourceWeights {
  return { simulated: Number(course.simulated_weight ?? 1), workplace: Number(course.workplace_weight ?? 1) };
}

/**
 * One score per piece of work and competency (the weighted mean of its rows), in the order the
 * work was done: a scenario with five checks on one competency is one piece of work, not five,
 * for "latest" or "n times at mastery". Simulated work is one piece per attempt; a workplace
 * assessment (no attempt) is one piece per assessment (its ref_id), so two mentors' signed
 * assessments are two pieces and never collapse into one under a NULL attempt.
 *
 * The pieces come back packed, one row per student and competency (a string of
 * workplace␟at␟score␟piece, separated by ␞): the drivers spend their time per row, and a
 * million rows per course cost seconds where fifty thousand cost a fraction (measured, issue
 * 18). The score is printed exactly (17 significant digits on SQLite, PostgreSQL's shortest
 * exact text), so it parses to the very number the driver would have handed back.
 */
function packedPieces(db: Knex, courseId: string) {
  const kind = "case when source = 'workplace' then 1 else 0 end";
  const pg = db.client.config.client === 'pg';
  const pieces = db('evidence')
    .where('course_id', courseId)
    .groupByRaw(`student_id, competency_code, ${kind}, coalesce(attempt_id, ref_id)`)
    .select('student_id', 'competency_code', db.raw(`${kind} as workplace`), db.raw('coalesce(attempt_id, ref_id) as piece'))
    .select(db.raw(pg ? 'floor(extract(epoch from min(submitted_at)) * 1000)::bigint as at' : 'min(submitted_at) as at'))
    // PostgreSQL sums REAL (single precision) in whatever order its plan reads the rows, so the
    // whole course and one student could round differently: the order is fixed by the row id.
    // SQLite sums with compensation (exact for the few rows of one piece).
    .select(db.raw(pg ? 'sum(score * weight order by id) / sum(weight order by id) as score' : 'sum(score * weight) / sum(weight) as score'))
    // Ordered here so that SQLite's outer grouping reads it in order instead of sorting again;
    // by the whole grouping key, which the index already delivers: ordered by its first two
    // columns only, SQLite sorted every piece in a temporary B-tree (a tenth of the read, issue 18).
    .orderByRaw(`student_id, competency_code, ${kind}, coalesce(attempt_id, ref_id)`);
  const text = pg ? 'score::text' : "printf('%!.17g', score)";
  const sep = pg ? 'chr' : 'char';
  const agg = pg ? 'string_agg' : 'group_concat';
  return {
    pieces,
    packed: (inner: Knex.QueryBuilder) =>
      db
        .from(inner.as('p'))
        .groupBy('student_id', 'competency_code')
        .select('student_id', 'competency_code', db.raw(`${agg}(workplace || ${sep}(31) || at || ${sep}(31) || ${text} || ${sep}(31) || piece, ${sep}(30)) as pieces`)),
  };
}

type PackedRow = { student_id: string; competency_code: string; pieces: string };

/** The course's pieces, packed; narrowed to some students and competencies when given. */
async function readPacked(db: Knex, courseId: string, students?: string[], codes?: string[]): Promise<PackedRow[]> {
  const { pieces, packed } = packedPieces(db, courseId);
  if (students) pieces.whereIn('student_id', students);
  if (codes) pieces.whereIn('competency_code', codes);
  return (await packed(pieces)) as PackedRow[];
}

type Work = { at: number; score: number; piece: string };
const byOrder = (a: Work, b: Work) => a.at - b.at || a.piece.localeCompare(b.piece);

/**
 * masteryFromPieces over a packed row's pieces, to the last bit, parsed in one pass without
 * splitting it into arrays of strings and objects: a whole-course recompute unpacks a million
 * pieces (issue 18). tests/competency/recompute.test.ts holds it to masteryFromPieces.
 */
function masteryFromPacked(packed: string, method: MasteryMethod, weights: SourceWeights): MasteryEntry {
  const lists: [Work[], Work[]] = [[], []];
  for (let start = 0; start <= packed.length; ) {
    let end = packed.indexOf('\u001e', start);
    if (end < 0) end = packed.length;
    const a = packed.indexOf('\u001f', start);
    const b = packed.indexOf('\u001f', a + 1);
    const c = packed.indexOf('\u001f', b + 1);
    // The first field is the kind of work, '1' (workplace) or '0'.
    lists[a === start + 1 && packed.charCodeAt(start) === 49 ? 1 : 0].push({ at: Number(packed.slice(a + 1, b)), score: Number(packed.slice(b + 1, c)), piece: packed.slice(c + 1, end) });
    start = end + 1;
  }
  const side = (list: Work[]): SourceMastery => {
    list.sort(byOrder);
    const scores = new Array<number>(list.length);
    for (let k = 0; k < list.length; k++) scores[k] = list[k]!.score;
    return [mastery(scores, method), list.length];
  };
  const simulated = side(lists[0]);
  const workplace = side(lists[1]);
  return [combineSources(simulated[0], workplace[0], weights), simulated[1] + workplace[1], simulated, workplace];
}

/** A piece of work on one competency: a simulated attempt or a workplace assessment. */
export type Piece = { workplace: boolean; piece: string; at: Date | number | string; score: number };

const timeOf = (at: Piece['at']) => (typeof at === 'number' ? at : toDate(at)!.getTime());
const byWorkOrder = (a: Piece, b: Piece) => timeOf(a.at) - timeOf(b.at) || a.piece.localeCompare(b.piece);

/** Mastery of one kind of evidence: the method's value and the pieces of work behind it. */
export type SourceMastery = [number | null, number];

/**
 * A student's mastery of one competency: [value (null: no result yet), pieces of work], then
 * the same for simulated work and for workplace assessments on their own (the course report
 * compares them). Rows written before workplace evidence existed have only the first two.
 */
export type MasteryEntry = [number | null, number] | [number | null, number, SourceMastery, SourceMastery];

/** A student's mastery in one course: competency code → entry. */
export type MasteryValues = Record<string, MasteryEntry>;

/** The per-source halves of an entry; an entry from before workplace evidence is all simulated work. */
export function sourcesOf(entry: MasteryEntry): { simulated: SourceMastery; workplace: SourceMastery } {
  if (entry.length === 4) return { simulated: entry[2], workplace: entry[3] };
  return { simulated: [entry[0], entry[1]], workplace: [null, 0] };
}

/**
 * The mastery of one competency from its pieces of work: the course's method over simulated
 * work and over workplace assessments separately (each in its own order), then the weighted
 * mean of the two results by the course's weights when both have one, else the one there is.
 * Separately, so that "latest" or a decaying average never lets a placement's one assessment
 * stand in for a term of scenarios (or the reverse), and the weight means what it says.
 */
export function masteryFromPieces(pieces: Piece[], method: MasteryMethod, weights: SourceWeights): MasteryEntry {
  const side = (workplace: boolean): SourceMastery => {
    const list = pieces.filter((p) => p.workplace === workplace).sort(byWorkOrder);
    return [
      mastery(
        list.map((p) => Number(p.score)),
        method,
      ),
      list.length,
    ];
  };
  const simulated = side(false);
  const workplace = side(true);
  return [combineSources(simulated[0], workplace[0], weights), simulated[1] + workplace[1], simulated, workplace];
}

export async function readMastery(db: Knex, courseId: string, studentId: string): Promise<MasteryValues> {
  const row = await db('mastery').where({ course_id: courseId, student_id: studentId }).first('values_json');
  return row ? (JSON.parse(row.values_json) as MasteryValues) : {};
}

/**
 * Evidence writes for one course take turns: the mastery row is read, changed and written, and
 * two gradings of one student's work (a deadline sweep, a review) must not interleave. The lock
 * is the course row, also taken by a whole-course recompute. SQLite has one writer anyway.
 */
export async function lockCourse(trx: Knex, courseId: string): Promise<CourseMasterySettings> {
  const q = trx('courses').where({ id: courseId });
  if (trx.client.config.client === 'pg') q.forUpdate();
  return await q.first<CourseMasterySettings>(...MASTERY_COLUMNS);
}

export async function recomputeMastery(db: Knex, courseId: string, studentId: string, codes: string[]): Promise<void> {
  if (codes.length === 0) return;
  const course = await lockCourse(db, courseId);
  const rows = await readPacked(db, courseId, [studentId], codes);
  const values = await readMastery(db, courseId, studentId);
  for (const code of codes) delete values[code];
  Object.assign(values, masteryOf(rows, course).get(studentId) ?? {});
  await db('mastery')
    .insert({ course_id: courseId, student_id: studentId, values_json: JSON.stringify(values), updated_at: new Date() })
    .onConflict(['course_id', 'student_id'])
    .merge(['values_json', 'updated_at']);
  // A whole-course recompute running in the background compares this before it swaps its values in.
  await db('courses').where({ id: courseId }).increment('mastery_version', 1);
}

/**
 * The course's students with evidence, in order: one index seek per student (the next id after
 * the last), where a DISTINCT read all of the course's million index entries.
 */
async function studentsWithEvidence(db: Knex, courseId: string): Promise<string[]> {
  const next = 'select min(student_id) from evidence where course_id = ? and student_id > s.id';
  const rows: { id: string }[] = await db
    .withRecursive('s', ['id'], db.raw(`select min(student_id) from evidence where course_id = ? union all select (${next}) from s where s.id is not null`, [courseId, courseId]))
    .from('s')
    .whereNotNull('id')
    .select('id');
  return rows.map((r) => r.id);
}

/** Students per read of a whole-course recompute: a progress step, and memory stays bounded. */
const STUDENTS_PER_READ = 100;

/**
 * The whole course's mastery under `course`'s settings, student group by student group
 * (`onProgress` hears each group done; returning false stops it, answering null). Reads only:
 * the caller writes the result (writeCourseMastery).
 */
export async function computeCourseMastery(
  db: Knex,
  courseId: string,
  course: CourseMasterySettings,
  onProgress?: (done: number, total: number) => Promise<boolean | void>,
): Promise<Map<string, MasteryValues> | null> {
  const students = await studentsWithEvidence(db, courseId);
  const out = new Map<string, MasteryValues>();
  const read = (i: number) => {
    if (i >= students.length) return null;
    const rows = readPacked(db, courseId, students.slice(i, i + STUDENTS_PER_READ));
    // Handled here as well: should it fail while this process waits on a progress write, Node
    // would otherwise count it unhandled (and end the process) before the loop awaits it.
    rows.catch(() => undefined);
    return rows;
  };
  // One group ahead: the next group's read runs in the driver (SQLite's thread pool, or the
  // PostgreSQL server) while this process computes the group it has, so the two overlap.
  let next = read(0);
  try {
    for (let i = 0; i < students.length; i += STUDENTS_PER_READ) {
      const rows = await next!;
      next = read(i + STUDENTS_PER_READ);
      for (const [student, values] of masteryOf(rows, course)) out.set(student, values);
      if ((await onProgress?.(Math.min(i + STUDENTS_PER_READ, students.length), students.length)) === false) return null;
    }
  } finally {
    // Stopped early (told to, or failed): let the read in flight finish before the caller goes
    // on with the connection (or transaction); its rows, or its error, are of no use.
    await next?.catch(() => undefined);
  }
  return out;
}

/** Replaces the course's mastery rows by `values`, in multi-row inserts (call inside a transaction). */
export async function writeCourseMastery(trx: Knex, courseId: string, values: Map<string, MasteryValues>, now: Date): Promise<number> {
  const out = [...values].map(([student, v]) => ({ course_id: courseId, student_id: student, values_json: JSON.stringify(v), updated_at: now }));
  await trx('mastery').where({ course_id: courseId }).delete();
  // 4 parameters a row: 500 rows stay far below SQLite's limit of bound parameters.
  for (let i = 0; i < out.length; i += 500) await trx('mastery').insert(out.slice(i, i + 500));
  return out.length;
}

/**
 * The whole course again, in one transaction holding the course: to build the table from
 * evidence (a method change runs it in the background instead: masteryJobs.ts).
 */
export async function recomputeCourseMastery(db: Knex, courseId: string): Promise<number> {
  const run = async (trx: Knex) => {
    const course = await lockCourse(trx, courseId);
    return writeCourseMastery(trx, courseId, (await computeCourseMastery(trx, courseId, course))!, new Date());
  };
  return (db as Knex & { isTransaction?: boolean }).isTransaction ? run(db) : db.transaction(run);
}

function masteryOf(rows: PackedRow[], course: CourseMasterySettings): Map<string, MasteryValues> {
  const method = methodOf(course);
  const weights = weightsOf(course);
  const out = new Map<string, MasteryValues>();
  for (const r of rows) {
    const values = out.get(r.student_id) ?? out.set(r.student_id, {}).get(r.student_id)!;
    values[r.competency_code] = masteryFromPacked(r.pieces, method, weights);
  }
  return out;
}

export const clamp = (x: number) => Math.min(1, Math.max(0, Number.isFinite(x) ? x : 0));

