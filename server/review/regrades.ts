import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { readerTitles } from '../attempts/packages';
import type { RegradeDecisionInput, RegradeQueueItem, RegradeRequestInput, RegradeView } from '../contract/review';
import { toIso } from '../db/values';
import type { CheckResult } from '../grading/types';
import { errors } from '../http/errors';
import { msg } from '../messages';
import { invalidField, issueOf } from '../http/validate';
import type { Actor } from '../http/policy';
import * as attemptsRepo from '../attempts/repo';
import { assertReviewerOf, resolveEnterprise } from './policy';
import * as repo from './repo';
import { finalScoreOf, reviewScoreOf, round4 } from './rubric';
import { regradeClosesAt, regradesOf, releasedAt } from './feedback';
import { regradeAnswered } from '../mail/notices';
import type { ReviewDeps } from './deps';
import { assertNotOwnWork } from './detail';
import { announceQueue } from './queue';
import { effectiveCheckPoints } from './checkScores';
import { writeEvidence } from '../competency/evidence';
import { recordAuditForOrgs } from '../audit/record';

const round2 = (x: number) => Math.round(x * 100) / 100;

type AttemptScores = attemptsRepo.AttemptRow & { review_score: number | null; final_score: number | null; graded_at: Date | number | null };

type RegradeRow = {
  id: string;
  attempt_id: string;
  enterprise_id: string;
  target_kind: 'criterion' | 'check';
  target_id: string;
  reason: string;
  status: 'open' | 'accepted' | 'declined';
  handled_by: string | null;
  reply: string | null;
  from_score: number | null;
  to_score: number | null;
  created_at: Date | number;
  resolved_at: Date | number | null;
};

async function submissionChecks(db: Knex, attemptId: string): Promise<CheckResult[]> {
  const run = await db('check_runs').where({ attempt_id: attemptId, kind: 'submission' }).orderBy('created_at', 'desc').first('results_json');
  return run ? (JSON.parse(run.results_json) as CheckResult[]) : [];
}

async function ownerOf(db: Knex, assignment: attemptsRepo.AssignmentRow): Promise<string | null> {
  const row = await db('scenario_versions as v').join('scenarios as s', 's.id', 'v.scenario_id').where('v.id', assignment.scenario_version_id).first('s.owner_org_id');
  return row?.owner_org_id ?? null;
}

/** A student asks for a second look at one criterion or check of their own graded attempt. */
export async function requestRegrade(deps: ReviewDeps, actor: Actor, attemptId: string, input: RegradeRequestInput): Promise<RegradeView> {
  const attempt = (await attemptsRepo.findAttempt(deps.db, attemptId));
  if (!attempt || attempt.student_id !== actor.id) throw errors.notFound(msg('notFound.attempt'));
  const assignment = (await attemptsRepo.findAssignment(deps.db, attempt.assignment_id))!;
  const now = deps.clock();
  const released = releasedAt(attempt, assignment, now);
  if (!released) throw errors.conflict(msg('review.regrade.notReleased'));
  const closes = regradeClosesAt(released, assignment);
  if (now.getTime() >= closes.getTime()) throw errors.conflict(msg('review.regrade.windowClosed', { date: closes.toISOString().slice(0, 10) }), { reason: 'window_closed', closesAt: closes.toISOString() });
  const item = await repo.itemOfAttempt(deps.db, attemptId);
  const titles = new Map<string, string>();
  if (input.target.kind === 'criterion') {
    const c = item ? repo.rubricOf(item).find((x) => x.id === input.target.id) : undefined;
    if (!c) throw errors.validation(msg('review.regrade.notCriterion', { id: input.target.id }), [issueOf('target.id', msg('field.notAttemptCriterion'))]);
    titles.set(`criterion:${c.id}`, c.title);
  } else {
    const check = (await submissionChecks(deps.db, attemptId)).find((x) => x.id === input.target.id);
    if (!check) throw errors.validation(msg('review.regrade.notCheck', { id: input.target.id }), [issueOf('target.id', msg('field.notAttemptCheck'))]);
    titles.set(`check:${check.id}`, check.title);
  }
  const enterpriseId = item?.enterprise_id ?? (await ownerOf(deps.db, assignment));
  if (!enterpriseId) throw errors.conflict(msg('review.regrade.noEnterprise'));
  const id = randomUUID();
  try {
    await deps.db.transaction(async (trx) => {
      await trx('regrade_requests').insert({
        id,
        attempt_id: attemptId,
        enterprise_id: enterpriseId,
        target_kind: input.target.kind,
        target_id: input.target.id,
        reason: input.reason,
        status: 'open',
        created_at: now,
      });
      await attemptsRepo.record(trx, attemptId, actor.id, { verb: 'requested-regrade', object: `${input.target.kind}:${input.target.id}` }, now);
    });
  } catch (err) {
    if (attemptsRepo.isUniqueViolation(err)) throw errors.conflict(msg('review.regrade.once'));
    throw err;
  }
  await announceQueue(deps, enterpriseId, 'regrade', null);
  return (await regradesOf(deps.db, attemptId, titles)).find((r) => r.id === id)!;
}

