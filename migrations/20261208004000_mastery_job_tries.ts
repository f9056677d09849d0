import type { Knex } from 'knex';

/**
 * mastery_jobs.tries: how many times a recompute was claimed. A job that fails every time (a bug,
 * data it cannot read) was claimed again at every lease expiry for ever; after a few tries it is
 * now marked `failed`, and the teacher is told the previous values stay.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('mastery_jobs', (t) => {
    t.integer('tries').notNullable().defaultTo(0);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('mastery_jobs', (t) => {
    t.dropColumn('tries');
  });
}
