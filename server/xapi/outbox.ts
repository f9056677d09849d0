import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { XapiQueueViewT } from '../contract/xapi';
import { toDate, toIso } from '../db/values';
import { courseStatements } from './collect';
import { homePageOf, identityFrom, lrsOf, settingsRow } from './settings';
import { XAPI_VERSION, type Statement } from './statements';
import type { Sealer } from '../secrets/sealer';

/**
 * The durable path of statements to an organisation's LRS.
 *
 * Collect: statements are made from the records (./collect.ts), not written by every feature as
 * it acts, so nothing a feature does can forget one. A pass asks each forwarding organisation's
 * courses for what changed since its mark (with a margin for transactions that committed late)
 * and inserts them into xapi_outbox; the statement id is the key, so collecting twice queues once.
 *
 * Send: a pass claims an organisation's due rows (pending → sending, a conditional UPDATE only
 * one process wins, as the mail outbox does) and POSTs them as one batch. Accepted: sent. Not
 * accepted (LRS down, 5xx, refused credentials): back to pending with the error, due again after
 * an exponentially growing wait. Rows are never given up on: an outage of any length loses
 * nothing, and the admin sees them as failing (attempts > 0, with the last error).
 */

export type XapiDeps = { db: Knex; config: Config; logger: Logger; clock: () => Date; sealer: Sealer };
/** POSTs a batch to `${endpoint}/statements`; resolves with the HTTP status and body text. */
export type Post = (url: string, init: { headers: Record<string, string>; body: string; signal: AbortSignal }) => Promise<{ status: number; text: string }>;

const BATCH = 50;
const LEASE_MS = 5 * 60_000;
const FIRST_RETRY_MS = 30_000;
const LONGEST_RETRY_MS = 60 * 60_000;
/** A record committed a little after the pass that read past it is still found by the next one. */
const COLLECT_MARGIN_MS = 10 * 60_000;
const TIMEOUT_MS = 30_000;

export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), LONGEST_RETRY_MS);
}

export const httpPost: Post = async (url, init) => {
  const res = await fetch(url, { method: 'POST', headers: init.headers, body: init.body, signal: init.signal });
  return { status: res.status, text: await res.text() };
};

/** Queues what the organisation's courses gave since its mark; returns how many rows were new. */
export async function collectOrg(deps: XapiDeps, orgId: string): Promise<number> {
  const now = deps.clock();
  const row = await settingsRow(deps.db, orgId, now);
  if (!lrsOf(row, deps.sealer)) return 0;
  const identity = identityFrom(row, homePageOf(deps.config));
  const mark = toDate(row.collected_until);
  const since = mark ? new Date(mark.getTime() - COLLECT_MARGIN_MS) : undefined;
  const courses: { id: string }[] = await deps.db('courses').where({ school_id: orgId }).select('id');
  let added = 0;
  for (const course of courses) {
    let batch: Record<string, unknown>[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const ids = batch.map((b) => b.statement_id as string);
      const knownRows: { statement_id: string }[] = await deps.db('xapi_outbox').where({ org_id: orgId }).whereIn('statement_id', ids).select('statement_id');
      const known = new Set(knownRows.map((r) => r.statement_id));
      const fresh = batch.filter((b) => !known.has(b.statement_id as string));
      if (fresh.length) await deps.db('xapi_outbox').insert(fresh).onConflict(['org_id', 'statement_id']).ignore();
      added += fresh.length;
      batch = [];
    };
    for await (const c of courseStatements(deps.db, identity, course.id, { since })) {
      batch.push({
        org_id: orgId,
        statement_id: c.statement.id,
        user_id: c.userId,
        course_id: c.courseId,
        statement_json: JSON.stringify(c.statement),
        status: 'pending',
        attempts: 0,
        next_attempt_at: now,
        created_at: now,
      });
      if (batch.length >= 100) await flush();
    }
    await flush();
  }
  await deps.db('xapi_settings').where({ org_id: orgId }).update({ collected_until: now });
  return added;
}

