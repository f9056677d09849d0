import type { CourseReport, LevelView } from '../../../../server/contract/competency';
import { useTranslation } from 'react-i18next';
import { levelClass, levelName, noEvidence } from './levels';

type Segment = { key: string; label: string; className: string; count: number };

const BAR_WIDTH = 160;
const BAR_HEIGHT = 14;

/** Counts per level in level order, then "no evidence" (sent, or whatever is left of the class). */
function segmentsOf(counts: Record<string, number>, levels: LevelView[], students: number): Segment[] {
  const ordered = [...levels].sort((a, b) => a.min - b.min);
  const segments = ordered.map((l) => ({ key: l.id, label: levelName(l), className: levelClass(l.id), count: counts[l.id] ?? 0 }));
  const placed = segments.reduce((sum, s) => sum + s.count, 0);
  const none = counts.none ?? counts.null ?? Math.max(0, students - placed);
  return [...segments, { key: 'none', label: noEvidence(), className: levelClass(null), count: none }];
}

function StackedBar({ title, segments }: { title: string; segments: Segment[] }) {
  const { t, i18n } = useTranslation('competency');
  const total = segments.reduce((sum, s) => sum + s.count, 0);
  const summary = t('distribution.summary', {
    title,
    counts: segments.map((s) => t('distribution.count', { count: s.count, level: s.label.toLocaleLowerCase(i18n.language) })).join(t('distribution.separator')),
  });
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
            <title>{t('distribution.segment', { level: s.label, count: s.count })}</title>
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
  const { t } = useTranslation('competency');
  const levels = [...report.levels].sort((a, b) => a.min - b.min);
  if (report.distribution.length === 0) return <p className="muted">{t('distribution.empty')}</p>;
  return (
    <div className="table-wrap" role="region" aria-label={t('distribution.regionLabel')} tabIndex={0}>
      <table className="table distribution">
        <caption className="visually-hidden">{t('distribution.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('distribution.competency')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('distribution.bar')}</span>
            </th>
            {levels.map((l) => (
              <th key={l.id} scope="col" className="table__num">
                {levelName(l)}
              </th>
            ))}
            <th scope="col" className="table__num">
              {noEvidence()}
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
