import type { Knex } from 'knex';
import type { AuditEntry, ReviewItemDetail, ReviewView } from '../contract/review';
import type { CheckResultView } from '../contract/workspace';
import { toBool, toIso } from '../db/values';
import type { CheckResult } from '../grading/types';
import { errors } from '../http/errors';
import { msg } from '../messages';
import type { Actor } from '../http/policy';
import { subtree } from '../scenarios/package';
import * as attemptsRepo from '../attempts/repo';
import { packageOf } from '../attempts/packages';
import { currentLocale } from '../http/locale';
import { localize } from '../scenarios/localized';
import { rubricInLanguage } from './rubricText';
import { checksAfterRegrades } from './checkScores';
import type { ReviewDeps } from './deps';
import { moderationOf } from './moderators';
import { assertReviewerOf, isLead } from './policy';
import { presentItems } from './queue';
import * as repo from './repo';

/**
 * One review item as the caller sees it (the submission, the reviews they may see, the
 * comments, calibration and the audit trail), and who may act on it.
 */

export async function loadItem(deps: ReviewDeps, actor: Actor, itemId: string): Promise<repo.ReviewItemRow> {
  const item = await repo.findItem(deps.db, itemId);
  if (!item) throw errors.notFound(msg('notFound.reviewItem'));
  assertReviewerOf(actor, item.enterprise_id);
  return item;
}

/** Someone who reviews for the enterprise and also studies in a course using its scenario. */
export async function assertNotOwnWork(db: Knex, actor: Actor, attemptId: string): Promise<void> {
  const attempt = await db('attempts').where({ id: attemptId }).first('student_id');
  if (attempt?.student_id === actor.id) throw errors.forbidden(msg('review.ownWork'));
}

/**
 * Who may moderate follows `moderatorRule` (moderators.ts): a lead who did not score the work,
 * else any reviewer who did not, else a lead who did (with a note on the record). `noteRequired`
 * says the caller is that last kind.
 */
export async function moderationFor(deps: ReviewDeps, actor: Actor, item: repo.ReviewItemRow): Promise<ReviewItemDetail['moderation']> {
  const rule = (await moderationOf(deps.db, [item])).get(item.id);
  if (!rule) return null;
  const allowed = rule.people.some((p) => p.id === actor.id);
  return { by: rule.by, people: rule.people, noteRequired: allowed && rule.by === 'scoring-lead' };
}

export const canModerate = (moderation: ReviewItemDetail['moderation'], actor: Actor) => !!moderation?.people.some((p) => p.id === actor.id);

async function presentReviews(deps: ReviewDeps, rows: repo.ReviewRow[]): Promise<ReviewView[]> {
  const scores = await repo.scoresOf(
    deps.db,
    rows.map((r) => r.id),
  );
  const names = new Map<string, string>(
    (await deps.db('users').whereIn(
      'id',
      rows.map((r) => r.reviewer_id),
    )).map((u: { id: string; name: string }) => [u.id, u.name]),
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    reviewer: { id: r.reviewer_id, name: names.get(r.reviewer_id) ?? '' },
    status: r.status,
    scores: scores.get(r.id) ?? [],
    overallComment: r.overall_comment,
    moderationNote: r.moderation_note ?? null,
    submittedAt: toIso(r.submitted_at),
  }));
}

/** The submitted files: the newest revision of each, beside its starter. */
export async function submittedFiles(deps: ReviewDeps, item: repo.ReviewItemRow) {
  const pkg = await packageOf(deps.db, item.scenario_version_id);
  const starter = subtree(pkg.files, 'workspace');
  const files = await attemptsRepo.latestFiles(deps.db, item.attempt_id);
  return { pkg, files: files.map((f) => ({ ...f, starter: starter.get(f.path) ?? null })) };
}

