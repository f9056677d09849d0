import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { createSend, deliverDue, retryDelayMs, type MailDeps } from '../../server/mail/delivery';
import { readUnsubscribeToken, mailSecret } from '../../server/mail/links';
import { enqueueMail } from '../../server/mail/outbox';
import { clockStart } from '../helpers/clock';
import { createTestDb, type TestDb } from '../helpers/db';
import { buildUser } from '../helpers/factories';
import { startSmtp, type SmtpCatcher } from '../helpers/smtp';

/**
 * The outgoing mail table delivered to a real SMTP server (smtp-server in this process): sent
 * once, retried with backoff while the server is down (nothing lost), failed after the last
 * attempt, logged without SMTP_URL, and never sent twice by two delivering processes (run with
 * TEST_DATABASE_URL for PostgreSQL).
 */

let now = clockStart();
const clock = () => new Date(now);
let testDb: TestDb;
let smtp: SmtpCatcher | null = null;
const silent = pino({ level: 'silent' });

function depsFor(smtpUrl: string | undefined, extra: Record<string, string> = {}): MailDeps {
  const config = loadConfig({ NODE_ENV: 'test', PUBLIC_ORIGINS: 'https://practicum.example.edu', ...(smtpUrl ? { SMTP_URL: smtpUrl } : {}), ...extra });
  return { db: testDb.db, config, logger: silent, clock };
}

const statusOf = async (id: string) => testDb.db('mail_outbox').where({ id }).first('status', 'attempts', 'last_error', 'next_attempt_at');

beforeAll(async () => {
  testDb = await createTestDb();
});
afterEach(async () => {
  await smtp?.close();
  smtp = null;
  await testDb.db('mail_outbox').delete();
});
afterAll(() => testDb.destroy());

