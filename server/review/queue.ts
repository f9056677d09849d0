import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { QueueChanged, QueueChangeReason, QueueCounts, QueueItemView, QueueQueryInput, QueueView } from '../contract/review';
import { ServerEvents } from '../contract/realtime';
import { toBool, toDate, toIso } from '../db/values';
import { currentLocale } from '../http/locale';
import type { Actor } from '../http/policy';
import { newestTitles, readerTitles } from '../attempts/packages';
import type * as attemptsRepo from '../attempts/repo';
import type { QueueDeps, ReviewDeps } from './deps';
import { alertRooms, moderationOf, stuckItems } from './moderators';
import { isLead, resolveEnterprise } from './policy';
import * as repo from './repo';
import { rubricSnapshot } from './rubric';

/**
 * The review queue: a graded submission entering it, what each reviewer finds in it, and the
 * pushes that tell the enterprise's reviewers (and its admins) it changed.
 */

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
    scenarioFilter(deps.db, enterpriseId),
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
    filters: { scenarios, assignments },
    isLead: lead,
  };
}

/** The enterprise's scenarios, each by its newest version's title in the reader's language, in their alphabetical order. */
async function scenarioFilter(db: Knex, enterpriseId: string): Promise<{ id: string; title: string }[]> {
  const titles = await newestTitles(db, await db('scenarios').where('owner_org_id', enterpriseId).pluck('id'));
  const collator = new Intl.Collator(currentLocale());
  return [...titles].map(([id, title]) => ({ id, title })).sort((a, b) => collator.compare(a.title, b.title));
}

/** List rows for a page of items, in a fixed number of queries whatever the page size. */
export async function presentItems(deps: Pick<QueueDeps, 'db' | 'clock'>, actor: Actor | null, rows: repo.ReviewItemRow[]): Promise<QueueItemView[]> {
  if (rows.length === 0) return [];
  const now = deps.clock().getTime();
  const ids = rows.map((r) => r.id);
  const [meta, reviews, students, moderation, titles] = await Promise.all([
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
    readerTitles(
      deps.db,
      rows.map((r) => r.scenario_version_id),
    ),
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
      scenario: { id: row.scenario_id, slug: String(m.slug), title: titles.get(row.scenario_version_id) ?? String(m.scenario_title), version: String(m.version) },
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
