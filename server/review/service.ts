import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import {
  MODERATION_NOTE_MIN,
  type AuditEntry,
  type QueueChanged,
  type QueueChangeReason,
  type QueueCounts,
  type QueueItemView,
  type QueueQueryInput,
  type QueueView,
  type ReviewItemDetail,
  type ReviewView,
  type RubricCriterionView,
  type SubmitReviewInput,
} from '../contract/review';
import { ServerEvents } from '../contract/realtime';
import type { CheckResultView } from '../contract/workspace';
import type { Db } from '../db/knex';
import { toBool, toDate, toIso } from '../db/values';
import type { CheckResult } from '../grading/types';
import { errors } from '../http/errors';
import type { Actor } from '../http/policy';
import type { Publisher } from '../realtime/publisher';
import { subtree } from '../scenarios/package';
import * as attemptsRepo from '../attempts/repo';
import { packageOf } from '../attempts/packages';
import { assertReviewerOf, isLead, resolveEnterprise } from './policy';
import { alertRooms, moderationOf, stuckItems } from './moderators';
import * as repo from './repo';
import { finalScoreOf, reviewScoreOf, rubricSnapshot } from './rubric';
import { checksAfterRegrades } from './checkScores';
import { writeEvidence } from '../competency/evidence';

export type ReviewDeps = { db: Db; clock: () => Date; publisher: Publisher };
/** What telling a queue needs; other domains (accounts) call it with their own deps. */
type QueueDeps = { db: Knex; clock: () => Date; publisher: Publisher; logger?: { warn: (o: object, m: string) => void } };

/** A reviewer who walks away does not block a submission for longer than this. */
export const CLAIM_MINUTES = 30;

export const reviewRooms = { queue: (enterpriseId: string) => `review-queue:${enterpriseId}` };

/**
 * Called inside the grading transaction: a submission whose assignment asks for review
 * becomes one item in the owning enterprise's queue; returns where it went. Null when it
 * cannot be reviewed (no owner, no rubric), and the caller then grades it on checks alone.
 */
export async function enqueueForReview(trx: Knex, attempt: attemptsRepo.AttemptRow, assignment: attemptsRepo.AssignmentRow, now: Date): Promise<{ enterpriseId: string; itemId: string } | null> {
  if (assignment.review === 'none') return null;
  const version = await trx('scenario_versions as v').join('scenarios as s', 's.id', 'v.scenario_id').where('v.id', assignment.scenario_version_id).first('v.manifest_json', 's.id as scenario_id', 's.owner_org_id');
  if (!version?.owner_org_id) return null;
  const { rubric, hash } = rubricSnapshot(JSON.parse(version.manifest_json));
  if (rubric.length === 0) return null;
  const blind = toBool(assignment.blind_review);
  if (blind) await repo.pseudonymFor(trx, assignment.id, attempt.student_id);
  const itemId = randomUUID();
  await trx('review_items')
    .insert({
      id: itemId,
      attempt_id: attempt.id,
      enterprise_id: version.owner_org_id,
      assignment_id: assignment.id,
      scenario_id: version.scenario_id,
      scenario_version_id: assignment.scenario_version_id,
      mode: assignment.review,
      blind,
      status: 'open',
      rubric_json: JSON.stringify(rubric),
      rubric_hash: hash,
      flagged_json: null,
      calibration: false,
      submitted_at: attempt.submitted_at ?? now,
      created_at: now,
      updated_at: now,
      completed_at: null,
    })
    .onConflict('attempt_id')
    .ignore();
  return { enterpriseId: version.owner_org_id as string, itemId };
}

/**
 * Tells the enterprise's reviewers that their queue changed; they refetch what they show. Its
 * admins hear the same in the alerts room without the item (they see no student work), so a
 * disagreement nobody can settle reaches them too.
 */
