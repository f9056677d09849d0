import type { Knex } from 'knex';
import { stringify } from 'yaml';
import type { FileDiff, NewerVersionNotice, VersionDiffView, VersionFilesView } from '../contract/authoring';
import { errors } from '../http/errors';
import type { Actor } from '../http/policy';
import type { ScenarioManifestT } from '../scenarios/schema';
import { versionSummary, versionsQuery } from './repo';
import { versionReadAccess } from './policy';

type StoredVersion = {
  id: string;
  scenario_id: string;
  slug: string;
  owner_org_id: string | null;
  public: boolean | number | string | null;
  manifest: ScenarioManifestT;
  files: Map<string, string>;
};

async function storedVersion(db: Knex, versionId: string): Promise<StoredVersion | undefined> {
  const row = await db('scenario_versions as v')
    .join('scenarios as s', 's.id', 'v.scenario_id')
    .where('v.id', versionId)
    .first('v.id', 'v.scenario_id', 'v.manifest_json', 'v.files_json', 's.slug', 's.owner_org_id', 's.public');
  if (!row) return undefined;
  return {
    id: row.id,
    scenario_id: row.scenario_id,
    slug: row.slug,
    owner_org_id: row.owner_org_id,
    public: row.public,
    manifest: JSON.parse(row.manifest_json) as ScenarioManifestT,
    files: new Map(Object.entries(JSON.parse(row.files_json) as Record<string, string>)),
  };
}

/**
 * The files a reader without the solution may see: everything a student is shown (brief,
 * tasks, starter, events, fixtures of visible checks) and the visible checks. Withheld: the
 * solution, hidden checks' files and fixtures, and the expected answers inside scenario.yaml.
 */
export function studentSideFiles(manifest: ScenarioManifestT, files: Map<string, string>): { files: Map<string, string>; withheld: string[] } {
  const checks = manifest.tasks.flatMap((t) => t.checks);
  const secret = new Set<string>();
  const open = new Set<string>();
  for (const c of checks) {
    const refs = c.kind === 'js' || c.kind === 'ts' ? [c.file] : c.kind === 'sql' ? [...c.fixture, ...(c.verify ? [c.verify] : [])] : [];
    for (const f of refs) (c.visible ? open : secret).add(f);
  }
  const out = new Map<string, string>();
  const withheld: string[] = [];
  for (const [p, content] of files) {
    const hidden = p.startsWith('solution/') || (secret.has(p) && !open.has(p)) || (p.startsWith('checks/') && !open.has(p));
    if (hidden) withheld.push(p);
    else out.set(p, p === 'scenario.yaml' ? studentSideManifest(manifest) : content);
  }
  return { files: out, withheld: withheld.sort() };
}

/**
 * The student side of scenario.yaml, written from the parsed manifest rather than edited from
 * the author's text: comments, unknown keys and anchors never reach the reader, so nothing can
 * leak through them (it fails closed). Answers are withheld; hidden checks keep their title,
 * points and competencies.
 */
function studentSideManifest(manifest: ScenarioManifestT): string {
  const WITHHELD = '(withheld)';
  const tasks = manifest.tasks.map((t) => ({
    ...t,
    checks: t.checks.map((c) => {
      const base = { id: c.id, title: c.title, kind: c.kind, visible: c.visible, points: c.points, competencies: c.competencies };
      if (c.kind === 'answer') return { ...base, question: c.question, answer: WITHHELD };
      if (!c.visible) return { ...base, details: WITHHELD };
      return c;
    }),
  }));
  return `# What students see of this scenario (answers and hidden checks withheld).\n${stringify({ ...manifest, tasks }, { lineWidth: 0 })}`;
}

async function readable(db: Knex, actor: Actor, versionId: string): Promise<{ version: StoredVersion; full: boolean }> {
  const version = await storedVersion(db, versionId);
  if (!version) throw errors.notFound('Scenario version');
  const access = await versionReadAccess(db, actor, version);
  if (!access) throw errors.notFound('Scenario version');
  return { version, full: access.full };
}

