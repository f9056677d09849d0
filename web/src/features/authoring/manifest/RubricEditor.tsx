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
import i18next from 'i18next';
import { useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CompetencyOption } from '../../../../../server/contract/authoring';
import { CriterionForm, type Editing } from './CriterionForm';
import { CriterionSummary } from './CriterionSummary';
import {
  addCriterion,
  blankCriterion,
  criterionIds,
  moveCriterion,
  readOutline,
  readRubric,
  removeCriterion,
  updateCriterion,
  validateCriterion,
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

type Read = { ok: true; outline: ManifestOutline } | { ok: false; message: string };

function read(yamlText: string): Read {
  try {
    return { ok: true, outline: readOutline(yamlText) };
  } catch (e) {
    return { ok: false, message: e instanceof YamlSyntaxError ? e.message : i18next.t('authoring:rubric.unreadable', { reason: (e as Error).message }) };
  }
}

export function RubricEditor({ yamlText, taskId: fixedTask, competencies, readOnly = false, onChange }: Props) {
  const { t } = useTranslation('authoring');
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
      setFailure(e instanceof YamlSyntaxError ? t('rubric.syntaxRetry', { reason: e.message }) : (e as Error).message);
      return false;
    }
  };

  const focusRow = (index: number) => requestAnimationFrame(() => document.getElementById(`${uid}-criterion-${index}`)?.focus());

  const move = (from: number, to: number) => {
    if (apply(() => moveCriterion(yamlText, taskId!, from, to), t('rubric.moved', { title: criteria[from]?.title || criteria[from]?.id, place: to + 1 }))) focusRow(to);
  };
  const remove = (index: number) => {
    const gone = criteria[index];
    setConfirming(null);
    if (apply(() => removeCriterion(yamlText, taskId!, index), t('rubric.removed', { title: gone?.title || gone?.id }))) {
      requestAnimationFrame(() => document.getElementById(`${uid}-add`)?.focus());
    }
  };

  if (!outline) {
    return (
      <section className="rubric-editor" aria-labelledby={headingId}>
        <h3 id={headingId} className="rubric-editor__title">
          {t('rubric.title')}
        </h3>
        <p className="field__error">{parsed.ok ? t('rubric.noTasks') : t('rubric.brokenShowLater', { reason: parsed.message })}</p>
      </section>
    );
  }

  const task = tasks.find((t) => t.id === taskId);
  return (
    <section className="rubric-editor" aria-labelledby={headingId}>
      <h3 id={headingId} className="rubric-editor__title">
        {t('rubric.title')}
        {task && fixedTask ? <span className="muted"> · {task.title || task.id}</span> : null}
      </h3>
      <p className="visually-hidden" role="status" aria-live="polite">
        {status}
      </p>
      {!parsed.ok ? <p className="rubric-editor__stale field__error">{t('rubric.brokenPaused', { reason: parsed.message })}</p> : null}
      {failure ? (
        <p className="field__error" role="alert">
          {failure}
        </p>
      ) : null}
      {fixedTask === undefined ? (
        <div className="field">
          <label className="field__label" htmlFor={`${uid}-task`}>
            {t('rubric.task')}
          </label>
          {tasks.length === 0 ? (
            <p className="field__hint">{t('rubric.addTaskFirst')}</p>
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
                  {t.title ? `${t.title} (${t.id})` : t.id || i18next.t('authoring:rubric.taskNumber', { n: i + 1 })}
                </option>
              ))}
            </select>
          )}
        </div>
      ) : null}
      {taskId && !task ? <p className="field__error">{t('rubric.noSuchTask', { task: taskId })}</p> : null}

      {task ? (
        <>
          {criteria.length === 0 ? (
            <p className="muted">{t('rubric.empty', { readOnly: readOnly ? 'yes' : 'no' })}</p>
          ) : (
            <ol className="rubric-editor__list" aria-label={t('rubric.criteriaOf', { task: task.title || task.id })}>
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
                            t('rubric.saved', { title: draft.title }),
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
                            <div className="rubric-card__actions" role="group" aria-label={t('rubric.confirmRemoval')}>
                              <span>{t('rubric.removeQuestion')}</span>
                              <button type="button" className="btn btn--small btn--danger" onClick={() => remove(i)} disabled={!parsed.ok}>
                                {t('rubric.remove')}
                              </button>
                              <button type="button" className="btn btn--small btn--quiet" onClick={() => setConfirming(null)} autoFocus>
                                {t('rubric.keep')}
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
                                {t('rubric.edit')}
                                <span className="visually-hidden">{t('rubric.which', { title: c.title || c.id })}</span>
                              </button>
                              <button type="button" className="btn btn--small btn--quiet" onClick={() => move(i, i - 1)} disabled={i === 0 || !parsed.ok}>
                                {t('rubric.up')}
                                <span className="visually-hidden">{t('rubric.which', { title: c.title || c.id })}</span>
                              </button>
                              <button
                                type="button"
                                className="btn btn--small btn--quiet"
                                onClick={() => move(i, i + 1)}
                                disabled={i === criteria.length - 1 || !parsed.ok}
                              >
                                {t('rubric.down')}
                                <span className="visually-hidden">{t('rubric.which', { title: c.title || c.id })}</span>
                              </button>
                              <button type="button" className="btn btn--small btn--quiet" onClick={() => setConfirming(i)} disabled={!parsed.ok}>
                                {t('rubric.remove')}
                                <span className="visually-hidden">{t('rubric.which', { title: c.title || c.id })}</span>
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
                  if (apply(() => addCriterion(yamlText, taskId!, draft), t('rubric.added', { title: draft.title }))) {
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
              {t('rubric.add')}
            </button>
          )}
        </>
      ) : null}
    </section>
  );
}
