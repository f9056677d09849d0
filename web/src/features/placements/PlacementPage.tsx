import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { formatDay, formatNumber } from '../../app/format';
import { toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { Page } from '../../components/Page';
import { useLiveAssessments } from '../assessments/useLiveAssessments';
import { useSession } from '../auth/useSession';
import { ProfileGap } from '../profiles/ProfileGap';
import { MentorPanel } from './MentorPanel';
import { StatusActions, StatusBadge } from './StatusActions';
import { useListPlacementsQuery } from './placementsApi';
import './placements.css';

/**
 * One placement, for everyone related to it (the student, both mentors, the school, the
 * enterprise): what, where and when, live, with the way to its logbook and assessments. Those
 * who run it also move its status and choose the enterprise mentor here. The student's gap to
 * the role's profile follows sign-offs live.
 */
export function PlacementPage() {
  const { t } = useTranslation('placements');
  const { placementId = '' } = useParams();
  const session = useSession();
  const { data, error, isLoading } = useListPlacementsQuery();
  useLiveAssessments(placementId);
  const problem = toProblem(error);
  const p = data?.find((x) => x.id === placementId);
  const holds = (orgId: string, role: string) => session.user.memberships.some((m) => m.orgId === orgId && m.role === role);

  if (!p) {
    return (
      <Page title={t('detail.title')}>
        {problem ? <Banner tone="error">{problem.message}</Banner> : null}
        {isLoading ? <p className="muted">{t('loading')}</p> : null}
        {data ? <Banner tone="error">{t('detail.notFound')}</Banner> : null}
      </Page>
    );
  }
  const runsStatus = p.teacher.id === session.user.id || holds(p.school.id, 'teacher');
  const choosesMentor = runsStatus || holds(p.base.enterprise.id, 'admin');
  const open = p.status === 'planned' || p.status === 'active';

  return (
    <Page title={t('detail.titleFor', { student: p.student.name })} intro={t('card.where', { role: p.role, base: p.base.name, enterprise: p.base.enterprise.name })}>
      <dl className="placement-facts panel">
        <dt>{t('detail.status')}</dt>
        <dd>
          <StatusBadge status={p.status} />
        </dd>
        <dt>{t('detail.period')}</dt>
        <dd>{t('detail.periodValue', { start: formatDay(p.startsOn), end: formatDay(p.endsOn) })}</dd>
        <dt>{t('detail.hours')}</dt>
        <dd>{t('detail.hoursValue', { hours: formatNumber(p.weeklyHours, 0) })}</dd>
        <dt>{t('detail.school')}</dt>
        <dd>{p.school.name}</dd>
        <dt>{t('detail.schoolMentor')}</dt>
        <dd>{p.teacher.name}</dd>
        <dt>{t('detail.enterpriseMentor')}</dt>
        <dd>{p.enterpriseMentor?.name ?? t('detail.noMentor')}</dd>
        <dt>{t('detail.course')}</dt>
        <dd>{p.course?.title ?? t('detail.noCourse')}</dd>
      </dl>
      <nav className="placement-links" aria-label={t('detail.linksLabel')}>
        <Link className="btn btn--primary" to={`/placements/${p.id}/logbook`}>
          {t('detail.logbook')}
        </Link>
        <Link className="btn" to={`/placements/${p.id}/assessments`}>
          {t('detail.assessments')}
        </Link>
      </nav>
      <div className="panel">
        <ProfileGap placementId={p.id} headingLevel={2} />
      </div>
      {open && (runsStatus || choosesMentor) ? (
        <section className="section" aria-labelledby="placement-manage">
          <h2 id="placement-manage" className="section__title">
            {t('detail.manage')}
          </h2>
          {runsStatus ? <StatusActions placement={p} /> : null}
          {choosesMentor ? <MentorPanel placement={p} /> : null}
        </section>
      ) : null}
    </Page>
  );
}
