import type { Knex } from 'knex';

/**
 * Partnerships become a lifecycle between two admins (issue 7): one side proposes, the other
 * accepts, either ends. The row remembers who proposed, so only the other side may accept,
 * and when it was accepted. Rows that predate this (the seeded ones) have no proposer.
 * An enterprise may mark a scenario public: any school's teacher may then assign it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('partnerships', (t) => {
    t.string('proposed_by_org_id', 36).nullable().references('organizations.id').onDelete('SET NULL');
    t.timestamp('accepted_at', { useTz: true }).nullable();
  });
  await knex.schema.alterTable('scenarios', (t) => {
    t.boolean('public').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('scenarios', (t) => {
    t.dropColumn('public');
  });
  await knex.schema.alterTable('partnerships', (t) => {
    t.dropForeign(['proposed_by_org_id']);
    t.dropColumn('proposed_by_org_id');
    t.dropColumn('accepted_at');
  });
}
