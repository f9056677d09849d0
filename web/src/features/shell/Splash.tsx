import { useTranslation } from 'react-i18next';

export type SplashKey = 'page' | 'workspace' | 'editor' | 'review' | 'comparison';

/** What a full-window page says while its code arrives, in the reader's language. */
export function Splash({ what }: { what: SplashKey }) {
  const { t } = useTranslation('shell');
  return (
    <div className="splash" role="status">
      {t(`loading.${what}`)}
    </div>
  );
}
