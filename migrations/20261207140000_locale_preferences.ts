import type { Knex } from 'knex';

/**
 * The interface language is remembered on the server (issue 15): a user's own choice, and an
 * organisation's default for people whose browser names no language Practicum speaks. Empty
 * means "not chosen": the browser's languages decide.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.string('locale', 16).nullable();
  });
  await knex.schema.alterTable('organizations', (t) => {
    t.string('default_locale', 16).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('locale');
  });
  await knex.schema.alterTable('organizations', (t) => {
    t.dropColumn('default_locale');
  });
}
