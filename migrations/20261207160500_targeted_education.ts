import type { Knex } from 'knex';

/**
 * Issue 16, targeted education (针对性培养): after a placement, a teacher gives a student who is
 * below the enterprise's profile a targeted practice and a day to re-assess. The plan keeps
 * which competencies it was for, so "did the gap close?" is asked of those, and when a read
 * first sees them all at the required level it stores the moment (closed_at).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('targeted_plans', (t) => {
    t.string('id', 36).primary();
    t.string('course_id', 36).notNullable().references('courses.id').onDelete('CASCADE');
    t.string('student_id', 36).notNullable().references('users.id').onDelete('CASCADE');
    t.string('placement_id', 36).notNullable().references('placements.id').onDelete('CASCADE');
    t.text('codes_json').notNullable();
    // The practice may be withdrawn later; the plan stays as history.
    t.string('assignment_id', 36).nullable().references('assignments.id').onDelete('SET NULL');
    t.string('reassess_on', 10).notNullable();
    t.string('created_by', 36).notNullable().references('users.id');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('closed_at', { useTz: true }).nullable();
    t.index(['course_id']);
    t.index(['placement_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('targeted_plans');
}
