/**
 * RubricEditor: add, edit, remove and reorder a task's rubric criteria (id, title, guidance,
 * points, levels, competency weights) without writing YAML. Each saved change becomes new
 * `scenario.yaml` text through the `yaml` Document API: comments and the rest of the file stay
 * as the author wrote them.
 *
 * Props
 *   yamlText      the current scenario.yaml
 *   taskId        the task whose rubric to edit; without it a task picker is shown
 *   competencies  every competency of the imported frameworks (GET /api/competencies)
 *   readOnly      list the criteria only (reviewers, a published version)
 *   onChange      called with the new scenario.yaml text after each saved change
 */
import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { CompetencyOption } from '../../../../../server/contract/authoring';
import { plural } from '../../../app/format';
import { CompetencyField } from './CompetencyField';
import {
  addCriterion,
  blankCriterion,
  criterionIds,
  hasErrors,
  idFromTitle,
  moveCriterion,
  readOutline,
  readRubric,
  removeCriterion,
  updateCriterion,
  validateCriterion,
  type CriterionDraft,
  type CriterionErrors,
  type ManifestOutline,
} from './rubricYaml';
import { YamlSyntaxError } from './yamlEdit';
import './manifest.css';

type Props = {
  yamlText: string;
  taskId?: string;
  competencies: CompetencyOption[];
  readOnly?: boolean;
  onChange: (newYamlText: string) => void;
};

type Editing = { at: number | 'new'; originalId: string; draft: CriterionDraft };

type Read = { ok: true; outline: ManifestOutline } | { ok: false; message: string };

function read(yamlText: string): Read {
  try {
    return { ok: true, outline: readOutline(yamlText) };
  } catch (e) {
    return { ok: false, message: e instanceof YamlSyntaxError ? e.message : `scenario.yaml cannot be read: ${(e as Error).message}` };
  }
}

const numberOrNull = (v: string): number | null => (v.trim() === '' || !Number.isFinite(Number(v)) ? null : Number(v));

