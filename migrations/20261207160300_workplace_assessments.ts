import type { Knex } from 'knex';

/**
 * Workplace assessments (issue 16, 实习考核): the school side sets assessment points on a
 * placement (mid-placement, final) with a due day; at each point both mentors assess the
 * student. An assessment is a draft (autosaved, a revision per save) until its assessor signs
 * it off; then it never changes again. A correction is a new version of the same assessor's
 * assessment at the point, linked to the one it supersedes. Days are 'YYYY-MM-DD' strings, as
 * the placement's own.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('assessment_points', (t) => {
    t.string('id', 36).primary();
    t.string('placement_id', 36).notNullable().references('placements.id').onDelete('CASCADE');
    t.enu('kind', ['mid', 'final']).notNullable();
    t.string('due_on', 10).notNullable();
    t.string('set_by', 36).notNullable().references('users.id');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    // One point of each kind per placement: routes name a point by its kind.
    t.unique(['placement_id', 'kind']);
  });

  await knex.schema.createTable('workplace_assessments', (t) => {
    t.string('id', 36).primary();
    t.string('point_id', 36).notNullable().references('assessment_points.id').onDelete('CASCADE');
    t.string('placement_id', 36).notNullable().references('placements.id').onDelete('CASCADE');
    t.string('assessor_id', 36).notNullable().references('users.id');
    t.enu('side', ['school', 'enterprise']).notNullable();
    t.integer('version').notNullable();
    t.string('supersedes_id', 36).nullable().references('workplace_assessments.id');
    t.enu('status', ['draft', 'signed']).notNullable();
    t.integer('revision').notNullable();
    t.text('content_json').notNullable();
    t.string('signer_name', 200).nullable();
    t.timestamp('signed_at', { useTz: true }).nullable();
    /** SHA-256 (hex) of the canonical JSON of the content as signed. */
    t.string('content_hash', 64).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    // Two devices starting the same version at once: one of them wins, the other is told.
    t.unique(['point_id', 'assessor_id', 'version']);
    t.index(['placement_id']);
    t.index(['assessor_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex('evidence').where({ source: 'workplace', ref_kind: 'assessment' }).delete();
  await knex.schema.dropTable('workplace_assessments');
  await knex.schema.dropTable('assessment_points');
}