describe('mail delivery', () => {
  it('sends a queued notification over SMTP with its unsubscribe link and one-click headers, then marks it sent', async () => {
    smtp = await startSmtp();
    const deps = depsFor(smtp.url);
    const user = await buildUser(testDb.db, { email: 'song@school.test' });
    const id = await enqueueMail(testDb.db, { userId: user.id, to: user.email, kind: 'reviewReleased', locale: 'zh-CN', subject: '你的“报价单”已完成评阅', text: '评阅结果已发布：{{origin}}/attempts/a1' }, clock());
    expect(await deliverDue(deps, createSend(deps.config, silent))).toEqual({ sent: 1, retrying: 0, failed: 0 });
    const [mail] = await smtp.waitFor(1);
    expect(mail!.to).toEqual(['song@school.test']);
    expect(mail!.subject).toBe('你的“报价单”已完成评阅');
    expect(mail!.text).toContain('评阅结果已发布：https://practicum.example.edu/attempts/a1');
    expect(mail!.text).toContain('不再接收此类邮件：https://practicum.example.edu/api/mail/unsubscribe?token=');
    expect(mail!.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    const link = /^<(https:\/\/practicum\.example\.edu\/api\/mail\/unsubscribe\?token=[^>]+)>$/.exec(mail!.headers['list-unsubscribe']!)![1]!;
    expect(readUnsubscribeToken(mailSecret(deps.config), new URL(link).searchParams.get('token')!)).toEqual({ userId: user.id, kind: 'reviewReleased' });
    expect(await statusOf(id)).toMatchObject({ status: 'sent', attempts: 1 });
    // Sent rows are not sent again.
    expect(await deliverDue(deps, createSend(deps.config, silent))).toEqual({ sent: 0, retrying: 0, failed: 0 });
  });

  it('gives a password reset no unsubscribe link: it is not optional', async () => {
    smtp = await startSmtp();
    const deps = depsFor(smtp.url);
    const user = await buildUser(testDb.db);
    await enqueueMail(testDb.db, { userId: user.id, to: user.email, kind: 'passwordReset', locale: 'en', subject: 'Reset your password', text: 'Open {{origin}}/reset/x' }, clock());
    await deliverDue(deps, createSend(deps.config, silent));
    const [mail] = await smtp.waitFor(1);
    expect(mail!.headers['list-unsubscribe']).toBeUndefined();
    expect(mail!.text).not.toContain('unsubscribe');
  });

  it('keeps a mail while the SMTP server is down, retries later and later, and delivers it once the server is back', async () => {
    // A port that was just free: nothing listens there until the server starts again.
    const probe = await startSmtp();
    const port = probe.port;
    await probe.close();
    const deps = depsFor(`smtp://127.0.0.1:${port}`);
    const send = createSend(deps.config, silent);
    const id = await enqueueMail(testDb.db, { userId: null, to: 'mentor@firm.test', kind: 'invitation', locale: 'en', subject: 'Invitation', text: 'Hello' }, clock());

    expect(await deliverDue(deps, send)).toEqual({ sent: 0, retrying: 1, failed: 0 });
    const first = await statusOf(id);
    expect(first).toMatchObject({ status: 'queued', attempts: 1 });
    expect(first!.last_error).toMatch(/ECONNREFUSED|connect/i);
    now += retryDelayMs(1) - 1_000;
    expect(await deliverDue(deps, send), 'not before its retry time').toEqual({ sent: 0, retrying: 0, failed: 0 });
    now += 1_000;
    expect(await deliverDue(deps, send)).toEqual({ sent: 0, retrying: 1, failed: 0 });
    expect(retryDelayMs(2)).toBe(2 * retryDelayMs(1));

    smtp = await startSmtp(port);
    now += retryDelayMs(2);
    expect(await deliverDue(deps, send)).toEqual({ sent: 1, retrying: 0, failed: 0 });
    const [mail] = await smtp.waitFor(1);
    expect(mail!.subject).toBe('Invitation');
    expect(await statusOf(id)).toMatchObject({ status: 'sent', attempts: 3 });
  });

  it('marks a mail failed after the last attempt, keeping the error', async () => {
    const probe = await startSmtp();
    await probe.close();
    const deps = depsFor(`smtp://127.0.0.1:${probe.port}`, { MAIL_MAX_ATTEMPTS: '2' });
    const send = createSend(deps.config, silent);
    const id = await enqueueMail(testDb.db, { userId: null, to: 'x@firm.test', kind: 'invitation', locale: 'en', subject: 'S', text: 'T' }, clock());
    await deliverDue(deps, send);
    now += retryDelayMs(1);
    expect(await deliverDue(deps, send)).toEqual({ sent: 0, retrying: 0, failed: 1 });
    expect(await statusOf(id)).toMatchObject({ status: 'failed', attempts: 2 });
    now += 86_400_000;
    expect(await deliverDue(deps, send)).toEqual({ sent: 0, retrying: 0, failed: 0 });
  });

  it('writes each mail to the log as one line when SMTP_URL is not set, and marks it sent', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, new Writable({ write: (chunk, _enc, cb) => (lines.push(String(chunk)), cb()) }));
    const deps = { ...depsFor(undefined), logger };
    const id = await enqueueMail(testDb.db, { userId: null, to: 'dev@school.test', kind: 'invitation', locale: 'en', subject: 'Dev subject', text: 'Dev text\nsecond line' }, clock());
    expect(await deliverDue(deps, createSend(deps.config, logger))).toMatchObject({ sent: 1 });
    const logged = lines.map((l) => JSON.parse(l)).find((l) => l.mail);
    expect(logged).toMatchObject({ mail: { to: 'dev@school.test', subject: 'Dev subject' }, text: 'Dev text\nsecond line' });
    expect(lines.filter((l) => l.includes('Dev subject'))).toHaveLength(1);
    expect(await statusOf(id)).toMatchObject({ status: 'sent' });
  });

  it('lets two delivering processes share the queue without sending any mail twice', async () => {
    smtp = await startSmtp();
    const deps = depsFor(smtp.url);
    const send = createSend(deps.config, silent);
    for (let i = 0; i < 12; i++) await enqueueMail(testDb.db, { userId: null, to: `s${i}@school.test`, kind: 'invitation', locale: 'en', subject: `Mail ${i}`, text: 'T' }, clock());
    const [a, b] = await Promise.all([deliverDue(deps, send), deliverDue(deps, send)]);
    expect(a.sent + b.sent).toBe(12);
    await smtp.waitFor(12);
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.messages.map((m) => m.subject).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `Mail ${i}`).sort());
    const [{ n }] = (await testDb.db('mail_outbox').where({ status: 'sent' }).count({ n: '*' })) as [{ n: number | string }];
    expect(Number(n)).toBe(12);
  });

  it('queues again a mail whose sender died mid-send, once its lease is over', async () => {
    smtp = await startSmtp();
    const deps = depsFor(smtp.url);
    const id = await enqueueMail(testDb.db, { userId: null, to: 'late@school.test', kind: 'invitation', locale: 'en', subject: 'Late', text: 'T' }, clock());
    // A claim that never finished: 'sending', lease running.
    await testDb.db('mail_outbox').where({ id }).update({ status: 'sending', attempts: 1, next_attempt_at: new Date(now + 60_000) });
    expect(await deliverDue(deps, createSend(deps.config, silent))).toMatchObject({ sent: 0 });
    now += 61_000;
    expect(await deliverDue(deps, createSend(deps.config, silent))).toMatchObject({ sent: 1 });
    await smtp.waitFor(1);
  });
});
