import type { Knex } from 'knex';
import { listPackageDirs } from './discover';
import type { CompetencyLookup } from './lint';
import { formatProblem, loadPackage, type ScenarioPackage } from './package';
import { ensureScenario, insertVersion, latestVersion } from './repo';
import { bumpVersion, compareSemver } from './semver';

export type SyncReport = {
  published: { slug: string; version: string }[];
  unchanged: string[];
  skipped: { dir: string; problems: string[] }[];
};

/**
 * Publishes one package: nothing when its content is already published, otherwise the next
 * version. The author's version is used when it is newer than the latest; a package changed
 * without a bump gets the next patch version, so versions never repeat or go backwards.
 */
export async function publishPackage(db: Knex, pkg: ScenarioPackage, now: Date): Promise<{ version: string; created: boolean }> {
  return db.transaction(async (trx) => {
    const scenarioId = await ensureScenario(trx, pkg.slug, now);
    const same = await trx('scenario_versions').where({ scenario_id: scenarioId, content_hash: pkg.contentHash }).first('version');
    if (same) return { version: same.version as string, created: false };
    const latest = await latestVersion(trx, scenarioId);
    const version = !latest || compareSemver(pkg.manifest.version, latest.version) > 0 ? pkg.manifest.version : bumpVersion(latest.version, 'patch');
    await insertVersion(trx, scenarioId, pkg, version, (latest?.seq ?? 0) + 1, now);
    return { version, created: true };
  });
}

/** Loads every package folder into the database at start; an invalid one is reported and skipped whole. */
export async function syncScenarioPackages(db: Knex, framework: CompetencyLookup, root: string, now = new Date()): Promise<SyncReport> {
  const report: SyncReport = { published: [], unchanged: [], skipped: [] };
  for (const dir of listPackageDirs(root)) {
    const { pkg, problems } = loadPackage(dir, framework);
    if (!pkg) {
      report.skipped.push({ dir, problems: problems.map(formatProblem) });
      continue;
    }
    // Another process starting at the same moment may publish first: the unique keys make
    // our insert fail, and the retry then finds its row.
    const { version, created } = await publishPackage(db, pkg, now).catch(() => publishPackage(db, pkg, now));
    if (created) report.published.push({ slug: pkg.slug, version });
    else report.unchanged.push(pkg.slug);
  }
  return report;
}
