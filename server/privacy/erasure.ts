import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { recordAuditForOrgs } from '../audit/record';
import { ServerEvents } from '../contract/realtime';
import type { ErasureInput, ErasureResult } from '../contract/privacy';
import { errors } from '../http/errors';
import type { Actor } from '../http/policy';
import { issueOf } from '../http/validate';
import { msg, render } from '../messages';
import type { Publisher } from '../realtime/publisher';
import { pseudonymiseAuditActor } from '../audit/pseudonymise';
import type { Subject } from './subject';

export type ErasureDeps = { db: Knex; clock: () => Date; publisher: Publisher };

/** A hash no password verifies against (argon2 refuses its format): the account can never be signed into. */
const UNUSABLE_HASH = '!erased';

/**
 * Erases a student. Identity goes (name and e-mail replaced by a pseudonym with a random ref
 * nobody can map back, the password made unusable, the account disabled, every session and
 * socket ended) and so does what they wrote that may hold personal data: attempt file contents,
 * logbook texts, attachments and the comments on them, regrade reasons, thread comments, their
 * mail, talent-selection shortlists and invitations (consents are revoked, logged). Assessment
 * records stay under the pseudonym when the school keeps them (organizations.erasure_keeps_scores,
 * the default): attempts and their scores, check runs, reviews, evidence, mastery and signed
 * workplace assessments — so the course reports and the enterprises' anonymised insights, built
 * from exactly those rows, are unchanged. When the school does not keep them they are deleted.
 */
export async function eraseStudent(deps: ErasureDeps, actor: Actor, subject: Subject, input: ErasureInput, ip: string | undefined): Promise<ErasureResult> {
  if (subject.id === actor.id) throw errors.forbidden(msg('privacy.eraseSelf'));
  if (subject.erased) throw errors.conflict(msg('privacy.erased'));
  if (subject.memberships.some((m) => m.role !== 'student')) throw errors.forbidden(msg('privacy.notStudent'));
  const admins = new Set(actor.memberships.filter((m) => m.role === 'admin').map((m) => m.orgId));
  if (!actor.operator && subject.memberships.some((m) => !admins.has(m.orgId))) throw errors.forbidden(msg('privacy.eraseForeign'));
  if (input.confirmEmail.trim().toLowerCase() !== subject.email.toLowerCase()) {
    throw errors.validation(msg('privacy.confirmMismatch'), [issueOf('body.confirmEmail', msg('privacy.confirmMismatch'))]);
  }

  const now = deps.clock();
  const ref = randomBytes(4).toString('hex').toUpperCase();
  const name = render(msg('privacy.erasedName', { ref }));
  const keptScores = await keepsScores(deps.db, subject.schoolIds);

  await deps.db.transaction(async (trx) => {
    await trx('users')
      .where({ id: subject.id })
      .update({
        name,
        email: `erased-${randomBytes(8).toString('hex')}@invalid`,
        password_hash: UNUSABLE_HASH,
        disabled: true,
        must_change_password: false,
        erased_at: now,
        updated_at: now,
      });
    await trx('sessions').where({ user_id: subject.id }).delete();
    // No way back in: neither a pending reset link nor the school's identity provider leads to the account.
    await trx('password_resets').where({ user_id: subject.id }).delete();
    await trx('sso_identities').where({ user_id: subject.id }).delete();
    await trx('lti_links').where({ user_id: subject.id }).delete();
    await trx('mail_outbox').where({ user_id: subject.id }).delete();
    // Statements not yet sent are never sent; the local copies of those sent go too (the LRS is the school's to erase in).
    await trx('xapi_outbox').where({ user_id: subject.id }).delete();
    for (const table of ['mail_preferences', 'mail_digest_items', 'mail_notices']) await trx(table).where({ user_id: subject.id }).delete();
    await eraseWork(trx, subject.id, keptScores);
    await eraseTalent(trx, actor, subject.id, now);
    await trx('comments').where({ author_id: subject.id }).update({ body: '' });
    // Sign-in e-mails are stored lower-cased (the login body normalises them), as failed ones are typed.
    await pseudonymiseAuditActor(trx, subject.id, name, [...new Set([subject.email, subject.email.toLowerCase()])]);
    // The detail names no one: the ref is what the school may keep to answer "was this done?".
    await recordAuditForOrgs(trx, subject.schoolIds, { actor, action: 'data.erased', target: { kind: 'user', id: subject.id }, ip: ip ?? null, detail: { ref, keptScores } }, now);
  });
  deps.publisher.endUser(subject.id, ServerEvents.sessionEnded, { reason: 'disabled' });
  return { user: { id: subject.id, name }, keptScores };
}

