import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Config } from '../config';
import { MAIL_KINDS, type MailKind } from './outbox';
import { dataDirSecret } from '../secrets/dataDirSecret';

/**
 * Unsubscribe links: `/api/mail/unsubscribe?token=…`, the token an HMAC of the person and the
 * kind, so the link works without signing in and cannot be made for anyone else. The secret is
 * MAIL_SECRET, or one generated once per data dir (all processes sharing it agree; a new data dir
 * makes old links stop working, which only means signing in to change the setting).
 */

/** Kinds a person may switch off by link; password resets and invitations are not optional. */
export const UNSUBSCRIBABLE: readonly MailKind[] = ['reviewReleased', 'courseReviewReleased', 'regradeAnswered', 'assignmentDue', 'placementDue', 'digest'];

export function mailSecret(config: Config): string {
  return config.mail.secret ?? dataDirSecret(config, 'mail-secret').toString('base64url');
}

function sign(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(`unsubscribe:${payload}`).digest();
}

export function unsubscribeToken(secret: string, userId: string, kind: MailKind): string {
  const payload = `${userId}:${kind}`;
  return `${Buffer.from(payload).toString('base64url')}.${sign(secret, payload).toString('base64url')}`;
}

/** The person and kind a token names, or null for anything not signed with this secret. */
export function readUnsubscribeToken(secret: string, token: string): { userId: string; kind: MailKind } | null {
  const [encoded, mac, ...rest] = token.split('.');
  if (!encoded || !mac || rest.length > 0) return null;
  const payload = Buffer.from(encoded, 'base64url').toString('utf8');
  const given = Buffer.from(mac, 'base64url');
  const expected = sign(secret, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const [userId, kind] = payload.split(':');
  if (!userId || !(MAIL_KINDS as readonly string[]).includes(kind ?? '') || !UNSUBSCRIBABLE.includes(kind as MailKind)) return null;
  return { userId, kind: kind as MailKind };
}

/** Where links in e-mails point: the canonical public origin, else this machine's port. */
export function publicBase(config: Config): string {
  return config.publicOrigins[0] ?? `http://localhost:${config.port}`;
}

export function unsubscribeUrl(config: Config, userId: string, kind: MailKind): string {
  return `${publicBase(config)}/api/mail/unsubscribe?token=${unsubscribeToken(mailSecret(config), userId, kind)}`;
}
