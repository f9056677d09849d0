import type { Knex } from 'knex';

/**
 * The teacher's monitor reads, for every attempt of an assignment at once, the time of its
 * newest visible check run and its last activity (#18). The check-run index carries created_at,
 * so that maximum comes from the index alone, without reading the runs' results; it replaces
 * (attempt_id, kind), whose lookups it still serves.
 *
 * A save now moves the attempt's last_activity_at in the statement that already counts its
 * bytes on the attempt row, so the monitor no longer aggregates file_revisions (that would need
 * an index on every revision, written on every save). Attempts saved before this migration get
 * their newest save's time once.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('check_runs', (t) => {
    t.index(['attempt_id', 'kind', 'created_at']);
  });
  await knex.schema.alterTable('check_runs', (t) => {
    t.dropIndex(['attempt_id', 'kind']);
  });
  await knex.raw(`
update attempts
set last_activity_at = (select max(f.created_at) from file_revisions f where f.attempt_id = attempts.id)
where exists (select 1 from file_revisions f where f.attempt_id = attempts.id and f.created_at > attempts.last_activity_at)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('check_runs', (t) => {
    t.index(['attempt_id', 'kind']);
  });
  await knex.schema.alterTable('check_runs', (t) => {
    t.dropIndex(['attempt_id', 'kind', 'created_at']);
  });
}
