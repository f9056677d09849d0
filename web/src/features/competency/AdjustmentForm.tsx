import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldMessage, toProblem } from '../../app/problem';
import { Field } from '../../components/Field';
import { ScenarioPicker } from '../feedback/ScenarioPicker';
import { useRecordAdjustmentMutation } from './competencyApi';
import { formatDay, today } from './dates';

const MIN = 3;

/** "Record an adjustment": what changed in a module and why, dated, so its effect can be compared later. */
export function AdjustmentForm({ courseId, module }: { courseId: string; module: { id: string; title: string } }) {
  const { t } = useTranslation('competency');
  const [madeOn, setMadeOn] = useState(today);
  const [what, setWhat] = useState('');
  const [why, setWhy] = useState('');
  const [scenarioIds, setScenarioIds] = useState<string[]>([]);
  const [local, setLocal] = useState<Record<string, string>>({});
  const [done, setDone] = useState('');
  const [record, { isLoading, error }] = useRecordAdjustmentMutation();
  const problem = toProblem(error);
  const id = (field: string) => `adj-${module.id}-${field}`;

  const errorFor = (field: 'madeOn' | 'what' | 'why', label: string) => {
    if (local[field]) return local[field];
    const message = problem?.fields[field];
    return message ? fieldMessage(label, message) : undefined;
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (isLoading) return;
    setDone('');
    const missing: Record<string, string> = {};
    if (!/^\d{4}-\d{2}-\d{2}$/.test(madeOn)) missing.madeOn = t('adjustment.dateInvalid');
    if (what.trim().length < MIN) missing.what = t('adjustment.whatMissing');
    if (why.trim().length < MIN) missing.why = t('adjustment.whyMissing');
    setLocal(missing);
    const first = ['madeOn', 'what', 'why'].find((f) => missing[f]);
    if (first) {
      document.getElementById(id(first === 'madeOn' ? 'date' : first))?.focus();
      return;
    }
    const result = await record({ courseId, moduleId: module.id, madeOn, what: what.trim(), why: why.trim(), ...(scenarioIds.length ? { scenarioIds } : {}) });
    if ('data' in result) {
      setWhat('');
      setWhy('');
      setScenarioIds([]);
      setDone(t('adjustment.done', { date: formatDay(madeOn), module: module.title }));
    }
  };

  const other = problem && Object.keys(problem.fields).length === 0 ? problem.message : null;
  return (
    <form className="form adjustment-form" onSubmit={(e) => void onSubmit(e)} noValidate aria-label={t('adjustment.formLabel', { module: module.title })}>
      <h4 id={id('title')} className="adjustment-form__title">
        {t('adjustment.title')}
      </h4>
      {other ? (
        <div className="banner banner--error" role="alert">
          <div className="banner__body">{other}</div>
        </div>
      ) : null}
      <Field id={id('date')} label={t('adjustment.date')} error={errorFor('madeOn', t('adjustment.theDate'))}>
        {(control) => <input {...control} type="date" className="input adjustment-form__date" value={madeOn} onChange={(e) => setMadeOn(e.target.value)} required />}
      </Field>
      <Field id={id('what')} label={t('adjustment.what')} error={errorFor('what', t('adjustment.what'))}>
        {(control) => <textarea {...control} className="input" rows={2} maxLength={2000} value={what} onChange={(e) => setWhat(e.target.value)} required />}
      </Field>
      <Field id={id('why')} label={t('adjustment.why')} error={errorFor('why', t('adjustment.why'))}>
        {(control) => <textarea {...control} className="input" rows={2} maxLength={2000} value={why} onChange={(e) => setWhy(e.target.value)} required />}
      </Field>
      <ScenarioPicker courseId={courseId} idPrefix={id('scenarios')} value={scenarioIds} onChange={setScenarioIds} error={problem?.fields.scenarioIds ? fieldMessage(t('adjustment.scenarios'), problem.fields.scenarioIds) : undefined} />
      <div className="form__actions">
        <button type="submit" className="btn btn--primary" aria-disabled={isLoading || undefined}>
          {isLoading ? t('adjustment.busy') : t('adjustment.submit')}
        </button>
      </div>
      <p className="adjustment-form__status" role="status">
        {done}
      </p>
    </form>
  );
}