export async function listRegrades(
  deps: ReviewDeps,
  actor: Actor,
  query: { enterpriseId?: string; status: 'open' | 'resolved'; limit: number; offset: number },
): Promise<{ requests: RegradeQueueItem[]; total: number }> {
  const enterpriseId = resolveEnterprise(actor, query.enterpriseId);
  const base = deps
    .db('regrade_requests')
    .where({ enterprise_id: enterpriseId })
    .modify((q) => (query.status === 'open' ? q.where('status', 'open') : q.whereNot('status', 'open')));
  const [{ n }] = (await base.clone().count({ n: '*' })) as [{ n: number | string }];
  const rows: RegradeRow[] = await base
    .clone()
    .orderBy([{ column: 'created_at', order: query.status === 'open' ? 'asc' : 'desc' }, { column: 'id' }])
    .limit(query.limit)
    .offset(query.offset);
  return { requests: await presentRegrades(deps, actor, rows), total: Number(n) };
}

/** A page of requests in a fixed number of queries, however long the page. */
async function presentRegrades(deps: ReviewDeps, actor: Actor, rows: RegradeRow[]): Promise<RegradeQueueItem[]> {
  if (rows.length === 0) return [];
  const db = deps.db;
  const attemptIds = [...new Set(rows.map((r) => r.attempt_id))];
  const [attempts, items, results, runs, changes] = await Promise.all([
    db('attempts as a')
      .join('assignments as asg', 'asg.id', 'a.assignment_id')
      .join('scenario_versions as v', 'v.id', 'asg.scenario_version_id')
      .whereIn('a.id', attemptIds)
      .select('a.id', 'a.assignment_id', 'asg.title as assignment_title', 'asg.blind_review', 'v.id as version_id', 'v.title as scenario_title') as Promise<
      { id: string; assignment_id: string; assignment_title: string; blind_review: boolean | number; version_id: string; scenario_title: string }[]
    >,
    db<repo.ReviewItemRow>('review_items').whereIn('attempt_id', attemptIds),
    db('criterion_results').whereIn('attempt_id', attemptIds) as Promise<{ attempt_id: string; criterion_id: string; points: number }[]>,
    db('check_runs').whereIn('attempt_id', attemptIds).where('kind', 'submission').orderBy('created_at').select('attempt_id', 'results_json') as Promise<{ attempt_id: string; results_json: string }[]>,
    db('score_changes').whereIn('attempt_id', attemptIds).where('target_kind', 'check').orderBy('seq') as Promise<{ attempt_id: string; target_id: string; to_score: number }[]>,
  ]);
  const titles = await readerTitles(
    db,
    attempts.map((a) => a.version_id),
  );
  const attemptOf = new Map(attempts.map((a) => [a.id, a]));
  const itemOf = new Map(items.map((i) => [i.attempt_id, i]));
  const checksOf = new Map(runs.map((r) => [r.attempt_id, JSON.parse(r.results_json) as CheckResult[]])); // the newest run wins
  const mine = new Set<string>(
    items.length
      ? (
          await db('reviews')
            .whereIn(
              'item_id',
              items.map((i) => i.id),
            )
            .where({ reviewer_id: actor.id, status: 'submitted' })
            .whereIn('kind', ['primary', 'moderation'])
            .select('item_id')
        ).map((r: { item_id: string }) => r.item_id)
      : [],
  );
  const students = await repo.studentRefs(
    db,
    attempts.map((a) => ({ attempt_id: a.id, assignment_id: a.assignment_id, blind: itemOf.get(a.id)?.blind ?? a.blind_review })),
  );
  return rows.map((r) => {
    const attempt = attemptOf.get(r.attempt_id)!;
    const item = itemOf.get(r.attempt_id);
    let title: string;
    let current: number | null;
    let max: number;
    let levels: RegradeQueueItem['levels'] = null;
    if (r.target_kind === 'criterion' && item) {
      const c = repo.rubricOf(item).find((x) => x.id === r.target_id);
      title = c?.title ?? r.target_id;
      max = c?.points ?? 0;
      levels = c?.levels ?? null;
      const result = results.find((x) => x.attempt_id === r.attempt_id && x.criterion_id === r.target_id);
      current = result ? Number(result.points) : null;
    } else {
      const checks = checksOf.get(r.attempt_id) ?? [];
      const check = checks.find((x) => x.id === r.target_id);
      title = check?.title ?? r.target_id;
      max = check?.points ?? 0;
      const changed = changes.filter((c) => c.attempt_id === r.attempt_id && c.target_id === r.target_id).at(-1);
      current = changed ? Number(changed.to_score) : (check?.earned ?? null);
    }
    return {
      id: r.id,
      target: { kind: r.target_kind, id: r.target_id, title },
      reason: r.reason,
      status: r.status,
      reply: r.reply,
      from: r.from_score === null ? null : Number(r.from_score),
      to: r.to_score === null ? null : Number(r.to_score),
      createdAt: toIso(r.created_at)!,
      resolvedAt: toIso(r.resolved_at),
      itemId: item?.id ?? null,
      student: students.get(r.attempt_id)!,
      scenario: { title: titles.get(attempt.version_id) ?? attempt.scenario_title },
      assignment: { title: attempt.assignment_title },
      current,
      max,
      levels,
      youReviewed: item ? mine.has(item.id) : false,
    };
  });
}

