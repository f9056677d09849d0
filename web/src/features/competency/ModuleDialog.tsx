import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModuleView } from '../../../../server/contract/competency';
import { fieldMessage, toProblem } from '../../app/problem';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { CompetencyPicker, type PickedCompetency } from './CompetencyPicker';
import { useCreateModuleMutation, useListFrameworkItemsQuery, useUpdateModuleMutation } from './competencyApi';

type Props = {
  courseId: string;
  /** The module to edit; null adds a new one. */
  module: ModuleView | null;
  count: number;
  onClose: () => void;
  onSaved: (module: ModuleView, created: boolean) => void;
};

/** Add or edit a module: its title, description, place in the course and the competencies it teaches. */
export function ModuleDialog({ courseId, module, count, onClose, onSaved }: Props) {
  const { t } = useTranslation('competency');
  const [title, setTitle] = useState(module?.title ?? '');
  const [description, setDescription] = useState(module?.description ?? '');
  const [position, setPosition] = useState(String(module?.position ?? count + 1));
  const [picked, setPicked] = useState<PickedCompetency[]>(module?.competencies.map((c) => ({ code: c.code, weight: c.weight })) ?? []);
  const [titleTooShort, setTitleTooShort] = useState(false);
  const [weightInvalid, setWeightInvalid] = useState(false);
  const items = useListFrameworkItemsQuery();
  const [create, created] = useCreateModuleMutation();
  const [update, updated] = useUpdateModuleMutation();
  const state = module ? updated : created;
  const busy = state.isLoading;
  const problem = toProblem(state.error);
  const knownTitles = Object.fromEntries((module?.competencies ?? []).map((c) => [c.code, c.title]));

  const onSubmit = async () => {
    if (busy) return;
    if (title.trim().length < 2) {
      setTitleTooShort(true);
      document.getElementById('module-title')?.focus();
      return;
    }
    setTitleTooShort(false);
    const badWeight = picked.some((p) => !(p.weight > 0 && p.weight <= 1));
    setWeightInvalid(badWeight);
    if (badWeight) {
      // After the render that marks the bad weights.
      requestAnimationFrame(() => document.querySelector<HTMLInputElement>('#module-form .picker__weight input[aria-invalid="true"]')?.focus());
      return;
    }
    const body = {
      title: title.trim(),
      description: description.trim(),
      competencies: picked,
      ...(position.trim() ? { position: Number(position) } : {}),
    };
    const result = module ? await update({ courseId, moduleId: module.id, ...body }) : await create({ courseId, ...body });
    if ('data' in result && result.data) onSaved(result.data, !module);
  };

  const fields = problem?.fields ?? {};
  const competencyKey = Object.keys(fields).find((k) => k.startsWith('competencies'));
  const competencyError = weightInvalid
    ? t('moduleDialog.weightInvalid')
    : competencyKey
    ? fieldMessage(/weight/.test(competencyKey) ? t('moduleDialog.eachWeight') : t('moduleDialog.theCompetencies'), fields[competencyKey]!)
    : undefined;
  const known = ['title', 'description', 'position'];
  const other = problem && !known.some((k) => fields[k]) && !competencyKey ? problem.message : null;

  return (
    <Dialog
      open
      size="large"
      title={module ? t('moduleDialog.editTitle', { title: module.title }) : t('moduleDialog.addTitle')}
      onClose={onClose}
      busy={busy}
      initialFocus="module-title"
      actions={
        <>
          <button type="submit" form="module-form" className="btn btn--primary" aria-disabled={busy || undefined}>
            {busy ? t('moduleDialog.saving') : module ? t('moduleDialog.save') : t('moduleDialog.add')}
          </button>
          <button type="button" className="btn btn--quiet" onClick={onClose} disabled={busy}>
            {t('moduleDialog.cancel')}
          </button>
        </>
      }
    >
      <form
        id="module-form"
        className="form module-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void onSubmit();
        }}
      >
        {other ? (
          <div className="banner banner--error" role="alert">
            <div className="banner__body">{other}</div>
          </div>
        ) : null}
        <Field
          id="module-title"
          label={t('moduleDialog.title')}
          error={titleTooShort ? t('moduleDialog.titleTooShort') : fields.title ? fieldMessage(t('moduleDialog.theTitle'), fields.title) : undefined}
        >
          {(control) => <input {...control} className="input" value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} autoComplete="off" />}
        </Field>
        <Field id="module-description" label={t('moduleDialog.description')} error={fields.description ? fieldMessage(t('moduleDialog.theDescription'), fields.description) : undefined}>
          {(control) => <textarea {...control} className="input" rows={3} maxLength={2000} value={description} onChange={(e) => setDescription(e.target.value)} />}
        </Field>
        <Field
          id="module-position"
          label={t('moduleDialog.position')}
          hint={t('moduleDialog.positionHint', { count })}
          error={fields.position ? fieldMessage(t('moduleDialog.thePlace'), fields.position) : undefined}
        >
          {(control) => (
            <input {...control} type="number" className="input module-form__position" min={1} max={1000} step={1} value={position} onChange={(e) => setPosition(e.target.value)} />
          )}
        </Field>
        <CompetencyPicker
          items={items.data ?? []}
          knownTitles={knownTitles}
          value={picked}
          onChange={setPicked}
          loading={items.isLoading}
          loadError={items.error ? (toProblem(items.error)?.message ?? null) : null}
          error={competencyError}
        />
      </form>
    </Dialog>
  );
}
