import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { SessionViewT } from '../../../../server/contract/accounts';
import { formatDay } from '../../app/format';
import { toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { LogbookReminders } from '../logbook/LogbookReminders';
import { useListPlacementsQuery } from '../placements/placementsApi';
import { AssessmentReminders } from '../assessments/AssessmentReminders';
import { ProfileGap } from '../profiles/ProfileGap';
import { RoleSection } from './RoleSection';

/** An enterprise mentor's students on placement: who, where, for how long. */
export function MentorHome({ session }: { session: SessionViewT }) {
  const { t } = useTranslation('home');
  const { data, error, isLoading } = useListPlacementsQuery();
  const problem = toProblem(error);
  const mine = (data ?? []).filter((p) => p.enterpriseMentor?.id === session.user.id);
  return (
    <RoleSection role="mentor" title={t('mentor.title')} session={session}>
      {problem ? <Banner tone="error">{problem.message}</Banner> : null}
      {isLoading ? <p>{t('loading')}</p> : null}
      <LogbookReminders as="mentor" userId={session.user.id} />
      {data && mine.length === 0 ? <p>{t('mentor.none')}</p> : null}
      <AssessmentReminders />
      <ul className="mentee-list">
        {mine.map((p) => (
          <li key={p.id} className="panel">
            <Link to={`/placements/${p.id}`} className="mentee-list__link">
              <strong>{p.student.name}</strong>
            </Link>{' '}
            · {p.role} · {p.base.name}
            <br />
            {t('mentor.period', { start: formatDay(p.startsOn), end: formatDay(p.endsOn) })}
            <ProfileGap placementId={p.id} />
          </li>
        ))}
      </ul>
    </RoleSection>
  );
}
