import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { InvitationView } from '../../../../server/contract/talent';
import { formatDateTime } from '../../app/format';
import { toProblem } from '../../app/problem';
import { LoadState } from '../../components/Banner';
import { Page } from '../../components/Page';
import { useAnswerTalentInvitationMutation, useMyTalentInvitationsQuery } from './talentApi';
import './talent.css';

/** The student's interview invitations, each with its answer buttons. */
export function StudentInvitations({ headingLevel = 2 }: { headingLevel?: 2 | 3 | 4 }) {
  const { t } = useTranslation('talent');
  const { data, error, isLoading } = useMyTalentInvitationsQuery();
  const [answer, answerState] = useAnswerTalentInvitationMutation();
  const problem = toProblem(error ?? answerState.error);
  const Heading = `h${headingLevel}` as const;
  return (
    <div>
      <LoadState problem={problem} isLoading={isLoading} loading={t('loading')} />
      {data && data.length === 0 ? <p className="muted">{t('invitations.none')}</p> : null}
      <ul className="talent-cards plain-list">
        {(data ?? []).map((i) => (
          <li key={i.id} className="talent-card">
            <Heading className="talent-card__title">{t('invitations.from', { enterprise: i.enterprise.name, role: i.role })}</Heading>
            <InvitationFacts invitation={i} />
            <p>
              <span className={`pill talent-status--${i.status}`}>{t('status', { status: i.status })}</span>
            </p>
            <div className="talent-actions">
              {i.status !== 'accepted' ? (
                <button type="button" className="btn btn--primary talent-touch" aria-disabled={answerState.isLoading || undefined} onClick={() => void answer({ id: i.id, answer: 'accepted' })}>
                  {t('invitations.accept')}
                </button>
              ) : null}
              {i.status !== 'declined' ? (
                <button type="button" className="btn talent-touch" aria-disabled={answerState.isLoading || undefined} onClick={() => void answer({ id: i.id, answer: 'declined' })}>
                  {t('invitations.decline')}
                </button>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** When, where and what the enterprise wrote. */
export function InvitationFacts({ invitation: i }: { invitation: InvitationView }) {
  const { t } = useTranslation('talent');
  return (
    <dl className="talent-facts">
      <dt>{t('invitations.when')}</dt>
      <dd>
        <time dateTime={i.at}>{formatDateTime(i.at)}</time>
      </dd>
      <dt>{t('invitations.where')}</dt>
      <dd>{i.place}</dd>
      {i.base ? (
        <>
          <dt>{t('invitations.base')}</dt>
          <dd>{i.base.name}</dd>
        </>
      ) : null}
      {i.message ? (
        <>
          <dt>{t('invitations.message')}</dt>
          <dd className="talent-facts__message">{i.message}</dd>
        </>
      ) : null}
    </dl>
  );
}

export function MyInvitationsPage() {
  const { t } = useTranslation('talent');
  return (
    <Page title={t('invitations.title')} intro={t('invitations.intro')}>
      <StudentInvitations />
      <p>
        <Link to="/talent/consents">{t('invitations.consentLink')}</Link>
      </p>
    </Page>
  );
}

/** The student's home: invitations, and the way to the consent page. */
export function StudentTalentPanel() {
  const { t } = useTranslation('talent');
  return (
    <div className="panel">
      <h3 className="panel__title">{t('home.title')}</h3>
      <p className="muted">{t('home.text')}</p>
      <StudentInvitations headingLevel={4} />
      <p className="stat__links">
        <Link to="/talent/consents">{t('invitations.consentLink')}</Link>
      </p>
    </div>
  );
}