export function RubricEditor({ yamlText, taskId: fixedTask, competencies, readOnly = false, onChange }: Props) {
  const uid = useId();
  const parsed = useMemo(() => read(yamlText), [yamlText]);
  // The last text that parsed: while the author types broken YAML in the editor, the list stays.
  const lastGood = useRef<{ text: string; outline: ManifestOutline } | null>(null);
  if (parsed.ok) lastGood.current = { text: yamlText, outline: parsed.outline };
  const outline = lastGood.current?.outline;
  const [pickedTask, setPickedTask] = useState<string | null>(null);
  const tasks = outline?.tasks ?? [];
  const taskId = fixedTask ?? (pickedTask && tasks.some((t) => t.id === pickedTask) ? pickedTask : tasks[0]?.id);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- parsed stands for lastGood.current, which changes exactly when it does
  const criteria = useMemo(() => (lastGood.current && taskId ? (readRubric(lastGood.current.text, taskId) ?? []) : []), [parsed, taskId]);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [status, setStatus] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const headingId = `${uid}-heading`;

  const apply = (edit: () => string, done: string) => {
    try {
      onChange(edit());
      setFailure(null);
      setStatus(done);
      return true;
    } catch (e) {
      setFailure(e instanceof YamlSyntaxError ? `${e.message}. Fix it in the editor, then try again.` : (e as Error).message);
      return false;
    }
  };

  const focusRow = (index: number) => requestAnimationFrame(() => document.getElementById(`${uid}-criterion-${index}`)?.focus());

  const move = (from: number, to: number) => {
    if (apply(() => moveCriterion(yamlText, taskId!, from, to), `Moved “${criteria[from]?.title || criteria[from]?.id}” to place ${to + 1}.`)) focusRow(to);
  };
  const remove = (index: number) => {
    const gone = criteria[index];
    setConfirming(null);
    if (apply(() => removeCriterion(yamlText, taskId!, index), `Removed “${gone?.title || gone?.id}”.`)) {
      requestAnimationFrame(() => document.getElementById(`${uid}-add`)?.focus());
    }
  };

  if (!outline) {
    return (
      <section className="rubric-editor" aria-labelledby={headingId}>
        <h3 id={headingId} className="rubric-editor__title">
          Rubric
        </h3>
        <p className="field__error">{parsed.ok ? 'scenario.yaml has no tasks yet.' : `${parsed.message}. The rubric shows once it is fixed.`}</p>
      </section>
    );
  }

  const task = tasks.find((t) => t.id === taskId);
  return (
    <section className="rubric-editor" aria-labelledby={headingId}>
      <h3 id={headingId} className="rubric-editor__title">
        Rubric{task && fixedTask ? <span className="muted"> · {task.title || task.id}</span> : null}
      </h3>
      <p className="visually-hidden" role="status" aria-live="polite">
        {status}
      </p>
      {!parsed.ok ? <p className="rubric-editor__stale field__error">{parsed.message}. Until it is fixed, this shows the rubric as it was and saving is paused.</p> : null}
      {failure ? (
        <p className="field__error" role="alert">
          {failure}
        </p>
      ) : null}
      {fixedTask === undefined ? (
        <div className="field">
          <label className="field__label" htmlFor={`${uid}-task`}>
            Task
          </label>
          {tasks.length === 0 ? (
            <p className="field__hint">Add a task to scenario.yaml first: rubric criteria belong to a task.</p>
          ) : (
            <select
              id={`${uid}-task`}
              className="input"
              value={taskId ?? ''}
              onChange={(e) => {
                setPickedTask(e.target.value);
                setEditing(null);
                setConfirming(null);
              }}
            >
              {tasks.map((t, i) => (
                <option key={`${t.id}-${i}`} value={t.id}>
                  {t.title ? `${t.title} (${t.id})` : t.id || `Task ${i + 1}`}
                </option>
              ))}
            </select>
          )}
        </div>
      ) : null}
      {taskId && !task ? <p className="field__error">scenario.yaml has no task “{taskId}”.</p> : null}

      {task ? (
        <>
          {criteria.length === 0 ? (
            <p className="muted">No rubric criteria for this task yet{readOnly ? '.' : ': add one for what a reviewer judges by hand (a note, a reply, a decision).'}</p>
          ) : (
            <ol className="rubric-editor__list" aria-label={`Rubric criteria of ${task.title || task.id}`}>
              {criteria.map((c, i) => {
                const problems = validateCriterion(
                  c,
                  criterionIds(lastGood.current!.text)
                    .filter((o) => !(o.taskId === taskId && o.index === i))
                    .map((o) => o.id),
                );
                const isEditing = editing?.at === i;
                return (
                  <li key={`${c.id}-${i}`} className={`rubric-card${isEditing ? ' rubric-card--editing' : ''}`}>
                    {isEditing ? (
                      <CriterionForm
                        uid={`${uid}-edit`}
                        editing={editing}
                        setEditing={setEditing}
                        competencies={competencies}
                        outline={outline}
                        idsInUse={criterionIds(lastGood.current!.text)
                          .filter((o) => !(o.taskId === taskId && o.index === i))
                          .map((o) => o.id)}
                        paused={!parsed.ok}
                        onCancel={() => {
                          setEditing(null);
                          focusRow(i);
                        }}
                        onSave={(draft) => {
                          // Saved by id where it has one: the author may have typed above it meanwhile.
                          const current = readRubric(yamlText, taskId!) ?? [];
                          const byId = editing.originalId ? current.findIndex((x) => x.id === editing.originalId) : -1;
                          const index = byId >= 0 ? byId : i;
                          const saved = apply(
                            () => (index < current.length ? updateCriterion(yamlText, taskId!, index, draft) : addCriterion(yamlText, taskId!, draft)),
                            `Saved “${draft.title}”.`,
                          );
                          if (saved) {
                            setEditing(null);
                            focusRow(index);
                          }
                        }}
                      />
                    ) : (
                      <CriterionSummary
                        id={`${uid}-criterion-${i}`}
                        criterion={c}
                        problems={problems}
                        competencies={competencies}
                        actions={
                          readOnly ? null : confirming === i ? (
                            <div className="rubric-card__actions" role="group" aria-label="Confirm removal">
                              <span>Remove this criterion?</span>
                              <button type="button" className="btn btn--small btn--danger" onClick={() => remove(i)} disabled={!parsed.ok}>
                                Remove
                              </button>
                              <button type="button" className="btn btn--small btn--quiet" onClick={() => setConfirming(null)} autoFocus>
                                Keep it
                              </button>
                            </div>
                          ) : (
                            <div className="rubric-card__actions">
                              <button
                                type="button"
                                className="btn btn--small"
                                onClick={() => {
                                  setConfirming(null);
                                  setEditing({ at: i, originalId: c.id, draft: structuredClone(c) });
                                }}
                              >
                                Edit<span className="visually-hidden"> {c.title || c.id}</span>
                              </button>
                              <button type="button" className="btn btn--small btn--quiet" onClick={() => move(i, i - 1)} disabled={i === 0 || !parsed.ok}>
                                Up<span className="visually-hidden"> ({c.title || c.id})</span>
                              </button>
                              <button
                                type="button"
                                className="btn btn--small btn--quiet"
                                onClick={() => move(i, i + 1)}
                                disabled={i === criteria.length - 1 || !parsed.ok}
                              >
                                Down<span className="visually-hidden"> ({c.title || c.id})</span>
                              </button>
                              <button type="button" className="btn btn--small btn--quiet" onClick={() => setConfirming(i)} disabled={!parsed.ok}>
                                Remove<span className="visually-hidden"> {c.title || c.id}</span>
                              </button>
                            </div>
                          )
                        }
                      />
                    )}
                  </li>
                );
              })}
            </ol>
          )}
          {readOnly ? null : editing?.at === 'new' ? (
            <div className="rubric-card rubric-card--editing">
              <CriterionForm
                uid={`${uid}-new`}
                editing={editing}
                setEditing={setEditing}
                competencies={competencies}
                outline={outline}
                idsInUse={criterionIds(lastGood.current!.text).map((o) => o.id)}
                paused={!parsed.ok}
                onCancel={() => {
                  setEditing(null);
                  requestAnimationFrame(() => document.getElementById(`${uid}-add`)?.focus());
                }}
                onSave={(draft) => {
                  if (apply(() => addCriterion(yamlText, taskId!, draft), `Added “${draft.title}”.`)) {
                    setEditing(null);
                    focusRow(criteria.length);
                  }
                }}
              />
            </div>
          ) : (
            <button
              type="button"
              id={`${uid}-add`}
              className="btn"
              onClick={() => {
                setConfirming(null);
                setEditing({ at: 'new', originalId: '', draft: blankCriterion() });
              }}
            >
              Add a criterion
            </button>
          )}
        </>
      ) : null}
    </section>
  );
}

