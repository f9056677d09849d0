import { useState } from 'react';
import { toProblem } from '../app/problem';
import { Dialog } from '../components/Dialog';
import { hasWarnings, type SubmitWarnings } from './upcoming';

type Props = {
  open: boolean;
  onClose: () => void;
  /** Saves what is left to save; resolves with the files that still are not saved. */
  flush: () => Promise<string[]>;
  submit: () => Promise<{ error?: unknown }>;
  /** What is still to come and what is not finished: said before anything is submitted. */
  warnings?: SubmitWarnings | null;
};

/**
 * "Submit your work?" — says what is still to come and what is not finished, saves first,
 * says plainly what is not saved, then submits. With anything to warn about, focus starts on
 * "Keep working".
 */
export function SubmitDialog({ open, onClose, flush, submit, warnings = null }: Props) {
  const warn = warnings !== null && hasWarnings(warnings);
  const [busy, setBusy] = useState(false);
  const [unsaved, setUnsaved] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const close = () => {
    setUnsaved(null);
    setError(null);
    onClose();
  };

  const onSubmit = async () => {
    setBusy(true);
    setError(null);
    try {
      if (unsaved === null) {
        const left = await flush();
        if (left.length > 0) {
          // Confirm once more, now knowing which files the grading will not see.
          setUnsaved(left);
          return;
        }
      }
      const result = await submit();
      if (result.error) setError(toProblem(result.error)?.message ?? 'The attempt could not be submitted. Try again.');
      else close();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      title="Submit your work?"
      onClose={close}
      busy={busy}
      initialFocus={warn ? 'submit-cancel' : 'submit-confirm'}
      actions={
        <>
          <button id="submit-confirm" type="button" className="btn btn--primary" aria-disabled={busy || undefined} onClick={() => !busy && void onSubmit()}>
            {busy ? 'Submitting…' : unsaved ? 'Submit anyway' : 'Submit'}
          </button>
          <button id="submit-cancel" type="button" className="btn btn--quiet" onClick={close} disabled={busy}>
            Keep working
          </button>
        </>
      }
    >
      {warn ? <WarningList warnings={warnings} /> : null}
      <p>All checks then run on your saved files and you get your result. After submitting you cannot change your work in this attempt.</p>
      {unsaved ? (
        <div className="banner banner--error" role="alert">
          <div className="banner__body">
            {unsaved.join(', ')} {unsaved.length === 1 ? 'is' : 'are'} not saved (offline or in conflict). If you submit now, the last saved version is graded.
          </div>
        </div>
      ) : null}
      {error ? (
        <div className="banner banner--error" role="alert">
          <div className="banner__body">{error}</div>
        </div>
      ) : null}
    </Dialog>
  );
}

function WarningList({ warnings }: { warnings: SubmitWarnings }) {
  const { upcoming, locked, unfinished } = warnings;
  return (
    <div className="submit-warnings">
      {upcoming.length > 0 ? (
        <section aria-labelledby="submit-upcoming">
          <h3 id="submit-upcoming" className="submit-warnings__title">
            Still to come in this scenario
          </h3>
          <ul>
            {upcoming.map((u, i) => (
              <li key={i}>
                {u.text}
                {u.unlocks ? <>: it opens {u.unlocks}.</> : '.'}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {locked ? (
        <p className="submit-warnings__locked">
          {locked.counted
            ? `Locked tasks count in this scenario whether or not their message has arrived: if you submit now, ${locked.tasks.join(' and ')} ${locked.tasks.length === 1 ? 'earns' : 'earn'} no points.`
            : `If you submit now, ${locked.tasks.join(' and ')} ${locked.tasks.length === 1 ? 'is' : 'are'} left out of your score.`}
        </p>
      ) : null}
      {unfinished.length > 0 ? (
        <section aria-labelledby="submit-unfinished">
          <h3 id="submit-unfinished" className="submit-warnings__title">
            Not finished yet
          </h3>
          <ul>
            {unfinished.map((u) => (
              <li key={u.task}>
                {u.task[0]!.toUpperCase() + u.task.slice(1)}: {u.reasons.join('; ')}.
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
