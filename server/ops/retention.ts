import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { recordAudit } from '../audit/record';
import type { RetentionView } from '../contract/retention';
import { toDate, toIso } from '../db/values';
import { errors } from '../http/errors';
import { adminOrgIds, type Actor } from '../http/policy';
import { msg } from '../messages';

/**
 * Retention of finished courses' attempts. A course has no end date or archived flag in the
 * schema; it has assignments with windows. A course has ended when it has assignments and every
 * one of them has closed (`closes_at` set and past); it ended at the last close. An assignment
 * without a close date keeps its course running, so nothing is removed from a course a teacher
 * left open.
 *
 * What goes, from graded attempts: the work itself — every file revision, check run (with what the student's code
 * printed), the attempt's timeline and event deliveries. What stays: the attempt's row (status,
 * scores, times) as a stub marked `work_removed_at`, its review scores and comments, and the
 * competency evidence and mastery derived from it. The row must stay: evidence references it
 * (a delete would cascade to the record), and mastery counts pieces of work by attempt, so the
 * record and the course report read the same numbers before and after.
 */

const DAY_MS = 86_400_000;
const CHUNK = 400;

type CourseEnd = { courseId: string; endedAt: Date };

/** The school's courses that have ended, with when. */
async function finishedCourses(db: Knex, schoolId: string, now: Date): Promise<CourseEnd[]> {
  const rows: { course_id: string; closes_at: Date | number | string | null }[] = await db('assignments as a')
    .join('courses as c', 'c.id', 'a.course_id')
    .where('c.school_id', schoolId)
    .select('a.course_id', 'a.closes_at');
  const ends = new Map<string, Date | null>();
  for (const r of rows) {
    const closes = toDate(r.closes_at);
    const sofar = ends.get(r.course_id);
    if (sofar === null) continue;
    ends.set(r.course_id, !closes || closes > now ? null : !sofar || closes > sofar ? closes : sofar);
  }
  return [...ends].filter((e): e is [string, Date] => e[1] !== null).map(([courseId, endedAt]) => ({ courseId, endedAt }));
}

/** `months` calendar months before `now` (UTC; the 31st of a shorter month rolls into the next). */
export function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

/**
 * Graded attempts whose work is still kept in the given courses. Only graded ones: an attempt
 * still waiting for its review (or a regrade) keeps its files until a reviewer has read them.
 */
function keptAttemptsIn(db: Knex, courseIds: string[]) {
  return db('attempts as t')
    .join('assignments as a', 'a.id', 't.assignment_id')
    .whereIn('a.course_id', courseIds)
    .whereNull('t.work_removed_at')
    .where('t.status', 'graded');
}

async function schoolOf(db: Knex, actor: Actor, orgId: string): Promise<{ id: string; retention_months: number | null; retention_applied_at: Date | number | null }> {
  const org = adminOrgIds(actor).has(orgId) ? await db('organizations').where({ id: orgId, kind: 'school' }).first('id', 'retention_months', 'retention_applied_at') : undefined;
  // Another organisation's id answers as one that does not exist; retention is a school's setting.
  if (!org) throw errors.notFound(msg('notFound.school'));
  return org;
}

async function viewOf(db: Knex, org: { id: string; retention_months: number | null; retention_applied_at: Date | number | null }, now: Date): Promise<RetentionView> {
  const courses = await finishedCourses(db, org.id, now);
  const count = async (ids: string[]) => {
    if (ids.length === 0) return 0;
    const [{ n }] = (await keptAttemptsIn(db, ids).count({ n: '*' })) as [{ n: number | string }];
    return Number(n);
  };
  const months = org.retention_months === null ? null : Number(org.retention_months);
  const cutoff = months === null ? null : monthsBefore(now, months);
  return {
    orgId: org.id,
    months,
    appliedAt: toIso(org.retention_applied_at),
    finishedCourses: courses.length,
    keptAttempts: await count(courses.map((c) => c.courseId)),
    dueAttempts: cutoff ? await count(courses.filter((c) => c.endedAt <= cutoff).map((c) => c.courseId)) : 0,
  };
}

export async function getRetention(db: Knex, actor: Actor, orgId: string, now: Date): Promise<RetentionView> {
  return viewOf(db, await schoolOf(db, actor, orgId), now);
}

