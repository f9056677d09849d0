import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';

/**
 * The outgoing mail queue. Every e-mail the platform sends is first a row here, written in the
 * same transaction as what it tells about when there is one; a delivery loop (server/mail/
 * delivery.ts) sends it over SMTP and retries with backoff, so a down SMTP server loses nothing.
 */
export const MAIL_KINDS = [
  'passwordReset',
  'reviewReleased',
  /** To a course's teacher when a student's review is out; off unless the teacher turns it on. */
  'courseReviewReleased',
  'regradeAnswered',
  'assignmentDue',
  'placementDue',
  'invitation',
  'digest',
] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

export type OutgoingMail = {
  /** The person it is for, when it is for an account (preferences and unsubscribe need it). */
  userId: string | null;
  to: string;
  kind: MailKind;
  locale: string;
  subject: string;
  text: string;
  html?: string;
};

export async function enqueueMail(db: Knex | Knex.Transaction, mail: OutgoingMail, now: Date): Promise<string> {
  const id = randomUUID();
  await db('mail_outbox').insert({
    id,
    user_id: mail.userId,
    to_address: mail.to,
    kind: mail.kind,
    locale: mail.locale,
    subject: mail.subject.slice(0, 300),
    text_body: mail.text,
    html_body: mail.html ?? null,
    status: 'queued',
    attempts: 0,
    next_attempt_at: now,
    created_at: now,
  });
  return id;
}
