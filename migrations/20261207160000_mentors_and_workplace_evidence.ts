import type { Knex } from 'knex';
import { setEnumValues, setNullable } from '../server/db/schemaChange';

/**
 * Issue 16, the parts every later piece of off-campus training stands on:
 *  - the `mentor` role (an enterprise engineer who guides students on placement);
 *  - a placement belongs to a course, whose competency record its assessments feed;
 *  - evidence can come from the workplace: source `workplace`, a reference to the signed
 *    assessment, the placement, and no attempt (there is none at a workplace);
 *  - an enterprise's requirements of a role: competency → required level, for the role at
 *    every base of the enterprise (base_id null) or at one base (which then wins).
 * Enums are CHECK constraints on both dialects; server/db/schemaChange.ts widens them.
 */
const ROLES_BEFORE = ['student', 'teacher', 'author', 'reviewer', 'admin'];
const SOURCES_BEFORE = ['check', 'rubric', 'regrade'];
const REF_KINDS_BEFORE = ['check', 'criterion'];

export async function up(knex: Knex): Promise<void> {
  await setEnumValues(knex, 'memberships', 'role', [...ROLES_BEFORE, 'mentor']);
  await knex.schema.alterTable('placements', (t) => {
    t.string('course_id', 36).nullable().references('courses.id').onDelete('SET NULL');
    t.index(['enterprise_mentor_id']);
    t.index(['course_id']);
  });
  await setEnumValues(knex, 'evidence', 'source', [...SOURCES_BEFORE, 'workplace']);
  await setEnumValues(knex, 'evidence', 'ref_kind', [...REF_KINDS_BEFORE, 'assessment']);
  await setNullable(knex, 'evidence', 'attempt_id', true);
  await knex.schema.alterTable('evidence', (t) => {
    t.string('placement_id', 36).nullable().references('placements.id').onDelete('CASCADE');
  });
  await knex.schema.createTable('role_profiles', (t) => {
    t.increments('id');
    t.string('enterprise_id', 36).notNullable().references('organizations.id').onDelete('CASCADE');
    t.string('base_id', 36).nullable().references('training_bases.id').onDelete('CASCADE');
    t.string('role', 100).notNullable();
    t.string('competency_code', 100).notNullable();
    /** A proficiency level id of the competency's framework (e.g. `proficient`). */
    t.string('level_id', 64).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.index(['enterprise_id', 'role']);
    t.index(['base_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('role_profiles');
  await knex('evidence').where({ source: 'workplace' }).delete();
  await knex.schema.alterTable('evidence', (t) => {
    t.dropForeign(['placement_id']);
    t.dropColumn('placement_id');
  });
  await setNullable(knex, 'evidence', 'attempt_id', false);
  await setEnumValues(knex, 'evidence', 'ref_kind', REF_KINDS_BEFORE);
  await setEnumValues(knex, 'evidence', 'source', SOURCES_BEFORE);
  await knex.schema.alterTable('placements', (t) => {
    t.dropIndex(['course_id']);
    t.dropIndex(['enterprise_mentor_id']);
    t.dropForeign(['course_id']);
    t.dropColumn('course_id');
  });
  await knex('memberships').where({ role: 'mentor' }).delete();
  await setEnumValues(knex, 'memberships', 'role', ROLES_BEFORE);
}
