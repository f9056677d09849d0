import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { SandboxPool } from '../grading/sandbox/pool';
import type { PackageProblem } from '../scenarios/package';
import { insertVersion } from '../scenarios/repo';
import { compareSemver } from '../scenarios/semver';
import { validatePackage, type ValidateOptions } from '../scenarios/validate';
import { competencyLookup } from './repo';
import { recordAudit } from '../audit/record';

export type FolderImport =
  | { ok: true; slug: string; version: string; created: boolean; lines: string[] }
  | { ok: false; problems: PackageProblem[]; lines: string[] };

/**
 * `npm run scenarios -- import <dir> --enterprise <slug>`: for authors who keep packages in git.
 * The folder passes the whole of `scenarios check` first, then becomes the next version of the
 * enterprise's scenario with that id (or a new scenario it owns). The version is the one in
 * scenario.yaml and must be newer than the latest: a git user bumps it themselves.
 */
export async function importPackageFolder(
  db: Knex,
  dir: string,
  enterpriseSlug: string,
  pool: SandboxPool,
  opts: { changelog?: string; now: Date; progress?: ValidateOptions },
): Promise<FolderImport> {
  const problem = (message: string, file = 'scenario.yaml'): FolderImport => ({ ok: false, problems: [{ file, message }], lines: [] });
  const enterprise = await db('organizations').where({ slug: enterpriseSlug, kind: 'enterprise' }).first('id', 'name');
  if (!enterprise) {
    const known = (await db('organizations').where({ kind: 'enterprise' }).orderBy('slug').pluck('slug')) as string[];
    return problem(`no enterprise has the slug "${enterpriseSlug}"${known.length ? ` (enterprises: ${known.join(', ')})` : ''}`, '--enterprise');
  }
  const result = await validatePackage(dir, await competencyLookup(db, enterprise.id as string), pool, opts.progress);
  if (!result.pkg || result.problems.length > 0) return { ok: false, problems: result.problems, lines: result.lines };
  const pkg = result.pkg;
  return db.transaction(async (trx): Promise<FolderImport> => {
    const scenario = await trx('scenarios').where({ slug: pkg.slug }).first('id', 'owner_org_id');
    if (scenario && scenario.owner_org_id !== enterprise.id) {
      return problem(scenario.owner_org_id ? `the scenario id "${pkg.slug}" belongs to another enterprise` : `"${pkg.slug}" is a library scenario (from the scenarios/ folder); give your copy another id`);
    }
    if (scenario && (await trx('scenario_drafts').where({ scenario_id: scenario.id }).first('id'))) {
      return problem(`"${pkg.slug}" has a draft open in the browser: publish or discard it there first, so neither overwrites the other`);
    }
    const scenarioId = scenario?.id ?? randomUUID();
    if (!scenario) await trx('scenarios').insert({ id: scenarioId, slug: pkg.slug, owner_org_id: enterprise.id, created_at: opts.now });
    const same = await trx('scenario_versions').where({ scenario_id: scenarioId, content_hash: pkg.contentHash }).first('version');
    if (same) return { ok: true, slug: pkg.slug, version: same.version as string, created: false, lines: result.lines };
    const latest = await trx('scenario_versions').where({ scenario_id: scenarioId }).orderBy('seq', 'desc').first('version', 'seq');
    if (latest && compareSemver(pkg.manifest.version, latest.version) <= 0) {
      return problem(`version ${pkg.manifest.version} is not newer than the published ${latest.version}: raise "version" in scenario.yaml`);
    }
    const versionId = await insertVersion(trx, scenarioId, pkg, pkg.manifest.version, (latest?.seq ?? 0) + 1, opts.now);
    const changelog = opts.changelog ?? `Imported from the folder ${pkg.slug}/`;
    await trx('scenario_versions').where({ id: versionId }).update({ changelog });
    // Published from the command line: no signed-in actor, the entry says how it came.
    const detail = { scenarioId, slug: pkg.slug, version: pkg.manifest.version, changelog, via: 'folder' };
    await recordAudit(trx, { actor: null, actorLabel: 'npm run scenarios -- import', orgId: enterprise.id, action: 'scenario.published', target: { kind: 'scenarioVersion', id: versionId }, detail }, opts.now);
    return { ok: true, slug: pkg.slug, version: pkg.manifest.version, created: true, lines: result.lines };
  });
}
