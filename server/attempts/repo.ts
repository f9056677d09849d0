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
  last_activity_at: Date | number;
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

export async function latestRevision(db: Knex, attemptId: string, path: string): Promise<{ revision: number; content: string } | undefined> {
  const row = await db('file_revisions').where({ attempt_id: attemptId, path }).orderBy('revision', 'desc').first('revision', 'content');
  return row ? { revision: Number(row.revision), content: row.content } : undefined;
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
