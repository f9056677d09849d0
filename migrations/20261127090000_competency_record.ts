import type { Knex } from 'knex';

/**
 * The competency record. Frameworks are stored as imported (1EdTech CASE: document, items,
 * associations, each with its raw JSON) so an export gives back what came in. Evidence is one
 * row per graded check or rubric criterion and competency, unique per attempt, reference and
 * competency, so writing it again replaces it. Mastery is kept per course, student and
 * competency, recomputed from evidence whenever evidence or the course's method changes: the
 * course report reads one row per student, not millions of evidence rows.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('frameworks', (t) => {
    t.string('id', 36).primary();
    t.string('identifier', 100).notNullable().unique();
    t.string('uri', 500).nullable();
    t.string('title', 300).notNullable();
    t.text('document_json').notNullable();
    t.text('levels_json').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('framework_items', (t) => {
    t.string('framework_id', 36).notNullable().references('frameworks.id').onDelete('CASCADE');
    t.string('identifier', 100).notNullable();
    t.string('uri', 500).nullable();
    t.string('code', 100).notNullable();
    t.string('title', 300).notNullable();
    t.text('statement').notNullable();
    t.string('parent_identifier', 100).nullable();
    t.integer('sequence').notNullable().defaultTo(0);
    // Place in the imported list, so an export lists items as they came.
    t.integer('position').notNullable();
    t.text('item_json').notNullable();
    t.primary(['framework_id', 'identifier']);
    t.index(['code']);
  });

  await knex.schema.createTable('framework_associations', (t) => {
    t.string('framework_id', 36).notNullable().references('frameworks.id').onDelete('CASCADE');
    t.string('identifier', 100).notNullable();
    t.integer('position').notNullable();
    t.text('association_json').notNullable();
    t.primary(['framework_id', 'identifier']);
  });

  await knex.schema.alterTable('courses', (t) => {
    // Bumped by every evidence write: what was computed from evidence at version N stays valid until then.
    t.integer('evidence_version').notNullable().defaultTo(0);
    t.string('mastery_method', 32).notNullable().defaultTo('decaying_average');
    t.float('mastery_weight').notNullable().defaultTo(0.65);
    t.integer('mastery_n').notNullable().defaultTo(3);
    t.float('mastery_threshold').notNullable().defaultTo(0.6);
  });

  await knex.schema.createTable('evidence', (t) => {
    t.increments('id');
    t.string('course_id', 36).notNullable().references('courses.id').onDelete('CASCADE');
    t.string('student_id', 36).notNullable().references('users.id').onDelete('CASCADE');
    t.string('competency_code', 100).notNullable();
    t.float('score').notNullable();
    t.float('weight').notNullable();
    t.enu('source', ['check', 'rubric', 'regrade']).notNullable();
    t.string('attempt_id', 36).notNullable().references('attempts.id').onDelete('CASCADE');
    t.enu('ref_kind', ['check', 'criterion']).notNullable();
    t.string('ref_id', 64).notNullable();
    t.string('assessor_id', 36).nullable().references('users.id');
    // When the work was submitted, not graded: mastery follows the order of the work.
    t.timestamp('submitted_at', { useTz: true }).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.unique(['attempt_id', 'ref_kind', 'ref_id', 'competency_code']);
    t.index(['course_id', 'student_id', 'competency_code', 'submitted_at']);
    t.index(['student_id', 'competency_code']);
    // Covering the adjustment log's before/after aggregate: a range of one course and a few
    // competencies, read from the index alone (a million rows otherwise).
    t.index(['course_id', 'competency_code', 'submitted_at', 'attempt_id', 'score', 'weight'], 'evidence_course_code_time');
  });

  // One row per student and course holding every competency's value: the report of a cohort of
  // 1,000 × 50 reads 1,000 rows instead of 50,000 (measured: the row count, not the bytes,
  // is what the SQLite driver spends its time on).
  await knex.schema.createTable('mastery', (t) => {
    t.string('course_id', 36).notNullable().references('courses.id').onDelete('CASCADE');
    t.string('student_id', 36).notNullable().references('users.id').onDelete('CASCADE');
    // { "<code>": [value | null, pieces of work] }
    t.text('values_json').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.primary(['course_id', 'student_id']);
  });

  await knex.schema.createTable('course_modules', (t) => {
    t.string('id', 36).primary();
    t.string('course_id', 36).notNullable().references('courses.id').onDelete('CASCADE');
    t.integer('position').notNullable();
    t.string('title', 200).notNullable();
    t.text('description').notNullable().defaultTo('');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['course_id', 'position']);
  });

  await knex.schema.createTable('module_competencies', (t) => {
    t.string('module_id', 36).notNullable().references('course_modules.id').onDelete('CASCADE');
    t.string('competency_code', 100).notNullable();
    t.float('weight').notNullable().defaultTo(1);
    t.primary(['module_id', 'competency_code']);
    t.index(['competency_code']);
  });

  await knex.schema.createTable('adjustments', (t) => {
    t.string('id', 36).primary();
    t.string('course_id', 36).notNullable().references('courses.id').onDelete('CASCADE');
    t.string('module_id', 36).notNullable().references('course_modules.id').onDelete('CASCADE');
    t.timestamp('made_on', { useTz: true }).notNullable();
    t.text('what').notNullable();
    t.text('why').notNullable();
    t.string('created_by', 36).notNullable().references('users.id');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['course_id', 'made_on']);
  });

  // The before/after comparison of an adjustment, kept until the course's evidence or the
  // module's competencies change: a report is read far more often than work is graded.
  await knex.schema.createTable('adjustment_comparisons', (t) => {
    t.string('adjustment_id', 36).primary().references('adjustments.id').onDelete('CASCADE');
    t.integer('evidence_version').notNullable();
    t.text('codes').notNullable();
    t.text('comparison_json').notNullable();
  });

  // Targeted practice: an assignment with targets is seen by those students only.
  await knex.schema.createTable('assignment_targets', (t) => {
    t.string('assignment_id', 36).notNullable().references('assignments.id').onDelete('CASCADE');
    t.string('student_id', 36).notNullable().references('users.id').onDelete('CASCADE');
    t.primary(['assignment_id', 'student_id']);
    t.index(['student_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['assignment_targets', 'adjustment_comparisons', 'adjustments', 'module_competencies', 'course_modules', 'mastery', 'evidence', 'framework_associations', 'framework_items', 'frameworks']) {
    await knex.schema.dropTable(table);
  }
  await knex.schema.alterTable('courses', (t) => {
    t.dropColumn('evidence_version');
    t.dropColumn('mastery_method');
    t.dropColumn('mastery_weight');
    t.dropColumn('mastery_n');
    t.dropColumn('mastery_threshold');
  });
}
