import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { MODERATION_NOTE_MIN, type ReviewItemDetail, type RubricCriterionView, type SubmitReviewInput } from '../contract/review';
import { toBool, toDate } from '../db/values';
import { errors } from '../http/errors';
import { type FieldIssue, issueOf } from '../http/validate';
import { msg } from '../messages';
import type { Actor } from '../http/policy';
import * as attemptsRepo from '../attempts/repo';
import { writeEvidence } from '../competency/evidence';
import type { ReviewDeps } from './deps';
import { assertNotOwnWork, canModerate, detail, loadItem, moderationFor, submittedFiles } from './detail';
import { isLead } from './policy';
import { announceQueue } from './queue';
import * as repo from './repo';
import { finalScoreOf, reviewScoreOf } from './rubric';
import { reviewReleased } from '../mail/notices';

/**
 * What reviewers do with an item: claim and release it, submit a review (primary, moderation
 * or calibration, completing the item when the last one is in), and a lead's calibration mark.
 * The queue is in queue.ts, an item as the caller sees it in detail.ts.
 */

/** A reviewer who walks away does not block a submission for longer than this. */
export const CLAIM_MINUTES = 30;

/** Reviews of an item that hold or used a slot: submitted ones and unexpired claims. */
function activeSlots(db: Knex, itemId: string, kind: 'primary' | 'moderation', now: Date) {
  return db('reviews')
    .where({ item_id: itemId, kind })
    .where((q) => q.where('status', 'submitted').orWhere('claim_expires_at', '>', now));
}

/** Why the caller may not moderate, naming who may. */
function notYourModeration(moderation: ReviewItemDetail['moderation']) {
  const names = moderation?.people.map((p) => p.name).join(', ') ?? '';
  const message =
    moderation?.by === 'lead'
      ? msg('review.moderatedByLead', { names })
      : moderation?.by === 'reviewer'
        ? msg('review.moderatedByReviewer', { names })
        : moderation?.by === 'scoring-lead'
          ? msg('review.moderatedByScoringLead', { names })
          : msg('review.nobodyToModerate');
  return errors.forbidden(message);
}

/**
 * Claims a slot on an item. The item row is written first inside the transaction so two
 * reviewers racing for the last slot are serialised (a row lock on PostgreSQL, the write lock
 * on SQLite); re-claiming your own claim extends it.
 */
export async function claim(deps: ReviewDeps, actor: Actor, itemId: string): Promise<ReviewItemDetail> {
  const item = await loadItem(deps, actor, itemId);
  await assertNotOwnWork(deps.db, actor, item.attempt_id);
  if (item.status === 'done') {
    if (toBool(item.calibration)) return detail(deps, actor, itemId);
    throw errors.conflict(msg('review.alreadyReviewed'));
  }
  const kind = item.status === 'moderation' ? 'moderation' : 'primary';
  if (kind === 'moderation') {
    const moderation = await moderationFor(deps, actor, item);
    if (!canModerate(moderation, actor)) throw notYourModeration(moderation);
  }
  const now = deps.clock();
  const expires = new Date(now.getTime() + CLAIM_MINUTES * 60_000);
  await deps.db.transaction(async (trx) => {
    await trx('review_items').where({ id: itemId }).update({ updated_at: now });
    const fresh = await trx('review_items').where({ id: itemId }).first('status');
    if (fresh.status !== item.status) throw errors.conflict(msg('review.changedMeanwhile'));
    const own: repo.ReviewRow | undefined = await trx('reviews').where({ item_id: itemId, reviewer_id: actor.id, kind }).first();
    if (own?.status === 'submitted') throw errors.conflict(msg('review.secondReviewer'));
    const [{ n }] = (await activeSlots(trx, itemId, kind, now).whereNot('reviewer_id', actor.id).count({ n: '*' })) as [{ n: number | string }];
    const needed = kind === 'moderation' ? 1 : repo.reviewsNeeded(item);
    if (Number(n) >= needed) throw errors.conflict(msg('review.claimedByOther'), { reason: 'claimed' });
    if (own) await trx('reviews').where({ id: own.id }).update({ claim_expires_at: expires });
    else await trx('reviews').insert({ id: randomUUID(), item_id: itemId, reviewer_id: actor.id, kind, status: 'claimed', claim_expires_at: expires, overall_comment: '', created_at: now });
  });
  await announceQueue(deps, item.enterprise_id, 'claimed', itemId);
  return detail(deps, actor, itemId);
}

