import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ConsentEntry, ConsentLogEntry, ConsentSharesT } from '../../../../server/contract/talent';
import { formatDate, formatDateTime, formatList } from '../../app/format';
import { toProblem } from '../../app/problem';
import { LoadState, OutcomeBanners } from '../../components/Banner';
import { EmptyState } from '../../components/EmptyState';
import { Page } from '../../components/Page';
import { usePutTalentConsentMutation, useRevokeTalentConsentMutation, useMyTalentConsentsQuery } from './talentApi';
import './talent.css';

/** The student's consent to each partner enterprise of their school, what it shares, and the log of every change. */
export function ConsentPage() {
  const { t } = useTranslation('talent');
  const { data, error, isLoading } = useMyTalentConsentsQuery();
  const problem = toProblem(error);
  return (
    <Page title={t('consent.title')} intro={t('consent.intro')}>
      <LoadState problem={problem} isLoading={isLoading} loading={t('loading')} />
      {data ? (
        <>
          <section className="section" aria-labelledby="talent-enterprises">
            <h2 className="section__title" id="talent-enterprises">
              {t('consent.enterprises')}
            </h2>
            {data.enterprises.length === 0 ? <EmptyState title={t('consent.noneTitle')}>{t('consent.none')}</EmptyState> : null}
            <div className="talent-cards">
              {data.enterprises.map((entry) => (
                <ConsentCard key={entry.enterprise.id} entry={entry} />
              ))}
            </div>
            <p>
              <Link to="/talent/invitations">{t('invitations.title')}</Link>
            </p>
          </section>
          <section className="section" aria-labelledby="talent-log">
            <h2 className="section__title" id="talent-log">
              {t('log.title')}
            </h2>
            <p className="section__intro">{t('log.intro')}</p>
            {data.log.length === 0 ? <p className="muted">{t('log.empty')}</p> : <ConsentLog log={data.log} />}
          </section>
        </>
      ) : null}
    </Page>
  );
}

/** "competency levels, name and school and workplace assessments" in the reader's language. */
export function useSharedList() {
  const { t } = useTranslation('talent');
  return (shares: ConsentSharesT) =>
    formatList([t('share.levels'), ...(shares.identity ? [t('share.identity')] : []), ...(shares.assessments ? [t('share.assessments')] : [])]);
}

function ConsentCard({ entry }: { entry: ConsentEntry }) {
  const { t } = useTranslation('talent');
  const { enterprise, school, consent } = entry;
  const [identity, setIdentity] = useState(consent?.shares.identity ?? true);
  const [assessments, setAssessments] = useState(consent?.shares.assessments ?? true);
  const [notice, setNotice] = useState<string | null>(null);
  const [put, putState] = usePutTalentConsentMutation();
  const [revoke, revokeState] = useRevokeTalentConsentMutation();
  const busy = putState.isLoading || revokeState.isLoading;
  const problem = toProblem(putState.error ?? revokeState.error);
  const idBase = `consent-${enterprise.id}`;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const result = await put({ enterpriseId: enterprise.id, shares: { identity, assessments } });
    if (!('error' in result)) setNotice(consent ? t('consent.saved') : t('consent.granted', { enterprise: enterprise.name }));
  };
  const withdraw = async () => {
    if (busy) return;
    const result = await revoke({ enterpriseId: enterprise.id });
    if (!('error' in result)) setNotice(t('consent.revoked', { enterprise: enterprise.name }));
  };

  return (
    <article className="talent-card" aria-labelledby={`${idBase}-title`}>
      <h3 className="talent-card__title" id={`${idBase}-title`}>
        {enterprise.name}
      </h3>
      <p className="muted">{t('consent.through', { school: school.name })}</p>
      <p className={`status ${consent ? 'status--on' : 'status--off'}`}>
        {consent ? t('consent.on', { date: formatDate(consent.grantedAt) }) : t('consent.off', { enterprise: enterprise.name })}
      </p>
      <OutcomeBanners notice={notice} onDismiss={() => setNotice(null)} problem={problem} />
      <form onSubmit={(e) => void submit(e)}>
        <fieldset className="fieldset">
          <legend className="fieldset__legend">{t('consent.what', { enterprise: enterprise.name })}</legend>
          <ul className="talent-shares">
            <li className="talent-shares__always">{t('consent.levels')}</li>
            <li>
              <label className="check talent-touch" htmlFor={`${idBase}-identity`}>
                <input id={`${idBase}-identity`} type="checkbox" checked={identity} onChange={(e) => setIdentity(e.target.checked)} />
                <span>{t('consent.identity')}</span>
              </label>
            </li>
            <li>
              <label className="check talent-touch" htmlFor={`${idBase}-assessments`}>
                <input id={`${idBase}-assessments`} type="checkbox" checked={assessments} onChange={(e) => setAssessments(e.target.checked)} />
                <span>{t('consent.assessments')}</span>
              </label>
            </li>
          </ul>
        </fieldset>
        <div className="talent-actions">
          <button type="submit" className="btn btn--primary talent-touch" aria-disabled={busy || undefined}>
            {putState.isLoading ? t('consent.saving') : consent ? t('consent.save') : t('consent.grant', { enterprise: enterprise.name })}
          </button>
          {consent ? (
            <button type="button" className="btn btn--danger talent-touch" aria-disabled={busy || undefined} onClick={() => void withdraw()}>
              {t('consent.revoke')}
            </button>
          ) : null}
        </div>
      </form>
    </article>
  );
}

function ConsentLog({ log }: { log: ConsentLogEntry[] }) {
  const { t } = useTranslation('talent');
  const shared = useSharedList();
  return (
    <ol className="talent-log">
      {log.map((l) => (
        <li key={l.id}>
          <time dateTime={l.at} className="talent-log__time">
            {formatDateTime(l.at)}
          </time>
          <span>{t('log.entry', { action: l.action, enterprise: l.enterprise.name })}</span>
          {l.action === 'revoked' ? null : <span className="muted">{t('log.shared', { list: shared(l.shares) })}</span>}
        </li>
      ))}
    </ol>
  );
}
