import type { Knex } from 'knex';

/**
 * Issue 19: statements name people by a pseudonymous account "unless the organisation chooses"
 * otherwise. This is that choice: with identify_by_email on, an organisation's statements name
 * each person by their e-mail (xAPI `mbox: mailto:…`), so its LRS can match them to its other
 * systems. Off by default, and for every organisation that existed before.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('xapi_settings', (t) => {
    t.boolean('identify_by_email').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('xapi_settings', (t) => {
    t.dropColumn('identify_by_email');
  });
}
