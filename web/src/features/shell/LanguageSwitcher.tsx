import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { chooseLocale } from '../../app/i18n';
import { LOCALES, LOCALE_NAME, isLocale } from '../../app/locale';
import './LanguageSwitcher.css';

/**
 * The interface language as a labelled native select: keyboard, screen readers and phones
 * handle it without help. Each option is named in its own language (and tagged with it), so
 * a reader finds theirs whatever the page speaks now.
 */
export function LanguageSwitcher({ className, onChoose }: { className?: string; /** Instead of a switch in this browser only (signed in: the server remembers too). */ onChoose?: (locale: string) => void }) {
  const { t, i18n } = useTranslation('shell');
  const id = useId();
  return (
    <div className={`lang-switch${className ? ` ${className}` : ''}`}>
      <label htmlFor={id} className="lang-switch__label">
        {t('language.label')}
      </label>
      <select
        id={id}
        className="lang-switch__select"
        value={i18n.language}
        onChange={(e) => {
          if (onChoose) onChoose(e.target.value);
          else if (isLocale(e.target.value)) void chooseLocale(e.target.value, { byReader: true });
        }}
      >
        {LOCALES.map((locale) => (
          <option key={locale} value={locale} lang={locale}>
            {LOCALE_NAME[locale]}
          </option>
        ))}
      </select>
    </div>
  );
}
