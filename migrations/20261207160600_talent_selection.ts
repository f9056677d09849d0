import type { Knex } from 'knex';

/**
 * Talent selection (issue 16): a student's consent, per partner enterprise, to be seen as a
 * candidate, and what they share; the log of every grant, change and revocation (append-only,
 * read by the student); the enterprise's shortlist; interview invitations. A consent row is
 * current while `revoked_at` is null; nothing is shown to an enterprise without one.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('talent_consents', (t) => {
    t.string('student_id', 36).notNullable().references('users.id').onDelete('CASCADE');
    t.string('enterprise_id', 36).notNullable().references('organizations.id').onDelete('CASCADE');
    /** The school through whose partnership the student opted in. */
    t.string('school_id', 36).notNullable().references('organizations.id').onDelete('CASCADE');
    t.boolean('shares_identity').notNullable();
    t.boolean('shares_assessments').notNullable();
    t.timestamp('granted_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.timestamp('revoked_at', { useTz: true }).nullable();
    t.primary(['student_id', 'enterprise_id']);
    t.index(['enterprise_id']);
  });

  await knex.schema.createTable('talent_consent_log', (t) => {
    t.increments('id');
    t.string('student_id', 36).notNullable().references('users.id').onDelete('CASCADE');
    t.string('enterprise_id', 36).notNullable().references('organizations.id').onDelete('CASCADE');
    t.enu('action', ['granted', 'changed', 'revoked']).notNullable();
    t.boolean('shares_identity').notNullable();
    t.boolean('shares_assessments').notNullable();
    t.string('by_user_id', 36).notNullable().references('users.id');
    t.timestamp('at', { useTz: true }).notNullable();
    t.index(['student_id', 'at']);
  });

  await knex.schema.createTable('talent_shortlist', (t) => {
    t.string('enterprise_id', 36).notNullable().references('organizations.id').onDelete('CASCADE');
    t.string('student_id', 36).notNullable().references('users.id').onDelete('CASCADE');
    t.string('role', 100).notNullable();
    t.string('note', 2000).notNullable().defaultTo('');
    t.string('created_by', 36).notNullable().references('users.id');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.primary(['enterprise_id', 'student_id']);
  });

  await knex.schema.createTable('talent_invitations', (t) => {
    t.string('id', 36).primary();
    t.string('enterprise_id', 36).notNullable().references('organizations.id').onDelete('CASCADE');
    t.string('student_id', 36).notNullable().references('users.id').onDelete('CASCADE');
    t.string('school_id', 36).notNullable().references('organizations.id').onDelete('CASCADE');
    t.string('base_id', 36).nullable().references('training_bases.id').onDelete('SET NULL');
    t.string('role', 100).notNullable();
    t.timestamp('interview_at', { useTz: true }).notNullable();
    t.string('place', 500).notNullable();
    t.string('message', 2000).notNullable().defaultTo('');
    t.enu('status', ['sent', 'accepted', 'declined']).notNullable();
    t.timestamp('responded_at', { useTz: true }).nullable();
    t.string('created_by', 36).notNullable().references('users.id');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['enterprise_id']);
    t.index(['student_id']);
    t.index(['school_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('talent_invitations');
  await knex.schema.dropTable('talent_shortlist');
  await knex.schema.dropTable('talent_consent_log');
  await knex.schema.dropTable('talent_consents');
}
