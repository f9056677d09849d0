import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { MasteryJobView } from '../contract/competency';
import { ServerEvents } from '../contract/realtime';
import type { Publisher } from '../realtime/publisher';
import { methodView } from './methodView';
import { computeCourseMastery, lockCourse, MASTERY_COLUMNS, writeCourseMastery, type CourseMasterySettings } from './evidence';

/**
 * A change of a course's mastery method (or source weights) recomputes the whole course in the
 * background (issue 18). The job is a durable row (mastery_jobs), not a BullMQ job: it must
 * run on SQLite alone, with no Redis, as well as in the cluster; the row is claimed with a
 * lease by one process (the one that took the request starts it at once; every web process and
 * worker sweeps for pending jobs and for leases run out), so a restart loses nothing.
 *
 * - Old values until done: the course keeps its old settings and mastery rows while the job
 *   computes (reads only); the swap then writes the settings and every row in one transaction.
 * - Last change wins: a new request marks the course's unfinished jobs superseded. A job checks
 *   its own row at every progress step and, inside the swap, updates it only while it is still
 *   `running` and claimed by this run, so a superseded job writes nothing. The swap's update
 *   waits for a concurrent request's (and the reverse), so one of them is first, and either the
 *   old job swaps before the new job starts, or it never swaps.
 * - Grading during a recompute: recomputeMastery (per student, under the course lock) bumps
 *   courses.mastery_version, and evidence changes bump evidence_version. The job reads both
 *   before it reads evidence and again in the swap under the course lock: if either moved, its
 *   values may be stale, so it computes again; after two tries it computes inside the swap
 *   itself, holding the course lock, where no grading can interleave.
 */

const LEASE_MS = 60_000;
const SWEEP_MS = 5_000;
/** At most one progress step (a write, and a message to the room) this often. */
const PROGRESS_MS = 250;
/** Optimistic rounds before the job computes inside the swap's lock. */
const OPTIMISTIC_ROUNDS = 2;
/** Claims of one job before it is given up as failed (each failure waits out its lease first). */
export const MAX_JOB_TRIES = 3;

export const masteryRoom = (courseId: string) => `course-mastery:${courseId}`;

/**
 * A pause point between computing and swapping, for tests only: the windows this design is
 * about (old values served, a grading or a second change arriving mid-job) last milliseconds,
 * and a test must be able to hold one open. Unset in production.
 */
export const masteryJobTestHooks: { beforeSwap?: (jobId: string, round: number) => Promise<void> } = {};

export type MasteryJobDeps = { db: Knex; publisher: Publisher; logger: Logger; clock: () => Date };

type JobRow = { id: string; course_id: string; settings_json: string; status: MasteryJobView['status']; done: number; total: number; tries?: number };

function viewOf(row: JobRow): MasteryJobView {
  return { id: row.id, courseId: row.course_id, status: row.status, done: Number(row.done), total: Number(row.total), method: methodView(JSON.parse(row.settings_json) as CourseMasterySettings) };
}

function announce(deps: MasteryJobDeps, row: JobRow): void {
  deps.publisher.toRoom(masteryRoom(row.course_id), ServerEvents.masteryProgress, viewOf(row));
}

/** The course's unfinished recompute, if any (the newest: older ones are superseded). */
export async function currentMasteryJob(db: Knex, courseId: string): Promise<MasteryJobView | null> {
  const row = await db('mastery_jobs').where({ course_id: courseId }).whereIn('status', ['pending', 'running']).orderBy('created_at', 'desc').first<JobRow>();
  return row ? viewOf(row) : null;
}

/** Records the change as a job (superseding any unfinished one) and starts it in this process. */
export async function requestRecompute(deps: MasteryJobDeps, courseId: string, settings: CourseMasterySettings, requestedBy: string): Promise<MasteryJobView> {
  const row: JobRow = { id: randomUUID(), course_id: courseId, settings_json: JSON.stringify(settings), status: 'pending', done: 0, total: 0 };
  const superseded: JobRow[] = await deps.db.transaction(async (trx) => {
    const old: JobRow[] = await trx('mastery_jobs').where({ course_id: courseId }).whereIn('status', ['pending', 'running']).select('*');
    await trx('mastery_jobs').where({ course_id: courseId }).whereIn('status', ['pending', 'running']).update({ status: 'superseded', finished_at: deps.clock() });
    await trx('mastery_jobs').insert({ ...row, requested_by: requestedBy, created_at: deps.clock() });
    return old;
  });
  for (const old of superseded) announce(deps, { ...old, status: 'superseded' });
  announce(deps, row);
  void runMasteryJob(deps, row.id);
  return viewOf(row);
}

const versionsOf = (db: Knex, courseId: string) => db('courses').where({ id: courseId }).first<{ evidence_version: number; mastery_version: number }>('evidence_version', 'mastery_version');
const sameVersions = (a: { evidence_version: number; mastery_version: number }, b: { evidence_version: number; mastery_version: number }) =>
  Number(a.evidence_version) === Number(b.evidence_version) && Number(a.mastery_version) === Number(b.mastery_version);