type OutboxRow = { statement_id: string; statement_json: string; attempts: number };

async function claimDue(db: Knex, orgId: string, now: Date): Promise<OutboxRow[]> {
  // Rows whose sender vanished mid-send (lease over) are due again.
  await db('xapi_outbox').where({ org_id: orgId, status: 'sending' }).where('next_attempt_at', '<=', now).update({ status: 'pending' });
  const due: { statement_id: string }[] = await db('xapi_outbox').where({ org_id: orgId, status: 'pending' }).where('next_attempt_at', '<=', now).orderBy('created_at').orderBy('statement_id').limit(BATCH).select('statement_id');
  if (due.length === 0) return [];
  const ids = due.map((d) => d.statement_id);
  const claim = randomUUID();
  await db('xapi_outbox')
    .where({ org_id: orgId, status: 'pending' })
    .whereIn('statement_id', ids)
    .update({ status: 'sending', claim, attempts: db.raw('attempts + 1'), next_attempt_at: new Date(now.getTime() + LEASE_MS) });
  // What this pass now holds: rows another process claimed first did not match 'pending' above.
  return db('xapi_outbox').where({ org_id: orgId, status: 'sending', claim }).select('statement_id', 'statement_json', 'attempts');
}

type Lrs = { endpoint: string; username: string; password: string };
type Answer = { ok: boolean; status: number | null; error: string | null };

