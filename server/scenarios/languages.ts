import { localeOfTag } from '../contract/constants';
import { nearest, type KeyIssue } from './issues';

/**
 * Bilingual packages. A text a student reads in scenario.yaml (titles, questions, hints,
 * rubric texts, an event's sender and subject…) is either one string, or one string per
 * language: `title: { en: Fix the freight quote, zh-CN: 修复运费报价 }`. A Markdown file
 * (`brief.md`, `tasks/*.md`, `events/*.md`) is in the package's default language (`language`,
 * `en` when left out); its translation sits beside it with the language before the extension
 * (`brief.zh-CN.md`). `languages` lists the languages the package is complete in. Pure (no Node
 * APIs): the editor lints in the browser.
 */

export const SCENARIO_LANGUAGES = ['en', 'zh-CN'] as const;
export type ScenarioLanguage = (typeof SCENARIO_LANGUAGES)[number];
const DEFAULT_SCENARIO_LANGUAGE: ScenarioLanguage = 'en';

function isScenarioLanguage(value: unknown): value is ScenarioLanguage {
  return typeof value === 'string' && (SCENARIO_LANGUAGES as readonly string[]).includes(value);
}

/**
 * The texts of scenario.yaml that may be written per language: paths with `*` for any list
 * index. Everything else (ids, files, numbers, answers) is one value for every language.
 */
const TEXT_PATHS: readonly (readonly string[])[] = [
  ['title'],
  ['enterprise'],
  ['role'],
  ['tasks', '*', 'title'],
  ['tasks', '*', 'data', 'title'],
  ['tasks', '*', 'checks', '*', 'title'],
  ['tasks', '*', 'checks', '*', 'question'],
  ['tasks', '*', 'checks', '*', 'hint'],
  ['tasks', '*', 'checks', '*', 'answer', 'unit'],
  ['tasks', '*', 'checks', '*', 'answer', 'options', '*', 'text'],
  ['tasks', '*', 'checks', '*', 'assertions', '*', 'message'],
  ['tasks', '*', 'rubric', '*', 'title'],
  ['tasks', '*', 'rubric', '*', 'description'],
  ['tasks', '*', 'rubric', '*', 'levels', '*', 'text'],
  ['events', '*', 'from'],
  ['events', '*', 'subject'],
];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Every text at TEXT_PATHS in a parsed (not yet validated) scenario.yaml, with its path and holder. */
function textsOf(raw: unknown): { path: (string | number)[]; holder: Obj; key: string; value: unknown }[] {
  const out: { path: (string | number)[]; holder: Obj; key: string; value: unknown }[] = [];
  const walk = (node: unknown, pattern: readonly string[], at: (string | number)[]) => {
    const [head, ...rest] = pattern;
    if (head === undefined) return;
    if (head === '*') {
      if (Array.isArray(node)) node.forEach((item, i) => walk(item, rest, [...at, i]));
      return;
    }
    if (!isObj(node) || !(head in node)) return;
    if (rest.length === 0) out.push({ path: [...at, head], holder: node, key: head, value: node[head] });
    else walk(node[head], rest, [...at, head]);
  };
  for (const pattern of TEXT_PATHS) walk(raw, pattern, []);
  return out;
}

/** The package's default language and the languages it is complete in (the default first). */
export function languagesOf(manifest: { language?: string; languages?: readonly string[] }): { language: ScenarioLanguage; languages: ScenarioLanguage[] } {
  const language = isScenarioLanguage(manifest.language) ? manifest.language : DEFAULT_SCENARIO_LANGUAGE;
  const listed = (manifest.languages ?? []).filter(isScenarioLanguage);
  return { language, languages: [language, ...listed.filter((l) => l !== language)] };
}

/** `brief.md` in `lang`: itself in the default language, `brief.zh-CN.md` in another. */
export function fileIn(file: string, lang: ScenarioLanguage, defaultLanguage: ScenarioLanguage): string {
  if (lang === defaultLanguage) return file;
  const dot = file.lastIndexOf('.');
  const slash = file.lastIndexOf('/');
  return dot > slash ? `${file.slice(0, dot)}.${lang}${file.slice(dot)}` : `${file}.${lang}`;
}

/** Whether a text has no words, only numbers or symbols (`%`, `12.5`): the same in every language. */
const wordless = (text: string) => !/\p{L}/u.test(text);

/** `key`: a language key, for its line; `text`: the message's catalog key (server/messages `scenario.language.*`). */
export type LanguageProblem = KeyIssue & { path: (string | number)[] };

/**
 * Replaces each per-language text by its text in `lang` (else the default language's, else the
 * first there is), so the schema sees plain strings; `problems` says what a text object has
 * wrong (a key that is no language, a value that is no text) and, for each language the
 * package says it is complete in, which texts lack it.
 */
