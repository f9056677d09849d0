import { Fragment } from 'react';
import { Link } from 'react-router';
import type { CourseReport } from '../../../../server/contract/competency';
import { plural } from '../../app/format';
import { EmptyState } from '../../components/EmptyState';
import { levelClass, levelFor, levelLabel, percent } from './levels';

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
  const { students, competencies, levels, course } = report;
  const { values, attempts: attemptCounts } = report.heatmap;
  if (students.length === 0 || competencies.length === 0) {
    return (
      <EmptyState title="Nothing to map yet">
        The heatmap fills in as enrolled students hand in work on scenarios that assess the framework’s competencies.
      </EmptyState>
    );
  }

  return (
    <div className="table-wrap heatmap-wrap" role="region" aria-label="Mastery heatmap, scrolls sideways" tabIndex={0}>
      <table className="table heatmap">
        <caption className="visually-hidden">Mastery heatmap</caption>
        <thead>
          <tr>
            <th scope="col" className="heatmap__corner">
              Student
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
          {students.map((s, row) => (
            <tr key={s.id}>
              <th scope="row" className="heatmap__student">
                <Link to={recordPath(course.id, s.id)}>{s.name}</Link>
              </th>
              {competencies.map((c, col) => {
                const value = values[row]?.[col] ?? null;
                const attempts = attemptCounts[row]?.[col] ?? 0;
                const level = levelFor(levels, value);
                // Work without a value: a method such as "mastery n times" has not reached a result yet.
                const levelText = level === null && attempts > 0 ? 'No result yet' : levelLabel(levels, level);
                return (
                  <td key={c.code} className={`heatmap__cell ${levelClass(level)}`}>
                    <Link to={recordPath(course.id, s.id, c.code)} className="heatmap__link">
                      <span className="visually-hidden">
                        {s.name}, {c.title}:{' '}
                      </span>
                      <span className="heatmap__value" aria-hidden={value === null || undefined}>
                        {percent(value)}
                      </span>{' '}
                      <span className="heatmap__level">{levelText}</span>
                      <span className="visually-hidden">, {plural(attempts, 'piece', 'pieces')} of work</span>
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