async function postStatements(lrs: Lrs, rows: OutboxRow[], post: Post): Promise<Answer> {
  try {
    const res = await post(`${lrs.endpoint}/statements`, {
      headers: {
        'Content-Type': 'application/json',
        'X-Experience-API-Version': XAPI_VERSION,
        Authorization: `Basic ${Buffer.from(`${lrs.username}:${lrs.password}`).toString('base64')}`,
      },
      body: JSON.stringify(rows.map((r) => JSON.parse(r.statement_json) as Statement)),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    // 200 with the ids; a resend of identical statements is accepted too (same ids, same content).
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status, error: null };
    return { ok: false, status: res.status, error: `HTTP ${res.status}: ${res.text.slice(0, 500)}` };
  } catch (err) {
    return { ok: false, status: null, error: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * Answers about the statements rather than the store: one of the batch is refused (400), its id
 * is held with other content (409), or the batch is too large (413). The batch is then sent one
 * by one, so one statement never holds back the others.
 */
const aboutStatements = (status: number | null) => status === 400 || status === 409 || status === 413;

/** One send pass for one organisation: batches until nothing is due or the LRS is out of reach. */
export async function sendOrg(deps: XapiDeps, orgId: string, post: Post = httpPost): Promise<{ sent: number; failed: number }> {
  const result = { sent: 0, failed: 0 };
  const lrs = lrsOf(await settingsRow(deps.db, orgId, deps.clock()), deps.sealer);
  if (!lrs) return result;
  const sending = (rows: OutboxRow[]) =>
    deps
      .db('xapi_outbox')
      .where({ org_id: orgId, status: 'sending' })
      .whereIn(
        'statement_id',
        rows.map((r) => r.statement_id),
      );
  const sent = async (rows: OutboxRow[], note: string | null = null) => {
    await sending(rows).update({ status: 'sent', sent_at: deps.clock(), last_error: note });
    result.sent += rows.length;
  };
  // A row waits as long as its tries say; the LRS's answer is what the admin reads.
  const later = async (rows: OutboxRow[], error: string) => {
    const attempts = Math.max(...rows.map((c) => Number(c.attempts)));
    await sending(rows).update({ status: 'pending', last_error: error.slice(0, 1000), next_attempt_at: new Date(deps.clock().getTime() + retryDelayMs(attempts)) });
    result.failed += rows.length;
    deps.logger.warn({ orgId, statements: rows.length, attempts, error }, 'xAPI statements not accepted by the LRS; will retry');
  };
  for (;;) {
    const claimed = await claimDue(deps.db, orgId, deps.clock());
    if (claimed.length === 0) return result;
    const answer = await postStatements(lrs, claimed, post);
    if (answer.ok) {
      await sent(claimed);
      continue;
    }
    if (!aboutStatements(answer.status) || claimed.length === 1) {
      if (answer.status === 409) {
        // The LRS holds another statement under this id (statements are immutable): nothing more to send.
        await sent(claimed, answer.error);
        continue;
      }
      // The store is down or refuses us (or this one statement): the pass ends here.
      await later(claimed, answer.error!);
      if (!aboutStatements(answer.status)) return result;
      continue;
    }
    for (const row of claimed) {
      const one = await postStatements(lrs, [row], post);
      if (one.ok) await sent([row]);
      else if (one.status === 409) await sent([row], one.error);
      else {
        await later([row], one.error!);
        if (!aboutStatements(one.status)) {
          // Out of reach midway: the rest of the batch waits with it.
          const rest = claimed.slice(claimed.indexOf(row) + 1);
          if (rest.length) await later(rest, one.error!);
          return result;
        }
      }
    }
  }
}

/** Every forwarding organisation: collect, then send. */
export async function forwardAll(deps: XapiDeps, post: Post = httpPost): Promise<void> {
  const orgs: { org_id: string }[] = await deps.db('xapi_settings').where({ enabled: true }).whereNotNull('endpoint').select('org_id');
  for (const { org_id } of orgs) {
    try {
      await collectOrg(deps, org_id);
      await sendOrg(deps, org_id, post);
    } catch (err) {
      deps.logger.error({ err, orgId: org_id }, 'xAPI forwarding pass failed');
    }
  }
}

/** A loop of passes that never overlap; returns stop(), which waits for the pass in hand. */
export function startXapiForwarding(deps: XapiDeps, opts: { intervalMs?: number } = {}): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    running = forwardAll(deps).finally(() => {
      busy = false;
    });
  }, opts.intervalMs ?? 30_000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

/** What the admin sees: counts by state, the oldest pending, and the latest failures with their errors. */
export async function queueState(db: Knex, orgId: string): Promise<XapiQueueViewT> {
  const counts: { status: string; failing: number | string; n: number | string }[] = await db('xapi_outbox')
    .where({ org_id: orgId })
    .groupBy('status')
    .select('status', db.raw('sum(case when attempts > 0 and last_error is not null then 1 else 0 end) as failing'), db.raw('count(*) as n'));
  const by = (s: string) => Number(counts.find((c) => c.status === s)?.n ?? 0);
  const failing = counts.filter((c) => c.status !== 'sent').reduce((s, c) => s + Number(c.failing), 0);
  const oldest: { created_at: Date | number | string } | undefined = await db('xapi_outbox').where({ org_id: orgId }).whereNot({ status: 'sent' }).orderBy('created_at').first('created_at');
  const lastSent: { sent_at: Date | number | string } | undefined = await db('xapi_outbox').where({ org_id: orgId, status: 'sent' }).orderBy('sent_at', 'desc').first('sent_at');
  const failures: { statement_id: string; attempts: number; last_error: string; next_attempt_at: Date | number | string }[] = await db('xapi_outbox')
    .where({ org_id: orgId })
    .whereNot({ status: 'sent' })
    .whereNotNull('last_error')
    .orderBy('next_attempt_at')
    .limit(20)
    .select('statement_id', 'attempts', 'last_error', 'next_attempt_at');
  return {
    pending: by('pending') + by('sending'),
    sent: by('sent'),
    failing,
    oldestPendingAt: oldest ? toIso(oldest.created_at) : null,
    lastSentAt: lastSent ? toIso(lastSent.sent_at) : null,
    failures: failures.map((f) => ({ statementId: f.statement_id, attempts: Number(f.attempts), lastError: f.last_error, nextAttemptAt: toIso(f.next_attempt_at)! })),
  };
}