/**
 * Claims the job (when it is pending, or its last runner's lease ran out) and runs it to the
 * swap. Resolves false when another process has it, it was superseded, or it failed (logged;
 * the lease runs out and a sweep tries again).
 */
export async function runMasteryJob(deps: MasteryJobDeps, jobId: string): Promise<boolean> {
  const { db } = deps;
  const owner = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const claimable = (q: Knex.QueryBuilder) =>
    q.where({ id: jobId }).andWhere((w) => w.where({ status: 'pending' }).orWhere((r) => r.where({ status: 'running' }).andWhere('lease_until', '<', Date.now())));
  const claimed = await claimable(db('mastery_jobs'))
    .andWhere('tries', '<', MAX_JOB_TRIES)
    .update({ status: 'running', claimed_by: owner, lease_until: Date.now() + LEASE_MS, tries: db.raw('tries + 1') });
  if (claimed !== 1) {
    // Tried often enough (each try failed or its process died): give up, and say so.
    if ((await claimable(db('mastery_jobs')).andWhere('tries', '>=', MAX_JOB_TRIES).update({ status: 'failed', finished_at: deps.clock(), lease_until: null })) === 1) {
      announce(deps, await db('mastery_jobs').where({ id: jobId }).first<JobRow>());
    }
    return false;
  }
  const job = await db('mastery_jobs').where({ id: jobId }).first<JobRow>();
  const settings = JSON.parse(job.settings_json) as CourseMasterySettings;
  const mine = (q: Knex) => q('mastery_jobs').where({ id: jobId, status: 'running', claimed_by: owner });
  try {
    for (let round = 0; ; round++) {
      const before = await versionsOf(db, job.course_id);
      let reported = Date.now();
      const values = await computeCourseMastery(db, job.course_id, settings, async (done, total) => {
        // Each step is a write (a write transaction of its own on SQLite): a few a second tell
        // the teacher enough. The last group always reports, so the job checks once more
        // before its swap that it is still wanted.
        if (done < total && Date.now() - reported < PROGRESS_MS) return;
        reported = Date.now();
        // Still ours? (superseded, or taken over after our lease ran out: stop writing.)
        if ((await mine(db).update({ done, total, lease_until: Date.now() + LEASE_MS })) !== 1) return false;
        announce(deps, { ...job, status: 'running', done, total });
      });
      if (!values) return false;
      await masteryJobTestHooks.beforeSwap?.(jobId, round);
      const outcome = await db.transaction(async (trx) => {
        // The job row first: on SQLite this write takes the database's write lock before
        // anything is read; on PostgreSQL it waits for a request superseding the job.
        if ((await mine(trx).update({ lease_until: Date.now() + LEASE_MS })) !== 1) return 'gone' as const;
        await lockCourse(trx, job.course_id);
        let final = values;
        if (!sameVersions(before, await versionsOf(trx, job.course_id))) {
          if (round < OPTIMISTIC_ROUNDS - 1) return 'again' as const;
          // Graded while we computed, twice: compute once more holding the course lock.
          final = (await computeCourseMastery(trx, job.course_id, settings))!;
        }
        const columns = Object.fromEntries(MASTERY_COLUMNS.map((c) => [c, settings[c]]));
        await trx('courses').where({ id: job.course_id }).update(columns);
        await writeCourseMastery(trx, job.course_id, final, deps.clock());
        const total = Math.max(Number(job.total), final.size);
        await mine(trx).update({ status: 'done', done: total, total, finished_at: deps.clock(), lease_until: null });
        return total;
      });
      if (outcome === 'gone') return false;
      if (outcome === 'again') continue;
      announce(deps, { ...job, status: 'done', done: outcome, total: outcome });
      return true;
    }
  } catch (err) {
    const last = Number(job.tries) >= MAX_JOB_TRIES;
    deps.logger.error({ err, jobId, courseId: job.course_id, tries: job.tries }, last ? 'mastery recompute failed for the last time; the previous values stay' : 'mastery recompute failed; it is tried again when its lease runs out');
    if (last && (await mine(db).update({ status: 'failed', finished_at: deps.clock(), lease_until: null }).catch(() => 0)) === 1) announce(deps, { ...job, status: 'failed' });
    return false;
  }
}

/** Runs what is pending and what a dead process left (lease run out), every few seconds. */
export function startMasteryJobs(deps: MasteryJobDeps, intervalMs = SWEEP_MS): () => void {
  let busy = false;
  const sweep = async () => {
    if (busy) return;
    busy = true;
    try {
      const due: { id: string }[] = await deps.db('mastery_jobs')
        .where({ status: 'pending' })
        .orWhere((q) => q.where({ status: 'running' }).andWhere('lease_until', '<', Date.now()))
        // (exhausted jobs come too: claiming one marks it failed)
        .orderBy('created_at')
        .limit(5)
        .select('id');
      for (const j of due) await runMasteryJob(deps, j.id);
    } catch (err) {
      deps.logger.error({ err }, 'mastery job sweep failed');
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void sweep(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