export async function setRetention(db: Knex, actor: Actor, orgId: string, months: number | null, now: Date, ip: string | null): Promise<RetentionView> {
  await db.transaction(async (trx) => {
    const org = await schoolOf(trx, actor, orgId);
    const before = org.retention_months === null ? null : Number(org.retention_months);
    if (before === months) return;
    // A new setting is applied by the next pass, not a day later.
    await trx('organizations').where({ id: orgId }).update({ retention_months: months, retention_applied_at: null });
    await recordAudit(trx, { actor, orgId, action: 'organisation.changed', target: { kind: 'organisation', id: orgId }, ip, detail: { retentionMonths: { before, after: months } } }, now);
  });
  return getRetention(db, actor, orgId, now);
}

export type RetentionCounts = { courses: number; attempts: number; fileRevisions: number; checkRuns: number; statements: number; eventDeliveries: number };

/** Removes the work of the school's attempts in courses that ended more than `months` ago. */
export async function applyRetention(db: Knex, schoolId: string, months: number, now: Date): Promise<RetentionCounts> {
  const cutoff = monthsBefore(now, months);
  const expired = (await finishedCourses(db, schoolId, now)).filter((c) => c.endedAt <= cutoff).map((c) => c.courseId);
  const counts: RetentionCounts = { courses: 0, attempts: 0, fileRevisions: 0, checkRuns: 0, statements: 0, eventDeliveries: 0 };
  if (expired.length === 0) return counts;
  const rows: { id: string; course_id: string }[] = await keptAttemptsIn(db, expired).select('t.id', 'a.course_id');
  if (rows.length === 0) return counts;
  const ids = rows.map((r) => r.id);
  counts.courses = new Set(rows.map((r) => r.course_id)).size;
  await db.transaction(async (trx) => {
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      counts.fileRevisions += await trx('file_revisions').whereIn('attempt_id', chunk).delete();
      counts.checkRuns += await trx('check_runs').whereIn('attempt_id', chunk).delete();
      counts.statements += await trx('statements').whereIn('attempt_id', chunk).delete();
      counts.eventDeliveries += await trx('event_deliveries').whereIn('attempt_id', chunk).delete();
      // The stub holds no bytes any more, and there is no history left to thin.
      counts.attempts += await trx('attempts').whereIn('id', chunk).whereNull('work_removed_at').update({ work_removed_at: now, stored_bytes: 0, compact_due_at: null });
    }
    await recordAudit(trx, { actor: null, orgId: schoolId, action: 'retention.applied', target: { kind: 'organisation', id: schoolId }, detail: { months, cutoff: cutoff.toISOString(), ...counts } }, now);
  });
  return counts;
}

/**
 * One pass of the daily job: every school with a retention setting whose last pass is a day old
 * (or never ran) is claimed by a conditional update — so of several processes, and across
 * restarts, one applies it once a day — and applied.
 */
export async function retentionPass(db: Knex, now: Date, logger?: Logger): Promise<Map<string, RetentionCounts>> {
  const done = new Map<string, RetentionCounts>();
  const dayAgo = new Date(now.getTime() - DAY_MS);
  const schools: { id: string; retention_months: number }[] = await db('organizations')
    .where({ kind: 'school' })
    .whereNotNull('retention_months')
    .where((w) => w.whereNull('retention_applied_at').orWhere('retention_applied_at', '<=', dayAgo))
    .select('id', 'retention_months');
  for (const s of schools) {
    const claimed = await db('organizations')
      .where({ id: s.id })
      .where((w) => w.whereNull('retention_applied_at').orWhere('retention_applied_at', '<=', dayAgo))
      .update({ retention_applied_at: now });
    if (claimed !== 1) continue;
    try {
      done.set(s.id, await applyRetention(db, s.id, Number(s.retention_months), now));
    } catch (err) {
      // Claimed but not applied: the next day's pass tries again; one school's trouble stops no other.
      logger?.error({ err, orgId: s.id }, 'retention pass failed for a school');
    }
  }
  return done;
}

/** Runs the pass shortly after start and then hourly; each school is applied at most once a day. */
export function startRetentionJob(deps: { db: Knex; clock: () => Date; logger: Logger }, intervalMs = 3_600_000): () => void {
  const run = () => void retentionPass(deps.db, deps.clock(), deps.logger).catch((err) => deps.logger.error({ err }, 'retention pass failed'));
  const first = setTimeout(run, 60_000);
  const timer = setInterval(run, intervalMs);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