export async function announceQueue(deps: QueueDeps, enterpriseId: string, reason: QueueChangeReason, itemId: string | null, exceptUser?: string): Promise<void> {
  const counts = await enterpriseCounts(deps.db, enterpriseId);
  const item = itemId ? ((await presentItems(deps, null, [(await repo.findItem(deps.db, itemId))!]))[0] ?? null) : null;
  deps.publisher.toRoom(reviewRooms.queue(enterpriseId), ServerEvents.reviewQueueChanged, { enterpriseId, reason, counts, item } satisfies QueueChanged, exceptUser);
  deps.publisher.toRoom(alertRooms.alerts(enterpriseId), ServerEvents.reviewQueueChanged, { enterpriseId, reason, counts, item: null } satisfies QueueChanged, exceptUser);
}

/**
 * Someone became or stopped being a reviewer (or lead) of these organisations, or their account
 * was disabled or enabled: a moderation may have become possible, or impossible. The person
 * themselves is left out: a role just taken away must not let them hear one more push while
 * their sockets leave its rooms (their page refreshes on `access.changed` anyway).
 */
export function reviewersChanged(deps: QueueDeps, orgIds: string[], userId: string): void {
  for (const id of new Set(orgIds)) announceQueueSafely(deps, id, 'reviewers', null, userId);
}

export function announceQueueSafely(deps: QueueDeps, enterpriseId: string, reason: QueueChangeReason, itemId: string | null, exceptUser?: string): void {
  announceQueue(deps, enterpriseId, reason, itemId, exceptUser).catch((err) => deps.logger?.warn({ err, enterpriseId }, 'review queue push failed'));
}

async function enterpriseCounts(db: Knex, enterpriseId: string): Promise<Pick<QueueCounts, 'open' | 'moderation' | 'regrades' | 'stuck'>> {
  const byStatus: { status: string; n: number | string }[] = await db('review_items').where({ enterprise_id: enterpriseId }).whereIn('status', ['open', 'moderation']).groupBy('status').select('status').count({ n: '*' });
  const [{ n: regrades }] = (await db('regrade_requests').where({ enterprise_id: enterpriseId, status: 'open' }).count({ n: '*' })) as [{ n: number | string }];
  const get = (s: string) => Number(byStatus.find((r) => r.status === s)?.n ?? 0);
  // Only when something is in moderation: the usual answer costs no extra query.
  const stuck = get('moderation') > 0 ? Number(((await stuckItems(db, enterpriseId).count({ n: '*' })) as [{ n: number | string }])[0].n) : 0;
  return { open: get('open'), moderation: get('moderation'), regrades: Number(regrades), stuck };
}

/** Reviews of an item that hold or used a slot: submitted ones and unexpired claims. */
function activeSlots(db: Knex, itemId: string, kind: 'primary' | 'moderation', now: Date) {
  return db('reviews')
    .where({ item_id: itemId, kind })
    .where((q) => q.where('status', 'submitted').orWhere('claim_expires_at', '>', now));
}

export async function counts(deps: ReviewDeps, actor: Actor, enterpriseId: string): Promise<QueueCounts> {
  const now = deps.clock();
  const base = await enterpriseCounts(deps.db, enterpriseId);
  const [{ n: open }] = (await openForMe(deps.db, actor, enterpriseId, now).count({ n: '*' })) as [{ n: number | string }];
  const [{ n: mine }] = (await mineQuery(deps.db, actor, enterpriseId, now).count({ n: '*' })) as [{ n: number | string }];
  const [{ n: calibration }] = (await deps
    .db('review_items as i')
    .where({ 'i.enterprise_id': enterpriseId, 'i.calibration': true })
    .whereNotExists((q) => q.select('id').from('reviews as r').whereRaw('r.item_id = i.id').where({ 'r.reviewer_id': actor.id, 'r.kind': 'calibration' }))
    .count({ n: '*' })) as [{ n: number | string }];
  return { ...base, open: Number(open), mine: Number(mine), calibration: Number(calibration) };
}

