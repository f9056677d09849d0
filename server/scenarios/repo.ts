import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { toIso } from '../db/values';
import type { ScenarioPackage } from './package';
import type { ScenarioManifestT } from './schema';

type VersionRow = {
  id: string;
  scenario_id: string;
  version: string;
  seq: number;
  content_hash: string;
  title: string;
  industry: string;
  manifest_json: string;
  files_json: string;
  published_at: Date | number;
};

export type PublishedVersion = { id: string; slug: string; version: string; seq: number; contentHash: string; publishedAt: string };

export function latestVersion(db: Knex, scenarioId: string): Promise<VersionRow | undefined> {
  return db<VersionRow>('scenario_versions').where({ scenario_id: scenarioId }).orderBy('seq', 'desc').first();
}

/** Rebuilds the package exactly as it was published. */
export async function loadVersion(db: Knex, versionId: string): Promise<ScenarioPackage | undefined> {
  const row = await db<VersionRow>('scenario_versions as v')
    .join('scenarios as s', 's.id', 'v.scenario_id')
    .where('v.id', versionId)
    .first('v.*', 's.slug');
  if (!row) return undefined;
  return {
    slug: (row as VersionRow & { slug: string }).slug,
    manifest: JSON.parse(row.manifest_json) as ScenarioManifestT,
    files: new Map(Object.entries(JSON.parse(row.files_json) as Record<string, string>)),
    contentHash: row.content_hash,
  };
}

export async function listVersions(db: Knex, slug: string): Promise<PublishedVersion[]> {
  const rows: (VersionRow & { slug: string })[] = await db('scenario_versions as v')
    .join('scenarios as s', 's.id', 'v.scenario_id')
    .where('s.slug', slug)
    .orderBy('v.seq')
    .select('v.*', 's.slug');
  return rows.map((r) => ({ id: r.id, slug: r.slug, version: r.version, seq: r.seq, contentHash: r.content_hash, publishedAt: toIso(r.published_at)! }));
}

export async function insertVersion(
  trx: Knex,
  scenarioId: string,
  pkg: ScenarioPackage,
  version: string,
  seq: number,
  now: Date,
): Promise<string> {
  const id = randomUUID();
  await trx('scenario_versions').insert({
    id,
    scenario_id: scenarioId,
    version,
    seq,
    content_hash: pkg.contentHash,
    title: pkg.manifest.title,
    industry: pkg.manifest.industry,
    manifest_json: JSON.stringify({ ...pkg.manifest, version }),
    files_json: JSON.stringify(Object.fromEntries(pkg.files)),
    published_at: now,
  });
  return id;
}

export async function ensureScenario(trx: Knex, slug: string, now: Date): Promise<string> {
  const existing = await trx('scenarios').where({ slug }).first('id');
  if (existing) return existing.id as string;
  const id = randomUUID();
  await trx('scenarios').insert({ id, slug, owner_org_id: null, created_at: now });
  return id;
}
