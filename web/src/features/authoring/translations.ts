import { parse } from 'yaml';
import { fileIn, languagesOf, SCENARIO_LANGUAGES, type ScenarioLanguage } from '../../../../server/scenarios/languages';

/** What scenario.yaml says of its languages and of the Markdown files students read. */
export type PackageTexts = {
  language: ScenarioLanguage;
  languages: ScenarioLanguage[];
  /** brief.md, tasks/*.md, events/*.md as scenario.yaml names them (in the default language). */
  texts: string[];
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

/**
 * Reads scenario.yaml leniently (the author may be half way through a line): a file it cannot
 * parse still has a default language and the usual brief.md.
 */
export function packageTexts(yaml: string | undefined): PackageTexts {
  let raw: unknown;
  try {
    raw = yaml === undefined ? undefined : parse(yaml);
  } catch {
    raw = undefined;
  }
  const top = isObj(raw) ? raw : {};
  const { language, languages } = languagesOf({
    language: str(top.language),
    languages: Array.isArray(top.languages) ? top.languages.filter((l): l is string => typeof l === 'string') : undefined,
  });
  const list = (key: string, field: string) => (Array.isArray(top[key]) ? top[key].map((x) => (isObj(x) ? str(x[field]) : undefined)) : []);
  const texts = [str(top.brief) ?? 'brief.md', ...list('tasks', 'instructions'), ...list('events', 'body')].filter((f): f is string => f !== undefined);
  return { language, languages, texts: [...new Set(texts)] };
}

/** An open Markdown text and its counterpart in the other language. */
export type TranslationPair = {
  /** The counterpart of the open file: the translation of an original, or the original of a translation. */
  other: string;
  otherLanguage: ScenarioLanguage;
  /** The original (in the default language), which a new translation starts from. */
  original: string;
  exists: boolean;
  /** The package lists both languages, so a missing counterpart is one validation will ask for. */
  listed: boolean;
};

/**
 * The counterpart of `path` when it is a text students read (`brief.md` ↔ `brief.zh-CN.md`;
 * `brief.en.md` ↔ `brief.md` in a package written in Chinese), else null.
 */
export function translationPair(path: string | null, pkg: PackageTexts, has: (path: string) => boolean): TranslationPair | null {
  if (!path) return null;
  const others = SCENARIO_LANGUAGES.filter((l) => l !== pkg.language);
  for (const original of pkg.texts) {
    if (path === original) {
      // The other language: the one the package lists, else the first it could list.
      const otherLanguage = others.find((l) => pkg.languages.includes(l)) ?? others[0];
      if (!otherLanguage) return null;
      const other = fileIn(original, otherLanguage, pkg.language);
      return { other, otherLanguage, original, exists: has(other), listed: pkg.languages.includes(otherLanguage) };
    }
    for (const l of others) {
      if (path === fileIn(original, l, pkg.language)) {
        return { other: original, otherLanguage: pkg.language, original, exists: has(original), listed: pkg.languages.includes(l) };
      }
    }
  }
  return null;
}