/** Open items the caller has not reviewed and holds no live claim on (an expired claim shows it again). */
function openForMe(db: Knex, actor: Actor, enterpriseId: string, now: Date) {
  return db('review_items as i')
    .where({ 'i.enterprise_id': enterpriseId, 'i.status': 'open' })
    .whereNotExists((q) =>
      q
        .select('id')
        .from('reviews as r')
        .whereRaw('r.item_id = i.id')
        .where({ 'r.reviewer_id': actor.id, 'r.kind': 'primary' })
        .where((w) => w.where('r.status', 'submitted').orWhere('r.claim_expires_at', '>', now)),
    );
}

/** Items the caller holds a live claim on (primary or moderation). */
function mineQuery(db: Knex, actor: Actor, enterpriseId: string, now: Date) {
  return db('review_items as i')
    .where({ 'i.enterprise_id': enterpriseId })
    .whereIn('i.status', ['open', 'moderation'])
    .whereExists((q) =>
      q.select('id').from('reviews as r').whereRaw('r.item_id = i.id').where({ 'r.reviewer_id': actor.id, 'r.status': 'claimed' }).where('r.claim_expires_at', '>', now),
    );
}

export async function queue(deps: ReviewDeps, actor: Actor, query: QueueQueryInput): Promise<QueueView> {
  const enterpriseId = resolveEnterprise(actor, query.enterpriseId);
  const now = deps.clock();
  const base =
    query.status === 'open'
      ? openForMe(deps.db, actor, enterpriseId, now)
      : query.status === 'mine'
        ? mineQuery(deps.db, actor, enterpriseId, now)
        : deps.db('review_items as i').where({ 'i.enterprise_id': enterpriseId, 'i.status': query.status });
  if (query.scenarioId) base.where('i.scenario_id', query.scenarioId);
  if (query.assignmentId) base.where('i.assignment_id', query.assignmentId);
  const [{ n: total }] = (await base.clone().count({ n: '*' })) as [{ n: number | string }];
  const rows: repo.ReviewItemRow[] = await base
    .clone()
    .orderBy([{ column: 'i.submitted_at', order: query.status === 'done' ? 'desc' : 'asc' }, { column: 'i.id' }])
    .limit(query.limit)
    .offset(query.offset)
    .select('i.*');
  const [items, countsNow, scenarios, assignments, lead] = await Promise.all([
    presentItems(deps, actor, rows),
    counts(deps, actor, enterpriseId),
    deps.db('scenarios as s').join('scenario_versions as v', 'v.scenario_id', 's.id').where('s.owner_org_id', enterpriseId).groupBy('s.id').select('s.id').max({ title: 'v.title' }),
    // Assignments of the enterprise's scenarios: a few rows, found without scanning its items.
    deps
      .db('assignments as a')
      .join('scenario_versions as v', 'v.id', 'a.scenario_version_id')
      .join('scenarios as s', 's.id', 'v.scenario_id')
      .where('s.owner_org_id', enterpriseId)
      .whereNot('a.review', 'none')
      .orderBy('a.title')
      .select('a.id', 'a.title'),
    isLead(deps.db, actor, enterpriseId),
  ]);
  return {
    enterpriseId,
    items,
    total: Number(total),
    counts: countsNow,
    filters: { scenarios: (scenarios as { id: string; title: string }[]).sort((a, b) => a.title.localeCompare(b.title)), assignments },
    isLead: lead,
  };
}

