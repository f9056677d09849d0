import type { Knex } from 'knex';

/**
 * Retention of finished courses' work (#17, "Personal data"): a school keeps its students'
 * attempts for as many months after a course ends as it chooses (null: keep them). A daily job
 * removes the work of older attempts (files, revisions, check runs, timeline) and keeps the
 * attempt's row as a stub with its scores, because the competency record's evidence and the
 * course report count pieces of work by attempt: deleting the row would cascade to them.
 * `retention_applied_at` lets one process a day claim an organisation's pass, whatever restarts
 * or how many processes run.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('organizations', (t) => {
    t.integer('retention_months').nullable();
    t.timestamp('retention_applied_at', { useTz: true }).nullable();
  });
  await knex.schema.alterTable('attempts', (t) => {
    t.timestamp('work_removed_at', { useTz: true }).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('attempts', (t) => {
    t.dropColumn('work_removed_at');
  });
  await knex.schema.alterTable('organizations', (t) => {
    t.dropColumn('retention_applied_at');
    t.dropColumn('retention_months');
  });
}
