import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatProportion } from '../../app/format';
import { toProblem } from '../../app/problem';
import { OutcomeBanners } from '../../components/Banner';
import { EmptyState } from '../../components/EmptyState';
import { useGetPartnerSuggestionsQuery, useRequestPartnerMutation } from './coursesApi';
import './findPartners.css';

/**
 * Enterprises ranked by how much of the course modules' competencies their scenarios cover,
 * so a school picks partners by fit; a teacher can request a partnership from here.
 */
export function FindPartnersPanel({ courseId }: { courseId: string }) {
  const { t } = useTranslation('courses');
  const partnershipLabel = { active: t('partners.state.active'), proposed: t('partners.state.proposed'), ended: t('partners.state.ended') };
  const { data, error, isLoading } = useGetPartnerSuggestionsQuery(courseId);
  const [request, requesting] = useRequestPartnerMutation();
  const [notice, setNotice] = useState<string | null>(null);
  const problem = toProblem(error) ?? toProblem(requesting.error);
  const titles = new Map((data?.moduleCompetencies ?? []).map((c) => [c.code, c.title]));

  const ask = async (enterprise: { id: string; name: string }) => {
    const result = await request({ courseId, enterpriseId: enterprise.id });
    if ('data' in result && result.data) setNotice(t('partners.requested', { name: enterprise.name }));
  };

  return (
    <section className="section" aria-labelledby="course-partners">
      <h2 id="course-partners" className="section__title">
        {t('partners.title')}
      </h2>
      <p className="section__intro">{t('partners.intro')}</p>
      <OutcomeBanners notice={notice} onDismiss={() => setNotice(null)} problem={problem} />
      {isLoading ? <p className="muted">{t('partners.loading')}</p> : null}
      {data && data.moduleCompetencies.length === 0 ? (
        <EmptyState title={t('partners.noCompetenciesTitle')}>{t('partners.noCompetenciesBody')}</EmptyState>
      ) : null}
      {data && data.moduleCompetencies.length > 0 ? (
        <>
          {data.uncoveredByPartners.length > 0 ? (
            <div className="partners-gap">
              <p className="partners-gap__line">
                {t('partners.notCovered')}
                <CompetencyNames codes={data.uncoveredByPartners} titles={titles} strong />
              </p>
              {data.uncovered.length > 0 ? (
                <p className="partners-gap__line">
                  {t('partners.coveredByNone')}
                  <CompetencyNames codes={data.uncovered} titles={titles} />
                </p>
              ) : null}
            </div>
          ) : (
            <p>{t('partners.allCovered')}</p>
          )}
          {data.enterprises.length === 0 ? (
            <EmptyState title={t('partners.noEnterprisesTitle')}>{t('partners.noEnterprisesBody')}</EmptyState>
          ) : (
            <div className="table-wrap" role="region" aria-label={t('partners.tableLabel')} tabIndex={0}>
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('partners.enterprise')}</th>
                    <th scope="col" className="table__num">
                      {t('partners.coverage')}
                    </th>
                    <th scope="col" className="hide-narrow">
                      {t('partners.covers')}
                    </th>
                    <th scope="col">{t('partners.partnership')}</th>
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
                        {formatProportion(e.coverage)}
                        <span className="visually-hidden">{t('partners.ofModuleCompetencies', { count: data.moduleCompetencies.length })}</span>
                      </td>
                      <td className="hide-narrow">{e.covered.length ? <CompetencyNames codes={e.covered} titles={titles} /> : <span className="muted">{t('partners.none')}</span>}</td>
                      <td>
                        {e.partnership && e.partnership.status !== 'ended' ? (
                          partnershipLabel[e.partnership.status]
                        ) : (
                          <button type="button" className="btn btn--small" aria-disabled={requesting.isLoading || undefined} onClick={() => void ask(e.enterprise)}>
                            {t('partners.request')}
                            <span className="visually-hidden">{t('partners.requestWith', { name: e.enterprise.name })}</span>
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
  const { t } = useTranslation('courses');
  const Name = strong ? 'strong' : 'span';
  return (
    <span className="competency-names">
      {codes.map((code, i) => {
        const title = titles.get(code);
        return (
          <span key={code} className="competency-names__item">
            <Name>{title ?? code}</Name>
            {title && title !== code ? <span className="competency-names__code">{t('partners.code', { code })}</span> : null}
            {i < codes.length - 1 ? t('partners.listSeparator') : null}
          </span>
        );
      })}
    </span>
  );
}
