import i18next from 'i18next';
import type { ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { AgreementNumbers, AgreementView } from '../../../../server/contract/review';
import { formatDecimal, formatPercent } from '../../app/format';
import { toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { EmptyState } from '../../components/EmptyState';
import { Page } from '../../components/Page';
import { useSession } from '../auth/useSession';
import { EnterprisePicker, isLeadFor, useEnterpriseChoice } from './EnterprisePicker';
import { useGetAgreementQuery } from './reviewsApi';
import './AgreementPage.css';

/** Landis and Koch's words for kappa, so the number does not stand alone. */
function kappaWords(k: number): string {
  if (k < 0) return i18next.t('reviews:agreement.kappa.worse');
  if (k <= 0.2) return i18next.t('reviews:agreement.kappa.slight');
  if (k <= 0.4) return i18next.t('reviews:agreement.kappa.fair');
  if (k <= 0.6) return i18next.t('reviews:agreement.kappa.moderate');
  if (k <= 0.8) return i18next.t('reviews:agreement.kappa.substantial');
  return i18next.t('reviews:agreement.kappa.perfect');
}

function percent(x: number | null): string {
  if (x === null) return i18next.t('reviews:agreement.na');
  // English keeps its "83 %"; other languages write percentages their own way.
  return i18next.language === 'en' ? `${Math.round(x * 100)} %` : formatPercent(x);
}

function decimal(x: number | null): string {
  return x === null ? i18next.t('reviews:agreement.na') : formatDecimal(x, 2);
}

/** Exact agreement as a bar; the number next to it says the same in text. */
function Bar({ value }: { value: number | null }) {
  const width = 64;
  return (
    <svg className="agreement-bar" width={width} height="8" viewBox={`0 0 ${width} 8`} aria-hidden="true" focusable="false">
      <rect width={width} height="8" rx="2" className="agreement-bar__track" />
      {value !== null ? <rect width={Math.max(0, Math.min(1, value)) * width} height="8" rx="2" className="agreement-bar__fill" /> : null}
    </svg>
  );
}

function NumberHeaders() {
  const { t } = useTranslation('reviews');
  return (
    <>
      <th scope="col" className="table__num">
        {t('agreement.col.submissions')} <span className="table__unit">{t('agreement.col.pairs')}</span>
      </th>
      <th scope="col" className="table__num">
        {t('agreement.col.exact')}
      </th>
      <th scope="col" className="table__num">
        {t('agreement.col.meanDiff')} <span className="table__unit">{t('agreement.col.levels')}</span>
      </th>
      <th scope="col" className="table__num">
        {t('agreement.col.kappa')} <span className="table__unit">{t('agreement.col.quadratic')}</span>
      </th>
    </>
  );
}

/**
 * Kappa only where it means something: from 2k² double-reviewed submissions on (the server says
 * how many: `kappaMinItems`), with its 95 % interval on rows of one criterion.
 */
function KappaCell({ numbers }: { numbers: AgreementNumbers }) {
  const { t } = useTranslation('reviews');
  if (numbers.kappaStatus === 'too_few') {
    return (
      <td className="table__num kappa kappa--few">
        {t('agreement.notEnough')}
        <span className="table__sub">{t('agreement.needed', { items: numbers.items, min: numbers.kappaMinItems })}</span>
      </td>
    );
  }
  if (numbers.kappaStatus === 'no_variation' || numbers.kappa === null) {
    return (
      <td className="table__num kappa">
        <abbr title={t('agreement.naTitle')}>{t('agreement.na')}</abbr>
        <span className="table__sub">{t('agreement.tooAlike')}</span>
      </td>
    );
  }
  const interval = numbers.kappaInterval;
  return (
    <td className="table__num kappa">
      {decimal(numbers.kappa)}
      <span className="table__sub">{kappaWords(numbers.kappa)}</span>
      {interval ? (
        <span className="table__sub kappa__interval">
          <abbr title={t('agreement.ciTitle')}>{t('agreement.ci')}</abbr> {t('agreement.range', { low: decimal(interval.low), high: decimal(interval.high) })}
        </span>
      ) : null}
    </td>
  );
}

function NumberCells({ numbers }: { numbers: AgreementNumbers }) {
  const { t } = useTranslation('reviews');
  return (
    <>
      <td className="table__num">
        {numbers.items}
        <span className="table__sub">{t('agreement.pairs', { count: numbers.n })}</span>
      </td>
      <td className="table__num agreement-exact">
        <Bar value={numbers.exactAgreement} />
        <span>{percent(numbers.exactAgreement)}</span>
      </td>
      <td className="table__num">{decimal(numbers.meanAbsDifference)}</td>
      <KappaCell numbers={numbers} />
    </>
  );
}

function AgreementTable({ label, first, rows }: { label: string; first: string; rows: { key: string; name: ReactNode; numbers: AgreementNumbers; strong?: boolean }[] }) {
  return (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      <table className="table table--agreement">
        <caption className="visually-hidden">{label}</caption>
        <thead>
          <tr>
            <th scope="col">{first}</th>
            <NumberHeaders />
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} className={r.strong ? 'table__row--total' : undefined}>
              <th scope="row" className="table__name--wrap">
                {r.name}
              </th>
              <NumberCells numbers={r.numbers} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Lead reviewers: how consistently the company's reviewers score, from double-reviewed work. */
export function AgreementPage() {
  const { t } = useTranslation('reviews');
  const session = useSession();
  const choice = useEnterpriseChoice();
  const [params, setParams] = useSearchParams();
  const scenarioId = params.get('scenario') || undefined;
  // Only a lead may read agreement: nobody else's page asks (and gets a 403 in the console).
  const lead = isLeadFor(session.user.memberships, choice.enterpriseId);
  // The unfiltered view lists the scenarios to choose from; the filtered one narrows reviewers and pairs.
  const all = useGetAgreementQuery({ enterpriseId: choice.enterpriseId }, { refetchOnMountOrArgChange: true, skip: !lead });
  const filtered = useGetAgreementQuery({ enterpriseId: choice.enterpriseId, scenarioId }, { skip: !scenarioId || !lead });
  const shown: AgreementView | undefined = scenarioId ? filtered.data : all.data;
  const problem = toProblem(all.error ?? filtered.error);
  // The session may be older than a change of roles: the server's answer has the last word.
  const forbidden = !lead || problem?.status === 403;

  const chooseScenario = (id: string) => {
    const next = new URLSearchParams(params);
    if (id) next.set('scenario', id);
    else next.delete('scenario');
    setParams(next, { replace: true });
  };

  return (
    <Page title={t('agreement.title')} intro={t('agreement.intro')}>
      <p className="back-link">
        <Link to="/reviews">{t('backToQueue')}</Link>
      </p>
      {forbidden ? (
        <div className="review-panel">
          <EnterprisePicker id="agreement-enterprise" choice={choice} />
          <h2 className="review-panel__title">{t('agreement.leadsTitle')}</h2>
          <p>{t('agreement.leadsText')}</p>
          <p>
            <Trans t={t} i18nKey="agreement.ownScoring" components={{ a: <Link to="/reviews/calibration" /> }} />
          </p>
        </div>
      ) : (
        <>
          {problem ? <Banner tone="error">{problem.message}</Banner> : null}
          <div className="agreement-intro">
            <p>
              <Trans t={t} i18nKey="agreement.explainKappa" components={{ strong: <strong /> }} />
            </p>
            <p>{t('agreement.explainThreshold')}</p>
          </div>
          {all.data && (all.data.scenarios.length > 1 || scenarioId) ? (
            <form className="filters filters--agreement" aria-label={t('agreement.filter')} onSubmit={(e) => e.preventDefault()}>
              <EnterprisePicker id="agreement-enterprise" choice={choice} />
              <div className="field">
                <label className="field__label" htmlFor="agreement-scenario">
                  {t('scenario')}
                </label>
                <select id="agreement-scenario" className="input" value={scenarioId ?? ''} onChange={(e) => chooseScenario(e.target.value)}>
                  <option value="">{t('allScenarios')}</option>
                  {all.data.scenarios.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.title}
                    </option>
                  ))}
                </select>
              </div>
            </form>
          ) : (
            <EnterprisePicker id="agreement-enterprise" choice={choice} />
          )}
          {all.isLoading || (scenarioId && filtered.isLoading) ? <p className="result-count">{t('agreement.loading')}</p> : null}
          {shown && shown.scenarios.length === 0 ? (
<EmptyState title={t('agreement.emptyTitle')}>{t('agreement.emptyText')}</EmptyState>
          ) : null}
          {shown && shown.scenarios.length > 0 ? <AgreementSections view={shown} /> : null}
        </>
      )}
    </Page>
  );
}

