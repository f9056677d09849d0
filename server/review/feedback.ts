import type { Knex } from 'knex';
import type { AttemptReviewView, CriterionResultView, RegradeView } from '../contract/review';
import { toBool, toDate, toIso } from '../db/values';
import type { CheckResult } from '../grading/types';
import type { AssignmentRow, AttemptRow } from '../attempts/repo';
import type { ScenarioManifestT } from '../scenarios/schema';
import { revealResults } from '../attempts/present';
import * as repo from './repo';
import { auditOf } from './detail';
import { rubricInLanguage } from './rubricText';

/** The grade is out to the student: graded, and not held back by an after-close reveal policy. */
export function releasedAt(attempt: AttemptRow & { graded_at?: Date | number | null }, assignment: AssignmentRow, now: Date): Date | null {
  if (attempt.status !== 'graded') return null;
  const graded = toDate(attempt.graded_at ?? null) ?? toDate(attempt.submitted_at)!;
  if (assignment.reveal_policy !== 'after-close') return graded;
  const closes = toDate(assignment.closes_at);
  if (!closes || closes.getTime() > now.getTime()) return null;
  return new Date(Math.max(closes.getTime(), graded.getTime()));
}

export function regradeClosesAt(released: Date, assignment: AssignmentRow & { regrade_window_days?: number }): Date {
  return new Date(released.getTime() + Number(assignment.regrade_window_days ?? 7) * 86_400_000);
}

export async function regradesOf(db: Knex, attemptId: string, titles: Map<string, string>): Promise<RegradeView[]> {
  const rows: {
    id: string;
    target_kind: 'criterion' | 'check';
    target_id: string;
    reason: string;
    status: RegradeView['status'];
    reply: string | null;
    from_score: number | null;
    to_score: number | null;
    created_at: Date | number;
    resolved_at: Date | number | null;
  }[] = await db('regrade_requests').where({ attempt_id: attemptId }).orderBy('created_at');
  return rows.map((r) => ({
    id: r.id,
    target: { kind: r.target_kind, id: r.target_id, title: titles.get(`${r.target_kind}:${r.target_id}`) ?? r.target_id },
    reason: r.reason,
    status: r.status,
    reply: r.reply,
    from: r.from_score === null ? null : Number(r.from_score),
    to: r.to_score === null ? null : Number(r.to_score),
    createdAt: toIso(r.created_at)!,
    resolvedAt: toIso(r.resolved_at),
  }));
}

/**
 * What the student (or their teacher) sees of the grade beyond the checks: the review while
 * it is pending, then the levels given, comments, the final score and regrades. Reviewer
 * names are left out under blind review, for the student as for the reviewers.
 */
