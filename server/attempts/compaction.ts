import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { toDate } from '../db/values';

/**
 * Thinning an attempt's history. Saves are append-only (an acked save is a row nobody updates),
 * so without this a student saving every second keeps every keystroke for good. What is kept,
 * per file of an attempt:
 * - always: the newest revision, the starter revision, every revision a check run (visible or
 *   the submission) ran on, and every revision a review comment points at;
 * - every revision saved in the last 5 minutes;
 * - older, up to an hour: the last revision of each minute;
 * - older still: the last revision of each 10 minutes.
 * That is what the teacher's timeline and the replay of how the work was written need. Under
 * storage pressure (a save that would pass the attempt's quota) history is thinned harder:
 * first to one revision per 10 minutes, then to the "always" list alone.
 *
 * Buckets are aligned to the clock and nest (a 10-minute bucket's last revision is also the
 * last of its minute), so each pass keeps a subset of what the pass before kept.
 */
export const HISTORY = {
  keepAllMs: 5 * 60_000,
  perMinuteUntilMs: 60 * 60_000,
  minuteMs: 60_000,
  tenMinutesMs: 10 * 60_000,
};

/** An attempt with new saves is thinned about this often, and never more often. */
export const COMPACT_EVERY_MS = 60_000;
/** Revisions deleted per transaction: a save never waits long behind a compaction. */
const BATCH = 200;
/** Attempts one scheduler pass thins; the rest wait for the next pass, oldest due first. */
const ATTEMPTS_PER_PASS = 20;
/** A claimed attempt whose pass died (a crash) is due again after this long. */
const LEASE_MS = 10 * 60_000;

export type Level = 'standard' | 'pressed' | 'minimal';

export type RevisionMeta = { path: string; revision: number; createdAt: number; bytes: number; starter: boolean };

export const revisionKey = (path: string, revision: number) => `${path}\u0000${revision}`;

function byPath(rows: RevisionMeta[]): Map<string, RevisionMeta[]> {
  const out = new Map<string, RevisionMeta[]>();
  for (const r of rows) (out.get(r.path) ?? out.set(r.path, []).get(r.path)!).push(r);
  return out;
}

/** Revisions a level may drop at all: not the newest of its path, not a starter, not pinned. */
function thinnable(list: RevisionMeta[], pinned: Set<string>): RevisionMeta[] {
  const newest = Math.max(...list.map((r) => r.revision));
  return list.filter((r) => r.revision !== newest && !r.starter && !pinned.has(revisionKey(r.path, r.revision)));
}

/** The revisions to drop at `level`, as of `now` (epoch ms). Pure: the rule above, in code. */
export function revisionsToDrop(rows: RevisionMeta[], pinned: Set<string>, now: number, level: Level): RevisionMeta[] {
  const drop: RevisionMeta[] = [];
  for (const list of byPath(rows).values()) {
    const lastIn = (ms: number) => {
      const last = new Map<number, number>();
      for (const r of list) {
        const b = Math.floor(r.createdAt / ms);
        if ((last.get(b) ?? -1) < r.revision) last.set(b, r.revision);
      }
      return (r: RevisionMeta) => last.get(Math.floor(r.createdAt / ms)) === r.revision;
    };
    const lastOfMinute = lastIn(HISTORY.minuteMs);
    const lastOfTen = lastIn(HISTORY.tenMinutesMs);
    for (const r of thinnable(list, pinned)) {
      if (level === 'minimal') drop.push(r);
      else if (level === 'pressed' || now - r.createdAt >= HISTORY.perMinuteUntilMs) {
        if (!lastOfTen(r)) drop.push(r);
      } else if (now - r.createdAt >= HISTORY.keepAllMs && !lastOfMinute(r)) drop.push(r);
    }
  }
  return drop;
}

/** When a kept revision next moves to a sparser tier (the next pass then has work), or null. */
export function nextThinning(kept: RevisionMeta[], pinned: Set<string>, now: number): number | null {
  let next: number | null = null;
  for (const list of byPath(kept).values()) {
    for (const r of thinnable(list, pinned)) {
      const age = now - r.createdAt;
      const at = age < HISTORY.keepAllMs ? r.createdAt + HISTORY.keepAllMs : age < HISTORY.perMinuteUntilMs ? r.createdAt + HISTORY.perMinuteUntilMs : null;
      if (at !== null && (next === null || at < next)) next = at;
    }
  }
  return next === null ? null : Math.max(next, now + COMPACT_EVERY_MS);
}

async function revisionsOf(db: Knex, attemptId: string): Promise<RevisionMeta[]> {
  const rows: { path: string; revision: number; created_at: Date | number; size_bytes: number | string; author_id: string | null }[] = await db('file_revisions')
    .where({ attempt_id: attemptId })
    .select('path', 'revision', 'created_at', 'size_bytes', 'author_id');
  return rows.map((r) => ({ path: r.path, revision: Number(r.revision), createdAt: toDate(r.created_at)!.getTime(), bytes: Number(r.size_bytes), starter: r.author_id === null }));
}

/**
 * Revisions something refers to: the ones each check run read, and the ones review comments are
 * anchored to. A check run stored before runs named their revisions pins, for each file, the
 * newest revision saved by the time it finished.
 */