function AgreementSections({ view }: { view: AgreementView }) {
  const { t } = useTranslation('reviews');
  return (
    <>
      {view.scenarios.map((s) => (
        <section key={s.id} className="section" aria-labelledby={`agreement-${s.id}`}>
          <h2 id={`agreement-${s.id}`} className="section__title">
            {s.title}
          </h2>
          <p className="section__intro">{t('agreement.doubleReviewed', { count: s.pairs })}</p>
          <AgreementTable
            label={t('agreement.byCriterion', { scenario: s.title })}
            first={t('criterion')}
            rows={[
              { key: 'overall', name: t('agreement.allCriteria'), numbers: s.overall, strong: true },
              ...s.criteria.map((c) => ({ key: c.id, name: c.title, numbers: c })),
            ]}
          />
        </section>
      ))}
      <section className="section" aria-labelledby="agreement-reviewers">
        <h2 id="agreement-reviewers" className="section__title">
          {t('agreement.byReviewerTitle')}
        </h2>
        <p className="section__intro">{t('agreement.byReviewerIntro')}</p>
        {view.reviewers.length > 0 ? (
          <AgreementTable label={t('agreement.byReviewer')} first={t('reviewer')} rows={view.reviewers.map((r) => ({ key: r.id, name: r.name, numbers: r }))} />
        ) : (
          <p className="muted">{t('agreement.noReviewers')}</p>
        )}
      </section>
      <section className="section" aria-labelledby="agreement-pairs">
        <h2 id="agreement-pairs" className="section__title">
          {t('agreement.byPairTitle')}
        </h2>
        {view.pairs.length > 0 ? (
          <AgreementTable
            label={t('agreement.byPair')}
            first={t('agreement.reviewers')}
            rows={view.pairs.map((p) => ({
              key: `${p.a.id}:${p.b.id}`,
              name: (
                <>
                  {p.a.name} <span aria-hidden="true">&amp;</span>
                  <span className="visually-hidden">{t('agreement.and')}</span> {p.b.name}
                </>
              ),
              numbers: p,
            }))}
          />
        ) : (
          <p className="muted">{t('agreement.noPairs')}</p>
        )}
      </section>
    </>
  );
}
