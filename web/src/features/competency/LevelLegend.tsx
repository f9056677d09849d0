import type { LevelView } from '../../../../server/contract/competency';
import { useTranslation } from 'react-i18next';
import { formatProportion } from '../../app/format';
import { levelClass, levelName, noEvidence } from './levels';

/** What each colour means, with each level's range in words; colour is never the only cue. */
export function LevelLegend({ levels, label }: { levels: LevelView[]; label?: string }) {
  const { t } = useTranslation('competency');
  const sorted = [...levels].sort((a, b) => a.min - b.min);
  return (
    <div className="level-legend">
      <p className="level-legend__title" id="level-legend-title">
        {label ?? t('legend.title')}
      </p>
      <ul className="level-legend__list" aria-labelledby="level-legend-title">
        {sorted.map((level, i) => {
          const next = sorted[i + 1];
          const from = formatProportion(Math.round(level.min * 100) / 100);
          const range = next ? t('legend.range', { from, to: formatProportion((Math.round(next.min * 100) - 1) / 100) }) : t('legend.top', { from });
          return (
            <li key={level.id}>
              <span className={`level-legend__swatch ${levelClass(level.id)}`} aria-hidden="true" />
              <span className="level-legend__name">{levelName(level)}</span> <span className="muted">{range}</span>
            </li>
          );
        })}
        <li>
          <span className={`level-legend__swatch ${levelClass(null)}`} aria-hidden="true" />
          <span className="level-legend__name">{noEvidence()}</span>
        </li>
      </ul>
    </div>
  );
}
