import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { SessionViewT } from '../../../../server/contract/accounts';

/** On a teacher's or admin's home: the ways into talent selection their memberships open. */
export function TalentLinks({ session, role }: { session: SessionViewT; role: 'teacher' | 'admin' }) {
  const { t } = useTranslation('talent');
  const mine = session.user.memberships.filter((m) => m.role === role);
  const enterprise = role === 'admin' && mine.some((m) => m.orgKind === 'enterprise');
  const school = mine.some((m) => m.orgKind === 'school');
  if (!enterprise && !school) return null;
  return (
    <div className="panel">
      <h3 className="panel__title">{t('home.title')}</h3>
      <p className="stat__links">
        {enterprise ? <Link to="/talent/candidates">{t('home.candidates')}</Link> : null}
        {school ? <Link to="/talent/school-invitations">{t('home.schoolInvitations')}</Link> : null}
      </p>
    </div>
  );
}
