import { useState } from 'react';
import { toProblem } from '../app/problem';
import { Dialog } from '../components/Dialog';

type Props = {
  open: boolean;
  onClose: () => void;
  /** Saves what is left to save; resolves with the files that still are not saved. */
  flush: () => Promise<string[]>;
  submit: () => Promise<{ error?: unknown }>;
};

/** "Submit your work?" — saves first, says plainly what is not saved, then submits. */
export function SubmitDialog({ open, onClose, flush, submit }: Props) {
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
      if (result.error) setError(toProblem(result.error as Parameters<typeof toProblem>[0])?.message ?? 'The attempt could not be submitted. Try again.');
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
      initialFocus="submit-confirm"
      actions={
        <>
          <button id="submit-confirm" type="button" className="btn btn--primary" aria-disabled={busy || undefined} onClick={() => !busy && void onSubmit()}>
            {busy ? 'Submitting…' : unsaved ? 'Submit anyway' : 'Submit'}
          </button>
          <button type="button" className="btn btn--quiet" onClick={close} disabled={busy}>
            Keep working
          </button>
        </>
      }
    >
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
