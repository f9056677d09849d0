import type { Knex } from 'knex';
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

export async function latestRevision(db: Knex, attemptId: string, path: string): Promise<{ revision: number; content: string; authorId: string | null } | undefined> {
  const row = await db('file_revisions').where({ attempt_id: attemptId, path }).orderBy('revision', 'desc').first('revision', 'content', 'author_id');
  return row ? { revision: Number(row.revision), content: row.content, authorId: row.author_id } : undefined;
}

/** One statement that SQLite (3.35+) and PostgreSQL both run; see insertRevisionIfCurrent. */
const INSERT_IF_CURRENT = `
insert into file_revisions (attempt_id, path, revision, content, author_id, created_at)
select ?, ?, ?, ?, ?, ?
where exists (select 1 from attempts where id = ? and student_id = ? and status = 'in_progress' and deadline_at > ?)
  and not exists (select 1 from file_revisions where attempt_id = ? and path = ? and revision >= ?)
  and (? = 0 or exists (select 1 from file_revisions where attempt_id = ? and path = ? and revision = ?))
returning revision`;

export type NewRevision = { attemptId: string; path: string; baseRevision: number; revision: number; content: string; authorId: string; at: Date };

/**
 * Stores a revision only if the attempt is the author's and still open and `baseRevision` is
 * the newest revision of the file. Returns whether it stored it.
 *
 * SQLite has one writer, so the single statement is already ordered against a submit. On
 * PostgreSQL a concurrent submit could commit between this statement's snapshot and its
 * commit, and grading would miss an acked save: there the attempt row is locked first, in the
 * same transaction, so the submit waits for the save or the save sees the submit.
 */
export async function insertRevisionIfCurrent(db: Knex & { dialect: 'sqlite' | 'postgres' }, r: NewRevision): Promise<boolean> {
  const params = [
    r.attemptId, r.path, r.revision, r.content, r.authorId, r.at,
    r.attemptId, r.authorId, r.at,
    r.attemptId, r.path, r.revision,
    r.baseRevision, r.attemptId, r.path, r.baseRevision,
  ];
  if (db.dialect === 'sqlite') return ((await db.raw(INSERT_IF_CURRENT, params)) as unknown[]).length === 1;
  return db.transaction(async (trx) => {
    const locked = await trx('attempts').where({ id: r.attemptId, student_id: r.authorId, status: 'in_progress' }).where('deadline_at', '>', r.at).forUpdate().first('id');
    if (!locked) return false;
    return ((await trx.raw(INSERT_IF_CURRENT, params)) as { rows: unknown[] }).rows.length === 1;
  });
}

export async function deliveredEvents(db: Knex, attemptId: string): Promise<Map<string, Date>> {
  const rows: { event_id: string; delivered_at: Date | number }[] = await db('event_deliveries').where({ attempt_id: attemptId }).select('event_id', 'delivered_at');
  return new Map(rows.map((r) => [r.event_id, toDate(r.delivered_at)!]));
}

/** True for the unique-key violations of both dialects: the row is already there. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; errno?: number; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT' || /UNIQUE constraint failed|duplicate key/i.test(e?.message ?? '');
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