/** List rows for a page of items, in a fixed number of queries whatever the page size. */
async function presentItems(deps: Pick<QueueDeps, 'db' | 'clock'>, actor: Actor | null, rows: repo.ReviewItemRow[]): Promise<QueueItemView[]> {
  if (rows.length === 0) return [];
  const now = deps.clock().getTime();
  const ids = rows.map((r) => r.id);
  const [meta, reviews, students, moderation] = await Promise.all([
    deps
      .db('review_items as i')
      .join('attempts as at', 'at.id', 'i.attempt_id')
      .join('assignments as a', 'a.id', 'i.assignment_id')
      .join('courses as c', 'c.id', 'a.course_id')
      .join('scenario_versions as v', 'v.id', 'i.scenario_version_id')
      .join('scenarios as s', 's.id', 'i.scenario_id')
      .whereIn('i.id', ids)
      .select('i.id', 'at.auto_score', 'a.title as assignment_title', 'c.title as course_title', 'v.title as scenario_title', 'v.version', 's.slug'),
    deps.db<repo.ReviewRow>('reviews').whereIn('item_id', ids).whereIn('kind', ['primary', 'moderation']),
    repo.studentRefs(deps.db, rows),
    moderationOf(deps.db, rows),
  ]);
  const metaById = new Map(meta.map((m: { id: string }) => [m.id, m as Record<string, string | number | null>]));
  return rows.map((row) => {
    const m = metaById.get(row.id)!;
    const mineRows = reviews.filter((r) => r.item_id === row.id);
    const slotKind = row.status === 'moderation' ? 'moderation' : 'primary';
    const inSlot = mineRows.filter((r) => r.kind === slotKind && (r.status === 'submitted' || toDate(r.claim_expires_at)!.getTime() > now));
    const mine = actor ? mineRows.find((r) => r.reviewer_id === actor.id && r.kind === slotKind && (r.status === 'submitted' || toDate(r.claim_expires_at)!.getTime() > now)) : undefined;
    const needed = row.status === 'moderation' ? 1 : repo.reviewsNeeded(row);
    return {
      id: row.id,
      student: students.get(row.attempt_id)!,
      scenario: { id: row.scenario_id, slug: String(m.slug), title: String(m.scenario_title), version: String(m.version) },
      assignment: { id: row.assignment_id, title: String(m.assignment_title), course: toBool(row.blind) ? null : String(m.course_title) },
      mode: row.mode,
      status: row.status,
      submittedAt: toIso(row.submitted_at)!,
      autoScore: Number(m.auto_score ?? 0),
      reviewsIn: mineRows.filter((r) => r.kind === 'primary' && r.status === 'submitted').length,
      reviewsNeeded: repo.reviewsNeeded(row),
      mine: mine ? { status: mine.status, claimExpiresAt: mine.status === 'claimed' ? toIso(mine.claim_expires_at) : null } : null,
      claimedByOther: !mine && inSlot.length >= needed,
      calibration: toBool(row.calibration),
      moderation: moderation.has(row.id) ? { by: moderation.get(row.id)!.by, people: moderation.get(row.id)!.people } : null,
    };
  });
}

async function loadItem(deps: ReviewDeps, actor: Actor, itemId: string): Promise<repo.ReviewItemRow> {
  const item = await repo.findItem(deps.db, itemId);
  if (!item) throw errors.notFound('Review item');
  assertReviewerOf(actor, item.enterprise_id);
  return item;
}

/** Someone who reviews for the enterprise and also studies in a course using its scenario. */
export async function assertNotOwnWork(db: Knex, actor: Actor, attemptId: string): Promise<void> {
  const attempt = await db('attempts').where({ id: attemptId }).first('student_id');
  if (attempt?.student_id === actor.id) throw errors.forbidden('This is your own work: another reviewer must score it.');
}

/**
 * Who may moderate follows `moderatorRule` (moderators.ts): a lead who did not score the work,
 * else any reviewer who did not, else a lead who did (with a note on the record). `noteRequired`
 * says the caller is that last kind.
 */
async function moderationFor(deps: ReviewDeps, actor: Actor, item: repo.ReviewItemRow): Promise<ReviewItemDetail['moderation']> {
  const rule = (await moderationOf(deps.db, [item])).get(item.id);
  if (!rule) return null;
  const allowed = rule.people.some((p) => p.id === actor.id);
  return { by: rule.by, people: rule.people, noteRequired: allowed && rule.by === 'scoring-lead' };
}

const canModerate = (moderation: ReviewItemDetail['moderation'], actor: Actor) => !!moderation?.people.some((p) => p.id === actor.id);

