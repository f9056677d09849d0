import { useState } from 'react';
import { toProblem } from '../../app/problem';
import { OutcomeBanners } from '../../components/Banner';
import { EmptyState } from '../../components/EmptyState';
import { useGetPartnerSuggestionsQuery, useRequestPartnerMutation } from './coursesApi';
import './findPartners.css';

const percent = (share: number) => `${Math.round(share * 100)} %`;

const PARTNERSHIP_LABEL = { active: 'Partner', proposed: 'Requested', ended: 'Ended' } as const;

/**
 * Enterprises ranked by how much of the course modules' competencies their scenarios cover,
 * so a school picks partners by fit; a teacher can request a partnership from here.
 */
export function FindPartnersPanel({ courseId }: { courseId: string }) {
  const { data, error, isLoading } = useGetPartnerSuggestionsQuery(courseId);
  const [request, requesting] = useRequestPartnerMutation();
  const [notice, setNotice] = useState<string | null>(null);
  const problem = toProblem(error) ?? toProblem(requesting.error);
  const titles = new Map((data?.moduleCompetencies ?? []).map((c) => [c.code, c.title]));

  const ask = async (enterprise: { id: string; name: string }) => {
    const result = await request({ courseId, enterpriseId: enterprise.id });
    if ('data' in result && result.data) setNotice(`Requested a partnership with ${enterprise.name}. It becomes active when their admin accepts.`);
  };

  return (
    <section className="section" aria-labelledby="course-partners">
      <h2 id="course-partners" className="section__title">
        Find partners
      </h2>
      <p className="section__intro">Enterprises ranked by the share of your modules’ competencies their latest scenarios cover.</p>
      <OutcomeBanners notice={notice} onDismiss={() => setNotice(null)} problem={problem} />
      {isLoading ? <p className="muted">Ranking enterprises…</p> : null}
      {data && data.moduleCompetencies.length === 0 ? (
        <EmptyState title="No module competencies yet">Add modules with competencies on the course report to rank enterprises by fit.</EmptyState>
      ) : null}
      {data && data.moduleCompetencies.length > 0 ? (
        <>
          {data.uncoveredByPartners.length > 0 ? (
            <div className="partners-gap">
              <p className="partners-gap__line">
                Not covered by any current partner: <CompetencyNames codes={data.uncoveredByPartners} titles={titles} strong />
              </p>
              {data.uncovered.length > 0 ? (
                <p className="partners-gap__line">
                  Covered by no enterprise at all: <CompetencyNames codes={data.uncovered} titles={titles} />
                </p>
              ) : null}
            </div>
          ) : (
            <p>Your partners cover every module competency.</p>
          )}
          {data.enterprises.length === 0 ? (
            <EmptyState title="No enterprise publishes scenarios yet">Library scenarios remain available to assign.</EmptyState>
          ) : (
            <div className="table-wrap" role="region" aria-label="Enterprises ranked by coverage" tabIndex={0}>
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Enterprise</th>
                    <th scope="col" className="table__num">
                      Coverage
                    </th>
                    <th scope="col" className="hide-narrow">
                      Covers
                    </th>
                    <th scope="col">Partnership</th>
                  </tr>
                </thead>
                <tbody>
                  {data.enterprises.map((e) => (
                    <tr key={e.enterprise.id}>
                      <th scope="row">
                        {e.enterprise.name}
                        <span className="table__sub">{e.scenarios.map((s) => `${s.title} ${s.version}`).join(' · ')}</span>
                      </th>
                      <td className="table__num">
                        {percent(e.coverage)}
                        <span className="visually-hidden"> of {data.moduleCompetencies.length} module competencies</span>
                      </td>
                      <td className="hide-narrow">{e.covered.length ? <CompetencyNames codes={e.covered} titles={titles} /> : <span className="muted">None</span>}</td>
                      <td>
                        {e.partnership && e.partnership.status !== 'ended' ? (
                          PARTNERSHIP_LABEL[e.partnership.status]
                        ) : (
                          <button type="button" className="btn btn--small" aria-disabled={requesting.isLoading || undefined} onClick={() => void ask(e.enterprise)}>
                            Request partnership<span className="visually-hidden"> with {e.enterprise.name}</span>
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ) : null}
    </section>
  );
}

/** Competencies by their titles, each with its code after it, smaller: people read titles, codes are for finding. */
function CompetencyNames({ codes, titles, strong = false }: { codes: string[]; titles: Map<string, string>; strong?: boolean }) {
  const Name = strong ? 'strong' : 'span';
  return (
    <span className="competency-names">
      {codes.map((code, i) => {
        const title = titles.get(code);
        return (
          <span key={code} className="competency-names__item">
            <Name>{title ?? code}</Name>
            {title && title !== code ? <span className="competency-names__code"> ({code})</span> : null}
            {i < codes.length - 1 ? ', ' : null}
          </span>
        );
      })}
    </span>
  );
}
