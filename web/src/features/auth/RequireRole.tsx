import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router';
import type { Role } from '../../../../server/contract/accounts';
import { formatList, inSentence } from '../../app/format';
import { Page } from '../../components/Page';
import { useSession } from './useSession';

type AccessRole = Role | 'operator';

/** Pages for some roles; others get a plain explanation rather than a broken page of 403s. */
export function RequireRole({ role }: { role: AccessRole | AccessRole[] }) {
  const { t } = useTranslation('auth');
  const session = useSession();
  const wanted = Array.isArray(role) ? role : [role];
  if (wanted.some((r) => (r === 'operator' ? session.operator : session.roles.includes(r)))) return <Outlet />;
  // "the teacher or admin role": role names run inside the sentence, in lower case where the language has case.
  const roles = formatList(wanted.map((r) => inSentence(t(`roles.${r}`, { ns: 'shell' }))), 'disjunction');
  return (
    <Page title={t('forbidden.title')}>
      <p>{t('forbidden.body', { roles, email: session.user.email })}</p>
      <p>
        <Link to="/">{t('homeLink', { ns: 'shell' })}</Link>
      </p>
    </Page>
  );
}
