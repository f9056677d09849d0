import type { Knex } from 'knex';
import { insertRevisionsInOneTransaction } from './batchInsert';
import { insertRevisionIfCurrent, type NewRevision } from './repo';

/**
 * Group commit for autosave. A class saving every two seconds is thousands of tiny writes a
 * second; one transaction each spends the writer on BEGIN and COMMIT. Saves that arrive while
 * a batch is being written wait for it and then go together, in one transaction, in the order
 * they arrived (so two saves of one file are still decided one after the other). Nothing waits
 * on a timer: a save that finds the writer idle starts a batch on the next turn of the event
 * loop, so a quiet server answers as fast as before and a busy one batches more.
 *
 * Each save resolves only after the transaction that holds it has committed: an ack still
 * means the save survives a crash. If a batch fails as a whole (a database error), every save
 * in it is tried again in its own transaction, so one bad save cannot take the others with it.
 */

/** Bounds one transaction's length, so a save that arrives during a burst does not wait for thousands. */
export const MAX_BATCH = 256;

/** Resolved with the attempt's assignment id when stored ('' when not known), null when the guards refused it. */
type Stored = string | null;
type Pending = { revision: NewRevision; resolve: (stored: Stored) => void; reject: (err: unknown) => void };

export type SaveWriter = {
  /**
   * Once the revision is committed: its attempt's assignment id ('' when not known); null when
   * its guards refused it (nothing written).
   */
  write(revision: NewRevision): Promise<Stored>;
  /** Batches committed and saves written, for benchmarks and tests. */
  stats(): { batches: number; saves: number; largest: number };
};

export function createSaveWriter(db: Knex): SaveWriter {
  let queue: Pending[] = [];
  let writing = false;
  const counts = { batches: 0, saves: 0, largest: 0 };

  async function writeBatch(): Promise<void> {
    const batch = queue.slice(0, MAX_BATCH);
    queue = queue.slice(batch.length);
    try {
      const stored = await insertRevisionsInOneTransaction(
        db,
        batch.map((p) => p.revision),
      );
      counts.batches++;
      counts.saves += batch.length;
      counts.largest = Math.max(counts.largest, batch.length);
      batch.forEach((p, i) => p.resolve(stored[i]!));
    } catch {
      // Find the save that failed: each in its own transaction, in order.
      for (const p of batch) await insertRevisionIfCurrent(db, p.revision).then((stored) => p.resolve(stored ? '' : null), p.reject);
    }
  }

  function drain(): void {
    writeBatch()
      .catch(() => undefined) // writeBatch settles every save it took; nothing is left to report
      .finally(() => {
        if (queue.length) setImmediate(drain);
        else writing = false;
      });
  }

  return {
    write(revision) {
      return new Promise<Stored>((resolve, reject) => {
        queue.push({ revision, resolve, reject });
        if (writing) return;
        writing = true;
        // The next turn: the saves already read off the sockets in this one join the batch.
        setImmediate(drain);
      });
    },
    stats: () => ({ ...counts }),
  };
}

/** One writer per database handle: every save in the process goes through the same queue. */
const writers = new WeakMap<Knex, SaveWriter>();

export function saveWriterFor(db: Knex): SaveWriter {
  let writer = writers.get(db);
  if (!writer) writers.set(db, (writer = createSaveWriter(db)));
  return writer;
}
