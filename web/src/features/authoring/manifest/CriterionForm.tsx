import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CompetencyOption } from '../../../../../server/contract/authoring';
import { CompetencyField } from './CompetencyField';
import { hasErrors, idFromTitle, validateCriterion, type CriterionDraft, type CriterionErrors, type ManifestOutline } from './rubricYaml';

/** The criterion the RubricEditor has open: its place in the list (or a new one), the id it had, and the edits so far. */
export type Editing = { at: number | 'new'; originalId: string; draft: CriterionDraft };

const numberOrNull = (v: string): number | null => (v.trim() === '' || !Number.isFinite(Number(v)) ? null : Number(v));

/** The RubricEditor's form for one criterion: title, id, guidance, points, levels, competencies; errors shown once the author tries to save. */
export function CriterionForm({
  uid,
  editing,
  setEditing,
  competencies,
  outline,
  idsInUse,
  paused,
  onSave,
  onCancel,
}: {
  uid: string;
  editing: Editing;
  setEditing: (e: Editing | null) => void;
  competencies: CompetencyOption[];
  outline: ManifestOutline;
  idsInUse: string[];
  paused: boolean;
  onSave: (draft: CriterionDraft) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('authoring');
  const draft = editing.draft;
  const [showErrors, setShowErrors] = useState(false);
  // A new criterion's id follows its title until the author types one of their own.
  const [idTouched, setIdTouched] = useState(editing.at !== 'new');
  const errors = validateCriterion(draft, idsInUse);
  const shown: CriterionErrors = showErrors ? errors : {};
  const firstField = useRef<HTMLInputElement>(null);
  const isNew = editing.at === 'new';

  useEffect(() => {
    firstField.current?.focus();
  }, []);

  const set = (patch: Partial<CriterionDraft>) => setEditing({ ...editing, draft: { ...draft, ...patch } });
  const setLevel = (i: number, patch: Partial<CriterionDraft['levels'][number]>) => set({ levels: draft.levels.map((l, k) => (k === i ? { ...l, ...patch } : l)) });
  const top = draft.levels.length > 0 ? Math.max(...draft.levels.map((l) => l.score ?? 0)) : null;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (paused) return;
    if (hasErrors(errors)) {
      setShowErrors(true);
      requestAnimationFrame(() => document.querySelector<HTMLElement>(`#${CSS.escape(uid)}-form [aria-invalid="true"]`)?.focus());
      return;
    }
    onSave(draft);
  };

  const declared = new Set(outline.competencies);
  const problemCount =
    ['id', 'title', 'points', 'levels', 'competencies'].filter((k) => shown[k as keyof CriterionErrors]).length + Object.keys(shown.level ?? {}).length;

  return (
    <form id={`${uid}-form`} className="form rubric-form" onSubmit={submit} noValidate aria-label={isNew ? t('criterion.newLabel') : t('criterion.editLabel', { title: draft.title || draft.id })}>
      {showErrors && problemCount > 0 ? (
        <p className="field__error" role="alert">
          {t('criterion.toFix', { count: problemCount })}
        </p>
      ) : null}
      <div className="field">
        <label className="field__label" htmlFor={`${uid}-title`}>
          {t('criterion.title')}
        </label>
        <p className="field__hint" id={`${uid}-title-hint`}>
          {t('criterion.titleHint')}
        </p>
        {shown.title ? <FieldError id={`${uid}-title-error`} text={shown.title} /> : null}
        <input
          ref={firstField}
          id={`${uid}-title`}
          className="input"
          value={draft.title}
          maxLength={200}
          aria-invalid={shown.title ? true : undefined}
          aria-describedby={[shown.title ? `${uid}-title-error` : '', `${uid}-title-hint`].filter(Boolean).join(' ')}
          onChange={(e) => set({ title: e.target.value, ...(idTouched ? {} : { id: idFromTitle(e.target.value) }) })}
        />
      </div>
      <div className="field">
        <label className="field__label" htmlFor={`${uid}-id`}>
          {t('criterion.id')}
        </label>
        <p className="field__hint" id={`${uid}-id-hint`}>
          {t('criterion.idHint', { isNew: isNew ? 'yes' : 'no' })}
        </p>
        {shown.id ? <FieldError id={`${uid}-id-error`} text={shown.id} /> : null}
        <input
          id={`${uid}-id`}
          className="input input--mono"
          value={draft.id}
          maxLength={60}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={shown.id ? true : undefined}
          aria-describedby={[shown.id ? `${uid}-id-error` : '', `${uid}-id-hint`].filter(Boolean).join(' ')}
          onChange={(e) => {
            setIdTouched(true);
            set({ id: e.target.value });
          }}
        />
      </div>
      <div className="field">
        <label className="field__label" htmlFor={`${uid}-description`}>
          {t('criterion.guidance')}
        </label>
        <textarea id={`${uid}-description`} className="input" rows={2} value={draft.description} onChange={(e) => set({ description: e.target.value })} />
      </div>
      <div className="field">
        <label className="field__label" htmlFor={`${uid}-points`}>
          {t('criterion.points')}
        </label>
        <p className="field__hint" id={`${uid}-points-hint`}>
          {t('criterion.pointsHint')}
        </p>
        {shown.points ? <FieldError id={`${uid}-points-error`} text={shown.points} /> : null}
        <div className="rubric-form__inline">
          <input
            id={`${uid}-points`}
            type="number"
            className="input rubric-form__number"
            min={0}
            step="any"
            value={draft.points ?? ''}
            aria-invalid={shown.points ? true : undefined}
            aria-describedby={[shown.points ? `${uid}-points-error` : '', `${uid}-points-hint`].filter(Boolean).join(' ')}
            onChange={(e) => set({ points: numberOrNull(e.target.value) })}
          />
          {top !== null && top > 0 && draft.points !== top ? (
            <button type="button" className="btn btn--small btn--quiet" onClick={() => set({ points: top })}>
              {t('criterion.useTop', { top })}
            </button>
          ) : null}
        </div>
      </div>

      <fieldset className={`fieldset rubric-form__levels${shown.levels ? ' field--invalid' : ''}`} aria-describedby={`${uid}-levels-hint${shown.levels ? ` ${uid}-levels-error` : ''}`}>
        <legend className="fieldset__legend">{t('criterion.levels')}</legend>
        <p className="field__hint" id={`${uid}-levels-hint`}>
          {t('criterion.levelsHint')}
        </p>
        {shown.levels ? <FieldError id={`${uid}-levels-error`} text={shown.levels} /> : null}
        <ol className="rubric-form__level-list">
          {draft.levels.map((l, i) => {
            const e = shown.level?.[i] ?? {};
            return (
              <li key={i} className="rubric-form__level">
                <div className="rubric-form__score">
                  <label className="field__label" htmlFor={`${uid}-score-${i}`}>
                    {t('criterion.score')}
                    <span className="visually-hidden">{t('criterion.ofLevel', { n: i + 1 })}</span>
                  </label>
                  <input
                    id={`${uid}-score-${i}`}
                    type="number"
                    className="input rubric-form__number"
                    min={0}
                    step="any"
                    value={l.score ?? ''}
                    aria-invalid={e.score || (shown.levels && l.score === top) ? true : undefined}
                    aria-describedby={e.score ? `${uid}-score-${i}-error` : undefined}
                    onChange={(ev) => setLevel(i, { score: numberOrNull(ev.target.value) })}
                  />
                  {e.score ? <FieldError id={`${uid}-score-${i}-error`} text={e.score} /> : null}
                </div>
                <div className="rubric-form__text">
                  <label className="field__label" htmlFor={`${uid}-text-${i}`}>
                    {t('criterion.levelText')}
                    <span className="visually-hidden">{t('criterion.ofLevel', { n: i + 1 })}</span>
                  </label>
                  <textarea
                    id={`${uid}-text-${i}`}
                    className="input"
                    rows={2}
                    value={l.text}
                    aria-invalid={e.text ? true : undefined}
                    aria-describedby={e.text ? `${uid}-text-${i}-error` : undefined}
                    onChange={(ev) => setLevel(i, { text: ev.target.value })}
                  />
                  {e.text ? <FieldError id={`${uid}-text-${i}-error`} text={e.text} /> : null}
                </div>
                <button
                  type="button"
                  className="btn btn--small btn--quiet rubric-form__remove-level"
                  onClick={() => set({ levels: draft.levels.filter((_, k) => k !== i) })}
                >
                  {t('rubric.remove')}
                  <span className="visually-hidden">{t('criterion.ofLevel', { n: i + 1 })}</span>
                </button>
              </li>
            );
          })}
        </ol>
        <button
          type="button"
          className="btn btn--small"
          onClick={() => {
            set({ levels: [...draft.levels, { score: draft.points ?? null, text: '' }] });
            requestAnimationFrame(() => document.getElementById(`${uid}-score-${draft.levels.length}`)?.focus());
          }}
        >
          {t('criterion.addLevel')}
        </button>
      </fieldset>

      <CompetencyField
        options={competencies}
        legend={t('criterion.competencies')}
        value={draft.competencies.map((w) => ({ code: w.code, weight: w.weight ?? 0 }))}
        onChange={(next) => set({ competencies: next.map((p) => ({ code: p.code, weight: p.weight })) })}
        preferred={{ codes: outline.competencies, tag: t('criterion.inScenario') }}
        noteFor={(code) => (declared.has(code) ? null : t('criterion.alsoAdded'))}
        error={shown.competencies}
      />

      <div className="form__actions">
        <button type="submit" className="btn btn--primary" aria-disabled={paused || undefined}>
          {isNew ? t('criterion.add') : t('criterion.save')}
        </button>
        <button type="button" className="btn btn--quiet" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
      {paused ? <p className="field__hint">{t('criterion.paused')}</p> : null}
    </form>
  );
}

function FieldError({ id, text }: { id: string; text: string }) {
  const { t } = useTranslation('authoring');
  return (
    <p className="field__error" id={id}>
      <span className="visually-hidden">{t('criterion.error')}</span>
      {text}
    </p>
  );
}
