import type { Knex } from 'knex';
import { type AuditAction, type AuditEntryViewT, type AuditFilter, type AuditListInput, type AuditPageT } from '../contract/audit';
import { toDate, toIso } from '../db/values';
import { errors } from '../http/errors';
import { invalidField } from '../http/validate';
import { adminOrgIds, type Actor } from '../http/policy';
import { msg } from '../messages';
import { targetLabels } from './labels';

/**
 * Reading the audit log. An organisation's admin reads the entries of the organisations they
 * administer; the platform operator reads every entry, platform-wide ones (org null) included.
 * The scope is applied here, so the list and the CSV cannot differ in what they show.
 */

type AuditRow = {
  id: string;
  at: Date | number | string;
  actor_id: string | null;
  actor_label: string | null;
  org_id: string | null;
  action: string;
  target_kind: string | null;
  target_id: string | null;
  ip: string | null;
  detail: string | null;
};

const DAY_MS = 86_400_000;

/** A day names the whole of it (UTC): `from` its start, `to` the start of the next (exclusive). */
function momentOf(value: string, edge: 'from' | 'to'): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const start = new Date(`${value}T00:00:00.000Z`);
    return edge === 'from' ? start : new Date(start.getTime() + DAY_MS);
  }
  return new Date(value);
}

function scoped(db: Knex, actor: Actor, filter: AuditFilter): Knex.QueryBuilder {
  const query = db('audit_log');
  if (actor.operator) {
    if (filter.orgId) query.where('org_id', filter.orgId);
  } else {
    const own = [...adminOrgIds(actor)];
    // Naming an organisation one does not administer reads nothing of it: "not found", as for users.
    if (filter.orgId && !own.includes(filter.orgId)) throw errors.notFound(msg('notFound.organisation'));
    query.whereIn('org_id', filter.orgId ? [filter.orgId] : own);
  }
  if (filter.action) query.where('action', filter.action);
  if (filter.actorId) query.where('actor_id', filter.actorId);
  if (filter.targetId) query.where('target_id', filter.targetId);
  if (filter.from) query.where('at', '>=', momentOf(filter.from, 'from'));
  if (filter.to) query.where('at', '<', momentOf(filter.to, 'to'));
  return query;
}

function present(row: AuditRow, labels: Map<string, string>): AuditEntryViewT {
  return {
    id: row.id,
    at: toIso(row.at)!,
    actorId: row.actor_id,
    actorLabel: row.actor_label,
    orgId: row.org_id,
    action: row.action as AuditAction,
    targetKind: row.target_kind,
    targetId: row.target_id,
    targetLabel: labels.get(`${row.target_kind}:${row.target_id}`) ?? null,
    ip: row.ip,
    detail: row.detail ? (JSON.parse(row.detail) as Record<string, unknown>) : null,
  };
}

/** The cursor is the last entry's time and id: newest first, ties broken by id, so no entry is skipped or repeated. */
const cursorOf = (row: AuditRow) => `${toDate(row.at)!.getTime()}_${row.id}`;

function parseCursor(cursor: string): { at: Date; id: string } {
  const match = /^(\d{1,15})_([\w-]{1,64})$/.exec(cursor);
  if (!match) throw invalidField('query.cursor', msg('field.invalid'));
  return { at: new Date(Number(match[1])), id: match[2]! };
}

/** One page of entries, newest first; `next` continues with older ones (null: no more). */
export async function listAudit(db: Knex, actor: Actor, input: AuditListInput): Promise<AuditPageT> {
  const query = scoped(db, actor, input);
  if (input.cursor) {
    const after = parseCursor(input.cursor);
    query.where((w) => w.where('at', '<', after.at).orWhere((same) => same.where('at', '=', after.at).where('id', '<', after.id)));
  }
  const rows: AuditRow[] = await query.orderBy([{ column: 'at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(input.limit + 1).select('*');
  const page = rows.slice(0, input.limit);
  const labels = await targetLabels(db, page.map((r) => ({ kind: r.target_kind, id: r.target_id })));
  return { entries: page.map((r) => present(r, labels)), next: rows.length > input.limit ? cursorOf(page[page.length - 1]!) : null };
}

/** Every entry the filter matches (newest first), in batches so a large export does not sit in memory at once. */
export async function* eachAuditEntry(db: Knex, actor: Actor, filter: AuditFilter): AsyncGenerator<AuditEntryViewT> {
  let cursor: string | undefined;
  do {
    const page = await listAudit(db, actor, { ...filter, limit: 200, cursor });
    yield* page.entries;
    cursor = page.next ?? undefined;
  } while (cursor);
}
