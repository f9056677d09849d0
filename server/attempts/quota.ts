import type { Knex } from 'knex';
import { ATTEMPT_QUOTA_BYTES, formatBytes } from '../contract/limits';
import { errors } from '../http/errors';
import { msg } from '../messages';
import { compactAttempt, pinnedRevisions, revisionKey } from './compaction';

/**
 * An attempt's storage quota: the bytes of every revision its student saved that is still
 * stored (older versions kept for replay included; the starter files are the scenario's and do
 * not count). Counting every stored byte, not only the newest version of each file, is what
 * makes it a bound: no pattern of saves (two files in turn, many small files) stores more.
 */
export async function storedBytes(db: Knex, attemptId: string): Promise<number> {
  const row = await db('attempts').where({ id: attemptId }).first('stored_bytes');
  return Number(row?.stored_bytes ?? 0);
}

export function quotaExceeded(usedBytes: number, neededBytes: number) {
  return errors.quotaExceeded(
    msg('attempts.quotaExceeded', { limit: formatBytes(ATTEMPT_QUOTA_BYTES), used: formatBytes(usedBytes), needed: formatBytes(neededBytes) }),
    { limitBytes: ATTEMPT_QUOTA_BYTES, usedBytes, neededBytes },
  );
}

/** The newest stored revision of the file a save replaces (its base). */
export type BaseRevision = { path: string; revision: number; bytes: number; authorId: string | null };

/**
 * Makes room for a save of `neededBytes` that does not fit: thins the history harder (one
 * version per 10 minutes, then only the versions something refers to). Returns the limit the
 * save is held to; refuses with the quota error when even that leaves no room.
 *
 * When only newest versions are left, the version this save replaces is let go once it is in
 * (unless a check run or review comment uses it), so the limit may be passed by that version
 * for the moment between the two: a student can always make a file smaller.
 */
export async function makeRoom(db: Knex, attemptId: string, neededBytes: number, base: BaseRevision | undefined, now: Date): Promise<{ limitBytes: number; dropBase: boolean }> {
  for (const level of ['pressed', 'minimal'] as const) {
    await compactAttempt(db, attemptId, now, level);
    if ((await storedBytes(db, attemptId)) + neededBytes <= ATTEMPT_QUOTA_BYTES) return { limitBytes: ATTEMPT_QUOTA_BYTES, dropBase: false };
  }
  const used = await storedBytes(db, attemptId);
  const droppable = base && base.authorId !== null && !(await pinnedRevisions(db, attemptId)).has(revisionKey(base.path, base.revision)) ? base.bytes : 0;
  if (used - droppable + neededBytes <= ATTEMPT_QUOTA_BYTES) return { limitBytes: ATTEMPT_QUOTA_BYTES + droppable, dropBase: droppable > 0 };
  throw quotaExceeded(used, neededBytes);
}
