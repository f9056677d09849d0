import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation('reviews');
  return (
    <Dialog
      open={open}
      title={mode === 'moderation' ? t('submitDialog.titleModeration') : mode === 'calibration' ? t('submitDialog.titleCalibration') : t('submitDialog.titleReview')}
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
            {busy ? t('submitDialog.submitting') : t('submitDialog.submit')}
          </button>
          <button type="button" className="btn btn--quiet" onClick={() => !busy && onClose()}>
            {t('submitDialog.keepEditing')}
          </button>
        </>
      }
    >
      {problem ? <Banner tone="error">{problem}</Banner> : null}
      <ul className="plain-list review-confirm">
        {mode === 'moderation' ? (
          <li>{t('submitDialog.levels', { count: flaggedCount })}</li>
        ) : (
          <li>{t('submitDialog.total', { earned: total.earned, max: total.max })}</li>
        )}
        {canComment ? <li>{t('submitDialog.comments', { count: draft.comments.length })}</li> : null}
        {canComment ? <li>{draft.overall.trim() ? t('submitDialog.overall') : t('submitDialog.noOverall')}</li> : null}
        {noteRequired ? <li>{t('submitDialog.note')}</li> : null}
      </ul>
      <p>{mode === 'calibration' ? t('submitDialog.finalCalibration') : t('submitDialog.final')}</p>
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
  const { t } = useTranslation('reviews');
  return (
    <Dialog
      open={open}
      title={t('releaseDialog.title')}
      onClose={onClose}
      busy={busy}
      actions={
        <>
          <button type="button" className="btn btn--primary" onClick={() => !busy && void onRelease()} aria-disabled={busy || undefined}>
            {busy ? t('releaseDialog.releasing') : t('releaseDialog.release')}
          </button>
          <button type="button" className="btn btn--quiet" onClick={onClose}>
            {t('releaseDialog.keep')}
          </button>
        </>
      }
    >
      <p>{t('releaseDialog.text')}</p>
    </Dialog>
  );
}
