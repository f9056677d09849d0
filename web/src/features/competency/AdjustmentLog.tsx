import type { AdjustmentView, ComparisonSide } from '../../../../server/contract/competency';
import { formatDay } from './dates';
import { percent } from './levels';

function Side({ side }: { side: ComparisonSide }) {
  return (
    <>
      {side.mean === null ? <span className="muted">no evidence</span> : percent(side.mean)}
      <span className="table__sub">n = {side.n}</span>
    </>
  );
}

/** "+8 points", "−3 points", "no change": the difference of the two means, in percentage points. */
function change(before: number, after: number): string {
  const points = Math.round((after - before) * 100);
  if (points === 0) return 'no change';
  return `${points > 0 ? '+' : '−'}${Math.abs(points)} ${Math.abs(points) === 1 ? 'point' : 'points'}`;
}

function Comparison({ adjustment }: { adjustment: AdjustmentView }) {
  if (adjustment.comparison.length === 0) return <p className="muted">The module names no competencies, so there is nothing to compare.</p>;
  return (
    <div className="table-wrap">
      <table className="table table--compact comparison">
        <caption className="visually-hidden">
          Mastery before and after the adjustment of {formatDay(adjustment.madeOn)} to {adjustment.module.title}
        </caption>
        <thead>
          <tr>
            <th scope="col">Competency</th>
            <th scope="col" className="table__num">
              Before
            </th>
            <th scope="col" className="table__num">
              After
            </th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {adjustment.comparison.map((c) => (
            <tr key={c.code}>
              <th scope="row" className="table__name--wrap">
                {c.title}
                <span className="table__sub table__sub--mono">{c.code}</span>
              </th>
              <td className="table__num">
                <Side side={c.before} />
              </td>
              <td className="table__num">
                <Side side={c.after} />
              </td>
              <td>
                {c.enough && c.before.mean !== null && c.after.mean !== null ? (
                  <strong>{change(c.before.mean, c.after.mean)}</strong>
                ) : (
                  <span className="comparison__wait">not enough evidence yet</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The module's adjustment log, newest first, each with mastery before and after it. */
export function AdjustmentLog({ adjustments, moduleTitle }: { adjustments: AdjustmentView[]; moduleTitle: string }) {
  const sorted = [...adjustments].sort((a, b) => b.madeOn.localeCompare(a.madeOn));
  return (
    <div className="adjustment-log">
      <h4 className="adjustment-log__title">Adjustment log</h4>
      {sorted.length === 0 ? (
        <p className="muted">No adjustment to {moduleTitle} recorded yet.</p>
      ) : (
        <ol className="adjustment-log__list">
          {sorted.map((a) => (
            <li key={a.id} className="adjustment">
              <p className="adjustment__meta">
                <time dateTime={a.madeOn}>{formatDay(a.madeOn)}</time> · {a.by}
              </p>
              <dl className="adjustment__text">
                <dt>What changed</dt>
                <dd>{a.what}</dd>
                <dt>Why</dt>
                <dd>{a.why}</dd>
              </dl>
              <Comparison adjustment={a} />
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
