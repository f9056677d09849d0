import type { Knex } from 'knex';
import { readerManifests } from '../attempts/packages';
import type { EvidenceView, RecordCompetency, StudentRecord } from '../contract/competency';
import { courseRole, schoolsWhere } from '../courses/policy';
import { toBool, toDate, toIso } from '../db/values';
import { errors } from '../http/errors';
import { msg } from '../messages';
import type { Actor } from '../http/policy';
import { releasedAt } from '../review/feedback';
import { competencyIndex, levelsFor } from './case';
import { methodView } from './methodView';
import { MASTERY_COLUMNS, masteryFromPieces, methodOf, readMastery, sourcesOf, weightsOf, type CourseMasterySettings, type MasteryEntry, type Piece } from './evidence';
import { levelOf } from './mastery';
import { rollUps } from './rollup';

/** The student themself, or a teacher of the course; anyone else learns nothing (404). */
async function assertCanRead(db: Knex, actor: Actor, courseId: string, studentId: string): Promise<void> {
  const role = await courseRole(db, actor, courseId);
  if (role === 'teacher') {
    const enrolled = await db('course_members').where({ course_id: courseId, user_id: studentId, role: 'student' }).first('user_id');
    if (enrolled) return;
  }
  if (role === 'student' && actor.id === studentId) return;
  throw errors.notFound(msg('notFound.record'));
}

/** The courses whose record a student can read: those they are enrolled in. */
export async function recordCourses(db: Knex, actor: Actor): Promise<{ id: string; title: string }[]> {
  return db('course_members as m')
    .join('courses as c', 'c.id', 'm.course_id')
    .where({ 'm.user_id': actor.id, 'm.role': 'student' })
    .whereIn('c.school_id', schoolsWhere(actor, 'student'))
    .orderBy('c.title')
    .select('c.id', 'c.title');
}

/**
 * A student's record in one course: every competency of the framework tree that the course
 * teaches or the evidence touched (with its ancestors, for the tree), each with its mastery,
 * the per-work trend and every piece of evidence behind it.
 */
