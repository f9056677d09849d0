import { MODERATION_NOTE_MIN } from '../../../../server/contract/constants';
import { plural } from '../../app/format';
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
  return (
    <div className="review-footer">
      <p className="review-footer__total" aria-live="polite">
        <span className="review-footer__label">{mode === 'moderation' ? 'Flagged criteria scored' : 'Total'}</span>
        <span className="review-footer__value">
          {mode === 'moderation' ? `${requiredCount - missingCount} of ${requiredCount}` : `${total.earned} / ${plural(total.max, 'point')}`}
        </span>
      </p>
      {editing ? (
        <div className="review-footer__submit">
          <button type="button" className="btn btn--primary" disabled={missingCount > 0 || noteMissing} aria-describedby="review-submit-hint" onClick={onSubmit}>
            {mode === 'moderation' ? 'Submit moderation' : mode === 'calibration' ? 'Submit calibration' : 'Submit review'}
          </button>
          <span className="field__hint" id="review-submit-hint">
            {missingCount > 0
              ? `Choose a level for ${plural(missingCount, mode === 'moderation' ? 'flagged criterion' : 'criterion', mode === 'moderation' ? 'flagged criteria' : 'criteria')} first.`
              : noteMissing
                ? `Write the note on the record first (at least ${MODERATION_NOTE_MIN} characters).`
                : 'Every criterion has a level.'}
          </span>
        </div>
      ) : null}
    </div>
  );
}
