import type { Knex } from 'knex';

/**
 * Authoring in the browser (issue 7). A draft is the next version of one scenario, held as
 * files in the database. Files are updated in place under the workspace protocol: a save names
 * the revision it was based on and only the newest may be replaced, so two authors of one
 * draft get the student workspace's conflict handling. Only the newest revision is kept: a
 * draft's history is its published versions (with a changelog line and who published it).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('scenario_versions', (t) => {
    t.text('changelog').nullable();
    t.string('published_by', 36).nullable().references('users.id').onDelete('SET NULL');
  });
  await knex.schema.createTable('scenario_drafts', (t) => {
    t.string('id', 36).primary();
    // One draft per scenario: every author of the enterprise works on the same next version.
    t.string('scenario_id', 36).notNullable().unique().references('scenarios.id').onDelete('CASCADE');
    t.string('base_version_id', 36).nullable().references('scenario_versions.id').onDelete('SET NULL');
    t.string('created_by', 36).nullable().references('users.id').onDelete('SET NULL');
    t.string('updated_by', 36).nullable().references('users.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    /** The last validation (JSON), keyed inside by the content hash it validated. */
    t.text('validation_json').nullable();
    /** Characters in all its files, kept as files change: the size limit needs no read of them all. */
    t.bigInteger('size_chars').notNullable().defaultTo(0);
  });
  await knex.schema.createTable('draft_files', (t) => {
    t.string('draft_id', 36).notNullable().references('scenario_drafts.id').onDelete('CASCADE');
    t.string('path', 300).notNullable();
    t.integer('revision').notNullable();
    t.text('content').notNullable();
    t.string('author_id', 36).nullable().references('users.id').onDelete('SET NULL');
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.primary(['draft_id', 'path']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('draft_files');
  await knex.schema.dropTable('scenario_drafts');
  await knex.schema.alterTable('scenario_versions', (t) => {
    t.dropForeign(['published_by']);
    t.dropColumn('published_by');
    t.dropColumn('changelog');
  });
}
