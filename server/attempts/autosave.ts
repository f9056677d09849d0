import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { SaveConflict, SaveFileInput } from '../contract/workspace';
import { filePathReason } from '../contract/paths';
import { ATTEMPT_QUOTA_BYTES, MAX_WORKSPACE_FILES, utf8Length } from '../contract/limits';
import { AppError, errors } from '../http/errors';
import { msg } from '../messages';
import { invalidField } from '../http/validate';
import { consumeOrRefuse, tooManySaves } from '../http/rateLimit';
import type { Actor } from '../http/policy';
import { COMPACT_EVERY_MS, compactAttempt } from './compaction';
import type { AttemptDeps } from './deps';
import { publishMonitorSafely } from './monitor';
import { makeRoom, quotaExceeded } from './quota';
import { saveWriterFor } from './groupCommit';
import * as repo from './repo';
import { assertOpen } from './service';

/** Per user, not per IP: a classroom shares one address. Debounced autosave stays far below it. */
export const createSaveLimiter = () => new RateLimiterMemory({ points: 30, duration: 10, keyPrefix: 'file-save' });

/**
 * Autosave. A save names the revision it was based on; when that is not the newest, nothing is
 * written and the caller gets both versions to resolve (two tabs, two devices). The new
 * revision is committed before the ack, so an acked save survives any crash after it. A save
 * that would take the attempt past its storage quota first has older versions thinned out, and
 * is refused (quota_exceeded) only when that leaves no room.
 */
export async function saveFile(deps: AttemptDeps, actor: Actor, input: SaveFileInput): Promise<{ revision: number }> {
  await consumeOrRefuse(deps.saveLimiter, actor.id, tooManySaves);
  const pathProblem = filePathReason(input.path);
  if (pathProblem) throw invalidField('payload.path', pathProblem);
  const now = deps.clock();
  const revision = input.baseRevision + 1;
  const bytes = utf8Length(input.content);
  // Through the process's group commit: resolves once the transaction holding it has committed.
  const insert = (limitBytes: number) =>
    saveWriterFor(deps.db).write({ ...input, revision, bytes, authorId: actor.id, at: now, limitBytes, compactBy: new Date(now.getTime() + COMPACT_EVERY_MS) });
  {
    // The hot path inserts only when the attempt is the caller's, still open, has room (bytes,
    // and files for a new one), and baseRevision is the newest revision of the file; anything
    // else falls through to the slow path below, which finds out which of those failed. A new
    // file takes it too: a class starting at once is 5,000 first saves in a few seconds.
    try {
      const assignmentId = await insert(ATTEMPT_QUOTA_BYTES);
      if (assignmentId !== null) {
        publishMonitorSafely(deps, input.attemptId, assignmentId);
        return { revision };
      }
    } catch (err) {
      if (!repo.isUniqueViolation(err)) throw err;
    }
  }
  const attempt = await repo.findAttempt(deps.db, input.attemptId);
  if (!attempt || attempt.student_id !== actor.id) throw errors.notFound(msg('notFound.attempt'));
  assertOpen(attempt, now);
  const current = await repo.latestRevision(deps.db, attempt.id, input.path);
  const currentRevision = current?.revision ?? 0;
  const conflict = (rev: number, content: string) =>
    new AppError('conflict', msg('files.changedElsewhere', { path: input.path, revision: rev }), {
      path: input.path,
      serverRevision: rev,
      serverContent: content,
    } satisfies SaveConflict);
  // A resend of a save whose ack was lost: the revision it made is already there.
  if (current && currentRevision === revision && current.content === input.content && current.authorId === actor.id) return { revision };
  if (input.baseRevision !== currentRevision) throw conflict(currentRevision, current?.content ?? '');
  if (!current) {
    const [{ n }] = (await deps.db('file_revisions').where({ attempt_id: attempt.id }).countDistinct({ n: 'path' })) as [{ n: number | string }];
    if (Number(n) >= MAX_WORKSPACE_FILES) throw errors.validation(msg('attempts.tooManyFiles', { max: MAX_WORKSPACE_FILES }));
  }
  const room = Number(attempt.stored_bytes) + bytes > ATTEMPT_QUOTA_BYTES ? await makeRoom(deps.db, attempt.id, bytes, current, now) : { limitBytes: ATTEMPT_QUOTA_BYTES, dropBase: false };
  try {
    // First revision of a new file: the same guarded insert, so a submit cannot slip in between.
    const inserted = await insert(room.limitBytes);
    if (inserted === null) {
      const again = (await repo.findAttempt(deps.db, attempt.id))!;
      assertOpen(again, now);
      const winner = await repo.latestRevision(deps.db, attempt.id, input.path);
      if ((winner?.revision ?? 0) === input.baseRevision) throw quotaExceeded(Number(again.stored_bytes), bytes); // another file's save took the room
      throw conflict(winner?.revision ?? 0, winner?.content ?? '');
    }
  } catch (err) {
    // Another save based on the same revision committed first.
    if (repo.isUniqueViolation(err)) {
      const winner = await repo.latestRevision(deps.db, attempt.id, input.path);
      throw conflict(winner?.revision ?? 0, winner?.content ?? '');
    }
    throw err;
  }
  // The version this save replaced was kept only until the save was in.
  if (room.dropBase) await compactAttempt(deps.db, attempt.id, now, 'minimal').catch((err) => deps.logger.warn({ err, attemptId: attempt.id }, 'dropping a replaced version failed'));
  publishMonitorSafely(deps, attempt.id);
  return { revision };
}
