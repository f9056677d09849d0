import type { Knex } from 'knex';

/**
 * The feedback channel between schools and enterprises (DESIGN §6, seed §5.3). A teacher's
 * adjustment may cite the scenarios that prompted it, so the owning enterprise reads the note
 * next to its scenario's results. Comments are threads on a subject named by kind and id:
 * a report section (`<courseId>:<section>`) or a scenario version. The subject is a string,
 * not a foreign key, because a thread may hang off a part of a page rather than a row.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('adjustment_scenarios', (t) => {
    t.string('adjustment_id', 36).notNullable().references('adjustments.id').onDelete('CASCADE');
    t.string('scenario_id', 36).notNullable().references('scenarios.id').onDelete('CASCADE');
    t.primary(['adjustment_id', 'scenario_id']);
    // The enterprise side reads notes by scenario.
    t.index(['scenario_id']);
  });

  await knex.schema.createTable('comments', (t) => {
    t.string('id', 36).primary();
    t.enu('subject_kind', ['report_section', 'scenario_version']).notNullable();
    t.string('subject_id', 100).notNullable();
    // Replies are one level deep: a reply's parent is a top-level comment of the same thread.
    t.string('parent_id', 36).nullable().references('comments.id').onDelete('CASCADE');
    t.string('author_id', 36).notNullable().references('users.id');
    t.text('body').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['subject_kind', 'subject_id', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('comments');
  await knex.schema.dropTable('adjustment_scenarios');
}
