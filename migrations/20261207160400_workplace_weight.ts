import type { Knex } from 'knex';

/**
 * Issue 16: a course chooses how workplace assessments weigh against simulated work in its
 * mastery. Mastery is computed by the course's method over each kind of evidence on its own,
 * then the two results are combined as a weighted mean with these weights (equal by default,
 * so a course that never sets them counts both alike). See server/competency/evidence.ts.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('courses', (t) => {
    t.float('simulated_weight').notNullable().defaultTo(1);
    t.float('workplace_weight').notNullable().defaultTo(1);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('courses', (t) => {
    t.dropColumn('workplace_weight');
    t.dropColumn('simulated_weight');
  });
}
