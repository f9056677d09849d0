import type { CourseReport, LevelView } from '../../../../server/contract/competency';
import { plural } from '../../app/format';
import { levelClass, NO_EVIDENCE } from './levels';

type Segment = { key: string; label: string; className: string; count: number };

const BAR_WIDTH = 160;
const BAR_HEIGHT = 14;

/** Counts per level in level order, then "no evidence" (sent, or whatever is left of the class). */
function segmentsOf(counts: Record<string, number>, levels: LevelView[], students: number): Segment[] {
  const ordered = [...levels].sort((a, b) => a.min - b.min);
  const segments = ordered.map((l) => ({ key: l.id, label: l.label, className: levelClass(l.id), count: counts[l.id] ?? 0 }));
  const placed = segments.reduce((sum, s) => sum + s.count, 0);
  const none = counts.none ?? counts.null ?? Math.max(0, students - placed);
  return [...segments, { key: 'none', label: NO_EVIDENCE, className: levelClass(null), count: none }];
}

function StackedBar({ title, segments }: { title: string; segments: Segment[] }) {
  const total = segments.reduce((sum, s) => sum + s.count, 0);
  const summary = `${title}: ${segments.map((s) => `${s.count} ${s.label.toLowerCase()}`).join(', ')}`;
  let x = 0;
  return (
    <svg className="stacked-bar" width={BAR_WIDTH} height={BAR_HEIGHT} viewBox={`0 0 ${BAR_WIDTH} ${BAR_HEIGHT}`} role="img" aria-label={summary} focusable="false">
      <title>{summary}</title>
      {total === 0 ? <rect width={BAR_WIDTH} height={BAR_HEIGHT} className="stacked-bar__empty" /> : null}
      {segments.map((s) => {
        if (total === 0 || s.count === 0) return null;
        const width = (s.count / total) * BAR_WIDTH;
        const rect = (
          <rect key={s.key} x={x} width={width} height={BAR_HEIGHT} className={`stacked-bar__part ${s.className}`}>
            <title>{`${s.label}: ${plural(s.count, 'student')}`}</title>
          </rect>
        );
        x += width;
        return rect;
      })}
    </svg>
  );
}

/** Per competency, how many students sit at each level: a small stacked bar, and the counts as a table. */
export function Distribution({ report }: { report: CourseReport }) {
  const levels = [...report.levels].sort((a, b) => a.min - b.min);
  if (report.distribution.length === 0) return <p className="muted">No competency has evidence yet.</p>;
  return (
    <div className="table-wrap" role="region" aria-label="Distribution of levels per competency" tabIndex={0}>
      <table className="table distribution">
        <caption className="visually-hidden">Students at each level, per competency</caption>
        <thead>
          <tr>
            <th scope="col">Competency</th>
            <th scope="col">
              <span className="visually-hidden">Bar</span>
            </th>
            {levels.map((l) => (
              <th key={l.id} scope="col" className="table__num">
                {l.label}
              </th>
            ))}
            <th scope="col" className="table__num">
              {NO_EVIDENCE}
            </th>
          </tr>
        </thead>
        <tbody>
          {report.distribution.map((d) => {
            const segments = segmentsOf(d.counts, report.levels, report.students.length);
            return (
              <tr key={d.code}>
                <th scope="row" className="table__name--wrap">
                  {d.title}
                  <span className="table__sub table__sub--mono">{d.code}</span>
                </th>
                <td className="distribution__bar">
                  <StackedBar title={d.title} segments={segments} />
                </td>
                {segments.map((s) => (
                  <td key={s.key} className="table__num">
                    {s.count}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