/**
 * A reviewer decides a regrade. Someone who did not score the work decides when the
 * enterprise has such a reviewer. Accepting changes the one score, recomputes the final
 * score and writes both changes to the audit trail; nothing already released is rewritten.
 */
export async function decideRegrade(deps: ReviewDeps & { onGraded?: (attemptId: string) => Promise<void> }, actor: Actor, requestId: string, input: RegradeDecisionInput): Promise<RegradeQueueItem> {
  const request: RegradeRow | undefined = await deps.db('regrade_requests').where({ id: requestId }).first();
  if (!request) throw errors.notFound(msg('notFound.regradeRequest'));
  assertReviewerOf(actor, request.enterprise_id, msg('notFound.regradeRequest'));
  if (request.status !== 'open') throw errors.conflict(msg('review.regrade.decided'));
  await assertNotOwnWork(deps.db, actor, request.attempt_id);
  const item = await repo.itemOfAttempt(deps.db, request.attempt_id);
  if (item) {
    const scorers: { reviewer_id: string }[] = await deps.db('reviews').where({ item_id: item.id, status: 'submitted' }).whereIn('kind', ['primary', 'moderation']).select('reviewer_id');
    if (scorers.some((s) => s.reviewer_id === actor.id)) {
      const other = await deps
        .db('memberships')
        .where({ org_id: request.enterprise_id, role: 'reviewer' })
        .whereNotIn(
          'user_id',
          scorers.map((s) => s.reviewer_id),
        )
        .first('user_id');
      if (other) throw errors.conflict(msg('review.regrade.scoredIt'), { reason: 'reviewed_it' });
    }
  }
  const now = deps.clock();
  await deps.db.transaction(async (trx) => {
    // Two decisions on one attempt (two criteria, two reviewers) each recompute the attempt's
    // scores from what they read: they must take turns, or the later one undoes the earlier.
    await trx('attempts').where({ id: request.attempt_id }).update({ last_activity_at: now });
    const claimed = await trx('regrade_requests').where({ id: requestId, status: 'open' }).update({ status: input.decision === 'accept' ? 'accepted' : 'declined', handled_by: actor.id, reply: input.reply, resolved_at: now });
    if (claimed !== 1) throw errors.conflict(msg('review.regrade.decided'));
    let change: { from: number | null; to: number } | null = null;
    if (input.decision === 'accept') {
      change = await applyRegrade(trx, actor, request, item, input, now);
      await trx('regrade_requests').where({ id: requestId }).update({ from_score: change.from, to_score: change.to });
      await writeEvidence(trx, request.attempt_id, now);
    }
    // The enterprise decided; the student's school reads it too (it changes their student's score).
    // Names no student: the review may be blind.
    const school: { school_id: string } = await trx('attempts as a').join('assignments as s', 's.id', 'a.assignment_id').join('courses as c', 'c.id', 's.course_id').where('a.id', request.attempt_id).first('c.school_id');
    await recordAuditForOrgs(
      trx,
      [request.enterprise_id, school.school_id],
      { actor, action: 'regrade.decided', target: { kind: 'regradeRequest', id: requestId }, detail: { decision: input.decision, attemptId: request.attempt_id, [request.target_kind]: request.target_id, ...(change ? { before: { score: change.from }, after: { score: change.to } } : {}) } },
      now,
    );
    await attemptsRepo.record(trx, request.attempt_id, actor.id, { verb: input.decision === 'accept' ? 'regraded' : 'declined-regrade', object: `${request.target_kind}:${request.target_id}` }, now);
    await regradeAnswered(trx, requestId, now);
  });
  await announceQueue(deps, request.enterprise_id, 'regrade', null);
  await deps.onGraded?.(request.attempt_id);
  const fresh: RegradeRow = await deps.db('regrade_requests').where({ id: requestId }).first();
  return (await presentRegrades(deps, actor, [fresh]))[0]!;
}

