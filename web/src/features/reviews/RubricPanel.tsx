import type { RubricCriterionView } from '../../../../server/contract/review';
import { useTranslation } from 'react-i18next';

/** Someone's level on a criterion, shown next to that level: another review, the agreed calibration level. */
export type LevelMarker = { level: number; label: string; tone: 'you' | 'other' | 'agreed' };

type Props = {
  rubric: RubricCriterionView[];
  /** The levels chosen so far (draft or submitted), by criterion. */
  selected: Record<string, number>;
  /** Criteria the reviewer scores now; the others are shown read-only. */
  editable: ReadonlySet<string>;
  onSelect: (criterionId: string, level: number) => void;
  onFocusCriterion: (criterionId: string) => void;
  markers: Record<string, LevelMarker[]>;
  flagged: ReadonlySet<string>;
  taskTitles: Record<string, string>;
};

export const criterionDomId = (id: string) => `criterion-${id}`;
const levelDomId = (criterionId: string, level: number) => `criterion-${criterionId}-level-${level}`;

/** Moves focus to a criterion: its chosen level (or its first) when it is scored now, else the criterion itself. */
export function focusCriterion(id: string): void {
  const box = document.getElementById(criterionDomId(id));
  if (!box) return;
  const radio = box.querySelector<HTMLInputElement>('input[type=radio]:checked') ?? box.querySelector<HTMLInputElement>('input[type=radio]');
  (radio ?? box).focus();
  box.scrollIntoView({ block: 'nearest' });
}

export function focusLevel(criterionId: string, level: number): void {
  document.getElementById(levelDomId(criterionId, level))?.focus();
}

/**
 * The rubric: each criterion with its levels (points and descriptor). A criterion scored now
 * is a radio group; one that is not lists its levels with who chose which.
 */
export function RubricPanel({ rubric, selected, editable, onSelect, onFocusCriterion, markers, flagged, taskTitles }: Props) {
  const { t } = useTranslation('reviews');
  let lastTask: string | null = null;
  return (
    <div className="rubric">
      {rubric.map((criterion) => {
        const taskHeading = criterion.task !== lastTask && taskTitles[criterion.task] ? taskTitles[criterion.task] : null;
        lastTask = criterion.task;
        const isEditable = editable.has(criterion.id);
        const chosen = selected[criterion.id];
        const titleId = `${criterionDomId(criterion.id)}-title`;
        const header = (
          <>
            <span className="criterion__title" id={titleId}>
              {criterion.title}
            </span>
            <span className="criterion__points">{t('points', { count: criterion.points })}</span>
            {flagged.has(criterion.id) ? <span className="tag tag--flagged">{t('rubric.disagree')}</span> : null}
            {isEditable && chosen === undefined ? <span className="tag tag--todo">{t('rubric.toScore')}</span> : null}
          </>
        );
        const description = criterion.description ? <p className="criterion__description">{criterion.description}</p> : null;
        return (
          <div key={criterion.id} className="criterion-group">
            {taskHeading ? <h3 className="rubric__task">{taskHeading}</h3> : null}
            {isEditable ? (
              <fieldset
                className={`criterion criterion--editable${chosen === undefined ? '' : ' criterion--done'}`}
                id={criterionDomId(criterion.id)}
                tabIndex={-1}
                onFocus={() => onFocusCriterion(criterion.id)}
                data-criterion={criterion.id}
              >
                <legend className="criterion__head">{header}</legend>
                {description}
                <div className="levels">
                  {criterion.levels.map((level, i) => (
                    <label key={i} className="level">
                      <input
                        type="radio"
                        id={levelDomId(criterion.id, i)}
                        name={`level-${criterion.id}`}
                        value={i}
                        checked={chosen === i}
                        onChange={() => onSelect(criterion.id, i)}
                      />
                      <span className="level__key" aria-hidden="true">
                        {i < 9 ? i + 1 : ''}
                      </span>
                      <span className="level__body">
                        <span className="level__score">{t('points', { count: level.score })}</span>
                        <span className="level__text">{level.text}</span>
                        <Markers markers={markers[criterion.id]} level={i} />
                      </span>
                    </label>
                  ))}
                </div>
              </fieldset>
            ) : (
              <section
                className="criterion criterion--readonly"
                id={criterionDomId(criterion.id)}
                tabIndex={-1}
                onFocus={() => onFocusCriterion(criterion.id)}
                aria-labelledby={titleId}
                data-criterion={criterion.id}
              >
                <div className="criterion__head">{header}</div>
                {description}
                <ol className="levels">
                  {criterion.levels.map((level, i) => (
                    <li key={i} className={`level level--static${chosen === i ? ' level--chosen' : ''}`} aria-current={chosen === i ? 'true' : undefined}>
                      <span className="level__mark" aria-hidden="true" />
                      <span className="level__body">
                        <span className="level__score">
                          {t('points', { count: level.score })}
                          {chosen === i ? <span className="visually-hidden">{t('rubric.chosen')}</span> : null}
                        </span>
                        <span className="level__text">{level.text}</span>
                        <Markers markers={markers[criterion.id]} level={i} />
                      </span>
                    </li>
                  ))}
                </ol>
              </section>
            )}
          </div>
        );
      })}
    </div>
  );
}

function Markers({ markers, level }: { markers: LevelMarker[] | undefined; level: number }) {
  const here = markers?.filter((m) => m.level === level) ?? [];
  if (here.length === 0) return null;
  return (
    <span className="level__markers">
      {here.map((m) => (
        <span key={m.label} className={`marker marker--${m.tone}`}>
          {m.label}
        </span>
      ))}
    </span>
  );
}

/** Points of the chosen levels, and the most the criteria can give. */
export function rubricTotal(rubric: RubricCriterionView[], selected: Record<string, number>): { earned: number; max: number; scored: number } {
  let earned = 0;
  let max = 0;
  let scored = 0;
  for (const c of rubric) {
    max += c.points;
    const level = selected[c.id];
    if (level !== undefined && c.levels[level]) {
      earned += c.levels[level].score;
      scored += 1;
    }
  }
  return { earned, max, scored };
}
