import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CourseReport } from '../../../../server/contract/competency';
import { compareNames } from '../../app/names';
import { EmptyState } from '../../components/EmptyState';
import { levelClass, levelFor, levelLabel, noResultYet, percent } from './levels';

/** Where a cell leads: the student's record, opened at that competency. */
export function recordPath(courseId: string, studentId: string, code?: string): string {
  return `/courses/${courseId}/students/${studentId}/record${code ? `#competency-${encodeURIComponent(code)}` : ''}`;
}

/** "ecommerce.reconciliation" may break after its dots only, never inside a word. */
function BreakableCode({ code }: { code: string }) {
  return (
    <>
      {code.split('.').map((part, i) => (
        <Fragment key={i}>
          {i > 0 ? (
            <>
              .<wbr />
            </>
          ) : null}
          {part}
        </Fragment>
      ))}
    </>
  );
}

/**
 * Students (rows) × competencies (columns), read from the report's matrix. Each cell says its
 * score and level in text, so the colour only repeats it: for screen readers, for colour-blind
 * readers, and on paper.
 */
export function Heatmap({ report }: { report: CourseReport }) {
  const { t } = useTranslation('competency');
  const { students, competencies, levels, course } = report;
  const { values, attempts: attemptCounts } = report.heatmap;
  // The report's matrix is indexed by the server's row order; the rows show in the reader's name order (pinyin in zh-CN).
  const rows = students.map((student, row) => ({ student, row })).sort((a, b) => compareNames(a.student.name, b.student.name));
  if (students.length === 0 || competencies.length === 0) {
    return (
<EmptyState title={t('heatmap.emptyTitle')}>{t('heatmap.emptyBody')}</EmptyState>
    );
  }

  return (
    <div className="table-wrap heatmap-wrap" role="region" aria-label={t('heatmap.regionLabel')} tabIndex={0}>
      <table className="table heatmap">
        <caption className="visually-hidden">{t('heatmap.caption')}</caption>
        <thead>
          <tr>
            <th scope="col" className="heatmap__corner">
              {t('heatmap.student')}
            </th>
            {competencies.map((c) => (
              <th key={c.code} scope="col" className="heatmap__competency">
                <span className="heatmap__title">{c.title}</span>
                <span className="table__sub table__sub--mono">
                  <BreakableCode code={c.code} />
                </span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(({ student: s, row }) => (
            <tr key={s.id}>
              <th scope="row" className="heatmap__student">
                <Link to={recordPath(course.id, s.id)}>{s.name}</Link>
              </th>
              {competencies.map((c, col) => {
                const value = values[row]?.[col] ?? null;
                const attempts = attemptCounts[row]?.[col] ?? 0;
                const level = levelFor(levels, value);
                // Work without a value: a method such as "mastery n times" has not reached a result yet.
                const levelText = level === null && attempts > 0 ? noResultYet() : levelLabel(levels, level);
                return (
                  <td key={c.code} className={`heatmap__cell ${levelClass(level)}`}>
                    <Link to={recordPath(course.id, s.id, c.code)} className="heatmap__link">
                      <span className="visually-hidden">{t('heatmap.cell', { student: s.name, competency: c.title })}</span>
                      <span className="heatmap__value" aria-hidden={value === null || undefined}>
                        {percent(value)}
                      </span>{' '}
                      <span className="heatmap__level">{levelText}</span>
                      <span className="visually-hidden">{t('heatmap.work', { count: attempts })}</span>
                    </Link>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
