import { useId, useState } from 'react';
import type { FrameworkItem } from './competencyApi';

export type PickedCompetency = { code: string; weight: number };

type Props = {
  items: FrameworkItem[];
  /** Titles of codes the module already names, for any that the frameworks no longer list. */
  knownTitles: Record<string, string>;
  value: PickedCompetency[];
  onChange: (next: PickedCompetency[]) => void;
  loading: boolean;
  loadError: string | null;
  error?: string | undefined;
};

const SHOWN_MAX = 60;

function matches(item: FrameworkItem, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return [item.code, item.title, item.statement].some((t) => t.toLowerCase().includes(q));
}

/** Which framework competencies a module teaches, found by searching codes and titles, each with a weight. */
export function CompetencyPicker({ items, knownTitles, value, onChange, loading, loadError, error }: Props) {
  const uid = useId();
  const [query, setQuery] = useState('');
  const picked = new Map(value.map((p) => [p.code, p]));
  const titleOf = (code: string) => items.find((i) => i.code === code)?.title ?? knownTitles[code] ?? code;
  const found = items.filter((i) => matches(i, query));
  const shown = found.slice(0, SHOWN_MAX);
  const frameworks = new Set(items.map((i) => i.framework));

  const toggle = (code: string) => onChange(picked.has(code) ? value.filter((p) => p.code !== code) : [...value, { code, weight: 1 }]);
  const setWeight = (code: string, weight: number) => onChange(value.map((p) => (p.code === code ? { ...p, weight } : p)));

  return (
    <fieldset className={`fieldset picker${error ? ' field--invalid' : ''}`} aria-describedby={error ? `${uid}-error` : undefined}>
      <legend className="fieldset__legend">Competencies taught</legend>
      {error ? (
        <p className="field__error" id={`${uid}-error`}>
          <span className="visually-hidden">Error: </span>
          {error}
        </p>
      ) : null}
      {value.length === 0 ? (
        <p className="field__hint">None chosen yet. Search the framework below and tick what the module teaches.</p>
      ) : (
        <ul className="picker__chosen" aria-label="Chosen competencies">
          {value.map((p) => {
            const title = titleOf(p.code);
            return (
              <li key={p.code} className="picker__chosen-item">
                <span className="picker__chosen-name">
                  {title} <span className="picker__code">{p.code}</span>
                </span>
                <label className="picker__weight">
                  <span>
                    Weight<span className="visually-hidden"> for {title}</span>
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
                <button type="button" className="btn btn--quiet btn--small" onClick={() => toggle(p.code)}>
                  Remove<span className="visually-hidden"> {title}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <p className="field__hint">Weight (up to 1) says how much of the module is about that competency.</p>
      <div className="field">
        <label className="field__label" htmlFor={`${uid}-search`}>
          Search competencies
        </label>
        <input
          id={`${uid}-search`}
          type="search"
          className="input"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder="Code or title, e.g. sql.join or Debugging"
          aria-describedby={`${uid}-count`}
          autoComplete="off"
        />
      </div>
      <p className="result-count" id={`${uid}-count`} role="status">
        {loading ? 'Loading the framework…' : loadError ? '' : `${found.length} of ${items.length} competencies match${found.length > SHOWN_MAX ? `; the first ${SHOWN_MAX} are listed` : ''}.`}
      </p>
      {loadError ? <p className="field__error">{loadError}</p> : null}
      <ul className="checklist picker__list" aria-label="Framework competencies">
        {shown.map((item) => (
          <li key={`${item.framework}|${item.code}`}>
            <label className="check">
              <input type="checkbox" checked={picked.has(item.code)} onChange={() => toggle(item.code)} />
              <span>
                <span className="picker__title">{item.title}</span> <span className="picker__code">{item.code}</span>
                {item.type && item.type !== 'Competency' ? <span className="tag">{item.type}</span> : null}
                {frameworks.size > 1 ? <span className="table__sub">{item.framework}</span> : null}
              </span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
