import i18next, { type BackendModule, type ResourceKey } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { FIRST_MESSAGES_NS } from './serverText';
import { CompiledIcu } from './icuFormat';
import { DEFAULT_LOCALE, LOCALE_STORAGE_KEY, LOCALES, isLocale, pickLocale, setActiveLocale, type Locale } from './locale';

/**
 * The interface's translations: i18next with ICU messages (plural, select), parsed at build time
 * (vite.config.ts) and formatted by icuFormat.ts.
 *
 * Catalogs live beside their code: <folder>/locales/<locale>.json, one i18next namespace per
 * folder (namespace = the folder's name): each feature folder, the workspace, the shared
 * components, and server/messages (`messages`: what the server says, keyed by the codes in its
 * errors and acks). Each file is its own chunk, fetched only when its locale is in use (Vite
 * turns every lazy glob entry into a dynamic import).
 */
const catalogs = import.meta.glob<{ default: ResourceKey }>([
  '../features/*/locales/*.json',
  '../workspace/locales/*.json',
  '../components/locales/*.json',
  '../../../server/messages/locales/*.json',
]);

/** "../features/shell/locales/zh-CN.json" → ["shell", "zh-CN"] */
function parseCatalogPath(path: string): [namespace: string, locale: string] | null {
  const match = /\/([^/]+)\/locales\/([^/]+)\.json$/.exec(path);
  return match ? [match[1]!, match[2]!] : null;
}

const loaders = new Map<string, () => Promise<{ default: ResourceKey }>>();
for (const [path, load] of Object.entries(catalogs)) {
  const parsed = parseCatalogPath(path);
  if (parsed) loaders.set(`${parsed[1]}/${parsed[0]}`, load);
}

/** Every feature that has a catalog. */
export const NAMESPACES = [...new Set([...loaders.keys()].map((key) => key.split('/')[1]!))].sort();

/**
 * The server's messages are a 50 kB catalog (48 kB of JavaScript, 15 kB Brotli: issue 18). The
 * first paint brings only the groups that sign-in, session and validation errors use, as the
 * namespace `firstMessages` (vite.config.ts cuts them out of the catalog); `messages`, the whole
 * catalog, comes with the other namespaces when the browser is idle. serverText.ts reads both.
 */
const firstMessages = import.meta.glob<{ default: ResourceKey }>('../../../server/messages/locales/*.json', {
  query: '?groups=http,accounts,sso,field,realtime,rateLimit',
});
for (const [path, load] of Object.entries(firstMessages)) {
  const parsed = parseCatalogPath(path);
  if (parsed) loaders.set(`${parsed[1]}/${FIRST_MESSAGES_NS}`, load);
}

/**
 * What the sign-in page and the signed-in frame say, loaded before the first paint. The rest
 * (every other feature's catalog, most of the weight) follows when the browser is idle, and every
 * lazy page waits for it with its code (router.tsx), so no page ever shows a missing text.
 */
const FIRST_NAMESPACES = [...['shell', 'auth', 'components', 'sso'].filter((ns) => NAMESPACES.includes(ns)), FIRST_MESSAGES_NS];
let allCatalogs: Promise<void> | null = null;

/** Loads every namespace of the language in use, once (a language switch then reloads them all). */
export function loadAllCatalogs(): Promise<void> {
  allCatalogs ??= i18next.loadNamespaces(NAMESPACES).then(() => undefined);
  return allCatalogs;
}

const lazyCatalogs: BackendModule = {
  type: 'backend',
  init: () => undefined,
  read(language, namespace, callback) {
    const load = loaders.get(`${language}/${namespace}`);
    if (!load) {
      callback(new Error(`No ${language} catalog for ${namespace}`), null);
      return;
    }
    load().then(
      (module) => callback(null, module.default),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), null),
    );
  },
};

let chosenThisVisit: Locale | null = null;

/**
 * The language the reader picked with the switch during this visit (before signing in, say),
 * or null: a choice to keep as their preference, unlike a language applied for them.
 */
export function localeChosenThisVisit(): Locale | null {
  return chosenThisVisit;
}

function savedLocale(): string | null {
  try {
    return localStorage.getItem(LOCALE_STORAGE_KEY);
  } catch {
    // Storage can be refused (privacy settings): the browser's languages decide then.
    return null;
  }
}

function follow(language: string) {
  const locale: Locale = isLocale(language) ? language : DEFAULT_LOCALE;
  setActiveLocale(locale, navigator.languages);
  document.documentElement.lang = locale;
}

/** Loads the chosen language's catalogs; the app renders once this resolves. */
export async function initI18n(): Promise<void> {
  const locale = pickLocale(savedLocale(), navigator.languages);
  i18next.on('languageChanged', follow);
  await i18next
    .use(lazyCatalogs)
    .use(new CompiledIcu())
    .use(initReactI18next)
    .init({
      lng: locale,
      supportedLngs: [...LOCALES],
      fallbackLng: DEFAULT_LOCALE,
      // "zh-CN" is a whole locale here, not "zh" with a region.
      load: 'currentOnly',
      ns: FIRST_NAMESPACES,
      defaultNS: 'shell',
      // React escapes what it renders; escaping here too would show &amp; to the reader.
      interpolation: { escapeValue: false },
      // Every namespace of the language is loaded before the switch, and each lazy page waits for
      // all of them (loadAllCatalogs): nothing suspends.
      react: { useSuspense: false },
      returnNull: false,
    });
  follow(i18next.language);
}

/**
 * Switches the interface without a reload and (unless told not to: a default applied for the
 * reader is not their choice) remembers the choice in this browser.
 */
export async function chooseLocale(locale: Locale, opts: { remember?: boolean; byReader?: boolean } = {}): Promise<void> {
  if (opts.byReader) chosenThisVisit = locale;
  if (opts.remember !== false) {
    try {
      localStorage.setItem(LOCALE_STORAGE_KEY, locale);
    } catch {
      // Not remembered, but the switch still happens for this visit.
    }
  }
  await i18next.changeLanguage(locale);
}