export async function attemptReview(
  db: Knex,
  args: {
    attempt: AttemptRow & { review_score?: number | null; final_score?: number | null; graded_at?: Date | number | null };
    assignment: AssignmentRow;
    manifest: ScenarioManifestT;
    checks: CheckResult[];
    viewer: 'student' | 'teacher';
    now: Date;
  },
): Promise<AttemptReviewView | null> {
  const { attempt, assignment, manifest, now } = args;
  if (attempt.status === 'in_progress') return null;
  const item = await repo.itemOfAttempt(db, attempt.id);
  const released = releasedAt(attempt, assignment, now);
  const weights = item ? { auto: manifest.scoring.autoWeight, review: manifest.scoring.reviewWeight } : { auto: 1, review: 0 };
  const titles = new Map<string, string>(args.checks.map((c) => [`check:${c.id}`, c.title]));
  // In the manifest's language (the reader's, for a bilingual package): words only, scores stay.
  const rubric = item ? rubricInLanguage(repo.rubricOf(item), manifest) : [];
  for (const c of rubric) titles.set(`criterion:${c.id}`, c.title);
  if (!released) {
    return {
      status: 'pending',
      reviewScore: null,
      finalScore: null,
      weights,
      criteria: [],
      comments: [],
      overall: [],
      regrade: { open: false, closesAt: null, requests: [] },
      changes: [],
      moderation: null,
    };
  }
  const blind = item ? toBool(item.blind) : false;
  const showNames = !blind;
  let criteria: CriterionResultView[] = [];
  let comments: AttemptReviewView['comments'] = [];
  let overall: AttemptReviewView['overall'] = [];
  let moderation: AttemptReviewView['moderation'] = null;
  if (item) {
    const results: { criterion_id: string; points: number; level: number | null; source: CriterionResultView['source'] }[] = await db('criterion_results').where({ attempt_id: attempt.id });
    const byId = new Map(results.map((r) => [r.criterion_id, r]));
    criteria = rubric.map((c) => {
      const r = byId.get(c.id);
      const level = r?.level === null || r?.level === undefined ? null : Number(r.level);
      return {
        id: c.id,
        task: c.task,
        title: c.title,
        points: c.points,
        earned: Number(r?.points ?? 0),
        level,
        levelText: level === null ? null : (c.levels[level]?.text ?? null),
        levels: c.levels,
        source: r?.source ?? 'review',
      };
    });
    // Calibration scores are the reviewers' practice, never feedback to the student.
    const reviews: { id: string; kind: string; overall_comment: string; moderation_note: string | null; name: string }[] = await db('reviews as r')
      .join('users as u', 'u.id', 'r.reviewer_id')
      .where({ 'r.item_id': item.id, 'r.status': 'submitted' })
      .whereIn('r.kind', ['primary', 'moderation'])
      .orderBy('r.submitted_at')
      .select('r.id', 'r.kind', 'r.overall_comment', 'r.moderation_note', 'u.name');
    const moderated = reviews.find((r) => r.kind === 'moderation');
    // The student learns that the reviewers disagreed and how it was settled; when a lead who
    // scored the work settled it (nobody else could), their note says why.
    if (moderated) moderation = { criteria: repo.flaggedOf(item).length, byScorer: moderated.moderation_note !== null, note: moderated.moderation_note };
    const names = new Map(reviews.map((r) => [r.id, r.name]));
    const rows: { id: string; review_id: string; path: string; line: number; revision: number; body: string; created_at: Date | number }[] = await db('review_comments')
      .whereIn(
        'review_id',
        reviews.map((r) => r.id),
      )
      .orderBy(['path', 'line', 'created_at']);
    comments = rows.map((c) => ({ id: c.id, path: c.path, line: Number(c.line), revision: Number(c.revision), body: c.body, author: showNames ? (names.get(c.review_id) ?? null) : null, createdAt: toIso(c.created_at)! }));
    overall = reviews.filter((r) => r.overall_comment.trim()).map((r) => ({ reviewer: showNames ? r.name : null, comment: r.overall_comment }));
  }
  const closesAt = regradeClosesAt(released, assignment);
  // A regrade of a hidden check must not tell the student what the reveal policy keeps back.
  const hiddenPoints = new Set(
    revealResults(args.checks, assignment, now)
      .filter((c) => c.earned === null)
      .map((c) => c.id),
  );
  const requests = (await regradesOf(db, attempt.id, titles)).map((r) => (r.target.kind === 'check' && hiddenPoints.has(r.target.id) ? { ...r, from: null, to: null } : r));
  const changes = (await auditOf(db, attempt.id, showNames, titles)).filter((c) => !(c.target.kind === 'check' && hiddenPoints.has(c.target.id)));
  return {
    status: 'released',
    reviewScore: attempt.review_score === null || attempt.review_score === undefined ? null : Number(attempt.review_score),
    finalScore: Number(attempt.final_score ?? attempt.auto_score ?? 0),
    weights,
    criteria,
    comments,
    overall,
    regrade: { open: args.viewer === 'student' && now.getTime() < closesAt.getTime(), closesAt: closesAt.toISOString(), requests },
    changes,
    moderation,
  };
}
