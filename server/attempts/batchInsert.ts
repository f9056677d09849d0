import type { Knex } from 'knex';
import { MAX_WORKSPACE_FILES } from '../contract/limits';
import type { NewRevision } from './repo';

/**
 * `insertRevisionIfCurrent` for a whole batch of revisions in one transaction and a handful of
 * statements (group commit, see groupCommit.ts). Each statement on the single SQLite connection
 * is a trip to the database thread and back; one per save is what made a class of 5,000 fall
 * behind, so a batch costs the same few trips whatever its size:
 *
 * 1. one UPDATE counts every revision's bytes on its attempt row (and its time as the attempt's
 *    last activity, which the teacher's monitor shows), with the same guards as one
 *    save (the author's, still open, before the deadline, within the quota) — and takes those
 *    rows' locks on PostgreSQL, so a submit is either before the batch or sees it;
 * 2. one INSERT stores the revisions whose attempt was counted and whose base is the newest
 *    revision of the file (for a new file: while the attempt holds fewer than the most files);
 * 3. a revision counted but not stored (its base was stale) gives its bytes back.
 *
 * A batch holds at most one revision per attempt at a time: the saves are cut into rounds (an
 * attempt's second save in the batch goes in the second round), so the guards of a round read
 * what the round before it wrote, and two saves of one file are decided in the order they came.
 */
export async function insertRevisionsInOneTransaction(db: Knex, revisions: NewRevision[]): Promise<(string | null)[]> {
  // Per revision: its attempt's assignment when stored (the monitor's room, without a query), else null.
  const stored: (string | null)[] = Array.from(revisions, () => null);
  const rounds: number[][] = [];
  const seen = new Map<string, number>();
  revisions.forEach((r, i) => {
    const round = seen.get(r.attemptId) ?? 0;
    seen.set(r.attemptId, round + 1);
    (rounds[round] ??= []).push(i);
  });
  await db.transaction(async (trx) => {
    for (const round of rounds) {
      const batch = round.map((i) => revisions[i]!);
      const counted = new Map((await countBytes(trx, batch)).map((row) => [row.id, row.assignment_id]));
      const candidates = round.filter((i) => counted.has(revisions[i]!.attemptId));
      if (!candidates.length) continue;
      const inserted = new Set((await insertIfCurrent(trx, candidates.map((i) => revisions[i]!))).map((row) => row.attempt_id));
      for (const i of candidates) {
        const r = revisions[i]!;
        if (inserted.has(r.attemptId)) stored[i] = counted.get(r.attemptId)!;
        else await trx.raw('update attempts set stored_bytes = stored_bytes - ? where id = ?', [r.bytes, r.attemptId]);
      }
    }
  });
  return stored;
}

const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? result : (result as { rows: T[] }).rows);

/** A VALUES list of `width` typed columns per row (typed: PostgreSQL infers text for bare parameters). */
const valuesList = (rows: number, types: string[]) => Array.from({ length: rows }, () => `(${types.map((t) => `cast(? as ${t})`).join(', ')})`).join(', ');

async function countBytes(trx: Knex.Transaction, batch: NewRevision[]): Promise<{ id: string; assignment_id: string }[]> {
  const sql = `
with v (id, student_id, bytes, limit_bytes, at, compact_by) as (values ${valuesList(batch.length, ['varchar(36)', 'varchar(36)', 'bigint', 'bigint', 'timestamptz', 'timestamptz'])})
update attempts
set stored_bytes = attempts.stored_bytes + v.bytes,
    compact_due_at = case when attempts.compact_due_at is null or attempts.compact_due_at > v.compact_by then v.compact_by else attempts.compact_due_at end,
    last_activity_at = case when attempts.last_activity_at < v.at then v.at else attempts.last_activity_at end
from v
where attempts.id = v.id and attempts.student_id = v.student_id and attempts.status = 'in_progress'
  and attempts.deadline_at > v.at and attempts.stored_bytes + v.bytes <= v.limit_bytes
returning attempts.id, attempts.assignment_id`;
  return rowsOf(await trx.raw(sql, batch.flatMap((r) => [r.attemptId, r.authorId, r.bytes, r.limitBytes, r.at, r.compactBy])));
}

async function insertIfCurrent(trx: Knex.Transaction, batch: NewRevision[]): Promise<{ attempt_id: string }[]> {
  // "on conflict do nothing": a revision another process stored first is not stored here, rather
  // than an error that would end the whole batch's transaction.
  const sql = `
with v (attempt_id, path, revision, content, size_bytes, author_id, created_at, base) as (values ${valuesList(batch.length, ['varchar(36)', 'varchar(300)', 'integer', 'text', 'bigint', 'varchar(36)', 'timestamptz', 'integer'])})
insert into file_revisions (attempt_id, path, revision, content, size_bytes, author_id, created_at)
select v.attempt_id, v.path, v.revision, v.content, v.size_bytes, v.author_id, v.created_at
from v
where coalesce((select max(f.revision) from file_revisions f where f.attempt_id = v.attempt_id and f.path = v.path), 0) = v.base
  and (v.base > 0 or (select count(distinct f.path) from file_revisions f where f.attempt_id = v.attempt_id) < ${MAX_WORKSPACE_FILES})
on conflict do nothing
returning attempt_id`;
  return rowsOf(await trx.raw(sql, batch.flatMap((r) => [r.attemptId, r.path, r.revision, r.content, r.bytes, r.authorId, r.at, r.baseRevision])));
}
