import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { EnterpriseInsights, MissedCompetency, ScenarioInsight } from '../../../../server/contract/feedback';
import { formatScore, plural } from '../../app/format';
import { toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { EmptyState } from '../../components/EmptyState';
import { Page } from '../../components/Page';
import { useSession } from '../auth/useSession';
import { formatDay } from '../competency/dates';
import { CommentThread } from './CommentThread';
import { useGetInsightsQuery } from './feedbackApi';
import './feedback.css';

const INSIGHT_ROLES = new Set(['author', 'reviewer', 'admin']);

/** The enterprises whose insights the user may read; with several, `?enterprise=` says which. */
function useInsightEnterprise() {
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const enterprises = [...new Map(session.user.memberships.filter((m) => m.orgKind === 'enterprise' && INSIGHT_ROLES.has(m.role)).map((m) => [m.orgId, m.orgName])).entries()].map(([id, name]) => ({ id, name }));
  const wanted = params.get('enterprise');
  const chosen = enterprises.find((e) => e.id === wanted) ?? enterprises[0];
  const choose = (id: string) => {
    const next = new URLSearchParams(params);
    next.set('enterprise', id);
    setParams(next, { replace: true });
  };
  return { enterprises, chosen, choose };
}

const scenarioAnchor = (id: string) => `scenario-${id}`;

function MissBar({ share }: { share: number }) {
  const width = 120;
  return (
    <svg className="miss-bar" width={width} height="10" viewBox={`0 0 ${width} 10`} aria-hidden="true" focusable="false">
      <rect width={width} height="10" rx="2" className="miss-bar__track" />
      <rect width={Math.max(0, Math.min(1, share)) * width} height="10" rx="2" className="miss-bar__fill" />
    </svg>
  );
}

function MissText({ c, threshold, min }: { c: MissedCompetency; threshold: number; min: number }) {
  if (c.suppressed) return <span className="muted">held back: fewer than {min} students so far</span>;
  if (!c.assessed || c.share === null) return <span className="muted">no evidence yet</span>;
  return (
    <>
      <strong>{formatScore(c.share)}</strong> of {plural(c.assessed, 'graded attempt')} below {formatScore(threshold)}
      <span className="muted"> ({c.missed} missed)</span>
    </>
  );
}

/** Competencies as a small bar list, the most often missed first; every bar has its figure in words beside it. */
function MissList({ scenario, threshold, min }: { scenario: ScenarioInsight; threshold: number; min: number }) {
  if (scenario.competencies.length === 0) return <p className="muted">The scenario names no competencies.</p>;
  if (scenario.suppressed) {
    return (
      <p className="muted">
        Held back until {min} students have graded work. The scenario trains {scenario.competencies.map((c) => c.title).join(', ')}.
      </p>
    );
  }
  return (
    <ol className="miss-list" aria-label={`Competencies missed in ${scenario.scenario.title}, most often missed first`}>
      {scenario.competencies.map((c) => (
        <li key={c.code} className="miss-list__item">
          <span className="miss-list__name">
            {c.title} <span className="miss-list__code">{c.code}</span>
          </span>
          <span className="miss-list__figure">
            {c.share !== null ? <MissBar share={c.share} /> : null}
            <MissText c={c} threshold={threshold} min={min} />
          </span>
        </li>
      ))}
    </ol>
  );
}

function Notes({ scenario }: { scenario: ScenarioInsight }) {
  if (scenario.adjustments.length === 0) return <p className="muted">No teacher has cited this scenario in a course adjustment yet.</p>;
  return (
    <ol className="insight-notes">
      {scenario.adjustments.map((n) => (
        <li key={n.id} className="insight-note">
          <p className="insight-note__meta">
            <time dateTime={n.madeOn}>{formatDay(n.madeOn)}</time> · {n.school} · {n.module}
          </p>
          <dl className="insight-note__text">
            <dt>What changed</dt>
            <dd>{n.what}</dd>
            <dt>Why</dt>
            <dd>{n.why}</dd>
          </dl>
        </li>
      ))}
    </ol>
  );
}

/** The newest version's thread open; older versions' threads load only when opened. */
function VersionThreads({ scenario }: { scenario: ScenarioInsight }) {
  const [latest, ...older] = scenario.versions;
  const [open, setOpen] = useState<Record<string, boolean>>({});
  if (!latest) return null;
  return (
    <>
      <CommentThread kind="scenario_version" subjectId={latest.id} level={4} title={`Discussion of version ${latest.version}`} about={scenario.scenario.title} intro="With the teachers whose courses assigned this version." />
      {older.map((v) => (
        <details key={v.id} className="insight-version" onToggle={(e) => setOpen((o) => ({ ...o, [v.id]: (e.target as HTMLDetailsElement).open }))}>
          <summary>
            Discussion of version {v.version} <span className="muted">(published {formatDay(v.publishedAt)})</span>
          </summary>
          {open[v.id] ? <CommentThread kind="scenario_version" subjectId={v.id} level={4} title={`Version ${v.version}`} about={scenario.scenario.title} /> : null}
        </details>
      ))}
    </>
  );
}

function ScenarioSection({ scenario, threshold, min }: { scenario: ScenarioInsight; threshold: number; min: number }) {
  const headingId = `${scenarioAnchor(scenario.scenario.id)}-title`;
  return (
    <section className="section insight" id={scenarioAnchor(scenario.scenario.id)} aria-labelledby={headingId}>
      <h2 id={headingId} className="section__title">
        {scenario.scenario.title} <span className="insight__slug">{scenario.scenario.slug}</span>
      </h2>
      {scenario.suppressed ? (
        <p className="insight__held">
          Results are held back: {scenario.note}. They appear once {min} or more students have graded work on this scenario.
        </p>
      ) : (
        <p className="insight__summary">
          {plural(scenario.gradedAttempts ?? 0, 'graded attempt')} from {plural(scenario.schools ?? 0, 'school')} · mean final score{' '}
          {scenario.meanFinalScore === null ? '—' : formatScore(scenario.meanFinalScore)}
        </p>
      )}
      <div className="insight__grid">
        <div>
          <h3 className="insight__subtitle">Competencies students most often miss</h3>
          <MissList scenario={scenario} threshold={threshold} min={min} />
        </div>
        <div>
          <h3 className="insight__subtitle">Teachers’ adjustment notes</h3>
          <Notes scenario={scenario} />
        </div>
      </div>
      <VersionThreads scenario={scenario} />
    </section>
  );
}

function Overview({ data }: { data: EnterpriseInsights }) {
  return (
    <div className="table-wrap">
      <table className="table insight-table">
        <caption className="insight-table__caption">Results per scenario, across all schools</caption>
        <thead>
          <tr>
            <th scope="col">Scenario</th>
            <th scope="col" className="table__num">
              Graded attempts
            </th>
            <th scope="col" className="table__num">
              Schools
            </th>
            <th scope="col" className="table__num">
              Mean final score
            </th>
            <th scope="col">Most often missed</th>
            <th scope="col" className="table__num">
              Teacher notes
            </th>
          </tr>
        </thead>
        <tbody>
          {data.scenarios.map((s) => {
            const top = s.competencies.find((c) => !c.suppressed && c.share !== null && c.share > 0);
            return (
              <tr key={s.scenario.id}>
                <th scope="row" className="table__name--wrap">
                  <a href={`#${scenarioAnchor(s.scenario.id)}`}>{s.scenario.title}</a>
                </th>
                {s.suppressed ? (
                  <td colSpan={4} className="insight-table__held">
                    {s.note}
                  </td>
                ) : (
                  <>
                    <td className="table__num">{s.gradedAttempts}</td>
                    <td className="table__num">{s.schools}</td>
                    <td className="table__num">{s.meanFinalScore === null ? '—' : formatScore(s.meanFinalScore)}</td>
                    <td>{top ? `${top.title} (${formatScore(top.share!)} below)` : <span className="muted">none below {formatScore(data.threshold)}</span>}</td>
                  </>
                )}
                <td className="table__num">{s.adjustments.length}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The enterprise's side of the feedback channel: how students at the schools that use its
 * scenarios do on them (anonymised, held back below three students), what teachers changed
 * because of them, and a conversation with those teachers per scenario version.
 */
export function InsightsPage() {
  const { enterprises, chosen, choose } = useInsightEnterprise();
  const { data, error, isLoading } = useGetInsightsQuery(chosen?.id, { skip: !chosen });
  const problem = toProblem(error);

  if (!chosen) {
    return (
      <Page title="Scenario insights">
        <p>Insights are for the authors, reviewers and administrators of a company that publishes scenarios, and your account belongs to none.</p>
        <p>
          <Link to="/">Go to your home page</Link>
        </p>
      </Page>
    );
  }
  return (
    <Page
      title={`Insights: ${chosen.name}`}
      heading={
        <>
          Scenario insights <span className="report-heading__sub">{chosen.name}</span>
        </>
      }
      intro={data ? `How students at partner schools do on your scenarios. Anonymised: no student is named, and figures built on fewer than ${data.minStudents} students are held back.` : undefined}
    >
      {enterprises.length > 1 ? (
        <div className="field insight-picker">
          <label className="field__label" htmlFor="insight-enterprise">
            Company
          </label>
          <select id="insight-enterprise" className="input" value={chosen.id} onChange={(e) => choose(e.target.value)}>
            {enterprises.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {isLoading ? (
        <p className="muted" role="status">
          Loading insights…
        </p>
      ) : null}
      {problem ? <Banner tone="error">{problem.status === 404 ? 'There is no such company, or you do not belong to it.' : problem.message}</Banner> : null}
      {data && data.scenarios.length === 0 ? <EmptyState title="No scenarios yet">When {data.enterprise.name} publishes scenarios and schools assign them, their results appear here.</EmptyState> : null}
      {data && data.scenarios.length > 0 ? (
        <>
          <section className="section" aria-labelledby="insight-overview-title">
            <h2 id="insight-overview-title" className="section__title">
              Overview
            </h2>
            <p className="section__intro">
              A competency counts as missed on an attempt when the work’s evidence on it is below {formatScore(data.threshold)}, the proficient level.
            </p>
            <Overview data={data} />
          </section>
          {data.scenarios.map((s) => (
            <ScenarioSection key={s.scenario.id} scenario={s} threshold={data.threshold} min={data.minStudents} />
          ))}
        </>
      ) : null}
    </Page>
  );
}
