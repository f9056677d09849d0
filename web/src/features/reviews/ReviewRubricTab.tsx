import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewItemDetail } from '../../../../server/contract/review';
import { formatDateTime, formatScore } from '../../app/format';
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
  const { t } = useTranslation('reviews');
  const session = useSession();
  const { item, rubric } = detail;
  const markers = useMemo(() => {
    const m: Record<string, LevelMarker[]> = {};
    const add = (criterionId: string, marker: LevelMarker) => (m[criterionId] ??= []).push(marker);
    const othersShown = detail.others.length > 0;
    if (othersShown && detail.mine?.status === 'submitted') for (const s of detail.mine.scores) add(s.criterionId, { level: s.level, label: t('you'), tone: 'you' });
    detail.others.forEach((review, i) => {
      for (const s of review.scores) add(s.criterionId, { level: s.level, label: reviewerLabel(review, i), tone: 'other' });
    });
    if (detail.calibration && mode !== 'calibration') for (const a of detail.calibration.agreed) add(a.criterionId, { level: a.level, label: t('agreed'), tone: 'agreed' });
    return m;
  }, [detail, mode, t]);

  const flagged = useMemo(() => new Set(detail.flagged), [detail.flagged]);
  const taskTitles = useMemo(() => Object.fromEntries(detail.tasks.map((t) => [t.id, t.title])), [detail.tasks]);
  const lead = isLeadFor(session.user.memberships, detail.enterpriseId);
  return (
    <>
      {mode === 'moderation' ? (
<p className="review-lead">{t('rubricTab.moderationLead', { count: detail.flagged.length })}</p>
      ) : null}
      {noteRequired ? <ModerationNoteField value={draft.note} onChange={onNoteChange} /> : null}
      {mode === 'calibration' ? (
        <p className="review-lead">{t('rubricTab.calibrationLead')}</p>
      ) : null}
      <CalibrationDifferences detail={detail} rubric={rubric} />
      {item.status === 'done' && lead && mode !== 'calibration' ? <CalibrationMark detail={detail} /> : null}
      {mode !== 'primary' && mode !== 'calibration' ? <ReviewComparison detail={detail} rubric={rubric} /> : null}
      {rubric.length === 0 ? <p className="muted">{t('rubricTab.noRubric')}</p> : null}
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
            {t('rubricTab.overall')}
          </label>
          <p className="field__hint" id="review-overall-hint">
            {t('rubricTab.overallHint')}
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
          <h3 className="field__label">{t('rubricTab.yourOverall')}</h3>
          <p className="review-overall__text">{detail.mine.overallComment}</p>
        </div>
      ) : null}
      {detail.audit.length > 0 ? (
        <details className="review-audit">
          <summary>{t('rubricTab.audit', { count: detail.audit.length })}</summary>
          <ul>
            {detail.audit.map((a, i) => (
              <li key={i}>
                {t('rubricTab.auditEntry', {
                  at: formatDateTime(a.at),
                  target: a.target.title,
                  from: a.from === null ? '—' : a.target.kind === 'final' ? formatScore(a.from) : a.from,
                  to: a.target.kind === 'final' ? formatScore(a.to) : a.to,
                  by: a.actor ? 'yes' : 'no',
                  actor: a.actor ?? '',
                })}{' '}
                <span className="muted">{a.reason}</span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}
