import type { LevelView } from '../../../../server/contract/competency';
import { levelClass, NO_EVIDENCE } from './levels';

/** What each colour means, with each level's range in words; colour is never the only cue. */
export function LevelLegend({ levels, label = 'Levels' }: { levels: LevelView[]; label?: string }) {
  const sorted = [...levels].sort((a, b) => a.min - b.min);
  return (
    <div className="level-legend">
      <p className="level-legend__title" id="level-legend-title">
        {label}
      </p>
      <ul className="level-legend__list" aria-labelledby="level-legend-title">
        {sorted.map((level, i) => {
          const next = sorted[i + 1];
          const range = next ? `${Math.round(level.min * 100)}–${Math.round(next.min * 100) - 1} %` : `${Math.round(level.min * 100)} % and above`;
          return (
            <li key={level.id}>
              <span className={`level-legend__swatch ${levelClass(level.id)}`} aria-hidden="true" />
              <span className="level-legend__name">{level.label}</span> <span className="muted">{range}</span>
            </li>
          );
        })}
        <li>
          <span className={`level-legend__swatch ${levelClass(null)}`} aria-hidden="true" />
          <span className="level-legend__name">{NO_EVIDENCE}</span>
        </li>
      </ul>
    </div>
  );
}
