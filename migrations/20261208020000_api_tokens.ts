import type { Knex } from 'knex';

/**
 * Issue 19: an organisation's service tokens for scripts (Bearer authentication).
 *  - api_tokens: the secret is kept only as its sha256 (a 256-bit random secret needs no slow
 *    hash: nobody can guess it, and lookup by hash is one indexed read); the prefix is what the
 *    admin saw once and recognises in a script. Revoked and expired rows stay: the audit log
 *    names them.
 *  - api_token_uses: a count per token, route and minute. Every use is counted there; the audit
 *    log gets one entry per token, route and minute (its first use), so a script polling a
 *    report every second writes sixty counts, not sixty audit entries. Counts are kept 90 days
 *    (server/accounts/apiTokens.ts); the audit entries follow the audit log's own keeping.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('api_tokens', (t) => {
    t.string('id', 36).primary();
    t.string('org_id', 36).notNullable().references('organizations.id').onDelete('CASCADE');
    t.string('name', 100).notNullable();
    t.text('scopes_json').notNullable();
    t.string('secret_hash', 64).notNullable().unique();
    t.string('prefix', 16).notNullable();
    t.string('created_by', 36).nullable().references('users.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('last_used_at', { useTz: true }).nullable();
    t.timestamp('revoked_at', { useTz: true }).nullable();
    t.string('revoked_by', 36).nullable().references('users.id').onDelete('SET NULL');
    t.index(['org_id']);
  });
  await knex.schema.createTable('api_token_uses', (t) => {
    t.string('token_id', 36).notNullable().references('api_tokens.id').onDelete('CASCADE');
    t.string('route', 200).notNullable();
    t.timestamp('minute', { useTz: true }).notNullable();
    t.integer('count').notNullable().defaultTo(0);
    t.primary(['token_id', 'route', 'minute']);
    // The sweep removes counts past USES_KEPT_DAYS by time alone.
    t.index(['minute']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('api_token_uses');
  await knex.schema.dropTable('api_tokens');
}
