import type { Knex } from 'knex';

/**
 * Running a school on it (#17), the shared ground: when a person last signed in and last changed
 * their password (and whether they must choose a new one), the class a student belongs to in a school (bulk accounts and single sign-on
 * both set it), the append-only audit log, and the outgoing mail queue (a table, so a down SMTP
 * server loses nothing on one machine).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.timestamp('last_sign_in_at', { useTz: true }).nullable();
    t.timestamp('password_changed_at', { useTz: true }).nullable();
    // Set for a password someone else chose (bulk accounts, an admin): the first sign-in asks for a new one.
    t.boolean('must_change_password').notNullable().defaultTo(false);
  });
  await knex.schema.alterTable('memberships', (t) => {
    t.string('class_name', 100).nullable();
  });

  // Who did what to what, when and from where. The application only ever inserts here.
  await knex.schema.createTable('audit_log', (t) => {
    t.string('id', 36).primary();
    t.timestamp('at', { useTz: true }).notNullable();
    t.string('actor_id', 36).nullable();
    /** The name or e-mail the actor had then, or what a failed sign-in typed; kept as seen. */
    t.string('actor_label', 254).nullable();
    /** The organisation the entry belongs to (its admins read it); null for platform-wide entries. */
    t.string('org_id', 36).nullable();
    t.string('action', 64).notNullable();
    t.string('target_kind', 32).nullable();
    t.string('target_id', 64).nullable();
    t.string('ip', 64).nullable();
    /** JSON: before/after where it matters, and what else says what happened. */
    t.text('detail').nullable();
    t.index(['org_id', 'at']);
    t.index(['at']);
    t.index(['target_kind', 'target_id']);
    t.index(['actor_id']);
  });

  await knex.schema.createTable('mail_outbox', (t) => {
    t.string('id', 36).primary();
    t.string('user_id', 36).nullable().references('users.id').onDelete('SET NULL');
    t.string('to_address', 254).notNullable();
    t.string('kind', 48).notNullable();
    t.string('locale', 8).notNullable();
    t.string('subject', 300).notNullable();
    t.text('text_body').notNullable();
    t.text('html_body').nullable();
    t.enu('status', ['queued', 'sending', 'sent', 'failed']).notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('next_attempt_at', { useTz: true }).notNullable();
    t.text('last_error').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('sent_at', { useTz: true }).nullable();
    t.index(['status', 'next_attempt_at']);
    t.index(['user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('mail_outbox');
  await knex.schema.dropTable('audit_log');
  await knex.schema.alterTable('memberships', (t) => {
    t.dropColumn('class_name');
  });
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('must_change_password');
    t.dropColumn('password_changed_at');
    t.dropColumn('last_sign_in_at');
  });
}
