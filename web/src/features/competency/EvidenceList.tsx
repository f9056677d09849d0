import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { EvidenceView, MethodView } from '../../../../server/contract/competency';
import { formatDate, formatNumber } from '../../app/format';
import { methodDescription, percent, sourceLabel, weightsDescription } from './levels';

/** The work behind one competency's mastery, newest first, each piece linked to its attempt (a workplace assessment names its placement). */
export function EvidenceList({ id, evidence, method, title }: { id: string; evidence: EvidenceView[]; method: MethodView; title: string }) {
  const { t } = useTranslation('competency');
  const sorted = [...evidence].sort((a, b) => b.submittedAt.localeCompare(a.submittedAt));
  return (
    <div id={id} className="evidence">
      <p className="evidence__method">
        {t('evidence.from', { count: evidence.length })} {methodDescription(method)}
        {evidence.some((e) => e.source === 'workplace') ? ` ${weightsDescription(method.sources)}` : null}
      </p>
      <ol className="evidence__list" aria-label={t('evidence.listLabel', { title })}>
        {sorted.map((e) => (
          <li key={e.id} className="evidence__item">
            <div className="evidence__score">
              <span className="evidence__value">{percent(e.score)}</span>
              {e.weight !== 1 ? <span className="table__sub">{t('evidence.weight', { weight: formatNumber(e.weight) })}</span> : null}
            </div>
            <div className="evidence__body">
              {e.placement ? (
                <>
                  {/* A workplace assessment: no scenario and no attempt, but a base, an enterprise and a mentor. */}
                  <p className="evidence__ref">
                    <span className="evidence__kind">{sourceLabel(e.source)}</span> {t('evidence.placement', { base: e.placement.base, enterprise: e.placement.enterprise, role: e.placement.role })}
                  </p>
                  <p className="evidence__meta">
                    {t('evidence.assessedBy', { assessor: e.assessor ?? t('evidence.mentor') })} · <time dateTime={e.submittedAt}>{formatDate(e.submittedAt)}</time>
                  </p>
                </>
              ) : (
                <>
                  <p className="evidence__ref">
                    <span className="evidence__kind">{e.ref.kind === 'check' ? t('evidence.check') : t('evidence.criterion')}</span> {e.ref.title}
                  </p>
                  <p className="evidence__meta">
                    {sourceLabel(e.source)} · {e.scenario} · {e.assessor ?? (e.ref.kind === 'check' ? t('evidence.auto') : t('evidence.reviewers'))} ·{' '}
                    <time dateTime={e.submittedAt}>{formatDate(e.submittedAt)}</time>
                  </p>
                </>
              )}
              {e.comment ? (
                <blockquote className="evidence__comment">
                  <p>{e.comment}</p>
                </blockquote>
              ) : null}
              {e.attemptId ? (
                <Link to={`/attempts/${e.attemptId}`} className="evidence__link">
                  {t('evidence.open')}
                  <span className="visually-hidden">{t('evidence.openWhat', { scenario: e.scenario, date: formatDate(e.submittedAt) })}</span>
                </Link>
              ) : null}
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}