/** Whether the student's schools keep assessment records: if any of them must, they are kept. */
async function keepsScores(db: Knex, schoolIds: string[]): Promise<boolean> {
  const rows: { erasure_keeps_scores: boolean | number }[] = await db('organizations').whereIn('id', schoolIds).select('erasure_keeps_scores');
  return rows.some((r) => r.erasure_keeps_scores === true || r.erasure_keeps_scores === 1);
}

async function eraseWork(trx: Knex.Transaction, studentId: string, keptScores: boolean): Promise<void> {
  const attempts = trx('attempts').where({ student_id: studentId }).select('id');
  const placements = trx('placements').where({ student_id: studentId }).select('id');
  const logs = trx('placement_logs').whereIn('placement_id', placements.clone()).select('id');

  // What the student wrote: the files of every revision, logbook texts, attachments, comments on them.
  await trx('file_revisions').whereIn('attempt_id', attempts.clone()).update({ content: '', size_bytes: 0 });
  await trx('attempts').where({ student_id: studentId }).update({ stored_bytes: 0 });
  await trx('regrade_requests').whereIn('attempt_id', attempts.clone()).update({ reason: '' });
  await trx('placement_log_attachments').whereIn('log_id', logs.clone()).delete();
  await trx('placement_log_comments').whereIn('log_id', logs.clone()).update({ body: '' });
  await trx('placement_logs').whereIn('placement_id', placements.clone()).update({ tasks: '', learned: '', problems: '' });

  if (keptScores) return;
  // The school keeps no assessment records: the work goes, and with it its evidence (cascades).
  const courses: { course_id: string }[] = await trx('evidence').where({ student_id: studentId }).distinct('course_id');
  await trx('targeted_plans').where({ student_id: studentId }).delete();
  await trx('evidence').where({ student_id: studentId }).delete();
  await trx('mastery').where({ student_id: studentId }).delete();
  await trx('attempts').where({ student_id: studentId }).delete();
  await trx('placements').where({ student_id: studentId }).delete();
  // Reports cache comparisons by evidence version: a course whose evidence changed must recompute.
  if (courses.length) await trx('courses').whereIn('id', courses.map((c) => c.course_id)).increment('evidence_version', 1);
}

/** Consents end (and the log says so); the enterprises' shortlists and invitations of the person go. */
async function eraseTalent(trx: Knex.Transaction, actor: Actor, studentId: string, now: Date): Promise<void> {
  const open: { enterprise_id: string }[] = await trx('talent_consents').where({ student_id: studentId }).whereNull('revoked_at').select('enterprise_id');
  for (const c of open) {
    await trx('talent_consents').where({ student_id: studentId, enterprise_id: c.enterprise_id }).update({ revoked_at: now, updated_at: now, shares_identity: false, shares_assessments: false });
    await trx('talent_consent_log').insert({ student_id: studentId, enterprise_id: c.enterprise_id, action: 'revoked', shares_identity: false, shares_assessments: false, by_user_id: actor.id, at: now });
  }
  await trx('talent_shortlist').where({ student_id: studentId }).delete();
  await trx('talent_invitations').where({ student_id: studentId }).delete();
}
