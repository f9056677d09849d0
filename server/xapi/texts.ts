import type { Knex } from 'knex';
import { parse } from 'yaml';
import { languagesOf, localizeRaw } from '../scenarios/languages';
import { ScenarioManifest, type ScenarioManifestT } from '../scenarios/schema';
import type { LanguageMap } from './statements';

/**
 * The names a scenario version gives its activities, in every language the package is written
 * in (zh-CN, en): the stored manifest holds the default language's texts only, the others are
 * read again from the version's own scenario.yaml — once per version per collection.
 */
export type VersionTexts = { title: LanguageMap; checks: Map<string, LanguageMap>; criteria: Map<string, LanguageMap> };

function add(texts: VersionTexts, lang: string, m: ScenarioManifestT): void {
  texts.title[lang] = m.title;
  for (const task of m.tasks) {
    for (const c of task.checks) if (c.title) (texts.checks.get(c.id) ?? texts.checks.set(c.id, {}).get(c.id)!)[lang] = c.title;
    for (const c of task.rubric) (texts.criteria.get(c.id) ?? texts.criteria.set(c.id, {}).get(c.id)!)[lang] = c.title;
  }
}

export async function versionTexts(db: Knex, versionId: string, manifest: ScenarioManifestT): Promise<VersionTexts> {
  const texts: VersionTexts = { title: {}, checks: new Map(), criteria: new Map() };
  const { language, languages } = languagesOf(manifest);
  add(texts, language, manifest);
  const others = languages.filter((l) => l !== language);
  if (others.length === 0) return texts;
  const row: { files_json: string } | undefined = await db('scenario_versions').where({ id: versionId }).first('files_json');
  const yaml = row ? (JSON.parse(row.files_json) as Record<string, string>)['scenario.yaml'] : undefined;
  if (yaml === undefined) return texts;
  for (const lang of others) {
    const parsed = ScenarioManifest.safeParse(localizeRaw(parse(yaml), lang).value);
    if (parsed.success) add(texts, lang, parsed.data);
  }
  return texts;
}
