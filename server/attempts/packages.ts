import type { Knex } from 'knex';
import { errors } from '../http/errors';
import { currentLocale } from '../http/locale';
import { msg } from '../messages';
import { chooseLanguage, languagesOf, type ScenarioLanguage } from '../scenarios/languages';
import { localize } from '../scenarios/localized';
import type { ScenarioPackage } from '../scenarios/package';
import { loadVersion } from '../scenarios/repo';
import type { ScenarioManifestT } from '../scenarios/schema';

/** Published versions never change, so a process may keep every one it has loaded. */
const cache = new Map<string, Promise<ScenarioPackage | undefined>>();

export async function packageOf(db: Knex, versionId: string): Promise<ScenarioPackage> {
  let entry = cache.get(versionId);
  if (!entry) {
    entry = loadVersion(db, versionId);
    cache.set(versionId, entry);
    // A failed read (a busy database) must not stay cached for the life of the process.
    entry.catch(() => cache.delete(versionId));
  }
  const pkg = await entry;
  if (!pkg) {
    cache.delete(versionId);
    throw errors.notFound(msg('notFound.scenarioVersion'));
  }
  return pkg;
}

/**
 * Published versions' manifests as a reader of `language` (the request's) reads them: a
 * bilingual package's title, company and role in that language. The stored manifest is the
 * package's default language; only a version written in the reader's other language has its
 * package loaded (once per process).
 */
export async function readerManifests(
  db: Knex,
  versions: readonly { id: string; manifest_json: string }[],
  language: ScenarioLanguage = currentLocale(),
): Promise<Map<string, ScenarioManifestT>> {
  const out = new Map<string, ScenarioManifestT>();
  await Promise.all(
    versions.map(async (v) => {
      if (out.has(v.id)) return;
      const manifest = JSON.parse(v.manifest_json) as ScenarioManifestT;
      out.set(v.id, manifest);
      const chosen = chooseLanguage(manifest, language).language;
      if (chosen !== languagesOf(manifest).language) out.set(v.id, localize(await packageOf(db, v.id), chosen).manifest);
    }),
  );
  return out;
}

/** Published versions' titles in the reader's language (see readerManifests), by version id. */
export async function readerTitles(db: Knex, versionIds: readonly string[], language: ScenarioLanguage = currentLocale()): Promise<Map<string, string>> {
  const ids = [...new Set(versionIds)];
  if (ids.length === 0) return new Map();
  const rows: { id: string; manifest_json: string }[] = await db('scenario_versions').whereIn('id', ids).select('id', 'manifest_json');
  const manifests = await readerManifests(db, rows, language);
  return new Map([...manifests].map(([id, m]) => [id, m.title]));
}

/** Scenarios' titles as their newest published version has them, in the reader's language, by scenario id. */
export async function newestTitles(db: Knex, scenarioIds: readonly string[], language: ScenarioLanguage = currentLocale()): Promise<Map<string, string>> {
  if (scenarioIds.length === 0) return new Map();
  const newest: { scenario_id: string; id: string; manifest_json: string }[] = await db('scenario_versions as v')
    .whereIn('v.scenario_id', [...new Set(scenarioIds)])
    .whereRaw('v.seq = (select max(w.seq) from scenario_versions w where w.scenario_id = v.scenario_id)')
    .select('v.scenario_id', 'v.id', 'v.manifest_json');
  const manifests = await readerManifests(db, newest, language);
  return new Map(newest.map((v) => [v.scenario_id, manifests.get(v.id)!.title]));
}
