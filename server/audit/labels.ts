import type { Knex } from 'knex';

/**
 * What an audit entry's target is called, for people reading the log: an id says nothing to an
 * admin. Looked up when the log is read (one query per kind per page), so a renamed course or
 * person shows the current name; an entry keeps its id, which stays the record. Kinds without
 * a name of their own (a regrade request, a criterion) have none.
 */
type Lookup = (db: Knex, ids: string[]) => Promise<{ id: string; label: string }[]>;

const LOOKUPS: Record<string, Lookup> = {
  user: (db, ids) => db('users').whereIn('id', ids).select('id', 'name as label'),
  organisation: (db, ids) => db('organizations').whereIn('id', ids).select('id', 'name as label'),
  framework: (db, ids) => db('frameworks').whereIn('id', ids).select('id', 'title as label'),
  scenario: async (db, ids) => {
    const rows: { id: string; slug: string }[] = await db('scenarios').whereIn('id', ids).select('id', 'slug');
    return rows.map((r) => ({ id: r.id, label: r.slug }));
  },
  scenarioVersion: async (db, ids) => {
    const rows: { id: string; title: string; version: string }[] = await db('scenario_versions').whereIn('id', ids).select('id', 'title', 'version');
    return rows.map((r) => ({ id: r.id, label: `${r.title} ${r.version}` }));
  },
  partnership: async (db, ids) => {
    const rows: { id: string; school: string; enterprise: string }[] = await db('partnerships as p')
      .join('organizations as s', 's.id', 'p.school_id')
      .join('organizations as e', 'e.id', 'p.enterprise_id')
      .whereIn('p.id', ids)
      .select('p.id', 's.name as school', 'e.name as enterprise');
    return rows.map((r) => ({ id: r.id, label: `${r.school} – ${r.enterprise}` }));
  },
  apiToken: (db, ids) => db('api_tokens').whereIn('id', ids).select('id', 'name as label'),
};

/** `kind:id` → the target's name, for the targets of one page of entries. */
export async function targetLabels(db: Knex, targets: { kind: string | null; id: string | null }[]): Promise<Map<string, string>> {
  const byKind = new Map<string, Set<string>>();
  for (const t of targets) {
    if (!t.kind || !t.id || !LOOKUPS[t.kind]) continue;
    if (!byKind.has(t.kind)) byKind.set(t.kind, new Set());
    byKind.get(t.kind)!.add(t.id);
  }
  const labels = new Map<string, string>();
  for (const [kind, ids] of byKind) {
    for (const row of await LOOKUPS[kind]!(db, [...ids])) labels.set(`${kind}:${row.id}`, row.label);
  }
  return labels;
}
