import type { Knex } from 'knex';

/**
 * The one change the audit log allows after an entry is written: when a person's data is
 * erased, the entries they made keep what happened but lose who they were. Their `actor_label`
 * (the name or e-mail they had) becomes `pseudonym` and `ip` becomes null; `actor_id` stays,
 * so the entries of one erased person still read as one (it is a random id, not personal data).
 *
 * The database enforces the narrowness (migration 20261207185000_audit_append_only): an UPDATE
 * of audit_log that changes anything but actor_label, or sets ip to anything but null, and
 * every DELETE, is refused. The pseudonym starts with PSEUDONYM_PREFIX, so a reader (and the
 * trigger) can tell it from a real label.
 *
 * `labels`: what an anonymous caller typed that was the person (a failed sign-in's e-mail);
 * those entries have no actor id, so they are found by the label.
 */
export const PSEUDONYM_PREFIX = 'erased:';

export async function pseudonymiseAuditActor(db: Knex | Knex.Transaction, userId: string, pseudonym: string, labels: string[] = []): Promise<number> {
  const label = (pseudonym.startsWith(PSEUDONYM_PREFIX) ? pseudonym : `${PSEUDONYM_PREFIX}${pseudonym}`).slice(0, 254);
  return db('audit_log')
    .where((w) => {
      w.where('actor_id', userId);
      if (labels.length) w.orWhere((anon) => anon.whereNull('actor_id').whereIn('actor_label', labels));
    })
    .update({ actor_label: label, ip: null });
}
