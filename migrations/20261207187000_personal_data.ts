import type { Knex } from 'knex';

/**
 * Personal data (#17): when a student is erased, does the school keep their assessment records
 * (attempt scores, evidence, mastery, signed workplace assessments) under their pseudonym? A
 * school usually must (assessment records have a legal retention period), so the default is yes;
 * an organisation that need not keep them switches it off and erasure deletes them too.
 * `users.erased_at` marks an erased account: it can never be signed into or exported again.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('organizations', (t) => {
    t.boolean('erasure_keeps_scores').notNullable().defaultTo(true);
  });
  await knex.schema.alterTable('users', (t) => {
    t.timestamp('erased_at', { useTz: true }).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('erased_at');
  });
  await knex.schema.alterTable('organizations', (t) => {
    t.dropColumn('erasure_keeps_scores');
  });
}
