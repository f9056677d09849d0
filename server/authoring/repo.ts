import type { Knex } from 'knex';
import type { VersionSummary } from '../contract/authoring';
import { ambiguousCodes, competencyIndex, lookupFrameworks } from '../competency/case';
import { toIso } from '../db/values';
import type { CompetencyLookup } from '../scenarios/lint';

/** Reads shared by the authoring modules (service, versions, preview). */

type VersionRow = { id: string; scenario_id: string; version: string; seq: number; title: string; changelog: string | null; published_at: Date | number; published_by_name: string | null };

export function versionSummary(r: VersionRow): VersionSummary {
  return {
    id: r.id,
    version: r.version,
    seq: Number(r.seq),
    title: r.title,
    changelog: r.changelog ?? null,
    publishedAt: toIso(r.published_at)!,
    publishedBy: r.published_by_name ?? null,
  };
}

export function versionsQuery(db: Knex): Knex.QueryBuilder {
  return db('scenario_versions as v')
    .leftJoin('users as u', 'u.id', 'v.published_by')
    .select('v.id', 'v.scenario_id', 'v.version', 'v.seq', 'v.title', 'v.changelog', 'v.published_at', 'u.name as published_by_name');
}

export type { VersionRow };

/**
 * Every imported framework's codes: what the package checks look competencies up in. Given the
 * package's organisation, `framework:` and identifiers resolve among the frameworks it can see.
 */
export async function competencyLookup(db: Knex, orgId?: string): Promise<CompetencyLookup> {
  const index = await competencyIndex(db);
  return {
    title: 'imported frameworks',
    where: 'any imported competency framework',
    byCode: index,
    ambiguous: await ambiguousCodes(db),
    frameworks: await lookupFrameworks(db, orgId),
  };
}
