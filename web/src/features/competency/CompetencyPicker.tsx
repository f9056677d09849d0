import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FrameworkItem } from './competencyApi';

export type PickedCompetency = { code: string; weight: number };

/** A framework competency as the picker lists it: a course's CASE items or the authoring options. */
export type PickerItem = Pick<FrameworkItem, 'code' | 'title' | 'framework'> & Partial<Pick<FrameworkItem, 'statement' | 'type'>>;

type Props = {
  items: PickerItem[];
  /** Titles of codes the module already names, for any that the frameworks no longer list. */
  knownTitles: Record<string, string>;
  value: PickedCompetency[];
  onChange: (next: PickedCompetency[]) => void;
  loading: boolean;
  loadError: string | null;
  error?: string | undefined;
  /** The fieldset's legend; the defaults below fit a course module. */
  legend?: string;
  /** Shown when nothing is chosen yet. */
  emptyHint?: string;
  /** Says what a weight means; without weights (`weights: false`) the picker keeps codes only. */
  weightHint?: string;
  weights?: boolean;
  /** Codes listed first and tagged, e.g. the competencies a scenario already trains. */
  preferred?: { codes: string[]; tag: string };
  /** A note under a chosen competency, e.g. that saving also lists it in the scenario. */
  noteFor?: (code: string) => string | null;
};
const SHOWN_MAX = 60;

function matches(item: PickerItem, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return [item.code, item.title, item.statement ?? ''].some((t) => t.toLowerCase().includes(q));
}

/** Which framework competencies a module teaches, found by searching codes and titles, each with a weight. */
export function CompetencyPicker({
  items,
  knownTitles,
  value,
  onChange,
  loading,
  loadError,
  error,
  legend: legendProp,
  emptyHint: emptyHintProp,
  weightHint: weightHintProp,
  weights = true,
  preferred,
  noteFor,
}: Props) {
  const { t } = useTranslation('competency');
  const legend = legendProp ?? t('picker.legend');
  const emptyHint = emptyHintProp ?? t('picker.emptyHint');
  const weightHint = weightHintProp ?? t('picker.weightHint');
  const uid = useId();
  const [query, setQuery] = useState('');
  const picked = new Map(value.map((p) => [p.code, p]));
  const titleOf = (code: string) => items.find((i) => i.code === code)?.title ?? knownTitles[code] ?? code;
  const first = new Set(preferred?.codes ?? []);
  const ordered = first.size > 0 ? [...items.filter((i) => first.has(i.code)), ...items.filter((i) => !first.has(i.code))] : items;
  const found = ordered.filter((i) => matches(i, query));
  const shown = found.slice(0, SHOWN_MAX);
  const frameworks = new Set(items.map((i) => i.framework));

  const toggle = (code: string) => onChange(picked.has(code) ? value.filter((p) => p.code !== code) : [...value, { code, weight: 1 }]);
  const setWeight = (code: string, weight: number) => onChange(value.map((p) => (p.code === code ? { ...p, weight } : p)));

  return (
    <fieldset className={`fieldset picker${error ? ' field--invalid' : ''}`} aria-describedby={error ? `${uid}-error` : undefined}>
      <legend className="fieldset__legend">{legend}</legend>
      {error ? (
        <p className="field__error" id={`${uid}-error`}>
          <span className="visually-hidden">{t('picker.error')}</span>
          {error}
        </p>
      ) : null}
      {value.length === 0 ? (
        <p className="field__hint">{emptyHint}</p>
      ) : (
        <ul className="picker__chosen" aria-label={t('picker.chosen')}>
          {value.map((p) => {
            const title = titleOf(p.code);
            const note = noteFor?.(p.code);
            return (
              <li key={p.code} className={`picker__chosen-item${weights ? '' : ' picker__chosen-item--plain'}`}>
                <span className="picker__chosen-name">
                  {title} <span className="picker__code">{p.code}</span>
                  {note ? <span className="table__sub">{note}</span> : null}
                </span>
                {weights ? (
                  <label className="picker__weight">
                    <span>
                      {t('picker.weight')}
                      <span className="visually-hidden">{t('picker.weightFor', { title })}</span>
                    </span>
                    <input
                      type="number"
                      className="input"
                      min={0.1}
                      max={1}
                      step={0.1}
                      value={p.weight}
                      aria-invalid={(Boolean(error) && !(p.weight > 0 && p.weight <= 1)) || undefined}
                      onChange={(e) => setWeight(p.code, e.target.value === '' ? 0 : Number(e.target.value))}
                    />
                  </label>
                ) : null}
                <button type="button" className="btn btn--quiet btn--small" onClick={() => toggle(p.code)}>
                  {t('picker.remove')}
                  <span className="visually-hidden">{t('picker.removeWhat', { title })}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {weights ? <p className="field__hint">{weightHint}</p> : null}
      <div className="field">
        <label className="field__label" htmlFor={`${uid}-search`}>
          {t('picker.search')}
          {/* Several pickers on one page (a scenario's list, a criterion's weights) need distinct names. */}
          {legendProp !== undefined ? <span className="visually-hidden">{t('picker.searchFor', { legend })}</span> : null}
        </label>
        <input
          id={`${uid}-search`}
          type="search"
          className="input"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={t('picker.placeholder')}
          aria-describedby={`${uid}-count`}
          autoComplete="off"
        />
      </div>
      <p className="result-count" id={`${uid}-count`} role="status">
        {loading
          ? t('picker.loading')
          : loadError
            ? ''
            : t('picker.count', { found: found.length, total: items.length, more: found.length > SHOWN_MAX ? 'yes' : 'no', max: SHOWN_MAX })}
      </p>
      {loadError ? <p className="field__error">{loadError}</p> : null}
      <ul className="checklist picker__list" aria-label={t('picker.list')}>
        {shown.map((item) => (
          <li key={`${item.framework}|${item.code}`}>
            <label className="check">
              <input type="checkbox" checked={picked.has(item.code)} onChange={() => toggle(item.code)} />
              <span>
                <span className="picker__title">{item.title}</span> <span className="picker__code">{item.code}</span>
                {item.type && item.type !== 'Competency' ? <span className="tag">{item.type}</span> : null}
                {preferred && first.has(item.code) ? <span className="tag tag--visible">{preferred.tag}</span> : null}
                {frameworks.size > 1 ? <span className="table__sub">{item.framework}</span> : null}
              </span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
