import type { Knex } from 'knex';

/**
 * The teacher's monitor reads, for every attempt of an assignment at once, the time of its
 * newest visible check run and of its newest save (#18). Both indexes carry created_at, so
 * those maxima come from the index alone, without reading the runs' results or the revisions'
 * content. The check-run index replaces (attempt_id, kind), whose lookups it still serves.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('check_runs', (t) => {
    t.index(['attempt_id', 'kind', 'created_at']);
  });
  await knex.schema.alterTable('check_runs', (t) => {
    t.dropIndex(['attempt_id', 'kind']);
  });
  await knex.schema.alterTable('file_revisions', (t) => {
    t.index(['attempt_id', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('file_revisions', (t) => {
    t.dropIndex(['attempt_id', 'created_at']);
  });
  await knex.schema.alterTable('check_runs', (t) => {
    t.index(['attempt_id', 'kind']);
  });
  await knex.schema.alterTable('check_runs', (t) => {
    t.dropIndex(['attempt_id', 'kind', 'created_at']);
  });
}