function visibleFiles(v: StoredVersion, full: boolean) {
  return full ? { files: v.files, withheld: [] as string[] } : studentSideFiles(v.manifest, v.files);
}

async function summaryOf(db: Knex, versionId: string) {
  return versionSummary(await versionsQuery(db).where('v.id', versionId).first());
}

/** One version's files as the caller may read them. */
export async function versionFiles(db: Knex, actor: Actor, versionId: string): Promise<VersionFilesView> {
  const { version, full } = await readable(db, actor, versionId);
  const { files, withheld } = visibleFiles(version, full);
  return {
    version: { ...(await summaryOf(db, versionId)), scenarioId: version.scenario_id, slug: version.slug },
    files: [...files].sort(([a], [b]) => a.localeCompare(b)).map(([path, content]) => ({ path, content })),
    withheld,
  };
}

/** What changed between two versions of one scenario, file by file, with the changelog between. */
export async function versionDiff(db: Knex, actor: Actor, fromId: string, toId: string): Promise<VersionDiffView> {
  const [a, b] = await Promise.all([readable(db, actor, fromId), readable(db, actor, toId)]);
  if (a.version.scenario_id !== b.version.scenario_id) throw errors.validation('Both versions must belong to the same scenario.', [{ field: 'against', message: 'is a version of another scenario' }]);
  const full = a.full && b.full;
  const before = visibleFiles(a.version, full);
  const after = visibleFiles(b.version, full);
  const paths = [...new Set([...before.files.keys(), ...after.files.keys()])].sort();
  const files: FileDiff[] = paths.map((path) => {
    const x = before.files.get(path) ?? null;
    const y = after.files.get(path) ?? null;
    const status = x === null ? 'added' : y === null ? 'removed' : x === y ? 'same' : 'changed';
    return { path, status, before: x, after: y };
  });
  const [from, to] = await Promise.all([summaryOf(db, fromId), summaryOf(db, toId)]);
  const [lo, hi] = from.seq <= to.seq ? [from.seq, to.seq] : [to.seq, from.seq];
  const between = await db('scenario_versions')
    .where({ scenario_id: a.version.scenario_id })
    .where('seq', '>', lo)
    .where('seq', '<=', hi)
    .orderBy('seq')
    .select('version', 'changelog');
  return {
    from,
    to,
    changelog: between.map((r: { version: string; changelog: string | null }) => ({ version: r.version, changelog: r.changelog ?? null })),
    files,
    withheld: [...new Set([...before.withheld, ...after.withheld])].sort(),
  };
}

/** For each assigned version with later versions published: the latest and what changed since. */
export async function newerVersions(db: Knex, versionIds: string[]): Promise<Map<string, NewerVersionNotice>> {
  const out = new Map<string, NewerVersionNotice>();
  if (versionIds.length === 0) return out;
  const rows: { assigned: string; id: string; version: string; seq: number; changelog: string | null }[] = await db('scenario_versions as a')
    .join('scenario_versions as n', (j) => j.on('n.scenario_id', '=', 'a.scenario_id').andOn('n.seq', '>', 'a.seq'))
    .whereIn('a.id', [...new Set(versionIds)])
    .orderBy('n.seq')
    .select('a.id as assigned', 'n.id', 'n.version', 'n.seq', 'n.changelog');
  for (const r of rows) {
    const notice = out.get(r.assigned) ?? { latest: { id: r.id, version: r.version }, changes: [] };
    notice.latest = { id: r.id, version: r.version };
    notice.changes.push({ version: r.version, changelog: r.changelog ?? null });
    out.set(r.assigned, notice);
  }
  return out;
}

/** The whole package of a version, for export: the owning enterprise (and admins) only. */
export async function exportableVersion(db: Knex, actor: Actor, versionId: string): Promise<{ slug: string; version: string; files: Map<string, string> }> {
  const { version, full } = await readable(db, actor, versionId);
  if (!full) throw errors.notFound('Scenario version');
  return { slug: version.slug, version: version.manifest.version, files: version.files };
}