export async function detail(deps: ReviewDeps, actor: Actor, itemId: string): Promise<ReviewItemDetail> {
  const item = await loadItem(deps, actor, itemId);
  const stored = repo.rubricOf(item);
  const [[view], { pkg, files }, run, reviewRows, moderation] = await Promise.all([
    presentItems(deps, actor, [item]),
    submittedFiles(deps, item),
    deps.db('check_runs').where({ attempt_id: item.attempt_id, kind: 'submission' }).orderBy('created_at', 'desc').first('results_json'),
    deps.db<repo.ReviewRow>('reviews').where({ item_id: itemId }).orderBy('created_at'),
    moderationFor(deps, actor, item),
  ]);
  const moderate = canModerate(moderation, actor);
  const reviews = await presentReviews(deps, reviewRows);
  const mineRow = reviewRows.find((r) => r.reviewer_id === actor.id && r.kind === (item.status === 'moderation' ? 'moderation' : item.status === 'done' && toBool(item.calibration) ? 'calibration' : 'primary'))
    ?? reviewRows.find((r) => r.reviewer_id === actor.id && r.kind !== 'calibration');
  const mine = mineRow ? reviews.find((r) => r.id === mineRow.id)! : null;
  // Independent scoring: nobody sees another's scores until every primary review is in.
  // Calibration: the agreed levels and others stay hidden until the caller has scored it.
  const primariesIn = item.status !== 'open';
  const calibrating = toBool(item.calibration);
  const myCalibration = reviewRows.find((r) => r.reviewer_id === actor.id && r.kind === 'calibration' && r.status === 'submitted');
  const othersVisible = primariesIn && (!calibrating || !!myCalibration || (await isLead(deps.db, actor, item.enterprise_id)));
  const others = othersVisible ? reviews.filter((r) => r.id !== mine?.id && r.status === 'submitted' && r.kind !== 'calibration') : [];
  const visibleReviewIds = new Set([...(mine ? [mine.id] : []), ...others.map((o) => o.id)]);
  const commentRows: { id: string; review_id: string; path: string; line: number; revision: number; body: string; created_at: Date | number }[] = await deps
    .db('review_comments')
    .where({ item_id: itemId })
    .orderBy(['path', 'line', 'created_at']);
  const nameOf = new Map(reviews.map((r) => [r.id, r.reviewer?.name ?? null]));
  let calibration: ReviewItemDetail['calibration'] = null;
  if (calibrating) {
    const agreed: { criterion_id: string; level: number }[] = await deps.db('calibration_scores').where({ item_id: itemId });
    const myScores = myCalibration ? (reviews.find((r) => r.id === myCalibration.id)?.scores ?? []) : null;
    calibration = {
      agreed: myScores || (await isLead(deps.db, actor, item.enterprise_id)) ? agreed.map((a) => ({ criterionId: a.criterion_id, level: Number(a.level) })) : [],
      mine: myScores
        ? myScores.map((s) => ({ criterionId: s.criterionId, level: s.level, difference: s.level - Number(agreed.find((a) => a.criterion_id === s.criterionId)?.level ?? s.level) }))
        : null,
    };
  }
  // A bilingual package reads in the reviewer's language: the tasks and the rubric's words.
  const reader = localize(pkg, currentLocale());
  const rubric = rubricInLanguage(stored, reader.manifest);
  const results = run ? await checksAfterRegrades(deps.db, item.attempt_id, JSON.parse(run.results_json) as CheckResult[]) : [];
  const checks: CheckResultView[] = results.map((r) => ({ id: r.id, task: r.task, title: r.title, kind: r.kind, visible: r.visible, passed: r.passed, points: r.points, earned: r.earned, messages: r.messages, ...(r.notes ? { notes: r.notes } : {}), output: r.output }));
  return {
    enterpriseId: item.enterprise_id,
    item: view!,
    tasks: reader.manifest.tasks.map((t) => ({ id: t.id, title: t.title, instructions: reader.text(t.instructions) })),
    rubric,
    rubricVersion: item.rubric_hash.slice(0, 12),
    files,
    checks,
    mine,
    others,
    comments: commentRows
      .filter((c) => visibleReviewIds.has(c.review_id))
      .map((c) => ({ id: c.id, path: c.path, line: Number(c.line), revision: Number(c.revision), body: c.body, author: nameOf.get(c.review_id) ?? null, createdAt: toIso(c.created_at)! })),
    flagged: othersVisible || moderate ? repo.flaggedOf(item) : [],
    calibration,
    canModerate: moderate,
    moderation,
    audit: await auditOf(deps.db, item.attempt_id, true, new Map([...rubric.map((c) => [`criterion:${c.id}`, c.title] as const), ...checks.map((c) => [`check:${c.id}`, c.title] as const)])),
  };
}

/** The audit trail of an attempt; `titles` maps `criterion:<id>` and `check:<id>` to what people read. */
export async function auditOf(db: Knex, attemptId: string, withNames: boolean, titles: Map<string, string>): Promise<AuditEntry[]> {
  const rows: { at: Date | number; actor: string | null; target_kind: string; target_id: string; from_score: number | null; to_score: number; reason: string }[] = await db('score_changes as s')
    .leftJoin('users as u', 'u.id', 's.actor_id')
    .where('s.attempt_id', attemptId)
    .orderBy('s.seq')
    .select('s.at', 'u.name as actor', 's.target_kind', 's.target_id', 's.from_score', 's.to_score', 's.reason');
  return rows.map((r) => ({
    at: toIso(r.at)!,
    actor: withNames ? r.actor : null,
    target: {
      kind: r.target_kind as AuditEntry['target']['kind'],
      id: r.target_id,
      title: r.target_kind === 'final' ? 'Final score' : (titles.get(`${r.target_kind}:${r.target_id}`) ?? r.target_id),
    },
    from: r.from_score === null ? null : Number(r.from_score),
    to: Number(r.to_score),
    reason: r.reason,
  }));
}
