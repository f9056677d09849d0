import { useTranslation } from 'react-i18next';
import { dataExportUrl } from './privacyApi';

/** "My data": the signed-in person downloads everything the platform holds about them (a zip). */
export function MyDataSection() {
  const { t, i18n } = useTranslation('privacy');
  return (
    <section className="section" aria-labelledby="my-data">
      <h2 id="my-data" className="section__title">
        {t('myData.title')}
      </h2>
      <p className="muted">{t('myData.text')}</p>
      <a className="btn btn--small" href={dataExportUrl(null, i18n.language)} download>
        {t('myData.download')}
      </a>
    </section>
  );
}
