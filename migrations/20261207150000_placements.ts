import type { Knex } from 'knex';

/**
 * Off-campus training (issue 16): a partnership's training bases (an enterprise site offering
 * roles and training competencies, with a capacity per term) and the placements of a school's
 * students at them, with a school mentor and, later, an enterprise mentor. Days are
 * 'YYYY-MM-DD' strings: a placement runs over calendar days, not instants.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('training_bases', (t) => {
    t.string('id', 36).primary();
    t.string('partnership_id', 36).notNullable().references('partnerships.id').onDelete('CASCADE');
    t.string('enterprise_id', 36).notNullable().references('organizations.id').onDelete('CASCADE');
    t.string('name', 200).notNullable();
    t.string('site', 200).notNullable().defaultTo('');
    t.text('roles_json').notNullable();
    t.text('competencies_json').notNullable();
    t.integer('capacity').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.index(['partnership_id']);
    t.index(['enterprise_id']);
  });

  await knex.schema.createTable('placements', (t) => {
    t.string('id', 36).primary();
    t.string('base_id', 36).notNullable().references('training_bases.id').onDelete('CASCADE');
    t.string('student_id', 36).notNullable().references('users.id').onDelete('CASCADE');
    t.string('school_id', 36).notNullable().references('organizations.id').onDelete('CASCADE');
    t.string('teacher_id', 36).notNullable().references('users.id');
    t.string('enterprise_mentor_id', 36).nullable().references('users.id');
    t.string('role', 100).notNullable();
    t.string('starts_on', 10).notNullable();
    t.string('ends_on', 10).notNullable();
    t.integer('weekly_hours').notNullable();
    t.enu('status', ['planned', 'active', 'completed', 'cancelled']).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.index(['base_id']);
    t.index(['student_id']);
    t.index(['school_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('placements');
  await knex.schema.dropTable('training_bases');
}
