import i18next from 'i18next';
import ICU from 'i18next-icu';
import en from '../../../web/src/workspace/locales/en.json';
import zhCN from '../../../web/src/workspace/locales/zh-CN.json';
import { setActiveLocale, type Locale } from '../../../web/src/app/locale';

/**
 * i18next as the app sets it up (ICU messages), with the workspace's catalogs, for unit tests
 * of code that words things outside React (upcoming.ts, autosave.ts). English unless a test
 * switches with `switchLocale`.
 */
export async function initWorkspaceI18n(): Promise<void> {
  if (i18next.isInitialized) return;
  await i18next.use(ICU).init({
    lng: 'en',
    fallbackLng: 'en',
    load: 'currentOnly',
    supportedLngs: ['en', 'zh-CN'],
    ns: ['workspace'],
    defaultNS: 'workspace',
    resources: { en: { workspace: en }, 'zh-CN': { workspace: zhCN } },
    interpolation: { escapeValue: false },
    returnNull: false,
  });
}

export async function switchLocale(locale: Locale): Promise<void> {
  await i18next.changeLanguage(locale);
  setActiveLocale(locale);
}
