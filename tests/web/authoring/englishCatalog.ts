import i18next from 'i18next';
import ICU from 'i18next-icu';
import authoring from '../../../web/src/features/authoring/locales/en.json';
import messages from '../../../server/messages/locales/en.json';

/**
 * The authoring catalog in English, for tests of code that speaks outside React (the rules of
 * file names, ids and rubric criteria say their reasons through i18next), with the server's
 * messages (`messages`: the shared file-path rule's reasons).
 */
export async function loadEnglishAuthoring(): Promise<void> {
  if (i18next.isInitialized) return;
  await i18next.use(ICU).init({ lng: 'en', ns: ['authoring', 'messages'], resources: { en: { authoring, messages } }, interpolation: { escapeValue: false } });
}
