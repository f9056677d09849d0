import type { ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { AgreementNumbers, AgreementView } from '../../../../server/contract/review';
import { plural } from '../../app/format';
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
  if (k < 0) return 'worse than chance';
  if (k <= 0.2) return 'slight';
  if (k <= 0.4) return 'fair';
  if (k <= 0.6) return 'moderate';
  if (k <= 0.8) return 'substantial';
  return 'almost perfect';
}

function percent(x: number | null): string {
  return x === null ? 'n/a' : `${Math.round(x * 100)} %`;
}

function decimal(x: number | null): string {
  return x === null ? 'n/a' : x.toFixed(2);
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

const NUMBER_HEADERS = (
  <>
    <th scope="col" className="table__num">
      Submissions <span className="table__unit">(pairs)</span>
    </th>
    <th scope="col" className="table__num">
      Exact agreement
    </th>
    <th scope="col" className="table__num">
      Mean difference <span className="table__unit">(levels)</span>
    </th>
    <th scope="col" className="table__num">
      Kappa <span className="table__unit">(quadratic)</span>
    </th>
  </>
);

/**
 * Kappa only where it means something: from 2k² double-reviewed submissions on (the server says
 * how many: `kappaMinItems`), with its 95 % interval on rows of one criterion.
 */
function KappaCell({ numbers }: { numbers: AgreementNumbers }) {
  if (numbers.kappaStatus === 'too_few') {
    return (
      <td className="table__num kappa kappa--few">
        Not enough data
        <span className="table__sub">
          {numbers.items} of {numbers.kappaMinItems} submissions needed
        </span>
      </td>
    );
  }
  if (numbers.kappaStatus === 'no_variation' || numbers.kappa === null) {
    return (
      <td className="table__num kappa">
        <abbr title="the scores vary too little to compute kappa">n/a</abbr>
        <span className="table__sub">scores too alike</span>
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
          <abbr title="95 % confidence interval">95 % CI</abbr> {decimal(interval.low)} to {decimal(interval.high)}
        </span>
      ) : null}
    </td>
  );
}

function NumberCells({ numbers }: { numbers: AgreementNumbers }) {
  return (
    <>
      <td className="table__num">
        {numbers.items}
        <span className="table__sub">{plural(numbers.n, 'pair')}</span>
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
            {NUMBER_HEADERS}
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
    <Page title="Reviewer agreement" intro="How consistently your company’s reviewers score, measured on work that two reviewers scored independently.">
      <p className="back-link">
        <Link to="/reviews">Back to the review queue</Link>
      </p>
      {forbidden ? (
        <div className="review-panel">
          <EnterprisePicker id="agreement-enterprise" choice={choice} />
          <h2 className="review-panel__title">For lead reviewers</h2>
          <p>Agreement between reviewers is shown to your company’s lead reviewers, who moderate and calibrate scoring. Ask your lead reviewer if you would like to see how your scores compare.</p>
          <p>
            You can still check your own scoring on the <Link to="/reviews/calibration">calibration items</Link>.
          </p>
        </div>
      ) : (
        <>
          {problem ? <Banner tone="error">{problem.message}</Banner> : null}
          <div className="agreement-intro">
            <p>
              <strong>Kappa</strong> (quadratic-weighted) is agreement beyond what chance would give, with near misses counting partly: 1 is perfect agreement, 0 no
              better than chance. It reads “n/a” when the scores vary too little to tell.
            </p>
            <p>
              Kappa is shown from 2k² double-reviewed submissions on, where k is the number of levels: 18 for a three-level criterion, 32 for four. Below that one
              submission can swing it from “worse than chance” to “almost perfect”, and its margin of error is not to be trusted (Cicchetti, 1981). A criterion’s row
              gives a 95 % confidence interval; rows that pool several criteria do not, because the criteria of one submission are scored together and are not
              independent.
            </p>
          </div>
          {all.data && (all.data.scenarios.length > 1 || scenarioId) ? (
            <form className="filters filters--agreement" aria-label="Filter agreement" onSubmit={(e) => e.preventDefault()}>
              <EnterprisePicker id="agreement-enterprise" choice={choice} />
              <div className="field">
                <label className="field__label" htmlFor="agreement-scenario">
                  Scenario
                </label>
                <select id="agreement-scenario" className="input" value={scenarioId ?? ''} onChange={(e) => chooseScenario(e.target.value)}>
                  <option value="">All scenarios</option>
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
          {all.isLoading || (scenarioId && filtered.isLoading) ? <p className="result-count">Loading agreement…</p> : null}
          {shown && shown.scenarios.length === 0 ? (
            <EmptyState title="No double-reviewed work yet">
              Agreement needs work scored by two reviewers. Assignments with double review fill this page as reviews come in.
            </EmptyState>
          ) : null}
          {shown && shown.scenarios.length > 0 ? <AgreementSections view={shown} /> : null}
        </>
      )}
    </Page>
  );
}

function AgreementSections({ view }: { view: AgreementView }) {
  return (
    <>
      {view.scenarios.map((s) => (
        <section key={s.id} className="section" aria-labelledby={`agreement-${s.id}`}>
          <h2 id={`agreement-${s.id}`} className="section__title">
            {s.title}
          </h2>
          <p className="section__intro">{plural(s.pairs, 'double-reviewed submission')}</p>
          <AgreementTable
            label={`Agreement by criterion: ${s.title}`}
            first="Criterion"
            rows={[
              { key: 'overall', name: 'All criteria', numbers: s.overall, strong: true },
              ...s.criteria.map((c) => ({ key: c.id, name: c.title, numbers: c })),
            ]}
          />
        </section>
      ))}
      <section className="section" aria-labelledby="agreement-reviewers">
        <h2 id="agreement-reviewers" className="section__title">
          By reviewer
        </h2>
        <p className="section__intro">Each reviewer’s scores against the other reviewer of the same work.</p>
        {view.reviewers.length > 0 ? (
          <AgreementTable label="Agreement by reviewer" first="Reviewer" rows={view.reviewers.map((r) => ({ key: r.id, name: r.name, numbers: r }))} />
        ) : (
          <p className="muted">No reviewer has double-reviewed work yet.</p>
        )}
      </section>
      <section className="section" aria-labelledby="agreement-pairs">
        <h2 id="agreement-pairs" className="section__title">
          By pair of reviewers
        </h2>
        {view.pairs.length > 0 ? (
          <AgreementTable
            label="Agreement by pair of reviewers"
            first="Reviewers"
            rows={view.pairs.map((p) => ({
              key: `${p.a.id}:${p.b.id}`,
              name: (
                <>
                  {p.a.name} <span aria-hidden="true">&amp;</span>
                  <span className="visually-hidden">and</span> {p.b.name}
                </>
              ),
              numbers: p,
            }))}
          />
        ) : (
          <p className="muted">No two reviewers have scored the same work yet.</p>
        )}
      </section>
    </>
  );
}
