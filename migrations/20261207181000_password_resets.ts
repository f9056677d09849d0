import type { Knex } from 'knex';

/**
 * Issue 17: password reset links, asked for by e-mail ("forgot password", an hour) or issued by
 * an admin to hand over in person (7 days). Only the SHA-256 of a link's token is kept, so a
 * database read gives no usable link; a link is used once, and a newer one for the person revokes it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('password_resets', (t) => {
    t.string('id', 36).primary();
    t.string('user_id', 36).notNullable().references('users.id').onDelete('CASCADE');
    t.string('token_hash', 64).notNullable().unique();
    t.enu('kind', ['email', 'admin']).notNullable();
    /** The admin who issued it; null when the person asked by e-mail. */
    t.string('issued_by', 36).nullable().references('users.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true }).nullable();
    t.timestamp('revoked_at', { useTz: true }).nullable();
    t.index(['user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('password_resets');
}
