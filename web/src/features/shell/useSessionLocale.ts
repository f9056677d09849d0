import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionViewT } from '../../../../server/contract/accounts';
import { chooseLocale, localeChosenThisVisit } from '../../app/i18n';
import { browserLocale, isLocale } from '../../app/locale';
import { useSaveLocaleMutation } from '../auth/authApi';

/**
 * Brings the interface to the signed-in person's language: their saved preference wins (it
 * follows them to every device); without one, a choice made with the switch during this visit
 * (on the sign-in page, say) becomes their preference; without either, the browser's languages stand, and when
 * the browser names none we speak, the organisation's default applies.
 */
export function useSessionLocale(session: SessionViewT): void {
  const { i18n } = useTranslation();
  const [saveLocale] = useSaveLocaleMutation();
  const preference = session.user.locale;
  const orgLocale = session.orgLocale;
  useEffect(() => {
    if (preference) {
      if (preference !== i18n.language) void chooseLocale(preference);
      return;
    }
    const chosen = localeChosenThisVisit();
    if (chosen) {
      void saveLocale(chosen);
      return;
    }
    if (orgLocale && !browserLocale(navigator.languages) && orgLocale !== i18n.language) void chooseLocale(orgLocale, { remember: false });
  }, [preference, orgLocale, i18n, saveLocale]);
}

/** The switch's effect when someone is signed in: the interface changes, and the server remembers. */
export function useChooseAndSaveLocale(): (locale: string) => void {
  const [saveLocale] = useSaveLocaleMutation();
  return (locale) => {
    if (!isLocale(locale)) return;
    void chooseLocale(locale, { byReader: true });
    void saveLocale(locale);
  };
}
