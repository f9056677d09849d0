import i18next from 'i18next';
import ICU from 'i18next-icu';
import authoring from '../../../web/src/features/authoring/locales/en.json';

/**
 * The authoring catalog in English, for tests of code that speaks outside React (the rules of
 * file names, ids and rubric criteria say their reasons through i18next).
 */
export async function loadEnglishAuthoring(): Promise<void> {
  if (i18next.isInitialized) return;
  await i18next.use(ICU).init({ lng: 'en', ns: ['authoring'], resources: { en: { authoring } }, interpolation: { escapeValue: false } });
}
