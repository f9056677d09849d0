import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import type { CheckView } from '../../../server/contract/workspace';
import { saveLabel } from './saveStatus';
import type { FileEntry } from './fileSet';

export const ANSWERS_FILE = 'answers.json';

type Answers = Record<string, unknown>;

function parse(content: string): { answers: Answers } | { error: string } {
  if (content.trim() === '') return { answers: {} };
  try {
    const value: unknown = JSON.parse(content);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return { error: i18next.t('workspace:answers.notObject', { file: ANSWERS_FILE }) };
    return { answers: value as Answers };
  } catch {
    return { error: i18next.t('workspace:answers.invalid', { file: ANSWERS_FILE }) };
  }
}

type Props = {
  checks: CheckView[];
  file: FileEntry | undefined;
  readOnly: boolean;
  onChange: (content: string) => void;
};

/**
 * The answer checks as a form. It reads and writes answers.json (one key per check id), so
 * answers autosave like any file and the editor shows the same thing. Numbers are kept as
 * typed ("1,138.32"); the server reads them the way a person would.
 */
export function AnswersForm({ checks, file, readOnly, onChange }: Props) {
  const { t } = useTranslation('workspace');
  if (!file) return <p className="muted">{t('answers.none', { file: ANSWERS_FILE })}</p>;
  const parsed = parse(file.content);
  if ('error' in parsed) {
    return (
      <div className="banner banner--error" role="alert">
        <div className="banner__body">
          {parsed.error} {t('answers.fix', { file: ANSWERS_FILE })}
          <div className="banner__actions">
            <button type="button" className="btn btn--small" disabled={readOnly} onClick={() => onChange(`${JSON.stringify(Object.fromEntries(checks.map((c) => [c.id, ''])), null, 2)}\n`)}>
              {t('answers.reset')}
            </button>
          </div>
        </div>
      </div>
    );
  }
  const { answers } = parsed;
  const set = (id: string, value: unknown) => onChange(`${JSON.stringify({ ...answers, [id]: value }, null, 2)}\n`);

  return (
    <form className="answers" aria-label={t('answers.label')} onSubmit={(e) => e.preventDefault()}>
      {checks.map((check) => {
        const id = `answer-${check.id}`;
        const value = answers[check.id];
        const label = check.question ?? check.title;
        if (check.answerType === 'choice') {
          const picked = new Set((Array.isArray(value) ? value : value === undefined || value === '' ? [] : [value]).map(String));
          const toggle = (option: string, on: boolean) => {
            if (!check.multiple) return set(check.id, option);
            const next = new Set(picked);
            if (on) next.add(option);
            else next.delete(option);
            set(
              check.id,
              (check.options ?? []).map((o) => o.id).filter((o) => next.has(o)),
            );
          };
          return (
            <fieldset key={check.id} className="fieldset answer">
              <legend className="fieldset__legend">{label}</legend>
              {check.multiple ? <p className="field__hint">{t('answers.chooseAll')}</p> : null}
              {(check.options ?? []).map((o) => (
                <label key={o.id} className="check">
                  <input
                    type={check.multiple ? 'checkbox' : 'radio'}
                    name={id}
                    value={o.id}
                    checked={picked.has(o.id)}
                    disabled={readOnly}
                    onChange={(e) => toggle(o.id, e.target.checked)}
                  />
                  <span>{o.text}</span>
                </label>
              ))}
            </fieldset>
          );
        }
        const text = value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
        return (
          <div key={check.id} className="field answer">
            <label className="field__label" htmlFor={id}>
              {label}
            </label>
            {check.answerType === 'number' ? (
              <div className="input-unit">
                <input
                  id={id}
                  className="input"
                  inputMode="decimal"
                  autoComplete="off"
                  value={text}
                  readOnly={readOnly}
                  onChange={(e) => set(check.id, e.target.value)}
                  aria-describedby={check.unit ? `${id}-unit` : undefined}
                />
                {check.unit ? (
                  <span className="input-unit__unit" id={`${id}-unit`}>
                    {check.unit}
                  </span>
                ) : null}
              </div>
            ) : (
              <textarea id={id} className="input" rows={3} value={text} readOnly={readOnly} onChange={(e) => set(check.id, e.target.value)} />
            )}
          </div>
        );
      })}
      <p className="answers__status" data-save-state={file.status}>
        {file.status === 'saved'
          ? t('answers.saved')
          : file.message
            ? t('answers.withMessage', { status: saveLabel(file.status), message: file.message })
            : saveLabel(file.status)}
      </p>
    </form>
  );
}
