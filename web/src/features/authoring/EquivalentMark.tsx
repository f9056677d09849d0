import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MutantView } from '../../../../server/contract/authoring';
import './equivalents.css';

export type MarkActions = {
  /** Writes the mark into the draft's mutants.yaml (autosaved); resolves with an error message, or null. */
  mark: (mutant: MutantView, reason: string) => Promise<string | null>;
  unmark: (id: string) => Promise<string | null>;
};

type Props = {
  mutant: MutantView;
  /** The author's reason when mutants.yaml marks this mutant now (saved or not). */
  reason: string | undefined;
  /** Absent for readers: they see marks, never change them. */
  actions?: MarkActions;
};

/**
 * Under a surviving mutant's diff: "Mark as equivalent" with the reason the author must give, or
 * the mark already made. A mark is a line of the package (mutants.yaml), so it counts from the
 * next validation, which the words say.
 */
export function EquivalentMark({ mutant, reason, actions }: Props) {
  const { t } = useTranslation('authoring');
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fieldId = useId();
  const field = useRef<HTMLTextAreaElement>(null);
  const opener = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (open) field.current?.focus();
  }, [open]);

  // A validation stored before marks existed names no mutant id: nothing to mark until the next one.
  if (!mutant.id) return null;

  if (reason !== undefined) {
    return (
      <div className="mutant__mark mutant__mark--done">
        <p>
          <strong>{t('equivalent.marked')}</strong> {reason}
          <span className="muted">{t('equivalent.validateAgain')}</span>
        </p>
        {actions ? <UnmarkButton id={mutant.id} unmark={actions.unmark} /> : null}
      </div>
    );
  }
  if (!actions) return null;

  const close = () => {
    setOpen(false);
    setError(null);
    setTimeout(() => opener.current?.focus(), 0);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (text.trim().length < 3) {
      setError(t('equivalent.reasonShort'));
      field.current?.focus();
      return;
    }
    setBusy(true);
    const failed = await actions.mark(mutant, text.trim());
    setBusy(false);
    if (failed) setError(failed);
    else {
      setOpen(false);
      setText('');
    }
  };

  if (!open) {
    return (
      <div className="mutant__mark">
        <button ref={opener} type="button" className="btn btn--small btn--quiet" onClick={() => setOpen(true)}>
          {t('equivalent.open')}
        </button>
      </div>
    );
  }
  return (
    <form className="mutant__mark mutant__mark-form" onSubmit={(e) => void submit(e)} noValidate>
      <label htmlFor={fieldId} className="mutant__mark-label">
        {t('equivalent.question')} <span className="muted">{t('equivalent.kept')}</span>
      </label>
      <textarea
        id={fieldId}
        ref={field}
        className="mutant__mark-reason"
        rows={2}
        maxLength={1000}
        value={text}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${fieldId}-error` : undefined}
        onChange={(e) => setText(e.target.value)}
      />
      {error ? (
        <p id={`${fieldId}-error`} className="mutant__mark-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="mutant__mark-actions">
        <button type="submit" className="btn btn--small btn--primary" aria-disabled={busy || undefined}>
          {t('equivalent.confirm')}
        </button>
        <button type="button" className="btn btn--small btn--quiet" onClick={close}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

export function UnmarkButton({ id, unmark }: { id: string; unmark: MarkActions['unmark'] }) {
  const { t } = useTranslation('authoring');
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button type="button" className="btn btn--small btn--quiet" onClick={() => void unmark(id).then(setError)}>
        {t('equivalent.unmark')}
      </button>
      {error ? (
        <p className="mutant__mark-error" role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
}
