import type { Knex } from 'knex';
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { isLocale } from '../contract/constants';
import { msg, render } from '../messages';
import { publicBase, UNSUBSCRIBABLE, unsubscribeUrl } from './links';
import type { MailKind } from './outbox';
import { ORIGIN_MARK } from './notify';

/**
 * Delivers the outgoing mail table (server/mail/outbox.ts) over SMTP. Each pass claims due rows
 * with a conditional UPDATE (status 'queued' → 'sending'): on SQLite and PostgreSQL alike only one
 * process's update matches a row, so any number of web processes and workers may run the loop
 * and none sends a row another claimed. A claim is a lease: a process that dies mid-send leaves
 * the row 'sending' until the lease ends, then it is queued again (so a mail may, rarely, arrive
 * twice; it is never lost). A failed send waits longer each time; after the last attempt the row
 * is 'failed' with its error, for an operator to read.
 */

export type MailDeps = { db: Knex; config: Config; logger: Logger; clock: () => Date };

export type OutgoingMessage = { from: string; to: string; subject: string; text: string; headers: Record<string, string> };
/** Hands one message to SMTP (or to the log); throws when it was not accepted. */
export type Send = (message: OutgoingMessage) => Promise<void>;

const LEASE_MS = 10 * 60_000;
const FIRST_RETRY_MS = 30_000;
const LONGEST_RETRY_MS = 6 * 3_600_000;
const BATCH = 20;

export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), LONGEST_RETRY_MS);
}

/** Over SMTP_URL, or — without it (npm start, development) — one log line per mail. */
export function createSend(config: Config, logger: Logger): Send {
  if (!config.mail.smtpUrl) {
    return async (m) => {
      logger.info({ mail: { to: m.to, subject: m.subject }, text: m.text }, 'e-mail written to the log (SMTP_URL is not set)');
    };
  }
  const transport = nodemailer.createTransport(config.mail.smtpUrl);
  return async (m) => {
    await transport.sendMail({ from: m.from, to: m.to, subject: m.subject, text: m.text, headers: m.headers });
  };
}

type OutboxRow = { id: string; user_id: string | null; to_address: string; kind: string; locale: string; subject: string; text_body: string; attempts: number };

/** The message for a row: links made absolute, and for optional kinds the unsubscribe footer and headers. */
export function messageOf(config: Config, row: OutboxRow): OutgoingMessage {
  let text = row.text_body.split(ORIGIN_MARK).join(publicBase(config));
  const headers: Record<string, string> = {};
  const kind = row.kind as MailKind;
  if (row.user_id && UNSUBSCRIBABLE.includes(kind)) {
    const url = unsubscribeUrl(config, row.user_id, kind);
    const locale = isLocale(row.locale) ? row.locale : 'zh-CN';
    text += `\n\n-- \n${render(msg('mail.footer', { unsubscribe: url, settings: `${publicBase(config)}/notifications` }), locale)}\n`;
    // RFC 2369 and RFC 8058: a mail client's own "unsubscribe" button posts to the link.
    headers['List-Unsubscribe'] = `<${url}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  return { from: config.mail.from, to: row.to_address, subject: row.subject, text, headers };
}

/** Takes due rows for this process; each returned row is this process's alone until its lease ends. */
async function claimDue(db: Knex, now: Date): Promise<OutboxRow[]> {
  // Rows whose sender vanished mid-send (lease over) go back in the queue first.
  await db('mail_outbox').where({ status: 'sending' }).where('next_attempt_at', '<=', now).update({ status: 'queued' });
  const due: { id: string }[] = await db('mail_outbox').where({ status: 'queued' }).where('next_attempt_at', '<=', now).orderBy('next_attempt_at').limit(BATCH).select('id');
  const claimed: OutboxRow[] = [];
  for (const { id } of due) {
    const n = await db('mail_outbox')
      .where({ id, status: 'queued' })
      .update({ status: 'sending', attempts: db.raw('attempts + 1'), next_attempt_at: new Date(now.getTime() + LEASE_MS) });
    if (n === 1) claimed.push(await db('mail_outbox').where({ id }).first());
  }
  return claimed;
}

/** One pass: send what is due. Returns what happened, for tests and the log. */
export async function deliverDue(deps: MailDeps, send: Send): Promise<{ sent: number; retrying: number; failed: number }> {
  const result = { sent: 0, retrying: 0, failed: 0 };
  for (const row of await claimDue(deps.db, deps.clock())) {
    try {
      await send(messageOf(deps.config, row));
      await deps.db('mail_outbox').where({ id: row.id, status: 'sending' }).update({ status: 'sent', sent_at: deps.clock(), last_error: null });
      result.sent++;
    } catch (err) {
      const attempts = Number(row.attempts);
      const error = (err instanceof Error ? err.message : String(err)).slice(0, 1000);
      const failed = attempts >= deps.config.mail.maxAttempts;
      await deps
        .db('mail_outbox')
        .where({ id: row.id, status: 'sending' })
        .update({ status: failed ? 'failed' : 'queued', last_error: error, next_attempt_at: new Date(deps.clock().getTime() + retryDelayMs(attempts)) });
      if (failed) result.failed++;
      else result.retrying++;
      deps.logger.warn({ mailId: row.id, attempts, error }, failed ? 'e-mail failed for good' : 'e-mail not accepted; will retry');
    }
  }
  return result;
}

/**
 * The loop: a pass every few seconds (passes never overlap), plus the periodic notice jobs.
 * Returns stop(), which waits for the pass in hand.
 */
export function startMailDelivery(deps: MailDeps, opts: { intervalMs?: number; jobs?: () => Promise<void>; jobsEveryMs?: number } = {}): () => Promise<void> {
  const send = createSend(deps.config, deps.logger);
  const interval = opts.intervalMs ?? 5_000;
  const jobsEvery = opts.jobsEveryMs ?? 5 * 60_000;
  let lastJobs = 0;
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  let stopped = false;
  const pass = async () => {
    try {
      if (opts.jobs && Date.now() - lastJobs >= jobsEvery) {
        lastJobs = Date.now();
        await opts.jobs();
      }
      const r = await deliverDue(deps, send);
      if (r.sent + r.retrying + r.failed > 0) deps.logger.debug(r, 'mail pass');
    } catch (err) {
      deps.logger.error({ err }, 'mail pass failed');
    }
  };
  const timer = setInterval(() => {
    if (stopped || busy) return;
    busy = true;
    running = pass().finally(() => {
      busy = false;
    });
  }, interval);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
