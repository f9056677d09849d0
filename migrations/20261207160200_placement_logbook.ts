import type { Knex } from 'knex';

/**
 * The weekly logbook of a placement (issue 16): one entry per placement and week ('YYYY-MM-DD'
 * of its Monday), a draft with a revision number (autosave), submitted, confirmed or returned
 * with a comment by the enterprise mentor; the comments kept in order; attachments with their
 * bytes and SHA-256 (binary: bytea on PostgreSQL, blob on SQLite).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('placement_logs', (t) => {
    t.string('id', 36).primary();
    t.string('placement_id', 36).notNullable().references('placements.id').onDelete('CASCADE');
    t.string('week', 10).notNullable();
    t.enu('status', ['draft', 'submitted', 'returned', 'confirmed']).notNullable();
    t.integer('revision').notNullable();
    // Hours may be half hours; null until the student says.
    t.decimal('hours', 5, 2).nullable();
    t.text('tasks').notNullable();
    t.text('learned').notNullable();
    t.text('problems').notNullable();
    t.timestamp('submitted_at', { useTz: true }).nullable();
    t.timestamp('confirmed_at', { useTz: true }).nullable();
    t.string('confirmed_by', 36).nullable().references('users.id');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.unique(['placement_id', 'week']);
  });

  await knex.schema.createTable('placement_log_comments', (t) => {
    t.increments('id');
    t.string('log_id', 36).notNullable().references('placement_logs.id').onDelete('CASCADE');
    t.string('author_id', 36).notNullable().references('users.id');
    t.text('body').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['log_id']);
  });

  await knex.schema.createTable('placement_log_attachments', (t) => {
    t.string('id', 36).primary();
    t.string('log_id', 36).notNullable().references('placement_logs.id').onDelete('CASCADE');
    t.string('name', 200).notNullable();
    t.string('content_type', 50).notNullable();
    t.integer('size_bytes').notNullable();
    t.binary('sha256').notNullable();
    t.binary('content').notNullable();
    t.string('uploaded_by', 36).notNullable().references('users.id');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['log_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('placement_log_attachments');
  await knex.schema.dropTable('placement_log_comments');
  await knex.schema.dropTable('placement_logs');
}
