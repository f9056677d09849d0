import type { Knex } from 'knex';

/**
 * Issue 20, first part: Practicum as an LTI 1.3 tool (launch only).
 *  - lti_registrations: a platform (LMS) an organisation's admin registered by hand; the pair
 *    (issuer, client_id) names it in every launch, so it is unique platform-wide.
 *  - lti_links: the platform's person (sub, unique per registration) → a Practicum account.
 *  - lti_contexts: the platform's course (context id) → the course it became in the school.
 *  - lti_states / lti_nonces: the login's state (bound to the browser by a cookie) and the
 *    nonce it sent; both short-lived, the nonce marked used once an id_token carried it.
 *  - tool_keys: the tool's signing keys; the private half sealed (server/secrets/sealer.ts),
 *    retired keys kept until nothing signed with them can still be in flight.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('lti_registrations', (t) => {
    t.string('id', 36).primary();
    t.string('org_id', 36).notNullable().references('organizations.id').onDelete('CASCADE');
    t.string('issuer', 255).notNullable();
    t.string('client_id', 255).notNullable();
    t.string('auth_login_url', 2000).notNullable();
    t.string('token_url', 2000).notNullable();
    t.string('jwks_url', 2000).notNullable();
    t.text('deployment_ids').notNullable(); // a JSON array of strings
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.unique(['issuer', 'client_id']);
    t.index(['org_id']);
  });
  await knex.schema.createTable('lti_links', (t) => {
    t.string('registration_id', 36).notNullable().references('lti_registrations.id').onDelete('CASCADE');
    t.string('sub', 255).notNullable();
    t.string('user_id', 36).notNullable().references('users.id').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('last_used_at', { useTz: true }).notNullable();
    t.primary(['registration_id', 'sub']);
    t.index(['user_id']);
  });
  await knex.schema.createTable('lti_contexts', (t) => {
    t.string('registration_id', 36).notNullable().references('lti_registrations.id').onDelete('CASCADE');
    t.string('context_id', 255).notNullable();
    t.string('course_id', 36).notNullable().references('courses.id').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.primary(['registration_id', 'context_id']);
  });
  await knex.schema.createTable('lti_states', (t) => {
    t.string('state', 64).primary();
    t.string('registration_id', 36).notNullable().references('lti_registrations.id').onDelete('CASCADE');
    t.timestamp('expires_at', { useTz: true }).notNullable();
    // Every login sweeps the expired ones (a class launches at once): by index, not a scan.
    t.index(['expires_at']);
  });
  await knex.schema.createTable('lti_nonces', (t) => {
    t.string('nonce', 64).primary();
    t.string('registration_id', 36).notNullable().references('lti_registrations.id').onDelete('CASCADE');
    // The login it was issued for: an id_token replayed into another login finds no nonce to use.
    t.string('state', 64).notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true }).nullable();
    t.index(['expires_at']);
  });
  await knex.schema.createTable('tool_keys', (t) => {
    t.string('kid', 64).primary();
    t.text('public_jwk').notNullable();
    t.text('private_jwk').notNullable(); // sealed
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('retired_at', { useTz: true }).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['tool_keys', 'lti_nonces', 'lti_states', 'lti_contexts', 'lti_links', 'lti_registrations']) await knex.schema.dropTableIfExists(table);
}
