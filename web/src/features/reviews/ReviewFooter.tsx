import { MODERATION_NOTE_MIN } from '../../../../server/contract/constants';
import { useTranslation } from 'react-i18next';
import type { Mode } from './reviewMode';

type Props = {
  mode: Mode;
  editing: boolean;
  total: { earned: number; max: number };
  /** Criteria the caller scores now, and how many of them still have no level. */
  requiredCount: number;
  missingCount: number;
  /** The moderation note on the record is required and too short. */
  noteMissing: boolean;
  /** Opens the confirmation. */
  onSubmit: () => void;
};

/** Under the scoring panel: the total so far and, while scoring, the submit button with what still blocks it. */
export function ReviewFooter({ mode, editing, total, requiredCount, missingCount, noteMissing, onSubmit }: Props) {
  const { t } = useTranslation('reviews');
  return (
    <div className="review-footer">
      <p className="review-footer__total" aria-live="polite">
        <span className="review-footer__label">{mode === 'moderation' ? t('footer.flaggedScored') : t('footer.total')}</span>
        <span className="review-footer__value">
          {mode === 'moderation' ? t('footer.ofCount', { done: requiredCount - missingCount, count: requiredCount }) : t('footer.points', { earned: total.earned, max: total.max })}
        </span>
      </p>
      {editing ? (
        <div className="review-footer__submit">
          <button type="button" className="btn btn--primary" disabled={missingCount > 0 || noteMissing} aria-describedby="review-submit-hint" onClick={onSubmit}>
            {mode === 'moderation' ? t('footer.submitModeration') : mode === 'calibration' ? t('footer.submitCalibration') : t('footer.submitReview')}
          </button>
          <span className="field__hint" id="review-submit-hint">
            {missingCount > 0
              ? t('footer.missing', { count: missingCount, flagged: mode === 'moderation' ? 'yes' : 'no' })
              : noteMissing
                ? t('footer.noteMissing', { min: MODERATION_NOTE_MIN })
                : t('footer.ready')}
          </span>
        </div>
      ) : null}
    </div>
  );
}
