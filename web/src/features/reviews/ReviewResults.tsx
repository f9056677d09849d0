import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import type { CheckResultView } from '../../../../server/contract/workspace';
import type { ReviewItemDetail, ReviewView, RubricCriterionView } from '../../../../server/contract/review';
import { formatDateTime, formatScore } from '../../app/format';
import { checkMessages } from '../../app/serverText';

/** How a review is named to this reader: by name when the reviewer may be known, by position when not. */
export function reviewerLabel(review: ReviewView, index: number): string {
  if (review.kind === 'moderation') return review.reviewer ? i18next.t('reviews:results.namedModerator', { name: review.reviewer.name }) : i18next.t('reviews:results.moderator');
  return review.reviewer?.name ?? i18next.t('reviews:results.reviewerN', { n: index + 1 });
}

type CompareProps = { detail: ReviewItemDetail; rubric: RubricCriterionView[] };

/**
 * Your review next to the others once every independent review is in: level per criterion,
 * criteria the reviewers disagree on flagged, and each overall comment.
 */
export function ReviewComparison({ detail, rubric }: CompareProps) {
  const { t } = useTranslation('reviews');
  // A calibration score is compared with the agreed levels instead (CalibrationDifferences).
  if (detail.mine?.kind === 'calibration') return null;
  const reviews: { label: string; review: ReviewView }[] = [
    ...(detail.mine?.status === 'submitted' ? [{ label: detail.mine.kind === 'moderation' ? t('results.youModeration') : t('you'), review: detail.mine }] : []),
    ...detail.others.map((review, i) => ({ label: reviewerLabel(review, i), review })),
  ];
  if (reviews.length < 2 && detail.flagged.length === 0) return null;
  const flagged = new Set(detail.flagged);
  return (
    <section className="review-compare" aria-labelledby="review-compare-title">
      <h3 className="review-compare__title" id="review-compare-title">
        {reviews.length > 1 ? t('results.sideBySide') : t('results.reviews')}
      </h3>
      {detail.flagged.length > 0 ? (
        <p className="field__hint">
          {t('results.differ', { count: detail.flagged.length, state: detail.item.status === 'moderation' ? 'open' : 'settled' })}
        </p>
      ) : null}
      <div className="table-wrap review-compare__table" role="region" aria-label={t('results.levelsPerCriterion')} tabIndex={0}>
        <table className="table table--compact">
          <thead>
            <tr>
              <th scope="col">{t('criterion')}</th>
              {reviews.map((r) => (
                <th key={r.review.id} scope="col" className="table__num">
                  {r.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rubric.map((c) => (
              <tr key={c.id} className={flagged.has(c.id) ? 'row--flagged' : undefined}>
                <th scope="row">
                  {c.title}
                  {flagged.has(c.id) ? <span className="tag tag--flagged">{t('results.disagree')}</span> : null}
                </th>
                {reviews.map((r) => {
                  const score = r.review.scores.find((s) => s.criterionId === c.id);
                  return (
                    <td key={r.review.id} className="table__num" title={score ? c.levels[score.level]?.text : undefined}>
                      {score ? `${score.points} / ${c.points}` : '—'}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {reviews.some((r) => r.review.overallComment.trim()) ? (
        <dl className="review-compare__overall">
          {reviews
            .filter((r) => r.review.overallComment.trim())
            .map((r) => (
              <div key={r.review.id}>
                <dt>
                  {r.label}
                  {r.review.submittedAt ? <span className="muted"> · {formatDateTime(r.review.submittedAt)}</span> : null}
                </dt>
                <dd>{r.review.overallComment}</dd>
              </div>
            ))}
        </dl>
      ) : null}
      {reviews
        .filter((r) => r.review.moderationNote)
        .map((r) => (
          <p key={r.review.id} className="review-compare__note">
            <strong>{t('results.noteOnRecord')}</strong>
            {t('results.noteBy', { name: r.label, note: r.review.moderationNote })}
          </p>
        ))}
    </section>
  );
}

/** A calibration item after scoring it: your level against the agreed one, per criterion. */
export function CalibrationDifferences({ detail, rubric }: CompareProps) {
  const { t } = useTranslation('reviews');
  const mine = detail.calibration?.mine;
  if (!mine) return null;
  const exact = mine.filter((m) => m.difference === 0).length;
  return (
    <section className="review-compare" aria-labelledby="calibration-title">
      <h3 className="review-compare__title" id="calibration-title">
        {t('results.calibrationTitle')}
      </h3>
      <p className="field__hint">{t('results.calibrationSummary', { exact, count: mine.length })}</p>
      <div className="table-wrap review-compare__table" role="region" aria-label={t('results.calibrationDifferences')} tabIndex={0}>
        <table className="table table--compact">
          <thead>
            <tr>
              <th scope="col">{t('criterion')}</th>
              <th scope="col">{t('agreed')}</th>
              <th scope="col">{t('yours')}</th>
              <th scope="col" className="table__num">
                {t('difference')}
              </th>
            </tr>
          </thead>
          <tbody>
            {mine.map((m) => {
              const c = rubric.find((r) => r.id === m.criterionId);
              const agreed = detail.calibration?.agreed.find((a) => a.criterionId === m.criterionId)?.level;
              return (
                <tr key={m.criterionId} className={m.difference !== 0 ? 'row--flagged' : undefined}>
                  <th scope="row">{c?.title ?? m.criterionId}</th>
                  <td>{agreed !== undefined ? levelName(c, agreed) : '—'}</td>
                  <td>{levelName(c, m.level)}</td>
                  <td className={`table__num${m.difference === 0 ? ' table__num--good' : ''}`}>{m.difference > 0 ? `+${m.difference}` : m.difference}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function levelName(c: RubricCriterionView | undefined, level: number): string {
  const l = c?.levels[level];
  return l ? i18next.t('reviews:results.levelPoints', { n: level + 1, count: l.score }) : i18next.t('reviews:level', { n: level + 1 });
}

/** Every check of the submission, hidden ones included, with what they reported. */
export function ReviewChecks({ checks, autoScore }: { checks: CheckResultView[]; autoScore: number }) {
  const { t } = useTranslation('reviews');
  if (checks.length === 0) return <p className="muted">{t('checks.none')}</p>;
  const passed = checks.filter((c) => c.passed).length;
  return (
    <div className="checks">
      <p className="checks__summary">
        {t('checks.summary', { passed, count: checks.length, score: formatScore(autoScore) })}
      </p>
      <ul className="check-results">
        {checks.map((c) => {
          const state = c.passed === null ? 'idle' : c.passed ? 'passed' : 'failed';
          return (
            <li key={c.id} className={`check-result check-result--${state}`} data-check={c.id} data-state={state}>
              <div className="check-result__head">
                <span className="check-result__icon" aria-hidden="true" />
                <span className="check-result__title">
                  {c.title} {c.visible ? null : <span className="tag">{t('checks.hidden')}</span>}
                </span>
                <span className="check-result__state">
                  {state === 'idle' ? t('checks.notRun') : state === 'passed' ? t('checks.passed') : t('checks.failed')}
                  {c.earned !== null ? ` · ${c.earned}/${c.points}` : ''}
                </span>
              </div>
              {c.messages.length > 0 ? (
                <ul className="check-result__messages">
                  {checkMessages(c).map((m, i) => (
                    <li key={i}>
                      <pre>{m}</pre>
                    </li>
                  ))}
                </ul>
              ) : null}
              {c.output ? (
                <details className="check-result__output">
                  <summary>{t('checks.output')}</summary>
                  <pre>{c.output}</pre>
                </details>
              ) : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
