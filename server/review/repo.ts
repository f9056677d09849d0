import { randomInt } from 'node:crypto';
import type { Knex } from 'knex';
import type { RubricCriterionView, StudentRef } from '../contract/review';
import { toBool } from '../db/values';

export type ReviewItemRow = {
  id: string;
  attempt_id: string;
  enterprise_id: string;
  assignment_id: string;
  scenario_id: string;
  scenario_version_id: string;
  mode: 'single' | 'double';
  blind: boolean | number;
  status: 'open' | 'moderation' | 'done';
  rubric_json: string;
  rubric_hash: string;
  flagged_json: string | null;
  calibration: boolean | number;
  submitted_at: Date | number;
  created_at: Date | number;
  updated_at: Date | number;
  completed_at: Date | number | null;
};

export type ReviewRow = {
  id: string;
  item_id: string;
  reviewer_id: string;
  kind: 'primary' | 'moderation' | 'calibration';
  status: 'claimed' | 'submitted';
  claim_expires_at: Date | number | null;
  overall_comment: string;
  /** Moderation by someone who scored the work too: why (see the moderation_note migration). */
  moderation_note?: string | null;
  created_at: Date | number;
  submitted_at: Date | number | null;
};

export const findItem = (db: Knex, id: string) => db<ReviewItemRow>('review_items').where({ id }).first();
export const itemOfAttempt = (db: Knex, attemptId: string) => db<ReviewItemRow>('review_items').where({ attempt_id: attemptId }).first();

export const rubricOf = (item: ReviewItemRow) => JSON.parse(item.rubric_json) as RubricCriterionView[];
export const flaggedOf = (item: ReviewItemRow) => (item.flagged_json ? (JSON.parse(item.flagged_json) as string[]) : []);
export const reviewsNeeded = (item: Pick<ReviewItemRow, 'mode'>) => (item.mode === 'double' ? 2 : 1);

export async function scoresOf(db: Knex, reviewIds: string[]): Promise<Map<string, { criterionId: string; level: number; points: number }[]>> {
  const out = new Map<string, { criterionId: string; level: number; points: number }[]>(reviewIds.map((id) => [id, []]));
  if (reviewIds.length === 0) return out;
  const rows: { review_id: string; criterion_id: string; level: number; points: number }[] = await db('review_scores').whereIn('review_id', reviewIds);
  for (const r of rows) out.get(r.review_id)!.push({ criterionId: r.criterion_id, level: Number(r.level), points: Number(r.points) });
  return out;
}

// No 0/O or 1/I/L: a pseudonym is read aloud and typed. Six characters: 31^6 ≈ 887 million,
// so even a 10,000-student assignment rarely draws the same one twice.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/**
 * A stable pseudonym per assignment and student, random (not derived from ids), so nothing a
 * reviewer can see leads back to the student. Created once; every later item reuses it.
 * ON CONFLICT DO NOTHING instead of catching the error: on PostgreSQL a failed statement
 * would abort the grading transaction this runs in.
 */
export async function pseudonymFor(db: Knex, assignmentId: string, studentId: string): Promise<string> {
  for (let tries = 0; tries < 10; tries++) {
    const existing = await db('review_pseudonyms').where({ assignment_id: assignmentId, student_id: studentId }).first('pseudonym');
    if (existing) return existing.pseudonym;
    const code = Array.from({ length: 6 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    await db('review_pseudonyms').insert({ assignment_id: assignmentId, student_id: studentId, pseudonym: `Candidate ${code}` }).onConflict().ignore();
  }
  throw new Error('could not allocate a pseudonym');
}

/** How the student appears to reviewers: a pseudonym under blind review, never an id. */
export async function studentRefs(db: Knex, items: Pick<ReviewItemRow, 'assignment_id' | 'blind' | 'attempt_id'>[]): Promise<Map<string, StudentRef>> {
  const out = new Map<string, StudentRef>();
  if (items.length === 0) return out;
  const rows: { attempt_id: string; assignment_id: string; name: string; school: string; pseudonym: string | null }[] = await db('attempts as a')
    .join('users as u', 'u.id', 'a.student_id')
    .join('assignments as asg', 'asg.id', 'a.assignment_id')
    .join('courses as c', 'c.id', 'asg.course_id')
    .join('organizations as o', 'o.id', 'c.school_id')
    .leftJoin('review_pseudonyms as p', (j) => j.on('p.assignment_id', '=', 'a.assignment_id').andOn('p.student_id', '=', 'a.student_id'))
    .whereIn(
      'a.id',
      items.map((i) => i.attempt_id),
    )
    .select('a.id as attempt_id', 'a.assignment_id', 'u.name', 'o.name as school', 'p.pseudonym');
  const byAttempt = new Map(rows.map((r) => [r.attempt_id, r]));
  for (const item of items) {
    const r = byAttempt.get(item.attempt_id);
    if (!r) continue;
    out.set(item.attempt_id, toBool(item.blind) ? { kind: 'pseudonym', pseudonym: r.pseudonym ?? 'Candidate' } : { kind: 'named', name: r.name, school: r.school });
  }
  return out;
}
