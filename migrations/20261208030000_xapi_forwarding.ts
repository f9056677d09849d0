import type { Knex } from 'knex';

/**
 * Issue 19: xAPI statements forwarded to an organisation's learning record store.
 *  - xapi_settings: one row per organisation — the LRS endpoint and Basic credentials an admin
 *    sets, and the key that names people pseudonymously in statements (made once, kept, so a
 *    person's name in the LRS never changes). The password is stored as given: encryption at
 *    rest belongs here when the platform has a key store (see server/xapi/settings.ts).
 *  - xapi_outbox: every statement to send is first a row (statement id unique per organisation,
 *    so collecting twice queues once); a sender claims due rows in batches and retries with
 *    back-off, so an LRS outage loses nothing. user_id is the statement's actor, for erasure.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('xapi_settings', (t) => {
    t.string('org_id', 36).primary().references('organizations.id').onDelete('CASCADE');
    t.boolean('enabled').notNullable().defaultTo(false);
    t.string('endpoint', 500).nullable();
    t.string('username', 200).nullable();
    t.string('password', 500).nullable();
    t.string('pseudonym_key', 100).notNullable();
    // Statements whose source changed after this were not yet collected into the outbox.
    t.timestamp('collected_until', { useTz: true }).nullable();
    t.string('updated_by', 36).nullable().references('users.id').onDelete('SET NULL');
    t.timestamp('updated_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('xapi_outbox', (t) => {
    t.string('org_id', 36).notNullable().references('organizations.id').onDelete('CASCADE');
    t.string('statement_id', 36).notNullable();
    t.string('user_id', 36).nullable().references('users.id').onDelete('CASCADE');
    t.string('course_id', 36).nullable().references('courses.id').onDelete('CASCADE');
    t.text('statement_json').notNullable();
    t.string('status', 16).notNullable(); // pending | sending | sent
    // The pass that holds a 'sending' row: a batch is claimed by one conditional UPDATE and read back by it.
    t.string('claim', 36).nullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('next_attempt_at', { useTz: true }).notNullable();
    t.text('last_error').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('sent_at', { useTz: true }).nullable();
    t.primary(['org_id', 'statement_id']);
    // The sender's question: this organisation's due rows, oldest first.
    t.index(['org_id', 'status', 'next_attempt_at']);
    t.index(['user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('xapi_outbox');
  await knex.schema.dropTable('xapi_settings');
}