export function localizeRaw(raw: unknown, lang?: ScenarioLanguage): { value: unknown; problems: LanguageProblem[]; language: ScenarioLanguage; languages: ScenarioLanguage[] } {
  const value = structuredClone(raw);
  const top = isObj(value) ? value : {};
  const { language, languages } = languagesOf({
    language: typeof top.language === 'string' ? top.language : undefined,
    languages: Array.isArray(top.languages) ? (top.languages as unknown[]).filter((l): l is string => typeof l === 'string') : undefined,
  });
  const want = lang ?? language;
  const problems: LanguageProblem[] = [];
  const multi = languages.length > 1;
  // A YAML alias (`data: *ledger`) may hand the same object to several paths: localize it once.
  const done = new Map<Obj, Set<string>>();
  for (const { path, holder, key, value: text } of textsOf(value)) {
    const keys = done.get(holder) ?? new Set<string>();
    if (keys.has(key)) continue;
    done.set(holder, keys.add(key));
    if (typeof text === 'string') {
      if (multi && !wordless(text)) {
        problems.push({
          path,
          message: `is in one language only, and the package is in ${languages.join(' and ')} (\`languages\`): write it in each, e.g. ${key}: { ${languages.map((l) => `${l}: …`).join(', ')} }`,
          text: { key: 'scenario.language.oneLanguage', params: { languages: languages.join(', '), example: `${key}: { ${languages.map((l) => `${l}: …`).join(', ')} }` } },
        });
      }
      continue;
    }
    if (!isObj(text)) continue; // the schema says what it expected
    const langs = Object.keys(text);
    if (langs.length === 0) continue;
    for (const k of langs) {
      if (!isScenarioLanguage(k)) {
        const near = localeOfTag(k) ?? nearest(k, SCENARIO_LANGUAGES)[0];
        problems.push({
          path: [...path],
          key: k,
          message: `\`${k}\` is not a language of scenario packages${near ? ` — did you mean \`${near}\`?` : ''} (a text in several languages has ${SCENARIO_LANGUAGES.map((l) => `\`${l}\``).join(', ')})`,
          text: near
            ? { key: 'scenario.language.unknownNear', params: { key: k, near, languages: SCENARIO_LANGUAGES.map((l) => `\`${l}\``).join(', ') } }
            : { key: 'scenario.language.unknown', params: { key: k, languages: SCENARIO_LANGUAGES.map((l) => `\`${l}\``).join(', ') } },
        });
      } else if (typeof text[k] !== 'string' || text[k].trim() === '') {
        problems.push({ path: [...path, k], message: 'must be text (not empty)', text: { key: 'scenario.language.notText' } });
      }
    }
    for (const l of languages) {
      if (!langs.includes(l)) {
        problems.push({
          path,
          message: `has no ${l} text, and the package says it is complete in ${l} (\`languages\`): add ${l}: …`,
          text: { key: 'scenario.language.missingText', params: { language: l } },
        });
      }
    }
    // Keep going with a text there is, so the schema reports the rest of the file, not this again.
    const usable = (l: string) => (isScenarioLanguage(l) && typeof text[l] === 'string' && text[l].trim() !== '' ? text[l] : undefined);
    const chosen = usable(want) ?? usable(language) ?? langs.map(usable).find((t) => t !== undefined);
    if (chosen !== undefined) holder[key] = chosen;
  }
  return { value, problems, language, languages };
}

/** The Markdown files a student reads (brief, instructions, messages) that lack their translation in a listed language. */
export function missingTranslations(
  manifest: { language?: string; languages?: readonly string[]; brief: string; tasks: { instructions: string }[]; events: { body: string }[] },
  files: { has(path: string): boolean },
): { file: string; language: ScenarioLanguage; translation: string }[] {
  const { language, languages } = languagesOf(manifest);
  const texts = [...new Set([manifest.brief, ...manifest.tasks.map((t) => t.instructions), ...manifest.events.map((e) => e.body)])];
  const out: { file: string; language: ScenarioLanguage; translation: string }[] = [];
  for (const file of texts) {
    if (!files.has(file)) continue; // reported as missing itself
    for (const l of languages) {
      const translation = fileIn(file, l, language);
      if (!files.has(translation)) out.push({ file, language: l, translation });
    }
  }
  return out;
}

/** The language a reader gets: theirs when the package is complete in it, else the package's default (a fallback). */
export function chooseLanguage(
  manifest: { language?: string; languages?: readonly string[] },
  wanted: ScenarioLanguage | undefined,
): { language: ScenarioLanguage; fallback: boolean } {
  const { language, languages } = languagesOf(manifest);
  if (!wanted || wanted === language) return { language, fallback: false };
  return languages.includes(wanted) ? { language: wanted, fallback: false } : { language, fallback: true };
}
