import type { Knex } from 'knex';

/**
 * Published scenario packages. A version row is immutable: attempts keep pointing at the
 * version they started on, so a package edit publishes a new row and never rewrites one.
 * The whole package is stored (manifest and files) so grading never depends on the folder
 * still looking the way it did.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('scenarios', (t) => {
    t.string('id', 36).primary();
    t.string('slug', 64).notNullable().unique();
    t.string('owner_org_id', 36).nullable().references('organizations.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('scenario_versions', (t) => {
    t.string('id', 36).primary();
    t.string('scenario_id', 36).notNullable().references('scenarios.id').onDelete('CASCADE');
    t.string('version', 32).notNullable();
    t.integer('seq').notNullable();
    t.string('content_hash', 64).notNullable();
    t.string('title', 200).notNullable();
    t.string('industry', 32).notNullable();
    t.text('manifest_json').notNullable();
    t.text('files_json').notNullable();
    t.timestamp('published_at', { useTz: true }).notNullable();
    t.unique(['scenario_id', 'version']);
    t.unique(['scenario_id', 'seq']);
    t.unique(['scenario_id', 'content_hash']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('scenario_versions');
  await knex.schema.dropTable('scenarios');
}
