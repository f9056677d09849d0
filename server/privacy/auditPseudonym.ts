import type { Knex } from 'knex';

/**
 * Replaces an erased person's name or e-mail in the audit log's `actor_label` with their
 * pseudonym — the one change to an audit entry the application makes, because the law asks for
 * it. The audit module (server/audit) owns the table; it has no pseudonymiseAuditActor yet, so
 * this is the single place outside it that writes there: move it there when it does. Entries
 * keep actor_id (a random id that now leads to the pseudonymised account), so the log still
 * says that one and the same person acted. Labels typed at a failed sign-in with the person's
 * address are replaced too.
 */
export async function pseudonymiseAuditActor(trx: Knex.Transaction, userId: string, formerEmail: string, label: string): Promise<number> {
  return trx('audit_log')
    .where((q) => q.where({ actor_id: userId }).orWhereRaw('lower(actor_label) = ?', [formerEmail.toLowerCase()]))
    .update({ actor_label: label });
}
