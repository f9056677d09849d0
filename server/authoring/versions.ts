import type { Knex } from 'knex';
import { stringify } from 'yaml';
import type { FileDiff, NewerVersionNotice, VersionDiffView, VersionFilesView } from '../contract/authoring';
import { errors } from '../http/errors';
import { msg } from '../messages';
import { issueOf } from '../http/validate';
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

/** Folders a reader without the solution never sees, whatever the manifest says of their files. */
const WITHHELD_FOLDERS = ['checks/', 'fixtures/', 'solution/'] as const;

/**
 * The files a reader without the solution may see: what a student is shown, and nothing more —
 * scenario.yaml (rewritten below), the brief, the tasks' instructions, the events' messages and
 * the starter files. Withheld: checks/, fixtures/ and solution/ by folder, whatever the checks
 * reference (a visible check's file too: the workspace shows a check's title and the messages
 * of its runs, never its file), and any other file no student is shown (an author's notes, the
 * script that generates a fixture). It fails closed: a new kind of file is withheld until it is
 * something students see.
 */
export function studentSideFiles(manifest: ScenarioManifestT, files: Map<string, string>): { files: Map<string, string>; withheld: string[] } {
  const shown = new Set([manifest.brief, ...manifest.tasks.map((t) => t.instructions), ...manifest.events.map((e) => e.body)]);
  const out = new Map<string, string>();
  const withheld: string[] = [];
  for (const [p, content] of files) {
    const secret = WITHHELD_FOLDERS.some((folder) => p.startsWith(folder));
    const open = !secret && (p === 'scenario.yaml' || p.startsWith('workspace/') || shown.has(p));
    if (!open) withheld.push(p);
    else out.set(p, p === 'scenario.yaml' ? studentSideManifest(manifest) : content);
  }
  return { files: out, withheld: withheld.sort() };
}

/**
 * The student side of scenario.yaml, written from the parsed manifest rather than edited from
 * the author's text: comments, unknown keys and anchors never reach the reader, so nothing can
 * leak through them (it fails closed). Every check keeps its title, points and competencies (an
 * answer check its question); how it checks — files, fixtures, assertions, answers — is withheld,
 * for visible checks too, as their files are.
 */
function studentSideManifest(manifest: ScenarioManifestT): string {
  const WITHHELD = '(withheld)';
  const tasks = manifest.tasks.map((t) => ({
    ...t,
    checks: t.checks.map((c) => {
      const base = { id: c.id, title: c.title, kind: c.kind, visible: c.visible, points: c.points, competencies: c.competencies };
      if (c.kind === 'answer') return { ...base, question: c.question, answer: WITHHELD };
      return { ...base, details: WITHHELD };
    }),
  }));
  return `# What students see of this scenario (answers and how checks check withheld).\n${stringify({ ...manifest, tasks }, { lineWidth: 0 })}`;
}

async function readable(db: Knex, actor: Actor, versionId: string): Promise<{ version: StoredVersion; full: boolean }> {
  const version = await storedVersion(db, versionId);
  if (!version) throw errors.notFound(msg('notFound.scenarioVersion'));
  const access = await versionReadAccess(db, actor, version);
  if (!access) throw errors.notFound(msg('notFound.scenarioVersion'));
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
  if (a.version.scenario_id !== b.version.scenario_id) throw errors.validation(msg('authoring.versionsOfOneScenario'), [issueOf('against', msg('field.otherScenarioVersion'))]);
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

/**
 * The whole package of a version, for export: readers of the whole package only (the owning
 * enterprise, library scenarios, partner schools it shares solutions with). A reader of the
 * student side gets no zip: without checks/ and solution/ it would not be a package.
 */
export async function exportableVersion(db: Knex, actor: Actor, versionId: string): Promise<{ slug: string; version: string; files: Map<string, string> }> {
  const { version, full } = await readable(db, actor, versionId);
  if (!full) throw errors.notFound(msg('notFound.scenarioVersion'));
  return { slug: version.slug, version: version.manifest.version, files: version.files };
}