async function applyRegrade(trx: Knex, actor: Actor, request: RegradeRow, item: repo.ReviewItemRow | undefined, input: RegradeDecisionInput, now: Date): Promise<{ from: number | null; to: number }> {
  const attempt = (await trx('attempts').where({ id: request.attempt_id }).first()) as AttemptScores;
  const assignment = (await trx('assignments').where({ id: attempt.assignment_id }).first()) as attemptsRepo.AssignmentRow;
  const manifest = JSON.parse((await trx('scenario_versions').where({ id: assignment.scenario_version_id }).first('manifest_json')).manifest_json);
  const change = (target_kind: string, target_id: string, from: number | null, to: number) =>
    trx('score_changes').insert({ attempt_id: attempt.id, actor_id: actor.id, target_kind, target_id, from_score: from, to_score: to, reason: input.reply, at: now });
  let auto = Number(attempt.auto_score ?? 0);
  let review = attempt.review_score === null ? null : Number(attempt.review_score);
  let from: number | null;
  let to: number;
  if (request.target_kind === 'criterion') {
    const rubric = repo.rubricOf(item!);
    const c = rubric.find((x) => x.id === request.target_id)!;
    if (input.level === undefined || input.level >= c.levels.length) {
      throw errors.validation(msg('review.regrade.invalidLevel', { title: c.title, max: c.levels.length - 1 }), [issueOf('level', msg('field.between', { max: c.levels.length - 1 }))]);
    }
    const current = await trx('criterion_results').where({ attempt_id: attempt.id, criterion_id: c.id }).first('points');
    from = current ? Number(current.points) : null;
    to = c.levels[input.level]!.score;
    await trx('criterion_results').where({ attempt_id: attempt.id, criterion_id: c.id }).update({ points: to, level: input.level, source: 'regrade', updated_at: now });
    const all: { criterion_id: string; points: number }[] = await trx('criterion_results').where({ attempt_id: attempt.id });
    review = reviewScoreOf(rubric, new Map(all.map((r) => [r.criterion_id, Number(r.points)])));
    await change('criterion', c.id, from, to);
  } else {
    const checks = await submissionChecks(trx, attempt.id);
    const check = checks.find((x) => x.id === request.target_id)!;
    if (input.points === undefined || input.points > check.points) {
      throw invalidField('points', msg('field.between', { max: String(check.points) }));
    }
    const points = await effectiveCheckPoints(trx, attempt.id, checks);
    from = round2(points.get(check.id) ?? 0);
    to = input.points;
    points.set(check.id, to);
    const total = checks.reduce((s, c) => s + c.points, 0);
    auto = total === 0 ? 0 : round4([...points.values()].reduce((s, p) => s + p, 0) / total);
    await change('check', check.id, from, to);
  }
  const finalBefore = attempt.final_score === null ? null : Number(attempt.final_score);
  const finalAfter = finalScoreOf(manifest.scoring, auto, item ? review : null);
  await trx('attempts').where({ id: attempt.id }).update({ auto_score: auto, review_score: review, final_score: finalAfter });
  if (finalAfter !== finalBefore) await change('final', 'final', finalBefore, finalAfter);
  return { from, to };
}

