import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { Page } from '../../components/Page';

export function NotFoundPage() {
  const { t } = useTranslation('shell');
  const { pathname } = useLocation();
  return (
    <Page title={t('notFound.title')}>
      <p>{t('notFound.body', { path: pathname })}</p>
      <p>
        <Link to="/">{t('homeLink')}</Link>
      </p>
    </Page>
  );
}
