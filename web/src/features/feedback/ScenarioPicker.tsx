import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useListAssignedScenariosQuery } from './feedbackApi';

type Props = {
  courseId: string;
  /** Prefix for the checkboxes' ids: one picker per adjustment form on the page. */
  idPrefix: string;
  value: string[];
  onChange: (ids: string[]) => void;
  error?: string;
};

/**
 * "Which scenarios prompted this change?" — optional, so folded away until wanted (every module
 * has its own form). A cited scenario's company reads the note beside its scenario's results,
 * with the school's name and never the teacher's.
 */
export function ScenarioPicker({ courseId, idPrefix, value, onChange, error }: Props) {
  const { t } = useTranslation('feedback');
  const { data } = useListAssignedScenariosQuery(courseId);
  const [open, setOpen] = useState(false);
  if (!data || data.length === 0) return null;
  const hintId = `${idPrefix}-hint`;
  const errorId = `${idPrefix}-error`;
  const toggle = (id: string, on: boolean) => onChange(on ? [...value, id] : value.filter((x) => x !== id));
  return (
    <details className="scenario-picker" open={open || Boolean(error)} onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary className="scenario-picker__summary">
        {t('picker.summary')}
        {value.length > 0 ? <span className="muted">{t('picker.cited', { count: value.length })}</span> : null}
      </summary>
      <fieldset className={`fieldset scenario-picker__fieldset${error ? ' field--invalid' : ''}`} aria-describedby={[error ? errorId : null, hintId].filter(Boolean).join(' ')}>
        <legend className="visually-hidden">{t('picker.legend')}</legend>
        <p className="field__hint" id={hintId}>
          {t('picker.hint')}
        </p>
        {error ? (
          <p className="field__error" id={errorId}>
            <span className="visually-hidden">{t('components:field.errorPrefix')}</span>
            {error}
          </p>
        ) : null}
        <ul className="scenario-picker__list">
          {data.map((s) => {
            const id = `${idPrefix}-${s.id}`;
            return (
              <li key={s.id} className="scenario-picker__item">
                <input type="checkbox" id={id} checked={value.includes(s.id)} onChange={(e) => toggle(s.id, e.target.checked)} />
                <label htmlFor={id}>
                  {s.title}
                  {s.enterprise ? <span className="muted"> · {s.enterprise}</span> : null}
                </label>
              </li>
            );
          })}
        </ul>
      </fieldset>
    </details>
  );
}