export async function release(deps: ReviewDeps, actor: Actor, itemId: string): Promise<void> {
  const item = await loadItem(deps, actor, itemId);
  const n = await deps.db('reviews').where({ item_id: itemId, reviewer_id: actor.id, status: 'claimed' }).whereIn('kind', ['primary', 'moderation']).delete();
  if (n > 0) await announceQueue(deps, item.enterprise_id, 'released', itemId);
}

function checkScores(rubric: RubricCriterionView[], scores: SubmitReviewInput['scores'], required: string[]) {
  const byId = new Map(rubric.map((c) => [c.id, c]));
  const seen = new Set<string>();
  const problems: FieldIssue[] = [];
  scores.forEach((s, i) => {
    const c = byId.get(s.criterionId);
    if (!c) problems.push(issueOf(`scores.${i}.criterionId`, msg('field.notCriterion', { id: s.criterionId })));
    else if (!required.includes(s.criterionId)) problems.push(issueOf(`scores.${i}.criterionId`, msg('field.notScoredHere', { id: s.criterionId })));
    else if (s.level >= c.levels.length) problems.push(issueOf(`scores.${i}.level`, msg('field.levelOf', { title: c.title, max: c.levels.length - 1 })));
    if (seen.has(s.criterionId)) problems.push(issueOf(`scores.${i}.criterionId`, msg('field.scoredTwice', { id: s.criterionId })));
    seen.add(s.criterionId);
  });
  for (const id of required) if (!seen.has(id)) problems.push(issueOf('scores', msg('field.needsLevel', { title: byId.get(id)?.title ?? id })));
  if (problems.length) throw errors.validation(msg('review.invalidScores', { field: problems[0]!.field, reason: problems[0]!.message }), problems);
  return scores.map((s) => ({ criterionId: s.criterionId, level: s.level, points: byId.get(s.criterionId)!.levels[s.level]!.score }));
}

/**
 * Submits a review. What it is follows from the item: an open item takes a primary review
 * (the caller's claim), an item in moderation the lead's moderation, a calibration item a
 * calibration score. When the last independent review is in, the item completes: single →
 * that review; double → the mean per criterion, or moderation for criteria that differ too much.
 */
