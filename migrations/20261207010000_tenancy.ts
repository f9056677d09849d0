import type { Knex } from 'knex';

/**
 * Tenancy. The people who run the installation (platform operators) become an explicit
 * role of the account, outside every organisation, so an organisation's admin no longer
 * stands for the whole platform. Frameworks get an owner: null is a shared framework the
 * operators manage, an organisation id one that organisation imported for itself.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    // 'operator' or null; a string so a later platform role (an auditor) needs no new column.
    t.string('platform_role', 16).nullable();
  });
  await knex.schema.alterTable('frameworks', (t) => {
    t.string('org_id', 36).nullable().references('organizations.id').onDelete('CASCADE');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('frameworks', (t) => {
    t.dropForeign(['org_id']);
    t.dropColumn('org_id');
  });
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('platform_role');
  });
}
