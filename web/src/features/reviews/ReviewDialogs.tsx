import { plural } from '../../app/format';
import { Banner } from '../../components/Banner';
import { Dialog } from '../../components/Dialog';
import type { ReviewDraft } from './reviewDraft';
import type { Mode } from './reviewMode';

type SubmitProps = {
  open: boolean;
  mode: Mode;
  /** The submission is on its way. */
  busy: boolean;
  /** Why the last try failed. */
  problem: string | null;
  /** In moderation: how many flagged criteria the levels settle. */
  flaggedCount: number;
  total: { earned: number; max: number };
  draft: ReviewDraft;
  canComment: boolean;
  noteRequired: boolean;
  onSubmit: () => Promise<void>;
  onClose: () => void;
};

/** Confirms a review, moderation or calibration: what goes in, and that it cannot change after. */
export function SubmitReviewDialog({ open, mode, busy, problem, flaggedCount, total, draft, canComment, noteRequired, onSubmit, onClose }: SubmitProps) {
  return (
    <Dialog
      open={open}
      title={mode === 'moderation' ? 'Submit your moderation?' : mode === 'calibration' ? 'Submit your calibration scores?' : 'Submit your review?'}
      onClose={onClose}
      busy={busy}
      initialFocus="confirm-submit-review"
      actions={
        <>
          <button
            type="button"
            id="confirm-submit-review"
            className="btn btn--primary"
            onClick={() => !busy && void onSubmit()}
            aria-disabled={busy || undefined}
          >
            {busy ? 'Submitting…' : 'Submit'}
          </button>
          <button type="button" className="btn btn--quiet" onClick={() => !busy && onClose()}>
            Keep editing
          </button>
        </>
      }
    >
      {problem ? <Banner tone="error">{problem}</Banner> : null}
      <ul className="plain-list review-confirm">
        {mode === 'moderation' ? (
          <li>
            Levels for {plural(flaggedCount, 'flagged criterion', 'flagged criteria')}, which decide the final grade.
          </li>
        ) : (
          <li>
            Total: <strong>{total.earned}</strong> of {plural(total.max, 'point')}.
          </li>
        )}
        {canComment ? <li>{plural(draft.comments.length, 'line comment')}.</li> : null}
        {canComment ? <li>{draft.overall.trim() ? 'An overall comment.' : 'No overall comment.'}</li> : null}
        {noteRequired ? <li>Your note on the record, which the student and their teacher read.</li> : null}
      </ul>
      <p>{mode === 'calibration' ? 'Once submitted, your scores are compared with the agreed levels and cannot change.' : 'Once submitted, your review cannot be changed.'}</p>
    </Dialog>
  );
}

type ReleaseProps = {
  open: boolean;
  /** The release is on its way. */
  busy: boolean;
  onRelease: () => Promise<void>;
  onClose: () => void;
};

/** Confirms giving a claim back to the queue, which discards this device's draft. */
export function ReleaseClaimDialog({ open, busy, onRelease, onClose }: ReleaseProps) {
  return (
    <Dialog
      open={open}
      title="Release this submission?"
      onClose={onClose}
      busy={busy}
      actions={
        <>
          <button type="button" className="btn btn--primary" onClick={() => !busy && void onRelease()} aria-disabled={busy || undefined}>
            {busy ? 'Releasing…' : 'Release'}
          </button>
          <button type="button" className="btn btn--quiet" onClick={onClose}>
            Keep it
          </button>
        </>
      }
    >
      <p>It goes back to the queue for another reviewer. Your draft scores and comments on this device are discarded.</p>
    </Dialog>
  );
}
