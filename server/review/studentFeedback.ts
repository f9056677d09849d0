import type { Knex } from 'knex';
import type { StudentFeedbackItem, StudentFeedbackView } from '../contract/review';
import type { AssignmentRow, AttemptRow } from '../attempts/repo';
import type { Actor } from '../http/policy';
import { releasedAt } from './feedback';

/** Where an excerpt is cut, at the last word boundary before it. */
export const EXCERPT_CHARS = 240;

/** A student has a few hundred reviewed attempts at most; the newest this many are looked at. */
const SCANNED = 200;

/** The start of a comment, whole words only, with line breaks folded into spaces. */
export function excerptOf(text: string, max = EXCERPT_CHARS): { text: string; truncated: boolean } {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return { text: flat, truncated: false };
  const cut = flat.slice(0, max + 1);
  const space = cut.lastIndexOf(' ');
  // One very long word: cut inside it rather than show nothing.
  return { text: `${(space > max / 2 ? cut.slice(0, space) : flat.slice(0, max)).replace(/[\s,;:.–—-]+$/, '')}…`, truncated: true };
}

type Row = Pick<AttemptRow, 'id' | 'status' | 'submitted_at' | 'graded_at' | 'final_score' | 'auto_score' | 'review_score'> &
  Pick<AssignmentRow, 'reveal_policy' | 'closes_at'> & { item_id: string; assignment_title: string; course_title: string; scenario_title: string };

/**
 * The signed-in student's released reviews, newest release first: for the home page's
 * feedback panel. Only their own attempts, and only once the grade is out to them (an
 * after-close reveal policy holds it back until the window closes, as on the attempt page).
 */
export async function studentFeedback(deps: { db: Knex; clock: () => Date }, actor: Actor, query: { limit: number }): Promise<StudentFeedbackView> {
  const now = deps.clock();
  const rows: Row[] = await deps
    .db('attempts as a')
    .join('review_items as i', 'i.attempt_id', 'a.id')
    .join('assignments as asg', 'asg.id', 'a.assignment_id')
    .join('courses as c', 'c.id', 'asg.course_id')
    .join('scenario_versions as v', 'v.id', 'i.scenario_version_id')
    .where({ 'a.student_id': actor.id, 'a.status': 'graded', 'i.status': 'done' })
    .orderBy([{ column: 'a.graded_at', order: 'desc' }, { column: 'a.id' }])
    .limit(SCANNED)
    .select(
      'a.id',
      'a.status',
      'a.submitted_at',
      'a.graded_at',
      'a.final_score',
      'a.auto_score',
      'a.review_score',
      'asg.reveal_policy',
      'asg.closes_at',
      'i.id as item_id',
      'asg.title as assignment_title',
      'c.title as course_title',
      'v.title as scenario_title',
    );
  const released = rows
    .map((row) => ({ row, at: releasedAt(row as unknown as AttemptRow, row as unknown as AssignmentRow, now) }))
    .filter((r): r is { row: Row; at: Date } => r.at !== null)
    .sort((x, y) => y.at.getTime() - x.at.getTime() || x.row.id.localeCompare(y.row.id));
  const shown = released.slice(0, query.limit);
  if (shown.length === 0) return { items: [], total: released.length };
  const ids = shown.map((s) => s.row.item_id);
  // Calibration scores are the reviewers' practice, never feedback to the student.
  const [comments, lineCounts] = await Promise.all([
    deps.db('reviews').whereIn('item_id', ids).whereIn('kind', ['primary', 'moderation']).where('status', 'submitted').orderBy('submitted_at').select('item_id', 'overall_comment') as Promise<
      { item_id: string; overall_comment: string }[]
    >,
    deps
      .db('review_comments as rc')
      .join('reviews as r', 'r.id', 'rc.review_id')
      .whereIn('rc.item_id', ids)
      .whereIn('r.kind', ['primary', 'moderation'])
      .groupBy('rc.item_id')
      .select('rc.item_id')
      .count({ n: '*' }) as Promise<{ item_id: string; n: number | string }[]>,
  ]);
  const items: StudentFeedbackItem[] = shown.map(({ row, at }) => {
    const said = comments.find((c) => c.item_id === row.item_id && c.overall_comment.trim());
    const excerpt = said ? excerptOf(said.overall_comment) : null;
    return {
      attemptId: row.id,
      scenario: { title: row.scenario_title },
      assignment: { title: row.assignment_title, course: row.course_title },
      releasedAt: at.toISOString(),
      finalScore: Number(row.final_score ?? row.auto_score ?? 0),
      reviewScore: row.review_score === null || row.review_score === undefined ? null : Number(row.review_score),
      excerpt: excerpt?.text ?? null,
      truncated: excerpt?.truncated ?? false,
      lineComments: Number(lineCounts.find((c) => c.item_id === row.item_id)?.n ?? 0),
    };
  });
  return { items, total: released.length };
}