export async function submitReview(deps: ReviewDeps & { onGraded?: (attemptId: string) => Promise<void> }, actor: Actor, itemId: string, input: SubmitReviewInput): Promise<ReviewItemDetail> {
  const item = await loadItem(deps, actor, itemId);
  await assertNotOwnWork(deps.db, actor, item.attempt_id);
  const rubric = repo.rubricOf(item);
  const now = deps.clock();
  const kind = item.status === 'open' ? 'primary' : item.status === 'moderation' ? 'moderation' : toBool(item.calibration) ? 'calibration' : null;
  if (!kind) throw errors.conflict(msg('review.alreadyReviewed'));
  const moderation = kind === 'moderation' ? await moderationFor(deps, actor, item) : null;
  if (kind === 'moderation' && !canModerate(moderation, actor)) throw notYourModeration(moderation);
  const note = input.moderationNote?.trim() ?? '';
  if (moderation?.noteRequired && note.length < MODERATION_NOTE_MIN) {
    throw errors.validation(
      msg('review.noteRequired', { min: MODERATION_NOTE_MIN }),
      [{ ...issueOf('moderationNote', msg('field.noteRequired', { min: MODERATION_NOTE_MIN })), reason: 'moderation_note_required' }],
    );
  }
  if (note && !moderation?.noteRequired) {
    throw errors.validation(msg('review.noteUnexpected'), [{ ...issueOf('moderationNote', msg('field.notExpected')), reason: 'moderation_note_unexpected' }]);
  }
  const required = kind === 'moderation' ? repo.flaggedOf(item) : rubric.map((c) => c.id);
  const scores = checkScores(rubric, input.scores, required);
  const { files } = await submittedFiles(deps, item);
  const fileByPath = new Map(files.map((f) => [f.path, f]));
  const comments = input.comments.map((c, i) => {
    const file = fileByPath.get(c.path);
    if (!file) throw errors.validation(msg('review.notSubmittedFile', { field: `comments.${i}.path`, path: c.path }), [issueOf(`comments.${i}.path`, msg('field.notSubmittedFile'))]);
    const lines = file.content.split('\n').length;
    if (c.line > lines) throw errors.validation(msg('review.lineOutOfRange', { field: `comments.${i}.line`, path: c.path, lines: String(lines) }), [issueOf(`comments.${i}.line`, msg('field.tooBig', { maximum: String(lines) }))]);
    return { ...c, revision: file.revision };
  });

  let graded = false;
  await deps.db.transaction(async (trx) => {
    // Write first, then read: the write takes the row lock, so the status read is current.
    await trx('review_items').where({ id: itemId }).update({ updated_at: now });
    const fresh = (await trx('review_items').where({ id: itemId }).first()) as repo.ReviewItemRow;
    if (fresh.status !== item.status) throw errors.conflict(msg('review.changedWhileReviewing'));
    let reviewId: string;
    if (kind === 'calibration') {
      if (await trx('reviews').where({ item_id: itemId, reviewer_id: actor.id, kind }).first('id')) throw errors.conflict(msg('review.calibrationScored'));
      reviewId = randomUUID();
      await trx('reviews').insert({ id: reviewId, item_id: itemId, reviewer_id: actor.id, kind, status: 'submitted', claim_expires_at: null, overall_comment: input.overallComment, created_at: now, submitted_at: now });
    } else {
      const own: repo.ReviewRow | undefined = await trx('reviews').where({ item_id: itemId, reviewer_id: actor.id, kind }).first();
      if (!own) throw errors.conflict(msg('review.claimFirst'), { reason: 'not_claimed' });
      if (own.status === 'submitted') throw errors.conflict(msg('review.alreadySubmitted'));
      if (toDate(own.claim_expires_at)!.getTime() <= now.getTime()) {
        // An expired claim still counts if nobody took the slot meanwhile.
        const [{ n }] = (await activeSlots(trx, itemId, kind, now).whereNot('reviewer_id', actor.id).count({ n: '*' })) as [{ n: number | string }];
        if (Number(n) >= (kind === 'moderation' ? 1 : repo.reviewsNeeded(item))) {
          throw errors.conflict(msg('review.claimLost'), { reason: 'claim_lost' });
        }
      }
      reviewId = own.id;
      await trx('reviews')
        .where({ id: own.id })
        .update({ status: 'submitted', submitted_at: now, claim_expires_at: null, overall_comment: input.overallComment, moderation_note: note || null });
    }
    await trx('review_scores').insert(scores.map((s) => ({ review_id: reviewId, criterion_id: s.criterionId, level: s.level, points: s.points })));
    if (comments.length) {
      await trx('review_comments').insert(comments.map((c) => ({ id: randomUUID(), review_id: reviewId, item_id: itemId, path: c.path, line: c.line, revision: c.revision, body: c.body, created_at: now })));
    }
    const result = note ? { kind, byScorer: true, note } : { kind };
    await attemptsRepo.record(trx, item.attempt_id, actor.id, { verb: kind === 'moderation' ? 'moderated' : 'reviewed', object: `attempt:${item.attempt_id}`, result }, now);
    if (kind !== 'calibration') graded = await completeIfReady(trx, item, rubric, now);
  });
  await announceQueue(deps, item.enterprise_id, 'reviewed', itemId);
  if (graded) await deps.onGraded?.(item.attempt_id);
  return detail(deps, actor, itemId);
}

