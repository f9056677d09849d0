import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { EnterpriseInsights, MissedCompetency, ScenarioInsight } from '../../../../server/contract/feedback';
import { formatScore, joinList } from '../../app/format';
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
  const { t } = useTranslation('feedback');
  if (c.suppressed) return <span className="muted">{t('insights.heldBackFew', { min })}</span>;
  if (!c.assessed || c.share === null) return <span className="muted">{t('insights.noEvidence')}</span>;
  return (
    <>
      <Trans t={t} i18nKey="insights.missed" values={{ share: formatScore(c.share), count: c.assessed, threshold: formatScore(threshold) }} components={{ strong: <strong /> }} />
      <span className="muted">{t('insights.missedCount', { missed: c.missed })}</span>
    </>
  );
}

/** Competencies as a small bar list, the most often missed first; every bar has its figure in words beside it. */
function MissList({ scenario, threshold, min }: { scenario: ScenarioInsight; threshold: number; min: number }) {
  const { t } = useTranslation('feedback');
  if (scenario.competencies.length === 0) return <p className="muted">{t('insights.noCompetencies')}</p>;
  if (scenario.suppressed) {
    return (
      <p className="muted">{t('insights.heldBackUntil', { min, competencies: joinList(scenario.competencies.map((c) => c.title)) })}</p>
    );
  }
  return (
    <ol className="miss-list" aria-label={t('insights.missList', { title: scenario.scenario.title })}>
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
  const { t } = useTranslation('feedback');
  if (scenario.adjustments.length === 0) return <p className="muted">{t('insights.noNotes')}</p>;
  return (
    <ol className="insight-notes">
      {scenario.adjustments.map((n) => (
        <li key={n.id} className="insight-note">
          <p className="insight-note__meta">
            <time dateTime={n.madeOn}>{formatDay(n.madeOn)}</time> · {n.school} · {n.module}
          </p>
          <dl className="insight-note__text">
            <dt>{t('insights.whatChanged')}</dt>
            <dd>{n.what}</dd>
            <dt>{t('insights.why')}</dt>
            <dd>{n.why}</dd>
          </dl>
        </li>
      ))}
    </ol>
  );
}

/** The newest version's thread open; older versions' threads load only when opened. */
function VersionThreads({ scenario }: { scenario: ScenarioInsight }) {
  const { t } = useTranslation('feedback');
  const [latest, ...older] = scenario.versions;
  const [open, setOpen] = useState<Record<string, boolean>>({});
  if (!latest) return null;
  return (
    <>
      <CommentThread kind="scenario_version" subjectId={latest.id} level={4} title={t('insights.discussionOf', { version: latest.version })} about={scenario.scenario.title} intro={t('insights.discussionIntro')} />
      {older.map((v) => (
        <details key={v.id} className="insight-version" onToggle={(e) => setOpen((o) => ({ ...o, [v.id]: (e.target as HTMLDetailsElement).open }))}>
          <summary>
            {t('insights.discussionOf', { version: v.version })} <span className="muted">{t('insights.published', { date: formatDay(v.publishedAt) })}</span>
          </summary>
          {open[v.id] ? <CommentThread kind="scenario_version" subjectId={v.id} level={4} title={t('insights.version', { version: v.version })} about={scenario.scenario.title} /> : null}
        </details>
      ))}
    </>
  );
}

function ScenarioSection({ scenario, threshold, min }: { scenario: ScenarioInsight; threshold: number; min: number }) {
  const { t } = useTranslation('feedback');
  const headingId = `${scenarioAnchor(scenario.scenario.id)}-title`;
  return (
    <section className="section insight" id={scenarioAnchor(scenario.scenario.id)} aria-labelledby={headingId}>
      <h2 id={headingId} className="section__title">
        {scenario.scenario.title} <span className="insight__slug">{scenario.scenario.slug}</span>
      </h2>
      {scenario.suppressed ? (
        <p className="insight__held">
          {t('insights.heldBack', { note: scenario.note ?? '', min })}
        </p>
      ) : (
        <p className="insight__summary">
          {t('insights.summary', {
            attempts: scenario.gradedAttempts ?? 0,
            schools: scenario.schools ?? 0,
            score: scenario.meanFinalScore === null ? '—' : formatScore(scenario.meanFinalScore),
          })}
        </p>
      )}
      <div className="insight__grid">
        <div>
          <h3 className="insight__subtitle">{t('insights.mostMissed')}</h3>
          <MissList scenario={scenario} threshold={threshold} min={min} />
        </div>
        <div>
          <h3 className="insight__subtitle">{t('insights.notes')}</h3>
          <Notes scenario={scenario} />
        </div>
      </div>
      <VersionThreads scenario={scenario} />
    </section>
  );
}

function Overview({ data }: { data: EnterpriseInsights }) {
  const { t } = useTranslation('feedback');
  return (
    <div className="table-wrap">
      <table className="table insight-table">
        <caption className="insight-table__caption">{t('insights.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('insights.scenario')}</th>
            <th scope="col" className="table__num">
              {t('insights.gradedAttempts')}
            </th>
            <th scope="col" className="table__num">
              {t('insights.schools')}
            </th>
            <th scope="col" className="table__num">
              {t('insights.meanFinal')}
            </th>
            <th scope="col">{t('insights.mostOftenMissed')}</th>
            <th scope="col" className="table__num">
              {t('insights.teacherNotes')}
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
                    <td>{top ? t('insights.topMissed', { title: top.title, share: formatScore(top.share!) }) : <span className="muted">{t('insights.noneBelow', { threshold: formatScore(data.threshold) })}</span>}</td>
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
  const { t } = useTranslation('feedback');
  const { enterprises, chosen, choose } = useInsightEnterprise();
  const { data, error, isLoading } = useGetInsightsQuery(chosen?.id, { skip: !chosen });
  const problem = toProblem(error);

  if (!chosen) {
    return (
      <Page title={t('insights.title')}>
        <p>{t('insights.noCompany')}</p>
        <p>
          <Link to="/">{t('insights.home')}</Link>
        </p>
      </Page>
    );
  }
  return (
    <Page
      title={t('insights.titleOf', { name: chosen.name })}
      heading={
        <>
          {t('insights.title')} <span className="report-heading__sub">{chosen.name}</span>
        </>
      }
      intro={data ? t('insights.intro', { min: data.minStudents }) : undefined}
    >
      {enterprises.length > 1 ? (
        <div className="field insight-picker">
          <label className="field__label" htmlFor="insight-enterprise">
            {t('insights.company')}
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
          {t('insights.loading')}
        </p>
      ) : null}
      {problem ? <Banner tone="error">{problem.status === 404 ? t('insights.noSuchCompany') : problem.message}</Banner> : null}
      {data && data.scenarios.length === 0 ? <EmptyState title={t('insights.noneYet')}>{t('insights.noneYetText', { name: data.enterprise.name })}</EmptyState> : null}
      {data && data.scenarios.length > 0 ? (
        <>
          <section className="section" aria-labelledby="insight-overview-title">
            <h2 id="insight-overview-title" className="section__title">
              {t('insights.overview')}
            </h2>
            <p className="section__intro">
              {t('insights.overviewIntro', { threshold: formatScore(data.threshold) })}
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
