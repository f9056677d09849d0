import type { Knex } from 'knex';

/**
 * Data only, apart from the schema change before it: sizes the revisions and draft files
 * stored before sizes were kept, in UTF-8 bytes, and totals them per attempt and per draft.
 * Attempts with saved revisions are marked due for compaction, so their history is thinned by
 * the scheduler. One attempt or draft at a time, so memory stays at one attempt's files.
 */
export async function up(knex: Knex): Promise<void> {
  const attempts = (await knex('file_revisions').distinct('attempt_id').pluck('attempt_id')) as string[];
  for (const attemptId of attempts) {
    const rows: { path: string; revision: number; content: string; author_id: string | null }[] = await knex('file_revisions')
      .where({ attempt_id: attemptId })
      .select('path', 'revision', 'content', 'author_id');
    let stored = 0;
    for (const r of rows) {
      const size = Buffer.byteLength(r.content, 'utf8');
      if (r.author_id !== null) stored += size;
      await knex('file_revisions').where({ attempt_id: attemptId, path: r.path, revision: r.revision }).update({ size_bytes: size });
    }
    const saved = rows.some((r) => r.author_id !== null);
    await knex('attempts')
      .where({ id: attemptId })
      .update({ stored_bytes: stored, compact_due_at: saved ? new Date(0) : null });
  }
  const drafts = (await knex('scenario_drafts').pluck('id')) as string[];
  for (const draftId of drafts) {
    const rows: { path: string; content: string }[] = await knex('draft_files').where({ draft_id: draftId }).select('path', 'content');
    let total = 0;
    for (const r of rows) {
      const size = Buffer.byteLength(r.content, 'utf8');
      total += size;
      await knex('draft_files').where({ draft_id: draftId, path: r.path }).update({ size_bytes: size });
    }
    await knex('scenario_drafts').where({ id: draftId }).update({ size_bytes: total });
  }
}

export async function down(): Promise<void> {
  // The sizes go with the columns in the migration before this one.
}
