import { useMemo } from 'react';
import type { ReviewItemDetail } from '../../../../server/contract/review';
import { formatDateTime, formatScore, plural } from '../../app/format';
import { useSession } from '../auth/useSession';
import { CalibrationMark } from './CalibrationMark';
import { isLeadFor } from './EnterprisePicker';
import { ModerationNoteField } from './ModerationNotice';
import type { ReviewDraft } from './reviewDraft';
import type { Mode } from './reviewMode';
import { CalibrationDifferences, ReviewComparison, reviewerLabel } from './ReviewResults';
import { RubricPanel, type LevelMarker } from './RubricPanel';

type Props = {
  detail: ReviewItemDetail;
  mode: Mode;
  /** The levels chosen so far (draft or submitted), by criterion. */
  selected: Record<string, number>;
  /** Criteria the caller scores now. */
  editable: ReadonlySet<string>;
  onSelect: (criterionId: string, level: number) => void;
  onFocusCriterion: (criterionId: string) => void;
  draft: ReviewDraft;
  onNoteChange: (note: string) => void;
  onOverallChange: (overall: string) => void;
  editing: boolean;
  canComment: boolean;
  /** A moderation note on the record is required of this caller. */
  noteRequired: boolean;
};

/**
 * The review's Rubric tab: what the mode asks of the caller, the outcome so far (calibration,
 * the reviews side by side), the rubric with everyone's levels, the overall comment, and the
 * changes made after release.
 */
export function ReviewRubricTab({ detail, mode, selected, editable, onSelect, onFocusCriterion, draft, onNoteChange, onOverallChange, editing, canComment, noteRequired }: Props) {
  const session = useSession();
  const { item, rubric } = detail;
  const markers = useMemo(() => {
    const m: Record<string, LevelMarker[]> = {};
    const add = (criterionId: string, marker: LevelMarker) => (m[criterionId] ??= []).push(marker);
    const othersShown = detail.others.length > 0;
    if (othersShown && detail.mine?.status === 'submitted') for (const s of detail.mine.scores) add(s.criterionId, { level: s.level, label: 'You', tone: 'you' });
    detail.others.forEach((review, i) => {
      for (const s of review.scores) add(s.criterionId, { level: s.level, label: reviewerLabel(review, i), tone: 'other' });
    });
    if (detail.calibration && mode !== 'calibration') for (const a of detail.calibration.agreed) add(a.criterionId, { level: a.level, label: 'Agreed', tone: 'agreed' });
    return m;
  }, [detail, mode]);

  const flagged = useMemo(() => new Set(detail.flagged), [detail.flagged]);
  const taskTitles = useMemo(() => Object.fromEntries(detail.tasks.map((t) => [t.id, t.title])), [detail.tasks]);
  const lead = isLeadFor(session.user.memberships, detail.enterpriseId);
  return (
    <>
      {mode === 'moderation' ? (
        <p className="review-lead">
          The reviewers disagree on {plural(detail.flagged.length, 'criterion', 'criteria')}. Choose the level you settle on for each; the other criteria keep the reviewers’ scores.
        </p>
      ) : null}
      {noteRequired ? <ModerationNoteField value={draft.note} onChange={onNoteChange} /> : null}
      {mode === 'calibration' ? (
        <p className="review-lead">This is a calibration item: score it as you would any submission. After you submit you see how your levels compare with the agreed ones.</p>
      ) : null}
      <CalibrationDifferences detail={detail} rubric={rubric} />
      {item.status === 'done' && lead && mode !== 'calibration' ? <CalibrationMark detail={detail} /> : null}
      {mode !== 'primary' && mode !== 'calibration' ? <ReviewComparison detail={detail} rubric={rubric} /> : null}
      {rubric.length === 0 ? <p className="muted">This scenario has no rubric.</p> : null}
      <RubricPanel
        rubric={rubric}
        selected={selected}
        editable={editable}
        onSelect={onSelect}
        onFocusCriterion={onFocusCriterion}
        markers={markers}
        flagged={flagged}
        taskTitles={taskTitles}
      />
      {canComment ? (
        <div className="field review-overall">
          <label className="field__label" htmlFor="review-overall">
            Overall comment
          </label>
          <p className="field__hint" id="review-overall-hint">
            What the student did well and what to work on next. The student reads this with the grade.
          </p>
          <textarea
            id="review-overall"
            className="input"
            rows={5}
            maxLength={5000}
            aria-describedby="review-overall-hint"
            value={draft.overall}
            onChange={(e) => onOverallChange(e.target.value)}
          />
        </div>
      ) : null}
      {!editing && detail.mine?.status === 'submitted' && detail.mine.overallComment && detail.others.length === 0 ? (
        <div className="review-overall">
          <h3 className="field__label">Your overall comment</h3>
          <p className="review-overall__text">{detail.mine.overallComment}</p>
        </div>
      ) : null}
      {detail.audit.length > 0 ? (
        <details className="review-audit">
          <summary>Changes after release ({detail.audit.length})</summary>
          <ul>
            {detail.audit.map((a, i) => (
              <li key={i}>
                {formatDateTime(a.at)}: {a.target.title} {a.from === null ? '—' : a.target.kind === 'final' ? formatScore(a.from) : a.from} →{' '}
                {a.target.kind === 'final' ? formatScore(a.to) : a.to}
                {a.actor ? ` by ${a.actor}` : ''}. <span className="muted">{a.reason}</span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}
