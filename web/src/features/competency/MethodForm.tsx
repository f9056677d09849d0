import { useState, type FormEvent } from 'react';
import type { MethodView } from '../../../../server/contract/competency';
import { fieldMessage, toProblem } from '../../app/problem';
import { Field } from '../../components/Field';
import { useUpdateMasteryMethodMutation } from './competencyApi';
import { METHOD_KINDS, METHOD_LABEL } from './levels';

const usesWeight = (kind: MethodView['kind']) => kind === 'weighted_average' || kind === 'decaying_average';

/** 0.65 → "65"; the form speaks percent, the API fractions. */
const toPercent = (fraction: number) => String(Number((fraction * 100).toFixed(1)));

/** How scores become mastery in this course: the current method in words, and the form to change it. */
export function MethodForm({ courseId, method }: { courseId: string; method: MethodView }) {
  const [kind, setKind] = useState<MethodView['kind']>(method.kind);
  const [weight, setWeight] = useState(toPercent(method.weight));
  const [n, setN] = useState(String(method.n));
  const [threshold, setThreshold] = useState(toPercent(method.threshold));
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
    const t = Number(threshold);
    if (usesWeight(kind) && !(weight.trim() && w > 0 && w < 100)) problems.weight = 'Enter a weight between 1 and 99 %.';
    if (kind === 'n_mastery' && !(Number.isInteger(count) && count >= 1 && count <= 20)) problems.n = 'Enter a whole number of scores from 1 to 20.';
    if (kind === 'n_mastery' && !(threshold.trim() && t >= 0 && t <= 100)) problems.threshold = 'Enter a threshold from 0 to 100 %.';
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
      ...(kind === 'n_mastery' ? { n: count, threshold: t / 100 } : {}),
    });
    if ('data' in result && result.data) {
      setSaved(`Saved: ${METHOD_LABEL[result.data.kind]}. Every student’s mastery in the course has been recalculated.`);
    }
  };

  const other = problem && Object.keys(problem.fields).length === 0 ? problem.message : null;
  return (
    <div className="method">
      <div className="method__current">
        <p className="method__label">Current method</p>
        <p className="method__name">{METHOD_LABEL[method.kind]}</p>
        <p>{method.description}</p>
      </div>
      <form className="form form--card method__form" onSubmit={(e) => void onSubmit(e)} noValidate aria-label="Change the mastery method">
        {other ? (
          <div className="banner banner--error" role="alert">
            <div className="banner__body">{other}</div>
          </div>
        ) : null}
        <Field id="method-kind" label="Calculation method" hint="Changing it recalculates every student’s mastery in this course from the same evidence.">
          {(control) => (
            <select {...control} className="input" value={kind} onChange={(e) => setKind(e.target.value as MethodView['kind'])}>
              {METHOD_KINDS.map((k) => (
                <option key={k} value={k}>
                  {METHOD_LABEL[k]}
                </option>
              ))}
            </select>
          )}
        </Field>
        {usesWeight(kind) ? (
          <Field
            id="method-weight"
            label="Weight of the newest score (%)"
            hint={kind === 'decaying_average' ? 'Each new score counts this much; everything before it the rest.' : 'The latest score counts this much; the average of earlier scores the rest.'}
            error={errorFor('weight', 'The weight')}
          >
            {(control) => <input {...control} type="number" className="input method__number" min={1} max={99} step={1} value={weight} onChange={(e) => setWeight(e.target.value)} />}
          </Field>
        ) : null}
        {kind === 'n_mastery' ? (
          <div className="form-row">
            <Field id="method-n" label="Scores needed (n)" hint="How many scores must reach the threshold." error={errorFor('n', 'n')}>
              {(control) => <input {...control} type="number" className="input method__number" min={1} max={20} step={1} value={n} onChange={(e) => setN(e.target.value)} />}
            </Field>
            <Field id="method-threshold" label="Threshold (%)" hint="A score counts once it reaches this." error={errorFor('threshold', 'The threshold')}>
              {(control) => (
                <input {...control} type="number" className="input method__number" min={0} max={100} step={1} value={threshold} onChange={(e) => setThreshold(e.target.value)} />
              )}
            </Field>
          </div>
        ) : null}
        <div className="form__actions">
          <button type="submit" className="btn btn--primary" aria-disabled={isLoading || undefined}>
            {isLoading ? 'Saving…' : 'Save method'}
          </button>
        </div>
        <p className="adjustment-form__status" role="status">
          {saved}
        </p>
      </form>
    </div>
  );
}
