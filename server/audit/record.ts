import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { AuditAction } from '../contract/audit';
import type { Actor } from '../http/policy';
import { currentRequestIp } from './requestIp';

/**
 * Appends one entry to the audit log. The only writer of `audit_log`: nothing in the application
 * updates or deletes an entry (tests/architecture checks that no other module names the table
 * in a write). Call it inside the transaction of the change it records when there is one, so an
 * entry exists exactly when the change does.
 */
export type AuditEntry = {
  /** Who acted: a signed-in actor, or null for the system (a daily job) or an anonymous caller. */
  actor: Pick<Actor, 'id' | 'email'> | null;
  /** What an anonymous caller typed (a failed sign-in's e-mail), when there is no actor. */
  actorLabel?: string;
  /** The organisation whose admins read the entry; null: only the platform operator reads it. */
  orgId: string | null;
  action: AuditAction;
  target?: { kind: string; id: string };
  /** Left out: the address of the request being served (server/audit/requestIp.ts); null: none. */
  ip?: string | null;
  /** Before/after where it matters, and anything else that says what happened. Never a secret. */
  detail?: Record<string, unknown>;
};

export async function recordAudit(db: Knex | Knex.Transaction, entry: AuditEntry, at: Date): Promise<void> {
  await db('audit_log').insert({
    id: randomUUID(),
    at,
    actor_id: entry.actor?.id ?? null,
    actor_label: (entry.actor?.email ?? entry.actorLabel ?? null)?.slice(0, 254) ?? null,
    org_id: entry.orgId,
    action: entry.action,
    target_kind: entry.target?.kind ?? null,
    target_id: entry.target?.id ?? null,
    ip: (entry.ip === undefined ? currentRequestIp() : entry.ip)?.slice(0, 64) ?? null,
    detail: entry.detail ? JSON.stringify(entry.detail) : null,
  });
}

/** Records the same action once per organisation (a change that concerns a school and an enterprise). */
export async function recordAuditForOrgs(db: Knex | Knex.Transaction, orgIds: Iterable<string>, entry: Omit<AuditEntry, 'orgId'>, at: Date): Promise<void> {
  for (const orgId of new Set(orgIds)) await recordAudit(db, { ...entry, orgId }, at);
}
