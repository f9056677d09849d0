import type { Knex } from 'knex';

/**
 * A competency framework can carry its titles in more than one language (issue 15): a CASE
 * item's `extensions.translations["zh-CN"]` holds its abbreviatedStatement and fullStatement in
 * Chinese, a document's its title. Kept apart from the item JSON so a record or report reads
 * the few words it shows without parsing whole CASE items; frameworks imported before this
 * migration get theirs from the JSON they were stored with.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('framework_items', (t) => {
    t.text('translations_json').nullable();
  });
  await knex.schema.alterTable('frameworks', (t) => {
    t.text('translations_json').nullable();
  });
  const items: { framework_id: string; identifier: string; item_json: string | null }[] = await knex('framework_items').select('framework_id', 'identifier', 'item_json');
  for (const item of items) {
    const translations = translationsIn(item.item_json);
    if (translations) await knex('framework_items').where({ framework_id: item.framework_id, identifier: item.identifier }).update({ translations_json: translations });
  }
  const docs: { id: string; document_json: string | null }[] = await knex('frameworks').select('id', 'document_json');
  for (const doc of docs) {
    const translations = translationsIn(doc.document_json);
    if (translations) await knex('frameworks').where({ id: doc.id }).update({ translations_json: translations });
  }
}

function translationsIn(json: string | null): string | null {
  if (!json) return null;
  try {
    const translations = (JSON.parse(json) as { extensions?: { translations?: unknown } }).extensions?.translations;
    return translations && typeof translations === 'object' ? JSON.stringify(translations) : null;
  } catch {
    return null;
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('framework_items', (t) => {
    t.dropColumn('translations_json');
  });
  await knex.schema.alterTable('frameworks', (t) => {
    t.dropColumn('translations_json');
  });
}
