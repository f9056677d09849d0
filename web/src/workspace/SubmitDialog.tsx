import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatList } from '../app/format';
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
  const { t } = useTranslation('workspace');
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
      if (result.error) setError(toProblem(result.error)?.message ?? t('submit.failed'));
      else close();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      title={t('submit.title')}
      onClose={close}
      busy={busy}
      initialFocus={warn ? 'submit-cancel' : 'submit-confirm'}
      actions={
        <>
          <button id="submit-confirm" type="button" className="btn btn--primary" aria-disabled={busy || undefined} onClick={() => !busy && void onSubmit()}>
            {busy ? t('submit.submitting') : unsaved ? t('submit.submitAnyway') : t('submit.submit')}
          </button>
          <button id="submit-cancel" type="button" className="btn btn--quiet" onClick={close} disabled={busy}>
            {t('submit.keepWorking')}
          </button>
        </>
      }
    >
      {warn ? <WarningList warnings={warnings} /> : null}
      <p>{t('submit.body')}</p>
      {unsaved ? (
        <div className="banner banner--error" role="alert">
          <div className="banner__body">
            {t('submit.unsaved', { files: formatList(unsaved), count: unsaved.length })}
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
  const { t } = useTranslation('workspace');
  const { upcoming, locked, unfinished } = warnings;
  return (
    <div className="submit-warnings">
      {upcoming.length > 0 ? (
        <section aria-labelledby="submit-upcoming">
          <h3 id="submit-upcoming" className="submit-warnings__title">
            {t('submit.upcomingTitle')}
          </h3>
          <ul>
            {upcoming.map((u, i) => (
              <li key={i}>{u.unlocks ? t('submit.opens', { text: u.text, task: u.unlocks }) : t('submit.upcomingItem', { text: u.text })}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {locked ? (
        <p className="submit-warnings__locked">
          {t(locked.counted ? 'submit.lockedCounted' : 'submit.lockedOmitted', { tasks: formatList(locked.tasks), count: locked.tasks.length })}
        </p>
      ) : null}
      {unfinished.length > 0 ? (
        <section aria-labelledby="submit-unfinished">
          <h3 id="submit-unfinished" className="submit-warnings__title">
            {t('submit.unfinishedTitle')}
          </h3>
          <ul>
            {unfinished.map((u) => (
              <li key={u.task}>
                {t('submit.unfinishedItem', { task: u.task[0]!.toUpperCase() + u.task.slice(1), reasons: u.reasons.join(t('submit.reasonsSeparator')) })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
