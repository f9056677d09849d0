import type { Knex } from 'knex';

/**
 * E-mail notifications (#17): what each person wants by e-mail, per kind (each as it happens, in
 * a daily digest, or not at all; no row means "each"), the notices waiting for a digest, and the
 * notices already sent that a periodic job must not send twice (due soon, digests).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('mail_preferences', (t) => {
    t.string('user_id', 36).notNullable().references('users.id').onDelete('CASCADE');
    t.string('kind', 48).notNullable();
    t.enu('delivery', ['each', 'digest', 'off']).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.primary(['user_id', 'kind']);
  });

  // A notice whose kind the person batches: the digest job mails them together once a day.
  await knex.schema.createTable('mail_digest_items', (t) => {
    t.string('id', 36).primary();
    t.string('user_id', 36).notNullable().references('users.id').onDelete('CASCADE');
    t.string('kind', 48).notNullable();
    t.string('subject', 300).notNullable();
    t.text('text_body').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('digested_at', { useTz: true }).nullable();
    t.index(['user_id', 'digested_at']);
  });

  // "Sent once" memory for periodic jobs: the key names the notice (kind, person, subject, day).
  await knex.schema.createTable('mail_notices', (t) => {
    t.string('key', 200).primary();
    t.string('user_id', 36).nullable().references('users.id').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('mail_notices');
  await knex.schema.dropTable('mail_digest_items');
  await knex.schema.dropTable('mail_preferences');
}
