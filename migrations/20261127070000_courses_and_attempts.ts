import type { Knex } from 'knex';

/**
 * Courses, assignments and attempts: the student's live work. File revisions are append-only
 * (an acked save is a row that is never updated), so a crash can lose nothing that was acked.
 * Event deliveries have a unique key per attempt and event: however many processes or
 * restarts race, an event is delivered once.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('courses', (t) => {
    t.string('id', 36).primary();
    t.string('school_id', 36).notNullable().references('organizations.id').onDelete('CASCADE');
    t.string('title', 200).notNullable();
    t.string('code', 40).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('course_members', (t) => {
    t.string('course_id', 36).notNullable().references('courses.id').onDelete('CASCADE');
    t.string('user_id', 36).notNullable().references('users.id').onDelete('CASCADE');
    t.enu('role', ['teacher', 'student']).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.primary(['course_id', 'user_id', 'role']);
    t.index(['user_id', 'role']);
  });

  await knex.schema.createTable('assignments', (t) => {
    t.string('id', 36).primary();
    t.string('course_id', 36).notNullable().references('courses.id').onDelete('CASCADE');
    t.string('scenario_version_id', 36).notNullable().references('scenario_versions.id');
    t.string('title', 200).notNullable();
    t.enu('mode', ['practice', 'assessment']).notNullable();
    t.timestamp('opens_at', { useTz: true }).notNullable();
    t.timestamp('closes_at', { useTz: true }).nullable();
    t.integer('time_limit_minutes').notNullable();
    t.integer('max_attempts').nullable();
    t.enu('reveal_policy', ['full', 'description', 'points', 'after-close']).notNullable();
    t.enu('review', ['none', 'single', 'double']).notNullable();
    t.boolean('blind_review').notNullable().defaultTo(false);
    t.string('created_by', 36).notNullable().references('users.id');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['course_id']);
  });

  await knex.schema.createTable('attempts', (t) => {
    t.string('id', 36).primary();
    t.string('assignment_id', 36).notNullable().references('assignments.id').onDelete('CASCADE');
    t.string('student_id', 36).notNullable().references('users.id').onDelete('CASCADE');
    t.integer('number').notNullable();
    t.enu('status', ['in_progress', 'submitted', 'graded']).notNullable();
    t.timestamp('started_at', { useTz: true }).notNullable();
    t.timestamp('deadline_at', { useTz: true }).notNullable();
    t.timestamp('submitted_at', { useTz: true }).nullable();
    t.enu('submit_reason', ['student', 'deadline']).nullable();
    t.float('auto_score').nullable();
    t.timestamp('last_activity_at', { useTz: true }).notNullable();
    t.unique(['assignment_id', 'student_id', 'number']);
    t.index(['status', 'deadline_at']);
  });

  await knex.schema.createTable('file_revisions', (t) => {
    t.string('attempt_id', 36).notNullable().references('attempts.id').onDelete('CASCADE');
    t.string('path', 300).notNullable();
    t.integer('revision').notNullable();
    t.text('content').notNullable();
    t.string('author_id', 36).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.primary(['attempt_id', 'path', 'revision']);
  });

  await knex.schema.createTable('event_deliveries', (t) => {
    t.string('attempt_id', 36).notNullable().references('attempts.id').onDelete('CASCADE');
    t.string('event_id', 64).notNullable();
    t.timestamp('delivered_at', { useTz: true }).notNullable();
    t.primary(['attempt_id', 'event_id']);
  });

  await knex.schema.createTable('check_runs', (t) => {
    t.string('id', 36).primary();
    t.string('attempt_id', 36).notNullable().references('attempts.id').onDelete('CASCADE');
    t.enu('kind', ['visible', 'submission']).notNullable();
    t.float('auto_score').notNullable();
    t.text('results_json').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['attempt_id', 'kind']);
  });

  // The attempt timeline, shaped like xAPI statements (actor, verb, object, result, timestamp).
  await knex.schema.createTable('statements', (t) => {
    t.increments('seq');
    t.string('attempt_id', 36).notNullable().references('attempts.id').onDelete('CASCADE');
    t.string('actor_id', 36).nullable();
    t.string('verb', 40).notNullable();
    t.string('object', 300).notNullable();
    t.text('result_json').nullable();
    t.timestamp('timestamp', { useTz: true }).notNullable();
    t.index(['attempt_id', 'seq']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['statements', 'check_runs', 'event_deliveries', 'file_revisions', 'attempts', 'assignments', 'course_members', 'courses']) {
    await knex.schema.dropTable(table);
  }
}
