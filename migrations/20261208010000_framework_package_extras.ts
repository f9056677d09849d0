import type { Knex } from 'knex';

/**
 * What a CASE package holds besides its document, items and associations: CFDefinitions
 * (subjects, concepts, item types, licenses, association groupings), CFRubrics and any other
 * top-level member, kept as sent so an export gives the whole package back.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('frameworks', (t) => {
    t.text('package_json').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('frameworks', (t) => {
    t.dropColumn('package_json');
  });
}
