/**
 * Which language the interface speaks, without the i18n library: the pure choice (saved
 * preference, else the browser's languages) and the active locale that Intl formatters read.
 * Kept free of i18next so format.ts and unit tests can import it cheaply.
 */

import { LOCALES, isLocale, localeOfTag, type Locale } from '../../../server/contract/constants';

export { LOCALES, isLocale, type Locale };
export const DEFAULT_LOCALE: Locale = 'en';

/** Each language named in itself, so a reader finds their own whatever the page speaks. */
export const LOCALE_NAME: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文' };

/** localStorage key of this browser's choice; a signed-in person's choice is also kept on the server (users.locale). */
export const LOCALE_STORAGE_KEY = 'practicum.locale';

/**
 * The saved choice if valid, else the first browser language we speak, else the organisation's
 * default (when signed in and the organisation set one), else English.
 */
export function pickLocale(saved: string | null | undefined, browserLanguages: readonly string[], orgDefault?: Locale | null): Locale {
  if (isLocale(saved)) return saved;
  return browserLocale(browserLanguages) ?? orgDefault ?? DEFAULT_LOCALE;
}

/** The first of the browser's languages that Practicum speaks, or null. */
export function browserLocale(browserLanguages: readonly string[]): Locale | null {
  for (const tag of browserLanguages) {
    const locale = localeOfTag(tag);
    if (locale) return locale;
  }
  return null;
}

let active: Locale = DEFAULT_LOCALE;
let intlTag: string = DEFAULT_LOCALE;

/** The interface language now; set by i18n.ts whenever the language changes. */
export function activeLocale(): Locale {
  return active;
}

/**
 * The tag Intl formatters use: the interface language, in the reader's own regional variant
 * when the browser names one (an en-GB reader keeps "7 Dec 2026" in the English interface).
 */
export function intlLocale(): string {
  return intlTag;
}

/** One `make(locale)` per Intl locale, made on first use (Intl formatters and collators are costly to build). */
export function perLocale<T>(make: (locale: string) => T): () => T {
  const byLocale = new Map<string, T>();
  return () => {
    const locale = intlTag;
    let made = byLocale.get(locale);
    if (made === undefined) byLocale.set(locale, (made = make(locale)));
    return made;
  };
}

export function setActiveLocale(locale: Locale, browserLanguages: readonly string[] = []): void {
  active = locale;
  // Chinese stays zh-CN (Simplified, mainland conventions) whatever Chinese the browser names.
  intlTag = locale === 'en' ? (browserLanguages.find((tag) => localeOfTag(tag) === 'en') ?? 'en') : locale;
}
