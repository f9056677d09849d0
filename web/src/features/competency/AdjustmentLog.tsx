import { useTranslation } from 'react-i18next';
import type { AdjustmentView, ComparisonSide } from '../../../../server/contract/competency';
import { formatNumber } from '../../app/format';
import { formatDay } from './dates';
import { percent } from './levels';

function Side({ side }: { side: ComparisonSide }) {
  const { t } = useTranslation('competency');
  return (
    <>
      {side.mean === null ? <span className="muted">{t('log.noEvidence')}</span> : percent(side.mean)}
      <span className="table__sub">{t('log.n', { n: formatNumber(side.n) })}</span>
    </>
  );
}

function Comparison({ adjustment }: { adjustment: AdjustmentView }) {
  const { t } = useTranslation('competency');
  /** "+8 points", "−3 points", "no change": the difference of the two means, in percentage points. */
  const change = (before: number, after: number): string => {
    const points = Math.round((after - before) * 100);
    if (points === 0) return t('log.noChange');
    return t('log.change', { direction: points > 0 ? 'up' : 'down', points: Math.abs(points) });
  };
  if (adjustment.comparison.length === 0) return <p className="muted">{t('log.nothingToCompare')}</p>;
  return (
    <div className="table-wrap">
      <table className="table table--compact comparison">
        <caption className="visually-hidden">{t('log.caption', { date: formatDay(adjustment.madeOn), module: adjustment.module.title })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('log.competency')}</th>
            <th scope="col" className="table__num">
              {t('log.before')}
            </th>
            <th scope="col" className="table__num">
              {t('log.after')}
            </th>
            <th scope="col">{t('log.changeColumn')}</th>
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
                  <span className="comparison__wait">{t('log.notEnough')}</span>
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
  const { t } = useTranslation('competency');
  const sorted = [...adjustments].sort((a, b) => b.madeOn.localeCompare(a.madeOn));
  return (
    <div className="adjustment-log">
      <h4 className="adjustment-log__title">{t('log.title')}</h4>
      {sorted.length === 0 ? (
        <p className="muted">{t('log.empty', { module: moduleTitle })}</p>
      ) : (
        <ol className="adjustment-log__list">
          {sorted.map((a) => (
            <li key={a.id} className="adjustment">
              <p className="adjustment__meta">
                <time dateTime={a.madeOn}>{formatDay(a.madeOn)}</time> · {a.by}
              </p>
              <dl className="adjustment__text">
                <dt>{t('log.what')}</dt>
                <dd>{a.what}</dd>
                <dt>{t('log.why')}</dt>
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
