import type { Knex } from 'knex';

/**
 * Storage quotas (issue 13 §4). Saves were append-only and limits counted characters, so one
 * student could store gigabytes an hour and '中' passed a "512 KB" rule at 1.5 MB.
 * - Every file revision and draft file carries its size in UTF-8 bytes, so a quota and the
 *   compaction that thins old revisions never read the content to add it up.
 * - An attempt keeps the bytes its student's saves hold (kept by each save and each compaction,
 *   in the same transaction) and when its history is next due for thinning.
 * - A check run names the revisions it ran on: those are never thinned out (replay, review).
 * - A draft's size was kept in characters; it is kept in bytes from now on (filled in by the
 *   next migration, which also sizes the rows already stored).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('file_revisions', (t) => {
    t.integer('size_bytes').notNullable().defaultTo(0);
  });
  await knex.schema.alterTable('attempts', (t) => {
    t.bigInteger('stored_bytes').notNullable().defaultTo(0);
    t.timestamp('compact_due_at', { useTz: true }).nullable();
    // The scheduler's compaction pass reads the few attempts that are due, oldest first.
    t.index(['compact_due_at']);
  });
  await knex.schema.alterTable('check_runs', (t) => {
    // {"path": revision} of every file the run read.
    t.text('revisions_json').nullable();
  });
  await knex.schema.alterTable('scenario_drafts', (t) => {
    t.renameColumn('size_chars', 'size_bytes');
  });
  await knex.schema.alterTable('draft_files', (t) => {
    t.integer('size_bytes').notNullable().defaultTo(0);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('draft_files', (t) => {
    t.dropColumn('size_bytes');
  });
  await knex.schema.alterTable('scenario_drafts', (t) => {
    t.renameColumn('size_bytes', 'size_chars');
  });
  await knex.schema.alterTable('check_runs', (t) => {
    t.dropColumn('revisions_json');
  });
  await knex.schema.alterTable('attempts', (t) => {
    t.dropIndex(['compact_due_at']);
    t.dropColumn('compact_due_at');
    t.dropColumn('stored_bytes');
  });
  await knex.schema.alterTable('file_revisions', (t) => {
    t.dropColumn('size_bytes');
  });
}
