import type { Knex } from 'knex';

/**
 * Inbox read state moves to the server (issue 14 §2): it was kept in each browser's
 * localStorage, so a message read on one device showed as new on the next. A delivery is
 * already one row per attempt and event, so the time the student first saw it is a column of
 * that row; empty means unread, and nothing can be read before it is delivered.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('event_deliveries', (t) => {
    t.timestamp('read_at', { useTz: true }).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('event_deliveries', (t) => {
    t.dropColumn('read_at');
  });
}
