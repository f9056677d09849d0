import type { Knex } from 'knex';

/**
 * Issue 16: an external enterprise mentor is invited by a one-time link (as PebblePad's external
 * assessors are). Only the SHA-256 of the link's token is kept, so a database read gives no
 * usable link. An invitation is used once, expires, and a newer one for the placement revokes it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('mentor_invitations', (t) => {
    t.string('id', 36).primary();
    t.string('placement_id', 36).notNullable().references('placements.id').onDelete('CASCADE');
    t.string('token_hash', 64).notNullable().unique();
    t.string('name', 200).notNullable();
    t.string('email', 254).notNullable();
    t.string('invited_by', 36).notNullable().references('users.id');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true }).nullable();
    t.timestamp('revoked_at', { useTz: true }).nullable();
    t.string('accepted_by', 36).nullable().references('users.id');
    t.index(['placement_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('mentor_invitations');
}
