import type { Knex } from 'knex';

/**
 * An enterprise may share its scenarios' solutions and hidden checks with one partner school's
 * teachers (to prepare lessons, to moderate); off unless its admin switches it on.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('partnerships', (t) => {
    t.boolean('shares_solutions').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('partnerships', (t) => {
    t.dropColumn('shares_solutions');
  });
}
