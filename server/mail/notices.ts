import type { Knex } from 'knex';
import { isLocale, type Locale } from '../contract/constants';
import { msg, render } from '../messages';
import { toDate } from '../db/values';
import { firstTime, formatDay, formatScore, formatWhen, notify, ORIGIN_MARK, recipientLocale } from './notify';
import { enqueueMail } from './outbox';

/**
 * The notices other domains raise, each called inside the transaction that causes it (a review
 * completing, a regrade decided) or by the periodic jobs (server/mail/jobs.ts).
 */

type Db = Knex | Knex.Transaction;

type AttemptFacts = { attemptId: string; studentId: string; studentName: string; assignment: string; courseId: string; finalScore: number | null };

async function attemptFacts(db: Db, attemptId: string): Promise<AttemptFacts | undefined> {
  const row = await db('attempts as a')
    .join('assignments as s', 's.id', 'a.assignment_id')
    .join('users as u', 'u.id', 'a.student_id')
    .where('a.id', attemptId)
    .first('a.id', 'a.student_id', 'u.name', 's.title', 's.course_id', 'a.final_score');
  return row && { attemptId: row.id, studentId: row.student_id, studentName: row.name, assignment: row.title, courseId: row.course_id, finalScore: row.final_score === null ? null : Number(row.final_score) };
}

/**
 * A reviewed attempt's grade is out: the student hears it, and each teacher of the course who
 * asked for it (courseReviewReleased, off by default). Once per attempt, whoever calls first
 * (the review completing, or the job when an after-close reveal passes).
 */
export async function reviewReleased(db: Db, attemptId: string, now: Date): Promise<void> {
  if (!(await firstTime(db, `reviewReleased:${attemptId}`, null, now))) return;
  const a = await attemptFacts(db, attemptId);
  if (!a) return;
  const score = a.finalScore ?? 0;
  await notify(
    db,
    {
      userId: a.studentId,
      kind: 'reviewReleased',
      build: (locale) => ({
        subject: msg('mail.reviewReleased.subject', { assignment: a.assignment }),
        body: msg('mail.reviewReleased.body', { assignment: a.assignment, score: formatScore(score, locale) }),
        path: `/attempts/${a.attemptId}`,
      }),
    },
    now,
  );
  const teachers: { user_id: string }[] = await db('course_members').where({ course_id: a.courseId, role: 'teacher' }).select('user_id');
  for (const t of teachers) {
    await notify(
      db,
      {
        userId: t.user_id,
        kind: 'courseReviewReleased',
        build: (locale) => ({
          subject: msg('mail.courseReviewReleased.subject', { student: a.studentName, assignment: a.assignment }),
          body: msg('mail.courseReviewReleased.body', { student: a.studentName, assignment: a.assignment, score: formatScore(score, locale) }),
          path: `/attempts/${a.attemptId}`,
        }),
      },
      now,
    );
  }
}

/** A regrade request was decided: the student hears the decision and the reviewer's reply. */
export async function regradeAnswered(db: Db, requestId: string, now: Date): Promise<void> {
  const r: { attempt_id: string; status: string; reply: string | null } | undefined = await db('regrade_requests').where({ id: requestId }).first('attempt_id', 'status', 'reply');
  const a = r && (await attemptFacts(db, r.attempt_id));
  if (!r || !a) return;
  await notify(
    db,
    {
      userId: a.studentId,
      kind: 'regradeAnswered',
      build: (locale) => ({
        subject: msg('mail.regradeAnswered.subject', { assignment: a.assignment }),
        body: msg('mail.regradeAnswered.body', {
          assignment: a.assignment,
          decision: r.status === 'accepted' ? 'accepted' : 'declined',
          reply: r.reply ?? '',
          score: a.finalScore === null ? '' : formatScore(a.finalScore, locale),
        }),
        path: `/attempts/${a.attemptId}`,
      }),
    },
    now,
  );
}

