import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';

/**
 * Talent selection: the enterprise's name for a candidate. An enterprise never learns a
 * student's user id, only this random ref, drawn per consent (student × enterprise) and drawn
 * anew when a revoked consent is granted again; two enterprises thus cannot match up the same
 * anonymous student. Nullable only so existing rows can be filled here; the service always sets it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('talent_consents', (t) => {
    t.string('candidate_ref', 36).nullable();
  });
  const rows: { student_id: string; enterprise_id: string }[] = await knex('talent_consents').select('student_id', 'enterprise_id');
  for (const r of rows) await knex('talent_consents').where(r).update({ candidate_ref: randomUUID() });
  await knex.schema.alterTable('talent_consents', (t) => {
    t.unique(['candidate_ref']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('talent_consents', (t) => {
    t.dropUnique(['candidate_ref']);
  });
  await knex.schema.alterTable('talent_consents', (t) => {
    t.dropColumn('candidate_ref');
  });
}