export async function studentRecord(db: Knex, actor: Actor, courseId: string, studentId: string): Promise<StudentRecord> {
  await assertCanRead(db, actor, courseId, studentId);
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- the row type, over several lines, reads better after the query
  const course = (await db('courses').where({ id: courseId }).first('id', 'title', ...MASTERY_COLUMNS)) as CourseMasterySettings & {
    id: string;
    title: string;
  };
  const student = await db('users').where({ id: studentId }).first('id', 'name');
  const [index, stored, allEvidence, moduleCodes] = await Promise.all([
    competencyIndex(db),
    readMastery(db, courseId, studentId),
    // Left joins: a workplace assessment has no attempt (nor assignment), but a placement.
    db('evidence as e')
      .leftJoin('attempts as a', 'a.id', 'e.attempt_id')
      .leftJoin('assignments as asg', 'asg.id', 'a.assignment_id')
      .leftJoin('review_items as i', 'i.attempt_id', 'e.attempt_id')
      .leftJoin('users as r', 'r.id', 'e.assessor_id')
      .leftJoin('placements as p', 'p.id', 'e.placement_id')
      .leftJoin('training_bases as b', 'b.id', 'p.base_id')
      .leftJoin('organizations as ent', 'ent.id', 'b.enterprise_id')
      .where({ 'e.course_id': courseId, 'e.student_id': studentId })
      .orderBy([{ column: 'e.submitted_at' }, { column: 'e.id' }])
      .select(
        'e.*',
        'asg.scenario_version_id as version_id',
        'asg.reveal_policy',
        'asg.closes_at',
        'a.status',
        'a.graded_at',
        'r.name as assessor_name',
        'p.role as placement_role',
        'b.name as base_name',
        'ent.name as enterprise_name',
        db.raw('coalesce(i.blind, asg.blind_review) as blind'),
      ) as Promise<EvidenceRowJoined[]>,
    db('module_competencies as mc').join('course_modules as m', 'm.id', 'mc.module_id').where('m.course_id', courseId).distinct('mc.competency_code') as Promise<{ competency_code: string }[]>,
  ]);
  const versions: { id: string; title: string; manifest_json: string }[] = await db('scenario_versions')
    .whereIn('id', [...new Set(allEvidence.flatMap((e) => (e.version_id ? [e.version_id] : [])))])
    .select('id', 'title', 'manifest_json');
  // A bilingual scenario's title and check and criterion titles in the reader's language.
  const read = await readerManifests(db, versions);
  const manifestOf = new Map(versions.map((v) => [v.id, { title: read.get(v.id)!.title, manifest: read.get(v.id)! }]));

  // The student reads what was released to them, as in their attempt view: nothing of work whose
  // grade is held back (after-close), and no points of hidden checks the reveal policy hides.
  // Their mastery is then computed from that, so no number reveals what the rest keeps back.
  const now = new Date();
  const own = actor.id === studentId;
  const evidence = own
    ? allEvidence.filter((e) => {
        // A workplace row exists only once its assessment is signed: it is the student's to read.
        if (e.source === 'workplace') return true;
        if (!released(e, now)) return false;
        if (e.ref_kind !== 'check' || e.reveal_policy !== 'points') return true;
        const check = manifestOf.get(e.version_id ?? '')?.manifest.tasks.flatMap((t) => t.checks).find((c) => c.id === e.ref_id);
        return check?.visible ?? false;
      })
    : allEvidence;
  const method = methodOf(course);
  const weights = weightsOf(course);
  const entries: [string, MasteryEntry][] = own ? [...groupWork(evidence)].map(([code, pieces]) => [code, masteryFromPieces(pieces, method, weights)]) : Object.entries(stored);
  const mastery = entries.map(([code, entry]) => ({ competency_code: code, value: entry[0], attempts: entry[1], sources: sourcesOf(entry) }));
  const comments = await overallComments(
    db,
    [...new Set(evidence.filter((e) => e.ref_kind === 'criterion' && e.attempt_id).map((e) => e.attempt_id!))],
  );

  const titleOf = (e: EvidenceRowJoined) => {
    // The page names a workplace assessment in the reader's words; this is for API clients.
    if (e.ref_kind === 'assessment') return 'Workplace assessment';
    const m = manifestOf.get(e.version_id ?? '')?.manifest;
    const all = m ? m.tasks.flatMap((t) => [...t.checks, ...t.rubric]) : [];
    return all.find((x) => x.id === e.ref_id)?.title ?? e.ref_id;
  };

  // The tree: what the course teaches and what the evidence touched, plus their ancestors.
  const wanted = new Set([...moduleCodes.map((m) => m.competency_code), ...mastery.map((m) => m.competency_code)]);
  // Import refuses cycles; the depth cap keeps a bad row from ever spinning the server.
  for (const code of [...wanted]) {
    let depth = 0;
    for (let p = index.get(code)?.parent; p && depth < 50; p = index.get(p)?.parent, depth++) wanted.add(p);
  }
  const children = new Map<string | null, string[]>();
  for (const code of wanted) {
    const parent = index.get(code)?.parent ?? null;
    const key = parent && wanted.has(parent) ? parent : null;
    (children.get(key) ?? children.set(key, []).get(key)!).push(code);
  }
  const order = (codes: string[]) => codes.sort((a, b) => (index.get(a)?.sequence ?? 0) - (index.get(b)?.sequence ?? 0) || a.localeCompare(b));
  const levels = await levelsFor(db, [...wanted]);
  const competencies: RecordCompetency[] = [];
  const visit = (code: string, depth: number) => {
    const m = mastery.find((x) => x.competency_code === code);
    const value = m?.value === null || m?.value === undefined ? null : Number(m.value);
    const mine = evidence.filter((e) => e.competency_code === code);
    competencies.push({
      code,
      title: index.get(code)?.title ?? code,
      parent: index.get(code)?.parent ?? null,
      depth,
      value,
      level: levelOf(value, levels)?.id ?? null,
      attempts: Number(m?.attempts ?? 0),
      bySource: {
        simulated: { value: sourceValue(m?.sources.simulated[0]), pieces: Number(m?.sources.simulated[1] ?? 0) },
        workplace: { value: sourceValue(m?.sources.workplace[0]), pieces: Number(m?.sources.workplace[1] ?? 0) },
      },
      rollup: null,
      trend: trendOf(mine),
      evidence: mine.map(
        (e): EvidenceView => ({
          id: Number(e.id),
          score: Number(e.score),
          weight: Number(e.weight),
          source: e.source,
          attemptId: e.attempt_id,
          scenario: e.version_id ? (manifestOf.get(e.version_id)?.title ?? '') : '',
          ref: { kind: e.ref_kind, id: e.ref_id, title: titleOf(e) },
          placement: e.placement_id ? { id: e.placement_id, base: e.base_name ?? '', enterprise: e.enterprise_name ?? '', role: e.placement_role ?? '' } : null,
          // Under blind review nobody on the school's side learns who reviewed (as in the attempt view).
          assessor: toBool(e.blind) ? null : e.assessor_name,
          comment: e.ref_kind === 'criterion' && e.attempt_id ? (comments.get(e.attempt_id) ?? null) : null,
          submittedAt: toIso(e.submitted_at)!,
        }),
      ),
    });
    for (const child of order(children.get(code) ?? [])) visit(child, depth + 1);
  };
  for (const root of order(children.get(null) ?? [])) visit(root, 0);
  const rolled = rollUps(
    competencies.map((c) => ({ code: c.code, parent: c.parent !== null && wanted.has(c.parent) ? c.parent : null, value: c.value, attempts: c.attempts })),
    levels,
  );
  for (const c of competencies) c.rollup = rolled.get(c.code) ?? null;

  return { student: { id: student.id, name: student.name }, course: { id: course.id, title: course.title }, method: methodView(course), levels, competencies };
}

