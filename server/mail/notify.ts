import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { isLocale, type Locale } from '../contract/constants';
import { orgLocaleOf } from '../accounts/repo';
import { msg, render, type Msg } from '../messages';
import { enqueueMail, type MailKind } from './outbox';
import { DELIVERIES, NOTICE_KINDS, type Delivery, type NoticeKind } from '../contract/mail';

/**
 * Notification e-mails: what a person chose (each, daily digest, off) decides whether a notice
 * becomes a mail now, waits for the digest, or is dropped. Rendered in the recipient's language
 * (their own, else their organisation's, else zh-CN) and written in the caller's transaction, so
 * a notice exists exactly when what it tells about does.
 */

export { NOTICE_KINDS, DELIVERIES, type NoticeKind, type Delivery };
// Every notice kind is a mail kind (checked here, where both are known).
const _noticeKindsAreMailKinds: readonly MailKind[] = NOTICE_KINDS;
void _noticeKindsAreMailKinds;

/** A teacher hears of every student's review only when they ask for it. */
const DEFAULT_DELIVERY: Record<NoticeKind, Delivery> = {
  reviewReleased: 'each',
  courseReviewReleased: 'off',
  regradeAnswered: 'each',
  assignmentDue: 'each',
  placementDue: 'each',
};

/** Links in a mail's text start with this; delivery puts the public origin in (it knows the config). */
export const ORIGIN_MARK = '{{origin}}';

/** Times in mails: the platform's schools are in China; the zone is named in the text. */
const MAIL_TIME_ZONE = 'Asia/Shanghai';

type Db = Knex | Knex.Transaction;

export async function preferencesOf(db: Db, userId: string): Promise<Record<NoticeKind, Delivery>> {
  const rows: { kind: string; delivery: Delivery }[] = await db('mail_preferences').where({ user_id: userId }).select('kind', 'delivery');
  const prefs = { ...DEFAULT_DELIVERY };
  for (const r of rows) if ((NOTICE_KINDS as readonly string[]).includes(r.kind)) prefs[r.kind as NoticeKind] = r.delivery;
  return prefs;
}

export async function setDelivery(db: Db, userId: string, kind: NoticeKind, delivery: Delivery, now: Date): Promise<void> {
  await db('mail_preferences').insert({ user_id: userId, kind, delivery, updated_at: now }).onConflict(['user_id', 'kind']).merge(['delivery', 'updated_at']);
}

export async function recipientLocale(db: Db, userId: string): Promise<Locale> {
  const user: { locale: string | null } | undefined = await db('users').where({ id: userId }).first('locale');
  if (isLocale(user?.locale)) return user.locale;
  return (await orgLocaleOf(db as Knex, userId)) ?? 'zh-CN';
}

export function formatWhen(at: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: MAIL_TIME_ZONE, timeZoneName: 'short' }).format(at);
}

/** A calendar day ('YYYY-MM-DD', as placements store them) in the reader's language. */
export function formatDay(day: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

export function formatScore(score: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(score);
}

export type Notice = {
  userId: string;
  kind: NoticeKind;
  /** Built in the recipient's language (dates and numbers need it before the catalog does). */
  build: (locale: Locale) => { subject: Msg; body: Msg; path?: string };
};

/** The text of a notice in `locale`: greeting, what happened, where to look. */
function compose(name: string, locale: Locale, content: { subject: Msg; body: Msg; path?: string }): { subject: string; text: string } {
  const parts = [render(msg('mail.greeting', { name }), locale), render(content.body, locale)];
  if (content.path) parts.push(render(msg('mail.open', { url: `${ORIGIN_MARK}${content.path}` }), locale));
  return { subject: render(content.subject, locale), text: parts.join('\n\n') };
}

/** Sends, batches or drops one notice as its recipient chose; returns which. */
export async function notify(db: Db, notice: Notice, now: Date): Promise<Delivery | 'no-recipient'> {
  const user: { email: string; name: string; disabled: boolean | number } | undefined = await db('users').where({ id: notice.userId }).first('email', 'name', 'disabled');
  if (!user || user.disabled) return 'no-recipient';
  const delivery = (await preferencesOf(db, notice.userId))[notice.kind];
  if (delivery === 'off') return delivery;
  const locale = await recipientLocale(db, notice.userId);
  const { subject, text } = compose(user.name, locale, notice.build(locale));
  if (delivery === 'digest') {
    await db('mail_digest_items').insert({ id: randomUUID(), user_id: notice.userId, kind: notice.kind, subject: subject.slice(0, 300), text_body: text, created_at: now, digested_at: null });
  } else {
    await enqueueMail(db, { userId: notice.userId, to: user.email, kind: notice.kind, locale, subject, text }, now);
  }
  return delivery;
}

/**
 * Remembers that a notice was handled (sent, batched or dropped), so no job or second caller
 * repeats it; false when it already was. ON CONFLICT DO NOTHING: when two processes race, the
 * later insert waits for the earlier transaction and then inserts nothing, so neither fails
 * (a review's transaction must never roll back over its e-mail).
 */
export async function firstTime(db: Db, key: string, userId: string | null, now: Date): Promise<boolean> {
  const inserted: unknown[] = await db('mail_notices').insert({ key: key.slice(0, 200), user_id: userId, created_at: now }).onConflict('key').ignore().returning('key');
  return inserted.length > 0;
}
