import { Trans, useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ReviewAlert } from '../../../../server/contract/review';
import { formatAgo, formatDateTime } from '../../app/format';
import { useServerNow } from '../connection/useServerNow';
import { useGetReviewAlertsQuery } from './reviewsApi';
import { namesOf } from './ModerationNotice';
import './ModerationAlerts.css';

type Props = {
  /** Undefined when the caller works for one enterprise: the server knows which. */
  enterpriseId: string | undefined;
  enterpriseName: string;
  /** Admins are sent to add a reviewer; leads who scored the work may settle it. */
  audience: 'admin' | 'lead';
  userId: string;
};

/**
 * Disagreements nobody independent can settle, for an enterprise's admins and lead reviewers,
 * live: the panel appears the moment one is stranded and goes when it is settled. Empty, it
 * shows nothing but its (silent) live region.
 */
export function ModerationAlerts({ enterpriseId, enterpriseName, audience, userId }: Props) {
  const { t } = useTranslation('reviews');
  const { data } = useGetReviewAlertsQuery({ enterpriseId });
  const now = useServerNow(60_000);
  const total = data?.total ?? 0;
  const headingId = `moderation-alerts-${enterpriseId ?? 'mine'}`;
  return (
    <div aria-live="polite">
      {data && total > 0 ? (
        <section className="panel moderation-alerts" aria-labelledby={headingId}>
          <h3 id={headingId} className="panel__title">
            {t('alerts.title', { count: total, enterprise: enterpriseName })}
          </h3>
          <p>{t('alerts.text', { audience })}</p>
          <ul className="moderation-alerts__list">
            {data.items.map((a) => (
              <AlertRow key={a.itemId} alert={a} audience={audience} userId={userId} now={now} />
            ))}
          </ul>
          {data.items.length < total ? <p className="muted">{t('alerts.oldest', { count: data.items.length })}</p> : null}
          {audience === 'admin' ? (
            <p className="stat__links">
              <Link to="/admin/users/new">{t('alerts.addReviewer')}</Link>
              <Link to="/admin/users?role=reviewer">{t('alerts.reviewers')}</Link>
            </p>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}

function AlertRow({ alert, audience, userId, now }: { alert: ReviewAlert; audience: Props['audience']; userId: string; now: number }) {
  const { t } = useTranslation('reviews');
  const scorers = alert.scorers.map((s) => ({ name: s.id === userId ? t('alerts.you') : s.lead ? t('alerts.lead', { name: s.name }) : s.name }));
  const mayModerate = audience === 'lead' && alert.by === 'scoring-lead' && alert.scorers.some((s) => s.id === userId && s.lead);
  return (
    <li className="moderation-alerts__item">
      <span className="moderation-alerts__what">
        {alert.scenario.title}
        {alert.assignment.title !== alert.scenario.title ? ` · ${alert.assignment.title}` : ''}
      </span>
      <span className="table__sub">
        <Trans
          t={t}
          i18nKey="alerts.scoredBy"
          values={{ names: namesOf(scorers), ago: formatAgo(alert.waitingSince, now) }}
          components={{ time: <time dateTime={alert.waitingSince} title={formatDateTime(alert.waitingSince)} /> }}
        />{' '}
        {alert.by === 'nobody' ? t('alerts.nobody') : null}
      </span>
      {mayModerate ? (
        <Link to={`/reviews/items/${alert.itemId}`} className="btn btn--small btn--primary">
          {t('alerts.settle')}
          <span className="visually-hidden">{t('alerts.settleHidden', { scenario: alert.scenario.title })}</span>
        </Link>
      ) : null}
    </li>
  );
}
