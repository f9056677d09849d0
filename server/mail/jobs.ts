import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { msg, render } from '../messages';
import { mondayOf, todayOf } from '../logbook/weeks';
import { assessmentDue, assignmentDue, logMissing, reviewReleased } from './notices';
import { firstTime, recipientLocale } from './notify';
import { enqueueMail } from './outbox';

/**
 * The periodic notices: assignments closing within a day, after-close reviews whose reveal came,
 * logbook weeks gone by unwritten, assessment points near, and the daily digests. Each notice is
 * remembered (mail_notices), so running the jobs often, or on several processes, sends each once.
 */

const DAY_MS = 86_400_000;
/** How far ahead an assessor hears of an assessment point. */
const ASSESSMENT_NOTICE_DAYS = 3;

type JobDeps = { db: Knex; logger: Logger; clock: () => Date };

async function each<T>(deps: JobDeps, rows: T[], what: string, run: (trx: Knex.Transaction, row: T) => Promise<void>): Promise<void> {
  for (const row of rows) {
    try {
      await deps.db.transaction((trx) => run(trx, row));
    } catch (err) {
      // One notice's trouble (or a race another process won) must not stop the rest.
      deps.logger.warn({ err, what }, 'a mail notice could not be written');
    }
  }
}

export async function dueSoonJob(deps: JobDeps, now: Date): Promise<void> {
  const rows: { id: string; title: string; closes_at: Date | number; user_id: string }[] = await deps
    .db('assignments as s')
    .join('course_members as m', function () {
      this.on('m.course_id', 's.course_id').andOnVal('m.role', 'student');
    })
    .where('s.closes_at', '>', now)
    .where('s.closes_at', '<=', new Date(now.getTime() + DAY_MS))
    .whereNotExists(function () {
      this.select('*').from('attempts as a').whereRaw('a.assignment_id = s.id').whereRaw('a.student_id = m.user_id').whereIn('a.status', ['submitted', 'graded']);
    })
    .whereNotExists(function () {
      this.select('*').from('mail_notices as n').whereRaw(`n.key = ${concat("'assignmentDue:'", 's.id', "':'", 'm.user_id')}`);
    })
    .select('s.id', 's.title', 's.closes_at', 'm.user_id');
  await each(deps, rows, 'assignmentDue', (trx, r) => assignmentDue(trx, r.user_id, r, now));
}

/** A SQL expression joining strings: SQLite and PostgreSQL both concatenate with ||. */
function concat(...parts: string[]): string {
  return parts.join(' || ');
}

export async function afterCloseReviewsJob(deps: JobDeps, now: Date): Promise<void> {
  const rows: { id: string }[] = await deps
    .db('attempts as a')
    .join('assignments as s', 's.id', 'a.assignment_id')
    .where({ 'a.status': 'graded', 's.reveal_policy': 'after-close' })
    .whereNotNull('a.review_score')
    .where('s.closes_at', '<=', now)
    // Reveals older than a week are history, not news.
    .where('s.closes_at', '>', new Date(now.getTime() - 7 * DAY_MS))
    .whereNotExists(function () {
      this.select('*').from('mail_notices as n').whereRaw(`n.key = ${concat("'reviewReleased:'", 'a.id')}`);
    })
    .select('a.id');
  await each(deps, rows, 'reviewReleased', (trx, r) => reviewReleased(trx, r.id, now));
}

export async function placementJob(deps: JobDeps, now: Date): Promise<void> {
  const today = todayOf(now);
  const lastWeek = new Date(Date.parse(`${mondayOf(today)}T00:00:00Z`) - 7 * DAY_MS).toISOString().slice(0, 10);
  const placements: { id: string; student_id: string; role: string }[] = await deps
    .db('placements as p')
    .where('p.status', 'active')
    .where('p.starts_on', '<=', lastWeek)
    .whereNotExists(function () {
      this.select('*').from('placement_logs as l').whereRaw('l.placement_id = p.id').where('l.week', lastWeek).whereIn('l.status', ['submitted', 'confirmed']);
    })
    .select('p.id', 'p.student_id', 'p.role');
  await each(deps, placements, 'logMissing', (trx, p) => logMissing(trx, p, lastWeek, now));

  const horizon = new Date(now.getTime() + ASSESSMENT_NOTICE_DAYS * DAY_MS).toISOString().slice(0, 10);
  const points: { id: string; placement_id: string; kind: string; due_on: string; teacher_id: string; enterprise_mentor_id: string | null; student: string }[] = await deps
    .db('assessment_points as q')
    .join('placements as p', 'p.id', 'q.placement_id')
    .join('users as u', 'u.id', 'p.student_id')
    .where('p.status', 'active')
    .where('q.due_on', '>=', today)
    .where('q.due_on', '<=', horizon)
    .select('q.id', 'q.placement_id', 'q.kind', 'q.due_on', 'p.teacher_id', 'p.enterprise_mentor_id', 'u.name as student');
  const assessors = points.flatMap((q) =>
    [
      { q, side: 'school', userId: q.teacher_id },
      { q, side: 'enterprise', userId: q.enterprise_mentor_id },
    ].filter((a): a is { q: typeof q; side: string; userId: string } => a.userId !== null),
  );
  await each(deps, assessors, 'assessmentDue', async (trx, a) => {
    const signed = await trx('workplace_assessments').where({ point_id: a.q.id, side: a.side, status: 'signed' }).first('id');
    if (!signed) await assessmentDue(trx, a.q, a.userId, a.q.student, now);
  });
}

/** One mail per person and day with everything they chose to batch. */
export async function digestJob(deps: JobDeps, now: Date): Promise<void> {
  const day = todayOf(now);
  const users: { user_id: string }[] = await deps.db('mail_digest_items').whereNull('digested_at').distinct('user_id');
  await each(deps, users, 'digest', async (trx, { user_id: userId }) => {
    if (!(await firstTime(trx, `digest:${userId}:${day}`, userId, now))) return;
    const items: { id: string; subject: string; text_body: string }[] = await trx('mail_digest_items').where({ user_id: userId }).whereNull('digested_at').orderBy('created_at').select('id', 'subject', 'text_body');
    const user: { email: string; disabled: boolean | number } | undefined = await trx('users').where({ id: userId }).first('email', 'disabled');
    await trx('mail_digest_items')
      .whereIn(
        'id',
        items.map((i) => i.id),
      )
      .update({ digested_at: now });
    if (!user || user.disabled || items.length === 0) return;
    const locale = await recipientLocale(trx, userId);
    const text = [render(msg('mail.digest.intro', { count: items.length }), locale), ...items.map((i) => `■ ${i.subject}\n\n${i.text_body}`)].join('\n\n');
    await enqueueMail(trx, { userId, to: user.email, kind: 'digest', locale, subject: render(msg('mail.digest.subject', { count: items.length }), locale), text }, now);
  });
}

export async function runMailJobs(deps: JobDeps): Promise<void> {
  const now = deps.clock();
  for (const job of [dueSoonJob, afterCloseReviewsJob, placementJob, digestJob]) {
    try {
      await job(deps, now);
    } catch (err) {
      deps.logger.error({ err, job: job.name }, 'mail job failed');
    }
  }
}
