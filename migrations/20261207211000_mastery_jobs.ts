import type { Knex } from 'knex';

/**
 * Issue 18: a course's whole mastery is recomputed by a background job, not in the request.
 *  - mastery_jobs: one durable row per requested change of method or source weights. The row,
 *    not a queue in memory, is the job: any web process or worker may claim it (a lease that
 *    expires), so it survives a restart and runs once in a cluster.
 *  - courses.mastery_version: bumped by every per-student mastery write, so the job's swap can
 *    tell that a grading wrote mastery while it computed (and compute again rather than
 *    overwrite it with stale values).
 *  - an index in the order a recompute groups evidence (student, competency, kind of work,
 *    piece of work) holding what it reads, so SQLite groups a course's million rows without
 *    sorting them and without a lookup per row. Its expressions are the query's, word for word
 *    (server/competency/evidence.ts), or SQLite would not use it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('courses', (t) => {
    t.integer('mastery_version').notNullable().defaultTo(0);
  });
  await knex.schema.createTable('mastery_jobs', (t) => {
    t.string('id', 36).primary();
    t.string('course_id', 36).notNullable().references('courses.id').onDelete('CASCADE');
    // The course's MASTERY_COLUMNS as the teacher asked for them; written to the course at the swap.
    t.text('settings_json').notNullable();
    t.string('status', 16).notNullable(); // pending | running | done | superseded
    t.integer('done').notNullable().defaultTo(0);
    t.integer('total').notNullable().defaultTo(0);
    t.string('claimed_by', 100).nullable();
    t.bigInteger('lease_until').nullable(); // epoch ms: past it, another process may take the job over
    t.string('requested_by', 36).nullable().references('users.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('finished_at', { useTz: true }).nullable();
    t.index(['course_id', 'status']);
    t.index(['status', 'lease_until']);
  });
  await knex.raw(
    "create index evidence_pieces on evidence (course_id, student_id, competency_code, (case when source = 'workplace' then 1 else 0 end), (coalesce(attempt_id, ref_id)), submitted_at, score, weight)",
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index evidence_pieces');
  await knex.schema.dropTable('mastery_jobs');
  await knex.schema.alterTable('courses', (t) => {
    t.dropColumn('mastery_version');
  });
}