/** Why the caller may not moderate, naming who may. */
function notYourModeration(moderation: ReviewItemDetail['moderation']) {
  const names = moderation?.people.map((p) => p.name).join(', ') ?? '';
  const message =
    moderation?.by === 'lead'
      ? `A lead reviewer who did not score this submission moderates it: ${names}.`
      : moderation?.by === 'reviewer'
        ? `A reviewer who did not score this submission moderates it: ${names}.`
        : moderation?.by === 'scoring-lead'
          ? `Nobody who did not score this submission is left to moderate it, so a lead reviewer who scored it does, with a note: ${names}.`
          : 'Nobody can moderate this submission yet: every reviewer scored it. An administrator can add a reviewer, or make one of the scorers a lead reviewer.';
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
    throw errors.conflict('This submission has been reviewed already.');
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
    if (fresh.status !== item.status) throw errors.conflict('This submission changed meanwhile; reload to see where it stands.');
    const own: repo.ReviewRow | undefined = await trx('reviews').where({ item_id: itemId, reviewer_id: actor.id, kind }).first();
    if (own?.status === 'submitted') throw errors.conflict('You have already reviewed this submission; a second review must come from someone else.');
    const [{ n }] = (await activeSlots(trx, itemId, kind, now).whereNot('reviewer_id', actor.id).count({ n: '*' })) as [{ n: number | string }];
    const needed = kind === 'moderation' ? 1 : repo.reviewsNeeded(item);
    if (Number(n) >= needed) throw errors.conflict('Another reviewer is working on this submission.', { reason: 'claimed' });
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
async function submittedFiles(deps: ReviewDeps, item: repo.ReviewItemRow) {
  const pkg = await packageOf(deps.db, item.scenario_version_id);
  const starter = subtree(pkg.files, 'workspace');
  const files = await attemptsRepo.latestFiles(deps.db, item.attempt_id);
  return { pkg, files: files.map((f) => ({ ...f, starter: starter.get(f.path) ?? null })) };
}

export async function detail(deps: ReviewDeps, actor: Actor, itemId: string): Promise<ReviewItemDetail> {
  const item = await loadItem(deps, actor, itemId);
  const rubric = repo.rubricOf(item);
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
  const results = run ? await checksAfterRegrades(deps.db, item.attempt_id, JSON.parse(run.results_json) as CheckResult[]) : [];
  const checks: CheckResultView[] = results.map((r) => ({ id: r.id, task: r.task, title: r.title, kind: r.kind, visible: r.visible, passed: r.passed, points: r.points, earned: r.earned, messages: r.messages, output: r.output }));
  return {
    enterpriseId: item.enterprise_id,
    item: view!,
    tasks: pkg.manifest.tasks.map((t) => ({ id: t.id, title: t.title, instructions: pkg.files.get(t.instructions) ?? '' })),
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

function checkScores(rubric: RubricCriterionView[], scores: SubmitReviewInput['scores'], required: string[]) {
  const byId = new Map(rubric.map((c) => [c.id, c]));
  const seen = new Set<string>();
  const problems: { field: string; message: string }[] = [];
  scores.forEach((s, i) => {
    const c = byId.get(s.criterionId);
    if (!c) problems.push({ field: `scores.${i}.criterionId`, message: `is not a criterion of this rubric (${s.criterionId})` });
    else if (!required.includes(s.criterionId)) problems.push({ field: `scores.${i}.criterionId`, message: `is not to be scored here (${s.criterionId})` });
    else if (s.level >= c.levels.length) problems.push({ field: `scores.${i}.level`, message: `must be a level of “${c.title}” (0 to ${c.levels.length - 1})` });
    if (seen.has(s.criterionId)) problems.push({ field: `scores.${i}.criterionId`, message: `is scored twice (${s.criterionId})` });
    seen.add(s.criterionId);
  });
  for (const id of required) if (!seen.has(id)) problems.push({ field: 'scores', message: `needs a level for “${byId.get(id)?.title ?? id}”` });
  if (problems.length) throw errors.validation(`Invalid scores: ${problems[0]!.field} ${problems[0]!.message}`, problems);
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
  if (!kind) throw errors.conflict('This submission has been reviewed already.');
  const moderation = kind === 'moderation' ? await moderationFor(deps, actor, item) : null;
  if (kind === 'moderation' && !canModerate(moderation, actor)) throw notYourModeration(moderation);
  const note = input.moderationNote?.trim() ?? '';
  if (moderation?.noteRequired && note.length < MODERATION_NOTE_MIN) {
    throw errors.validation(
      `You scored this submission yourself, and nobody who did not is left to moderate it. Say on the record why you settle it, in at least ${MODERATION_NOTE_MIN} characters.`,
      [{ field: 'moderationNote', message: `is required, at least ${MODERATION_NOTE_MIN} characters`, reason: 'moderation_note_required' }],
    );
  }
  if (note && !moderation?.noteRequired) {
    throw errors.validation('A moderation note is only for a lead who moderates work they scored themselves; leave it out here.', [
      { field: 'moderationNote', message: 'is not expected here', reason: 'moderation_note_unexpected' },
    ]);
  }
  const required = kind === 'moderation' ? repo.flaggedOf(item) : rubric.map((c) => c.id);
  const scores = checkScores(rubric, input.scores, required);
  const { files } = await submittedFiles(deps, item);
  const fileByPath = new Map(files.map((f) => [f.path, f]));
  const comments = input.comments.map((c, i) => {
    const file = fileByPath.get(c.path);
    if (!file) throw errors.validation(`Invalid comments.${i}.path: ${c.path} is not a submitted file`, [{ field: `comments.${i}.path`, message: 'is not a submitted file' }]);
    const lines = file.content.split('\n').length;
    if (c.line > lines) throw errors.validation(`Invalid comments.${i}.line: ${c.path} has ${lines} lines`, [{ field: `comments.${i}.line`, message: `must be at most ${lines}` }]);
    return { ...c, revision: file.revision };
  });

  let graded = false;
  await deps.db.transaction(async (trx) => {
    // Write first, then read: the write takes the row lock, so the status read is current.
    await trx('review_items').where({ id: itemId }).update({ updated_at: now });
    const fresh = (await trx('review_items').where({ id: itemId }).first()) as repo.ReviewItemRow;
    if (fresh.status !== item.status) throw errors.conflict('This submission changed while you reviewed it; reload to see where it stands.');
    let reviewId: string;
    if (kind === 'calibration') {
      if (await trx('reviews').where({ item_id: itemId, reviewer_id: actor.id, kind }).first('id')) throw errors.conflict('You have scored this calibration item already.');
      reviewId = randomUUID();
      await trx('reviews').insert({ id: reviewId, item_id: itemId, reviewer_id: actor.id, kind, status: 'submitted', claim_expires_at: null, overall_comment: input.overallComment, created_at: now, submitted_at: now });
    } else {
      const own: repo.ReviewRow | undefined = await trx('reviews').where({ item_id: itemId, reviewer_id: actor.id, kind }).first();
      if (!own) throw errors.conflict('Claim this submission before you submit a review of it.', { reason: 'not_claimed' });
      if (own.status === 'submitted') throw errors.conflict('You have already submitted this review.');
      if (toDate(own.claim_expires_at)!.getTime() <= now.getTime()) {
        // An expired claim still counts if nobody took the slot meanwhile.
        const [{ n }] = (await activeSlots(trx, itemId, kind, now).whereNot('reviewer_id', actor.id).count({ n: '*' })) as [{ n: number | string }];
        if (Number(n) >= (kind === 'moderation' ? 1 : repo.reviewsNeeded(item))) {
          throw errors.conflict('Your claim expired and another reviewer took this submission. Your draft is kept in this browser.', { reason: 'claim_lost' });
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
  return true;
}

/** The lead marks a reviewed submission as a calibration item with the agreed levels. */
export async function markCalibration(deps: ReviewDeps, actor: Actor, itemId: string, input: { scores: SubmitReviewInput['scores'] }): Promise<ReviewItemDetail> {
  const item = await loadItem(deps, actor, itemId);
  if (!(await isLead(deps.db, actor, item.enterprise_id))) throw errors.forbidden('Only a lead reviewer keeps the calibration set.');
  if (item.status !== 'done') throw errors.conflict('Only a submission whose review is complete can become a calibration item.');
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