/** Tells a student an assignment closes within a day; once per student and assignment. */
export async function assignmentDue(db: Db, studentId: string, assignment: { id: string; title: string; closes_at: Date | number }, now: Date): Promise<void> {
  if (!(await firstTime(db, `assignmentDue:${assignment.id}:${studentId}`, studentId, now))) return;
  const closes = toDate(assignment.closes_at)!;
  await notify(
    db,
    {
      userId: studentId,
      kind: 'assignmentDue',
      build: (locale) => ({
        subject: msg('mail.assignmentDue.subject', { assignment: assignment.title }),
        body: msg('mail.assignmentDue.body', { assignment: assignment.title, due: formatWhen(closes, locale) }),
        path: '/',
      }),
    },
    now,
  );
}

/** A placement's week went by without a submitted log: the student is reminded, once per week. */
export async function logMissing(db: Db, placement: { id: string; student_id: string; role: string }, week: string, now: Date): Promise<void> {
  if (!(await firstTime(db, `placementDue:log:${placement.id}:${week}`, placement.student_id, now))) return;
  await notify(
    db,
    {
      userId: placement.student_id,
      kind: 'placementDue',
      build: (locale) => ({
        subject: msg('mail.placementDue.logSubject', { week: formatDay(week, locale) }),
        body: msg('mail.placementDue.logBody', { week: formatDay(week, locale), role: placement.role }),
        path: `/placements/${placement.id}/logbook`,
      }),
    },
    now,
  );
}

/** An assessment point is near and this assessor has not signed theirs; once per point and assessor. */
export async function assessmentDue(db: Db, point: { id: string; placement_id: string; kind: string; due_on: string }, assessorId: string, student: string, now: Date): Promise<void> {
  if (!(await firstTime(db, `placementDue:assessment:${point.id}:${assessorId}`, assessorId, now))) return;
  await notify(
    db,
    {
      userId: assessorId,
      kind: 'placementDue',
      build: (locale) => ({
        subject: msg('mail.placementDue.assessmentSubject', { student, point: point.kind }),
        body: msg('mail.placementDue.assessmentBody', { student, point: point.kind, due: formatDay(point.due_on, locale) }),
        path: `/placements/${point.placement_id}/assessments`,
      }),
    },
    now,
  );
}

/**
 * An external mentor invited by e-mail gets the link. They have no account (so no preferences
 * and no unsubscribe: it is a one-off invitation); the language is the inviting school's, else
 * the inviter's, else zh-CN.
 */
export async function mentorInvited(
  db: Db,
  invitation: { to: string; name: string; placementId: string; inviterId: string; path: string; expiresAt: Date },
  now: Date,
): Promise<void> {
  const facts = await db('placements as p')
    .join('training_bases as b', 'b.id', 'p.base_id')
    .join('users as s', 's.id', 'p.student_id')
    .join('organizations as o', 'o.id', 'p.school_id')
    .where('p.id', invitation.placementId)
    .first('b.name as base', 's.name as student', 'p.role', 'o.default_locale');
  const inviter: { name: string } | undefined = await db('users').where({ id: invitation.inviterId }).first('name');
  if (!facts || !inviter) return;
  const locale: Locale = isLocale(facts.default_locale) ? facts.default_locale : await recipientLocale(db, invitation.inviterId);
  const params = { inviter: inviter.name, student: facts.student, base: facts.base, role: facts.role };
  const body = render(msg('mail.invitation.body', { ...params, expires: formatWhen(invitation.expiresAt, locale), url: `${ORIGIN_MARK}${invitation.path}` }), locale);
  await enqueueMail(
    db,
    { userId: null, to: invitation.to, kind: 'invitation', locale, subject: render(msg('mail.invitation.subject', params), locale), text: `${render(msg('mail.greeting', { name: invitation.name }), locale)}\n\n${body}` },
    now,
  );
}
