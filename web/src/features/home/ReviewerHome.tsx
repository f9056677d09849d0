import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { SessionViewT } from '../../../../server/contract/accounts';
import { toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { useGetQueueQuery } from '../reviews/reviewsApi';
import { ModerationAlerts } from '../reviews/ModerationAlerts';
import { RoleSection } from './RoleSection';

export function ReviewerHome({ session }: { session: SessionViewT }) {
  const { t } = useTranslation('home');
  const enterprises = session.user.memberships.filter((m) => m.role === 'reviewer' && m.orgKind === 'enterprise');
  return (
    <RoleSection role="reviewer" title={t('reviewer.title')} session={session}>
      {enterprises
        .filter((e) => e.lead)
        .map((e) => (
          <ModerationAlerts key={e.orgId} enterpriseId={enterprises.length > 1 ? e.orgId : undefined} enterpriseName={e.orgName} audience="lead" userId={session.user.id} />
        ))}
      {enterprises.length > 1 ? (
        <div className="panel-grid">
          {enterprises.map((e) => (
            <QueueCard key={e.orgId} enterpriseId={e.orgId} title={t('reviewer.queueOf', { org: e.orgName })} />
          ))}
        </div>
      ) : (
        // One company: the server knows which, and the queue needs no choice either.
        <QueueCard enterpriseId={undefined} title={t('reviewer.queue')} />
      )}
      <p className="stat__links">
        <Link to="/insights">{t('reviewer.insights')}</Link>
      </p>
    </RoleSection>
  );
}

/** The live counts of one company's queue; the numbers update as work comes in and goes out. */
function QueueCard({ enterpriseId, title }: { enterpriseId: string | undefined; title: string }) {
  const { t } = useTranslation('home');
  const { data, error } = useGetQueueQuery({ enterpriseId, status: 'open', limit: 1, offset: 0 });
  const problem = toProblem(error);
  const counts = data?.counts;
  const href = enterpriseId ? `/reviews?enterprise=${enterpriseId}` : '/reviews';
  const stat = (label: string, value: number | undefined, status: string) => (
    <div className="queue-stat">
      <dt className="queue-stat__label">{label}</dt>
      <dd className="queue-stat__value">
        <Link to={status === 'open' ? href : `${href}${href.includes('?') ? '&' : '?'}status=${status}`} aria-label={t('reviewer.statLabel', { label, value: value ?? t('reviewer.loadingValue') })}>
          {value ?? (error ? '—' : '…')}
        </Link>
      </dd>
    </div>
  );
  return (
    <div className="panel stat queue-card">
      <h3 className="panel__title">{title}</h3>
      {problem ? <Banner tone="error">{problem.message}</Banner> : null}
      <dl className="queue-stats" aria-live="polite" aria-busy={!data || undefined}>
        {stat(t('reviewer.open'), counts?.open, 'open')}
        {stat(t('reviewer.mine'), counts?.mine, 'mine')}
        {data?.isLead || (counts?.moderation ?? 0) > 0 ? stat(t('reviewer.moderation'), counts?.moderation, 'moderation') : null}
      </dl>
      {counts && counts.open === 0 && counts.mine === 0 ? <p className="stat__detail">{t('reviewer.nothing')}</p> : null}
      <p className="stat__links">
        <Link to={href}>{t('reviewer.openQueue')}</Link>
        {counts && counts.regrades > 0 ? <Link to={enterpriseId ? `/reviews/regrades?enterprise=${enterpriseId}` : '/reviews/regrades'}>{t('reviewer.regrades', { count: counts.regrades })}</Link> : null}
      </p>
    </div>
  );
}
