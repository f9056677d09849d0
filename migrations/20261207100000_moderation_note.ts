import type { Knex } from 'knex';

/**
 * Moderation that cannot otherwise happen (issue 14 §1). With two reviewers, when the only lead
 * scored one of the two reviews and they disagree, nobody independent is left to settle it; the
 * lead may then moderate their own disagreement, but must say why, and that note stays on the
 * moderation review for reviewers, the student and their teacher to read.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('reviews', (t) => {
    t.text('moderation_note').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('reviews', (t) => {
    t.dropColumn('moderation_note');
  });
}
