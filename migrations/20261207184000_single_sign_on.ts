import type { Knex } from 'knex';

/**
 * Single sign-on with OpenID Connect (#17): an organisation's identity provider, the people it
 * vouches for (linked by the provider's issuer and subject, never by a name that can change),
 * and sign-ins on their way through the provider (state, nonce and PKCE verifier kept on the
 * server, so the browser's short-lived cookie holds only a random handle).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sso_configs', (t) => {
    t.string('org_id', 36).primary().references('organizations.id').onDelete('CASCADE');
    t.boolean('enabled').notNullable().defaultTo(false);
    t.string('issuer', 500).notNullable();
    t.string('client_id', 255).notNullable();
    /** Sent to the provider's token endpoint; the API never returns it once saved. */
    t.string('client_secret', 500).nullable();
    t.string('scopes', 300).notNullable();
    /** JSON: which claim gives the e-mail, name, role and class, and provider role → Practicum role. */
    t.text('claim_mapping').notNullable();
    /** Members of the organisation sign in only through the provider (operators never locked out). */
    t.boolean('password_sign_in_disabled').notNullable().defaultTo(false);
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.string('updated_by', 36).nullable();
  });

  await knex.schema.createTable('sso_identities', (t) => {
    t.string('id', 36).primary();
    t.string('user_id', 36).notNullable().references('users.id').onDelete('CASCADE');
    // Scoped by organisation: another tenant naming the same issuer never reaches these people.
    t.string('org_id', 36).notNullable().references('organizations.id').onDelete('CASCADE');
    t.string('issuer', 500).notNullable();
    t.string('subject', 255).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('last_used_at', { useTz: true }).notNullable();
    t.unique(['org_id', 'issuer', 'subject']);
    t.index(['user_id']);
  });

  await knex.schema.createTable('sso_pending', (t) => {
    /** sha256 of the cookie's random handle: a database read alone cannot finish someone's sign-in. */
    t.string('id', 64).primary();
    t.string('org_id', 36).notNullable().references('organizations.id').onDelete('CASCADE');
    t.string('state', 128).notNullable();
    t.string('nonce', 128).notNullable();
    t.string('code_verifier', 128).notNullable();
    t.string('locale', 8).nullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.index(['expires_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('sso_pending');
  await knex.schema.dropTable('sso_identities');
  await knex.schema.dropTable('sso_configs');
}