function CriterionSummary({
  id,
  criterion: c,
  problems,
  competencies,
  actions,
}: {
  id: string;
  criterion: CriterionDraft;
  problems: CriterionErrors;
  competencies: CompetencyOption[];
  actions: ReactNode;
}) {
  const titles = new Map(competencies.map((o) => [o.code, o.title]));
  const messages = [problems.id, problems.title, problems.points, problems.levels, problems.competencies].filter(Boolean);
  if (problems.level) messages.push('A level has no score or no text.');
  return (
    <article className="rubric-card__body" id={id} tabIndex={-1} aria-label={c.title || c.id || 'Untitled criterion'}>
      <p className="rubric-card__head">
        <span className="rubric-card__name">{c.title || <em>Untitled</em>}</span> <span className="picker__code">{c.id}</span>
        <span className="rubric-card__points">{c.points === null ? '? points' : plural(c.points, 'point')}</span>
      </p>
      {c.description ? <p className="rubric-card__description">{c.description}</p> : null}
      <ul className="rubric-card__levels" aria-label="Levels">
        {c.levels.map((l, i) => (
          <li key={i}>
            <span className="rubric-card__score">{l.score ?? '?'}</span> {l.text}
          </li>
        ))}
      </ul>
      {c.competencies.length > 0 ? (
        <p className="rubric-card__weights">
          {c.competencies.map((w) => (
            <span key={w.code} className="rubric-card__weight" title={titles.get(w.code) ?? w.code}>
              {titles.get(w.code) ?? w.code} <span className="picker__code">×{w.weight ?? '?'}</span>
            </span>
          ))}
        </p>
      ) : null}
      {messages.length > 0 ? (
        <ul className="rubric-card__problems">
          {messages.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      ) : null}
      {actions}
    </article>
  );
}

function CriterionForm({
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
    <form id={`${uid}-form`} className="form rubric-form" onSubmit={submit} noValidate aria-label={isNew ? 'New rubric criterion' : `Edit ${draft.title || draft.id}`}>
      {showErrors && problemCount > 0 ? (
        <p className="field__error" role="alert">
          {problemCount === 1 ? 'One thing needs fixing below.' : `${problemCount} things need fixing below.`}
        </p>
      ) : null}
      <div className="field">
        <label className="field__label" htmlFor={`${uid}-title`}>
          Title
        </label>
        <p className="field__hint" id={`${uid}-title-hint`}>
          What the reviewer judges, e.g. “The reply to dispatch is clear and correct”.
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
          Id
        </label>
        <p className="field__hint" id={`${uid}-id-hint`}>
          Lowercase letters and digits with hyphens, unique in the scenario. {isNew ? 'Made from the title until you change it.' : 'Scores already given refer to it.'}
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
          Guidance for the reviewer (optional)
        </label>
        <textarea id={`${uid}-description`} className="input" rows={2} value={draft.description} onChange={(e) => set({ description: e.target.value })} />
      </div>
      <div className="field">
        <label className="field__label" htmlFor={`${uid}-points`}>
          Points
        </label>
        <p className="field__hint" id={`${uid}-points-hint`}>
          What the criterion is worth; the highest level scores exactly this.
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
              Use the highest level’s {top}
            </button>
          ) : null}
        </div>
      </div>

      <fieldset className={`fieldset rubric-form__levels${shown.levels ? ' field--invalid' : ''}`} aria-describedby={`${uid}-levels-hint${shown.levels ? ` ${uid}-levels-error` : ''}`}>
        <legend className="fieldset__legend">Levels</legend>
        <p className="field__hint" id={`${uid}-levels-hint`}>
          Lowest first, each with its score and what work at that level looks like. The reviewer picks one; at least two.
        </p>
        {shown.levels ? <FieldError id={`${uid}-levels-error`} text={shown.levels} /> : null}
        <ol className="rubric-form__level-list">
          {draft.levels.map((l, i) => {
            const e = shown.level?.[i] ?? {};
            return (
              <li key={i} className="rubric-form__level">
                <div className="rubric-form__score">
                  <label className="field__label" htmlFor={`${uid}-score-${i}`}>
                    Score<span className="visually-hidden"> of level {i + 1}</span>
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
                    What it looks like<span className="visually-hidden"> (level {i + 1})</span>
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
                  Remove<span className="visually-hidden"> level {i + 1}</span>
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
          Add a level
        </button>
      </fieldset>

      <CompetencyField
        options={competencies}
        legend="Competencies this criterion gives evidence of"
        value={draft.competencies.map((w) => ({ code: w.code, weight: w.weight ?? 0 }))}
        onChange={(next) => set({ competencies: next.map((p) => ({ code: p.code, weight: p.weight })) })}
        preferred={{ codes: outline.competencies, tag: 'in this scenario' }}
        noteFor={(code) => (declared.has(code) ? null : 'Saving also adds it to the scenario’s competencies.')}
        error={shown.competencies}
      />

      <div className="form__actions">
        <button type="submit" className="btn btn--primary" aria-disabled={paused || undefined}>
          {isNew ? 'Add criterion' : 'Save criterion'}
        </button>
        <button type="button" className="btn btn--quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {paused ? <p className="field__hint">Saving waits until scenario.yaml is valid YAML again.</p> : null}
    </form>
  );
}

function FieldError({ id, text }: { id: string; text: string }) {
  return (
    <p className="field__error" id={id}>
      <span className="visually-hidden">Error: </span>
      {text}
    </p>
  );
}
