import { useTranslation } from 'react-i18next';
import { SOURCE_DISAGREEMENT, type CourseReport, type SourceSide } from '../../../../server/contract/competency';
import { EmptyState } from '../../components/EmptyState';
import { levelClass, levelLabel, percent } from './levels';

function Side({ side, levels }: { side: SourceSide; levels: CourseReport['levels'] }) {
  const { t } = useTranslation('competency');
  if (side.students === 0) return <span className="muted">{t('sources.noStudents')}</span>;
  return (
    <>
      <span className={`mastery-pill ${levelClass(side.level)}`}>{levelLabel(levels, side.level)}</span> {percent(side.mean)}
      <span className="table__sub">{t('sources.students', { count: side.students })}</span>
    </>
  );
}

/**
 * On campus (simulated work) beside off campus (workplace assessments) per competency. Where
 * the two disagree, the row says so in words: that is a signal about the curriculum, not
 * about a student.
 */
export function SourcesTable({ report }: { report: CourseReport }) {
  const { t } = useTranslation('competency');
  if (report.sources.length === 0) return <EmptyState title={t('sources.emptyTitle')}>{t('sources.emptyBody')}</EmptyState>;
  const disagreeing = report.sources.filter((s) => s.disagree !== null).length;
  return (
    <>
      <p className="sources__summary">{t('sources.summary', { count: disagreeing, threshold: percent(SOURCE_DISAGREEMENT) })}</p>
      <div className="table-wrap" role="region" aria-label={t('sources.regionLabel')} tabIndex={0}>
        <table className="table sources-table">
          <caption className="visually-hidden">{t('sources.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('sources.competency')}</th>
              <th scope="col">{t('sources.onCampus')}</th>
              <th scope="col">{t('sources.offCampus')}</th>
              <th scope="col">{t('sources.signal')}</th>
            </tr>
          </thead>
          <tbody>
            {report.sources.map((s) => (
              <tr key={s.code} className={s.disagree ? 'sources-table__row--disagree' : undefined}>
                <th scope="row" className="table__name--wrap">
                  {s.title}
                  <span className="table__sub table__sub--mono">{s.code}</span>
                </th>
                <td>
                  <Side side={s.onCampus} levels={report.levels} />
                </td>
                <td>
                  <Side side={s.offCampus} levels={report.levels} />
                </td>
                <td>
                  {s.disagree ? (
                    <>
                      <strong className="sources__flag">
                        <span aria-hidden="true">⚠ </span>
                        {t(s.disagree === 'workplaceLower' ? 'sources.workplaceLower' : 'sources.workplaceHigher')}
                      </strong>
                      {s.both > 0 ? <span className="table__sub">{t('sources.disagreeing', { count: s.disagreeing, both: s.both })}</span> : null}
                    </>
                  ) : s.onCampus.students > 0 && s.offCampus.students > 0 ? (
                    <span className="muted">{t('sources.agree')}</span>
                  ) : (
                    <span className="muted">{t('sources.oneSide')}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