export async function pinnedRevisions(db: Knex, attemptId: string, rows?: RevisionMeta[]): Promise<Set<string>> {
  const pinned = new Set<string>();
  const runs: { revisions_json: string | null; created_at: Date | number }[] = await db('check_runs').where({ attempt_id: attemptId }).select('revisions_json', 'created_at');
  const legacy: number[] = [];
  for (const run of runs) {
    if (run.revisions_json) for (const [path, revision] of Object.entries(JSON.parse(run.revisions_json) as Record<string, number>)) pinned.add(revisionKey(path, revision));
    else legacy.push(toDate(run.created_at)!.getTime());
  }
  if (legacy.length) {
    for (const list of byPath(rows ?? (await revisionsOf(db, attemptId))).values()) {
      for (const at of legacy) {
        const before = list.filter((r) => r.createdAt <= at);
        if (before.length) pinned.add(revisionKey(before[0]!.path, Math.max(...before.map((r) => r.revision))));
      }
    }
  }
  const comments: { path: string; revision: number }[] = await db('review_comments as c')
    .join('review_items as i', 'i.id', 'c.item_id')
    .where('i.attempt_id', attemptId)
    .select('c.path', 'c.revision');
  for (const c of comments) pinned.add(revisionKey(c.path, Number(c.revision)));
  return pinned;
}

/**
 * Deletes `batch` and takes the bytes it freed off the attempt's count, in one transaction. The
 * count is what the deletes returned, so two passes deleting the same rows count them once.
 */
async function deleteBatch(db: Knex, attemptId: string, batch: RevisionMeta[]): Promise<number> {
  const paths = [...byPath(batch)];
  const where = paths.map(([, list]) => `(path = ? and revision in (${list.map(() => '?').join(', ')}))`).join(' or ');
  const params = paths.flatMap(([path, list]) => [path, ...list.map((r) => r.revision)]);
  return db.transaction(async (trx) => {
    const result = await trx.raw(`delete from file_revisions where attempt_id = ? and (${where}) returning size_bytes, author_id`, [attemptId, ...params]);
    const deleted = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { size_bytes: number | string; author_id: string | null }[];
    const freed = deleted.reduce((n, r) => n + (r.author_id === null ? 0 : Number(r.size_bytes)), 0);
    if (freed > 0) await trx('attempts').where({ id: attemptId }).update({ stored_bytes: trx.raw('stored_bytes - ?', [freed]) });
    return freed;
  });
}

export type Compaction = { dropped: number; freedBytes: number; next: number | null };

/**
 * Thins one attempt's history at `level`. Safe beside saves: it deletes only revisions that were
 * not the newest of their file when it read them, and a save only ever adds a newer one; a save
 * names its base revision by number and is compared with the newest, which is never deleted.
 */
export async function compactAttempt(db: Knex, attemptId: string, now: Date, level: Level): Promise<Compaction> {
  const rows = await revisionsOf(db, attemptId);
  const pinned = await pinnedRevisions(db, attemptId, rows);
  const drop = revisionsToDrop(rows, pinned, now.getTime(), level);
  let freedBytes = 0;
  for (let i = 0; i < drop.length; i += BATCH) freedBytes += await deleteBatch(db, attemptId, drop.slice(i, i + BATCH));
  const dropped = new Set(drop.map((r) => revisionKey(r.path, r.revision)));
  const kept = rows.filter((r) => !dropped.has(revisionKey(r.path, r.revision)));
  return { dropped: drop.length, freedBytes, next: nextThinning(kept, pinned, now.getTime()) };
}

/**
 * The scheduler's pass: thins the attempts whose history is due (a save makes its attempt due
 * within COMPACT_EVERY_MS; a pass sets when the next one has work). Each attempt is claimed
 * first, so passes of several processes do not thin the same one at once.
 */
export async function compactDueAttempts(deps: { db: Knex; clock: () => Date; logger: Pick<Logger, 'error'> }): Promise<number> {
  const now = deps.clock();
  const due: { id: string; compact_due_at: Date | number }[] = await deps
    .db('attempts')
    .where('compact_due_at', '<=', now)
    .orderBy('compact_due_at')
    .limit(ATTEMPTS_PER_PASS)
    .select('id', 'compact_due_at');
  let done = 0;
  for (const a of due) {
    const lease = new Date(now.getTime() + LEASE_MS);
    if ((await deps.db('attempts').where({ id: a.id, compact_due_at: a.compact_due_at }).update({ compact_due_at: lease })) !== 1) continue;
    try {
      const { next } = await compactAttempt(deps.db, a.id, now, 'standard');
      const nextAt = next === null ? null : new Date(next);
      // Unless a save brought the due time forward meanwhile, the next pass is when there is work.
      const settled = await deps.db('attempts').where({ id: a.id, compact_due_at: lease }).update({ compact_due_at: nextAt });
      if (settled !== 1 && nextAt) await deps.db('attempts').where({ id: a.id }).where('compact_due_at', '>', nextAt).update({ compact_due_at: nextAt });
      done++;
    } catch (err) {
      // The lease stands: the attempt is due again once it runs out.
      deps.logger.error({ err, attemptId: a.id }, 'compacting an attempt failed');
    }
  }
  return done;
}