/** Completes an item whose independent reviews (and moderation, if needed) are all in. */
async function completeIfReady(trx: Knex, item: repo.ReviewItemRow, rubric: RubricCriterionView[], now: Date): Promise<boolean> {
  const submitted: repo.ReviewRow[] = await trx('reviews').where({ item_id: item.id, status: 'submitted' }).whereIn('kind', ['primary', 'moderation']).orderBy('submitted_at');
  const primaries = submitted.filter((r) => r.kind === 'primary');
  if (primaries.length < repo.reviewsNeeded(item)) return false;
  const scores = await repo.scoresOf(
    trx,
    submitted.map((r) => r.id),
  );
  const results = new Map<string, { points: number; level: number | null; source: 'review' | 'mean' | 'moderation' }>();
  if (item.mode === 'single') {
    for (const s of scores.get(primaries[0]!.id)!) results.set(s.criterionId, { points: s.points, level: s.level, source: 'review' });
  } else {
    const [a, b] = primaries.map((p) => new Map(scores.get(p.id)!.map((s) => [s.criterionId, s])));
    const moderation = submitted.find((r) => r.kind === 'moderation');
    if (!moderation) {
      const assignment = await trx('assignments').where({ id: item.assignment_id }).first('moderation_threshold');
      const threshold = Number(assignment?.moderation_threshold ?? 1);
      const flagged = rubric.filter((c) => Math.abs(a!.get(c.id)!.level - b!.get(c.id)!.level) > threshold).map((c) => c.id);
      if (flagged.length > 0) {
        await trx('review_items').where({ id: item.id }).update({ status: 'moderation', flagged_json: JSON.stringify(flagged), updated_at: now });
        return false;
      }
    }
    const moderated = new Map(moderation ? scores.get(moderation.id)!.map((s) => [s.criterionId, s]) : []);
    for (const c of rubric) {
      const m = moderated.get(c.id);
      if (m) results.set(c.id, { points: m.points, level: m.level, source: 'moderation' });
      else {
        const x = a!.get(c.id)!;
        const y = b!.get(c.id)!;
        results.set(c.id, { points: (x.points + y.points) / 2, level: x.level === y.level ? x.level : null, source: 'mean' });
      }
    }
  }
  await trx('criterion_results').insert([...results].map(([criterionId, r]) => ({ attempt_id: item.attempt_id, criterion_id: criterionId, points: r.points, level: r.level, source: r.source, updated_at: now })));
  const attempt = (await trx('attempts').where({ id: item.attempt_id }).first()) as attemptsRepo.AttemptRow & { auto_score: number };
  const pkgRow = await trx('scenario_versions').where({ id: item.scenario_version_id }).first('manifest_json');
  const scoring = JSON.parse(pkgRow.manifest_json).scoring;
  const reviewScore = reviewScoreOf(rubric, new Map([...results].map(([id, r]) => [id, r.points])));
  const finalScore = finalScoreOf(scoring, Number(attempt.auto_score), reviewScore);
  await trx('attempts').where({ id: item.attempt_id, status: 'submitted' }).update({ status: 'graded', review_score: reviewScore, final_score: finalScore, graded_at: now });
  await trx('review_items').where({ id: item.id }).update({ status: 'done', completed_at: now, updated_at: now });
  await writeEvidence(trx, item.attempt_id, now);
  await attemptsRepo.record(trx, item.attempt_id, null, { verb: 'completed', object: `attempt:${item.attempt_id}`, result: { reviewScore, finalScore } }, now);
  // Out to the student now, unless an after-close reveal holds it (the mail job tells them then).
  const reveal = await trx('assignments').where({ id: item.assignment_id }).first('reveal_policy', 'closes_at');
  const closes = toDate(reveal?.closes_at ?? null);
  if (reveal?.reveal_policy !== 'after-close' || (closes && closes.getTime() <= now.getTime())) await reviewReleased(trx, item.attempt_id, now);
  return true;
}

/** The lead marks a reviewed submission as a calibration item with the agreed levels. */
export async function markCalibration(deps: ReviewDeps, actor: Actor, itemId: string, input: { scores: SubmitReviewInput['scores'] }): Promise<ReviewItemDetail> {
  const item = await loadItem(deps, actor, itemId);
  if (!(await isLead(deps.db, actor, item.enterprise_id))) throw errors.forbidden(msg('review.calibrationLeadOnly'));
  if (item.status !== 'done') throw errors.conflict(msg('review.calibrationNeedsDone'));
  const rubric = repo.rubricOf(item);
  const scores = checkScores(
    rubric,
    input.scores,
    rubric.map((c) => c.id),
  );
  await deps.db.transaction(async (trx) => {
    await trx('calibration_scores').where({ item_id: itemId }).delete();
    await trx('calibration_scores').insert(scores.map((s) => ({ item_id: itemId, criterion_id: s.criterionId, level: s.level })));
    await trx('review_items').where({ id: itemId }).update({ calibration: true, updated_at: deps.clock() });
  });
  await announceQueue(deps, item.enterprise_id, 'calibration', itemId);
  return detail(deps, actor, itemId);
}
