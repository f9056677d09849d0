import { parse } from 'yaml';
import type { ScenarioPackage } from './package';
import { chooseLanguage, fileIn, languagesOf, localizeRaw, type ScenarioLanguage } from './languages';
import { ScenarioManifest, type ScenarioManifestT } from './schema';

/**
 * A package as a reader of one language sees it: the manifest with every per-language text in
 * that language, and the Markdown files' translations. `pkg.manifest` is the default language
 * (what was validated and stored); another language is read again from the package's own
 * scenario.yaml, once per package and language.
 */
export type LocalizedPackage = {
  manifest: ScenarioManifestT;
  /** The language the texts are in, and whether it is the package's default because the reader's is missing. */
  language: ScenarioLanguage;
  fallback: boolean;
  /** A Markdown file of the package (`brief.md`) in that language. */
  text: (file: string) => string;
};

const cache = new WeakMap<ScenarioPackage, Map<ScenarioLanguage, ScenarioManifestT>>();

function manifestIn(pkg: ScenarioPackage, lang: ScenarioLanguage): ScenarioManifestT {
  if (lang === languagesOf(pkg.manifest).language) return pkg.manifest;
  let byLang = cache.get(pkg);
  if (!byLang) cache.set(pkg, (byLang = new Map()));
  let manifest = byLang.get(lang);
  if (!manifest) {
    const yaml = pkg.files.get('scenario.yaml');
    const parsed = yaml === undefined ? undefined : ScenarioManifest.safeParse(localizeRaw(parse(yaml), lang).value);
    // The version a package was published under wins over the file's (an import may set it).
    manifest = parsed?.success ? { ...parsed.data, version: pkg.manifest.version } : pkg.manifest;
    byLang.set(lang, manifest);
  }
  return manifest;
}

export function localize(pkg: ScenarioPackage, wanted: ScenarioLanguage | undefined): LocalizedPackage {
  const { language, fallback } = chooseLanguage(pkg.manifest, wanted);
  const manifest = manifestIn(pkg, language);
  const base = languagesOf(pkg.manifest).language;
  return {
    manifest,
    language,
    fallback,
    text: (file) => pkg.files.get(fileIn(file, language, base)) ?? pkg.files.get(file) ?? '',
  };
}
