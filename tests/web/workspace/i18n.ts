import i18next from 'i18next';
import ICU from 'i18next-icu';
import en from '../../../web/src/workspace/locales/en.json';
import zhCN from '../../../web/src/workspace/locales/zh-CN.json';
import componentsEn from '../../../web/src/components/locales/en.json';
import componentsZh from '../../../web/src/components/locales/zh-CN.json';
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
    ns: ['workspace', 'components'],
    defaultNS: 'workspace',
    // The shared components' catalog too: format.ts words time through it.
    resources: { en: { workspace: en, components: componentsEn }, 'zh-CN': { workspace: zhCN, components: componentsZh } },
    interpolation: { escapeValue: false },
    returnNull: false,
  });
}

export async function switchLocale(locale: Locale): Promise<void> {
  await i18next.changeLanguage(locale);
  setActiveLocale(locale);
}
