import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodView } from '../../../../server/contract/competency';
import { fieldMessage, toProblem } from '../../app/problem';
import { Field } from '../../components/Field';
import { useUpdateMasteryMethodMutation } from './competencyApi';
import { METHOD_KINDS, methodDescription, methodLabel, weightsDescription } from './levels';

const usesWeight = (kind: MethodView['kind']) => kind === 'weighted_average' || kind === 'decaying_average';

/** 0.65 → "65"; the form speaks percent, the API fractions. */
const toPercent = (fraction: number) => String(Number((fraction * 100).toFixed(1)));

/** How scores become mastery in this course: the current method in words, and the form to change it. */
export function MethodForm({ courseId, method }: { courseId: string; method: MethodView }) {
  const { t } = useTranslation('competency');
  const [kind, setKind] = useState<MethodView['kind']>(method.kind);
  const [weight, setWeight] = useState(toPercent(method.weight));
  const [n, setN] = useState(String(method.n));
  const [threshold, setThreshold] = useState(toPercent(method.threshold));
  const [simulatedWeight, setSimulatedWeight] = useState(String(method.sources.simulated));
  const [workplaceWeight, setWorkplaceWeight] = useState(String(method.sources.workplace));
  const [local, setLocal] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState('');
  const [update, { isLoading, error }] = useUpdateMasteryMethodMutation();
  const problem = toProblem(error);

  const errorFor = (field: string, label: string) => local[field] ?? (problem?.fields[field] ? fieldMessage(label, problem.fields[field]) : undefined);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (isLoading) return;
    setSaved('');
    const problems: Record<string, string> = {};
    const w = Number(weight);
    const count = Number(n);
    const th = Number(threshold);
    if (usesWeight(kind) && !(weight.trim() && w > 0 && w < 100)) problems.weight = t('method.weightInvalid');
    if (kind === 'n_mastery' && !(Number.isInteger(count) && count >= 1 && count <= 20)) problems.n = t('method.nInvalid');
    if (kind === 'n_mastery' && !(threshold.trim() && th >= 0 && th <= 100)) problems.threshold = t('method.thresholdInvalid');
    const sim = Number(simulatedWeight);
    const work = Number(workplaceWeight);
    if (!(simulatedWeight.trim() && sim > 0 && sim <= 10)) problems.simulatedWeight = t('method.sourceWeightInvalid');
    if (!(workplaceWeight.trim() && work > 0 && work <= 10)) problems.workplaceWeight = t('method.sourceWeightInvalid');
    setLocal(problems);
    const first = Object.keys(problems)[0];
    if (first) {
      document.getElementById(`method-${first}`)?.focus();
      return;
    }
    const result = await update({
      courseId,
      method: kind,
      ...(usesWeight(kind) ? { weight: w / 100 } : {}),
      ...(kind === 'n_mastery' ? { n: count, threshold: th / 100 } : {}),
      simulatedWeight: sim,
      workplaceWeight: work,
    });
    if ('data' in result && result.data) {
      setSaved(t('method.started', { method: methodLabel(result.data.method.kind) }));
    }
  };

  const other = problem && Object.keys(problem.fields).length === 0 ? problem.message : null;
  return (
    <div className="method">
      <div className="method__current">
        <p className="method__label">{t('method.current')}</p>
        <p className="method__name">{methodLabel(method.kind)}</p>
        <p>{methodDescription(method)}</p>
        <p>{weightsDescription(method.sources)}</p>
      </div>
      <form className="form form--card method__form" onSubmit={(e) => void onSubmit(e)} noValidate aria-label={t('method.formLabel')}>
        {other ? (
          <div className="banner banner--error" role="alert">
            <div className="banner__body">{other}</div>
          </div>
        ) : null}
        <Field id="method-kind" label={t('method.kindLabel')} hint={t('method.kindHint')}>
          {(control) => (
            <select {...control} className="input" value={kind} onChange={(e) => setKind(e.target.value as MethodView['kind'])}>
              {METHOD_KINDS.map((k) => (
                <option key={k} value={k}>
                  {methodLabel(k)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {usesWeight(kind) ? (
          <Field
            id="method-weight"
            label={t('method.weightLabel')}
            hint={kind === 'decaying_average' ? t('method.weightHintDecaying') : t('method.weightHintWeighted')}
            error={errorFor('weight', t('method.theWeight'))}
          >
            {(control) => <input {...control} type="number" className="input method__number" min={1} max={99} step={1} value={weight} onChange={(e) => setWeight(e.target.value)} />}
          </Field>
        ) : null}
        {kind === 'n_mastery' ? (
          <div className="form-row">
            <Field id="method-n" label={t('method.nLabel')} hint={t('method.nHint')} error={errorFor('n', t('method.theN'))}>
              {(control) => <input {...control} type="number" className="input method__number" min={1} max={20} step={1} value={n} onChange={(e) => setN(e.target.value)} />}
            </Field>
            <Field id="method-threshold" label={t('method.thresholdLabel')} hint={t('method.thresholdHint')} error={errorFor('threshold', t('method.theThreshold'))}>
              {(control) => (
                <input {...control} type="number" className="input method__number" min={0} max={100} step={1} value={threshold} onChange={(e) => setThreshold(e.target.value)} />
              )}
            </Field>
          </div>
        ) : null}
        <fieldset className="fieldset method__sources">
          <legend className="fieldset__legend">{t('method.sourcesLegend')}</legend>
          <p className="field__hint">{t('method.sourcesHint')}</p>
          <div className="form-row">
            <Field id="method-simulatedWeight" label={t('method.simulatedWeightLabel')} error={errorFor('simulatedWeight', t('method.theSimulatedWeight'))}>
              {(control) => (
                <input {...control} type="number" className="input method__number" min={0.1} max={10} step={0.1} value={simulatedWeight} onChange={(e) => setSimulatedWeight(e.target.value)} />
              )}
            </Field>
            <Field id="method-workplaceWeight" label={t('method.workplaceWeightLabel')} error={errorFor('workplaceWeight', t('method.theWorkplaceWeight'))}>
              {(control) => (
                <input {...control} type="number" className="input method__number" min={0.1} max={10} step={0.1} value={workplaceWeight} onChange={(e) => setWorkplaceWeight(e.target.value)} />
              )}
            </Field>
          </div>
        </fieldset>
        <div className="form__actions">
          <button type="submit" className="btn btn--primary" aria-disabled={isLoading || undefined}>
            {isLoading ? t('method.saving') : t('method.save')}
          </button>
        </div>
        <p className="adjustment-form__status" role="status">
          {saved}
        </p>
      </form>
    </div>
  );
}
