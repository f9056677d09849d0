import type { Knex } from 'knex';

/**
 * Enterprise review. A submission that needs review becomes one review item (unique per
 * attempt) owned by the enterprise that owns the scenario; reviews of it are rows that start
 * as an expiring claim. The rubric the item is scored against is snapshotted on the item, so
 * a later scenario version never rewrites feedback already given. The released outcome per
 * criterion lives in criterion_results, and every change after release in score_changes.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('memberships', (t) => {
    // A lead reviewer moderates disagreements, reads agreement and keeps the calibration set.
    t.boolean('lead').notNullable().defaultTo(false);
  });

  await knex.schema.alterTable('assignments', (t) => {
    t.integer('regrade_window_days').notNullable().defaultTo(7);
    // Double review: a criterion whose two levels differ by more than this goes to moderation.
    t.integer('moderation_threshold').notNullable().defaultTo(1);
  });

  await knex.schema.alterTable('attempts', (t) => {
    t.float('review_score').nullable();
    t.float('final_score').nullable();
    // When the final grade was released: the regrade window counts from here.
    t.timestamp('graded_at', { useTz: true }).nullable();
    // Attempts now wait as `submitted` for days during review; the scheduler's pass for
    // submissions a crash left ungraded must find those few without scanning the waiting ones.
    t.index(['status', 'auto_score']);
  });

  await knex.schema.createTable('review_pseudonyms', (t) => {
    t.string('assignment_id', 36).notNullable().references('assignments.id').onDelete('CASCADE');
    t.string('student_id', 36).notNullable().references('users.id').onDelete('CASCADE');
    t.string('pseudonym', 40).notNullable();
    t.primary(['assignment_id', 'student_id']);
    t.unique(['assignment_id', 'pseudonym']);
  });

  await knex.schema.createTable('review_items', (t) => {
    t.string('id', 36).primary();
    t.string('attempt_id', 36).notNullable().unique().references('attempts.id').onDelete('CASCADE');
    t.string('enterprise_id', 36).notNullable().references('organizations.id').onDelete('CASCADE');
    t.string('assignment_id', 36).notNullable().references('assignments.id').onDelete('CASCADE');
    t.string('scenario_id', 36).notNullable().references('scenarios.id');
    t.string('scenario_version_id', 36).notNullable().references('scenario_versions.id');
    t.enu('mode', ['single', 'double']).notNullable();
    t.boolean('blind').notNullable();
    t.enu('status', ['open', 'moderation', 'done']).notNullable();
    t.text('rubric_json').notNullable();
    t.string('rubric_hash', 64).notNullable();
    t.text('flagged_json').nullable();
    t.boolean('calibration').notNullable().defaultTo(false);
    t.timestamp('submitted_at', { useTz: true }).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.timestamp('completed_at', { useTz: true }).nullable();
    // The queue: one enterprise's items by status, oldest submission first.
    t.index(['enterprise_id', 'status', 'submitted_at']);
    t.index(['enterprise_id', 'scenario_id', 'status']);
    t.index(['assignment_id', 'status']);
  });

  await knex.schema.createTable('reviews', (t) => {
    t.string('id', 36).primary();
    t.string('item_id', 36).notNullable().references('review_items.id').onDelete('CASCADE');
    t.string('reviewer_id', 36).notNullable().references('users.id');
    t.enu('kind', ['primary', 'moderation', 'calibration']).notNullable();
    t.enu('status', ['claimed', 'submitted']).notNullable();
    t.timestamp('claim_expires_at', { useTz: true }).nullable();
    t.text('overall_comment').notNullable().defaultTo('');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('submitted_at', { useTz: true }).nullable();
    t.unique(['item_id', 'reviewer_id', 'kind']);
    t.index(['reviewer_id', 'status']);
  });

  await knex.schema.createTable('review_scores', (t) => {
    t.string('review_id', 36).notNullable().references('reviews.id').onDelete('CASCADE');
    t.string('criterion_id', 64).notNullable();
    t.integer('level').notNullable();
    t.float('points').notNullable();
    t.primary(['review_id', 'criterion_id']);
  });

  await knex.schema.createTable('review_comments', (t) => {
    t.string('id', 36).primary();
    t.string('review_id', 36).notNullable().references('reviews.id').onDelete('CASCADE');
    t.string('item_id', 36).notNullable().references('review_items.id').onDelete('CASCADE');
    t.string('path', 300).notNullable();
    t.integer('line').notNullable();
    // The submitted revision of the file the line belongs to.
    t.integer('revision').notNullable();
    t.text('body').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['item_id']);
  });

  await knex.schema.createTable('calibration_scores', (t) => {
    t.string('item_id', 36).notNullable().references('review_items.id').onDelete('CASCADE');
    t.string('criterion_id', 64).notNullable();
    t.integer('level').notNullable();
    t.primary(['item_id', 'criterion_id']);
  });

  await knex.schema.createTable('criterion_results', (t) => {
    t.string('attempt_id', 36).notNullable().references('attempts.id').onDelete('CASCADE');
    t.string('criterion_id', 64).notNullable();
    t.float('points').notNullable();
    t.integer('level').nullable();
    t.enu('source', ['review', 'mean', 'moderation', 'regrade']).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.primary(['attempt_id', 'criterion_id']);
  });

  await knex.schema.createTable('regrade_requests', (t) => {
    t.string('id', 36).primary();
    t.string('attempt_id', 36).notNullable().references('attempts.id').onDelete('CASCADE');
    t.string('enterprise_id', 36).notNullable().references('organizations.id').onDelete('CASCADE');
    t.enu('target_kind', ['criterion', 'check']).notNullable();
    t.string('target_id', 64).notNullable();
    t.text('reason').notNullable();
    t.enu('status', ['open', 'accepted', 'declined']).notNullable();
    t.string('handled_by', 36).nullable().references('users.id');
    t.text('reply').nullable();
    t.float('from_score').nullable();
    t.float('to_score').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('resolved_at', { useTz: true }).nullable();
    // One request per criterion or check of an attempt: a decision is final.
    t.unique(['attempt_id', 'target_kind', 'target_id']);
    t.index(['enterprise_id', 'status', 'created_at']);
  });

  // The audit trail of every score change after release: who, when, from, to, why.
  await knex.schema.createTable('score_changes', (t) => {
    t.increments('seq');
    t.string('attempt_id', 36).notNullable().references('attempts.id').onDelete('CASCADE');
    t.string('actor_id', 36).nullable().references('users.id');
    t.enu('target_kind', ['criterion', 'check', 'final']).notNullable();
    t.string('target_id', 64).notNullable();
    t.float('from_score').nullable();
    t.float('to_score').notNullable();
    t.text('reason').notNullable();
    t.timestamp('at', { useTz: true }).notNullable();
    t.index(['attempt_id', 'seq']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['score_changes', 'regrade_requests', 'criterion_results', 'calibration_scores', 'review_comments', 'review_scores', 'reviews', 'review_items', 'review_pseudonyms']) {
    await knex.schema.dropTable(table);
  }
  await knex.schema.alterTable('attempts', (t) => {
    t.dropIndex(['status', 'auto_score']);
    t.dropColumn('review_score');
    t.dropColumn('final_score');
    t.dropColumn('graded_at');
  });
  await knex.schema.alterTable('assignments', (t) => {
    t.dropColumn('regrade_window_days');
    t.dropColumn('moderation_threshold');
  });
  await knex.schema.alterTable('memberships', (t) => t.dropColumn('lead'));
}
