import type { Knex } from 'knex';
import { MAX_WORKSPACE_FILES } from '../contract/limits';
import type { WorkspaceFile } from '../contract/workspace';
import type { AssignmentRow } from '../courses/repo';
import { toDate } from '../db/values';

export type AttemptRow = {
  id: string;
  assignment_id: string;
  student_id: string;
  number: number;
  status: 'in_progress' | 'submitted' | 'graded';
  started_at: Date | number;
  deadline_at: Date | number;
  submitted_at: Date | number | null;
  submit_reason: 'student' | 'deadline' | null;
  auto_score: number | null;
  review_score: number | null;
  final_score: number | null;
  /** When the final grade was released (the regrade window counts from here). */
  graded_at: Date | number | null;
  last_activity_at: Date | number;
  /** UTF-8 bytes of every revision the student saved that is still stored (starter files excluded). */
  stored_bytes: number | string;
  /** When the scheduler next thins this attempt's history; null when nothing is left to thin. */
  compact_due_at: Date | number | null;
};

export type { AssignmentRow } from '../courses/repo';

export const findAttempt = (db: Knex, id: string) => db<AttemptRow>('attempts').where({ id }).first();
export const findAssignment = (db: Knex, id: string) => db<AssignmentRow>('assignments').where({ id }).first();

/** The newest revision of every file of an attempt. */
export async function latestFiles(db: Knex, attemptId: string): Promise<WorkspaceFile[]> {
  const rows: { path: string; revision: number; content: string }[] = await db('file_revisions as f')
    .join(
      db('file_revisions').where({ attempt_id: attemptId }).groupBy('path').select('path').max({ rev: 'revision' }).as('m'),
      (j) => j.on('m.path', '=', 'f.path').andOn('m.rev', '=', 'f.revision'),
    )
    .where('f.attempt_id', attemptId)
    .orderBy('f.path')
    .select('f.path', 'f.revision', 'f.content');
  return rows.map((r) => ({ path: r.path, revision: Number(r.revision), content: r.content }));
}

export async function latestRevision(
  db: Knex,
  attemptId: string,
  path: string,
): Promise<{ path: string; revision: number; content: string; bytes: number; authorId: string | null } | undefined> {
  const row = await db('file_revisions').where({ attempt_id: attemptId, path }).orderBy('revision', 'desc').first('revision', 'content', 'size_bytes', 'author_id');
  return row ? { path, revision: Number(row.revision), content: row.content, bytes: Number(row.size_bytes), authorId: row.author_id } : undefined;
}

/**
 * Stores the revision only if `baseRevision` is the newest revision of the path, compared by
 * number (the highest stored), so it never depends on an older row that compaction may have
 * thinned out. SQLite 3.35+ and PostgreSQL both run it.
 */
const INSERT_IF_CURRENT = `
insert into file_revisions (attempt_id, path, revision, content, size_bytes, author_id, created_at)
select ?, ?, ?, ?, ?, ?, ?
where coalesce((select max(revision) from file_revisions where attempt_id = ? and path = ?), 0) = ?
  and (? > 0 or (select count(distinct path) from file_revisions where attempt_id = ?) < ${MAX_WORKSPACE_FILES})
returning revision`;

export type NewRevision = {
  attemptId: string;
  path: string;
  baseRevision: number;
  revision: number;
  content: string;
  /** The content's UTF-8 length. */
  bytes: number;
  authorId: string;
  at: Date;
  /** The attempt's stored bytes may not pass this once the revision is in. */
  limitBytes: number;
  /** Compaction is due by then at the latest (a later due time is brought forward). */
  compactBy: Date;
};

const NOT_STORED = Symbol('not stored');

/**
 * Stores a revision only if the attempt is the author's, still open and has room for it, and
 * `baseRevision` is the newest revision of the file. Returns whether it stored it.
 *
 * One transaction: the first statement counts the bytes on the attempt row, which takes that
 * row's lock (on PostgreSQL; SQLite has one writer). A submit updates the same row, so either
 * the save is committed before the submit or it sees the submit and stores nothing, and grading
 * never misses an acked save; compaction takes the same lock, so the count stays exact. When the
 * insert stores nothing the count is rolled back with it.
 */
export async function insertRevisionIfCurrent(db: Knex, r: NewRevision): Promise<boolean> {
  return db
    .transaction(async (trx) => {
      const counted = await trx('attempts')
        .where({ id: r.attemptId, student_id: r.authorId, status: 'in_progress' })
        .where('deadline_at', '>', r.at)
        .whereRaw('stored_bytes + ? <= ?', [r.bytes, r.limitBytes])
        .update({
          stored_bytes: trx.raw('stored_bytes + ?', [r.bytes]),
          compact_due_at: trx.raw('case when compact_due_at is null or compact_due_at > ? then ? else compact_due_at end', [r.compactBy, r.compactBy]),
          last_activity_at: trx.raw('case when last_activity_at < ? then ? else last_activity_at end', [r.at, r.at]),
        });
      if (Number(counted) !== 1) return false;
      const result = await trx.raw(INSERT_IF_CURRENT, [r.attemptId, r.path, r.revision, r.content, r.bytes, r.authorId, r.at, r.attemptId, r.path, r.baseRevision, r.baseRevision, r.attemptId]);
      const rows = Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- a sentinel that rolls the transaction back; caught just below
      if (rows.length !== 1) throw NOT_STORED;
      return true;
    })
    .catch((err: unknown) => {
      if (err === NOT_STORED) return false;
      throw err;
    });
}

export async function deliveredEvents(db: Knex, attemptId: string): Promise<Map<string, Date>> {
  const rows: { event_id: string; delivered_at: Date | number }[] = await db('event_deliveries').where({ attempt_id: attemptId }).select('event_id', 'delivered_at');
  return new Map(rows.map((r) => [r.event_id, toDate(r.delivered_at)!]));
}

/** True for the unique-key violations of both dialects: the row is already there. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; errno?: number; message?: string };
  // SQLite gives every constraint (foreign key, check, a trigger's RAISE) the same code; only its message names a unique one.
  return e?.code === '23505' || /UNIQUE constraint failed|duplicate key/i.test(e?.message ?? '');
}

export type Statement = { verb: string; object: string; result?: unknown };

/** Appends to the attempt timeline (xAPI-like: actor, verb, object, result, timestamp). */
export async function record(db: Knex, attemptId: string, actorId: string | null, s: Statement, at: Date): Promise<void> {
  await db('statements').insert({
    attempt_id: attemptId,
    actor_id: actorId,
    verb: s.verb,
    object: s.object.slice(0, 300),
    result_json: s.result === undefined ? null : JSON.stringify(s.result),
    timestamp: at,
  });
}

/** The newest saved files of an attempt, and which revision of each (what a check run records). */
export async function workspaceOf(db: Knex, attemptId: string): Promise<{ files: Map<string, string>; revisionsJson: string }> {
  const files = await latestFiles(db, attemptId);
  return { files: new Map(files.map((f) => [f.path, f.content])), revisionsJson: JSON.stringify(Object.fromEntries(files.map((f) => [f.path, f.revision]))) };
}