/** Released to the student: the same rule as their attempt view. */
const released = (e: EvidenceRowJoined, now: Date) =>
  releasedAt(
    { status: e.status, graded_at: e.graded_at, submitted_at: e.submitted_at } as Parameters<typeof releasedAt>[0],
    { reveal_policy: e.reveal_policy, closes_at: e.closes_at } as Parameters<typeof releasedAt>[1],
    now,
  ) !== null;

/** The piece of work a row belongs to: its attempt, or for a workplace row its assessment. */
const pieceOf = (r: EvidenceRowJoined) => r.attempt_id ?? `assessment:${r.ref_id}`;

const sourceValue = (v: number | null | undefined) => (v === null || v === undefined ? null : Number(v));

/** Per competency, one score per piece of work (as the stored mastery is built: evidence.ts). */
function groupWork(rows: EvidenceRowJoined[]): Map<string, Piece[]> {
  const work = new Map<string, Map<string, { at: number; sum: number; weight: number; workplace: boolean }>>();
  for (const r of rows) {
    const byPiece = work.get(r.competency_code) ?? work.set(r.competency_code, new Map()).get(r.competency_code)!;
    const key = pieceOf(r);
    const w = byPiece.get(key) ?? byPiece.set(key, { at: toDate(r.submitted_at)!.getTime(), sum: 0, weight: 0, workplace: r.source === 'workplace' }).get(key)!;
    w.at = Math.min(w.at, toDate(r.submitted_at)!.getTime());
    w.sum += Number(r.score) * Number(r.weight);
    w.weight += Number(r.weight);
  }
  return new Map(
    [...work].map(([code, byPiece]) => [code, [...byPiece].map(([piece, w]) => ({ workplace: w.workplace, piece, at: w.at, score: w.weight ? w.sum / w.weight : 0 }))]),
  );
}

type EvidenceRowJoined = {
  id: number;
  competency_code: string;
  score: number;
  weight: number;
  source: 'check' | 'rubric' | 'regrade' | 'workplace';
  attempt_id: string | null;
  ref_kind: 'check' | 'criterion' | 'assessment';
  ref_id: string;
  placement_id: string | null;
  placement_role: string | null;
  base_name: string | null;
  enterprise_name: string | null;
  submitted_at: Date | number;
  /** null for a workplace row (no attempt, no assignment) */
  version_id: string | null;
  reveal_policy: string;
  closes_at: Date | number | null;
  status: string;
  graded_at: Date | number | null;
  assessor_name: string | null;
  blind: boolean | number | null;
};

/** One point per piece of work (an attempt or a workplace assessment): the weighted mean of its evidence on the competency. */
function trendOf(rows: EvidenceRowJoined[]): { at: string; score: number }[] {
  const byAttempt = new Map<string, { at: number; sum: number; weight: number }>();
  for (const r of rows) {
    const key = pieceOf(r);
    const e = byAttempt.get(key) ?? byAttempt.set(key, { at: toDate(r.submitted_at)!.getTime(), sum: 0, weight: 0 }).get(key)!;
    e.sum += Number(r.score) * Number(r.weight);
    e.weight += Number(r.weight);
  }
  return [...byAttempt.values()].sort((a, b) => a.at - b.at).map((e) => ({ at: new Date(e.at).toISOString(), score: e.weight ? e.sum / e.weight : 0 }));
}

async function overallComments(db: Knex, attemptIds: string[]): Promise<Map<string, string>> {
  if (attemptIds.length === 0) return new Map();
  const rows: { attempt_id: string; overall_comment: string }[] = await db('reviews as r')
    .join('review_items as i', 'i.id', 'r.item_id')
    .whereIn('i.attempt_id', attemptIds)
    .where('r.status', 'submitted')
    .whereIn('r.kind', ['primary', 'moderation'])
    .whereNot('r.overall_comment', '')
    .orderBy('r.submitted_at')
    .select('i.attempt_id', 'r.overall_comment');
  const out = new Map<string, string>();
  for (const r of rows) out.set(r.attempt_id, out.has(r.attempt_id) ? `${out.get(r.attempt_id)} / ${r.overall_comment}` : r.overall_comment);
  return out;
}
