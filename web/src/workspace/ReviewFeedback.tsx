import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { AttemptReviewView, AuditEntry, CriterionResultView, RegradeView, ReviewCommentView } from '../../../server/contract/review';
import type { AttemptView } from '../../../server/contract/workspace';
import { formatDate, formatDateTime, formatScore } from '../app/format';

/** What the student can ask a regrade of: a rubric criterion or a check. */
export type RegradeTarget = { kind: 'criterion' | 'check'; id: string; title: string; current: string };

function sourceNote(source: CriterionResultView['source'], t: TFunction<'workspace'>): string | null {
  const notes: Record<CriterionResultView['source'], string | null> = {
    review: null,
    mean: t('review.source.mean'),
    moderation: t('review.source.moderation'),
    regrade: t('review.source.regrade'),
  };
  return notes[source];
}

function regradeStatusLabel(status: RegradeView['status'], t: TFunction<'workspace'>): string {
  return { open: t('regrade.status.open'), accepted: t('regrade.status.accepted'), declined: t('regrade.status.declined') }[status];
}

function regradePill(status: RegradeView['status'], t: TFunction<'workspace'>): string {
  return { open: t('regrade.pill.open'), accepted: t('regrade.pill.accepted'), declined: t('regrade.pill.declined') }[status];
}

/** Weights read as plain numbers in the formula: 0.4, 0.6. */
function weight(w: number): string {
  return String(Math.round(w * 100) / 100);
}

function points(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** The final grade once the enterprise released it: score, how it is made up, and the window for regrades. */
export function FinalScoreCard({ attempt, review }: { attempt: AttemptView; review: AttemptReviewView }) {
  const { t } = useTranslation('workspace');
  const auto = attempt.result?.autoScore ?? null;
  const final = review.finalScore;
  const passed = final !== null && final >= attempt.scenario.passAt;
  return (
    <div className={`result__card ${final === null ? '' : passed ? 'result__card--pass' : 'result__card--fail'}`}>
      {final === null ? (
        <p className="result__headline">{t('review.reviewedHidden')}</p>
      ) : (
        <>
          <p className="result__label">{t('review.finalScore')}</p>
          <p className="result__score" data-score={final}>
            {formatScore(final)}
          </p>
          <p>{t(passed ? 'result.passed' : 'review.notPassed', { needed: formatScore(attempt.scenario.passAt) })}</p>
        </>
      )}
      <p className="score-formula">
        <span className="score-formula__label">{t('review.formulaLabel')}</span>
        {final !== null && auto !== null && review.reviewScore !== null ? (
          <>
            {weight(review.weights.auto)} × {formatScore(auto)} <span className="score-formula__term">{t('review.autoTerm')}</span> + {weight(review.weights.review)} ×{' '}
            {formatScore(review.reviewScore)} <span className="score-formula__term">{t('review.reviewTerm')}</span> = <strong>{formatScore(final)}</strong>
          </>
        ) : (
          <>
            {weight(review.weights.auto)} × {t('review.autoTerm')} + {weight(review.weights.review)} × {t('review.reviewTerm')}
          </>
        )}
      </p>
    </div>
  );
}

/** The reviewers' overall words. */
export function OverallComments({ overall }: { overall: AttemptReviewView['overall'] }) {
  const { t } = useTranslation('workspace');
  const said = overall.filter((o) => o.comment.trim().length > 0);
  if (said.length === 0) return null;
  return (
    <section className="result__section" aria-labelledby="review-overall">
      <h3 id="review-overall" className="result__task-title">
        {t('review.feedbackTitle')}
      </h3>
      {said.map((o, i) => (
        <figure key={i} className="review-quote">
          <blockquote className="review-quote__text">{o.comment}</blockquote>
          <figcaption className="review-quote__who">— {o.reviewer ?? t('review.reviewer')}</figcaption>
        </figure>
      ))}
    </section>
  );
}

/**
 * When a reviewer who scored the work also settled the reviewers' disagreement (nobody
 * independent was available), the student reads that, and the note they left on why.
 */
export function ModerationRecord({ moderation }: { moderation: AttemptReviewView['moderation'] }) {
  const { t } = useTranslation('workspace');
  if (!moderation?.byScorer) return null;
  return (
    <section className="result__section" aria-labelledby="review-moderation">
      <h3 id="review-moderation" className="result__task-title">
        {t('review.moderationTitle')}
      </h3>
      <p>{t('review.moderationText', { count: moderation.criteria })}</p>
      {moderation.note ? (
        <figure className="review-quote">
          <blockquote className="review-quote__text">{moderation.note}</blockquote>
        </figure>
      ) : null}
      <p className="muted">{t('review.moderationUnfair')}</p>
    </section>
  );
}

type RegradeProps = {
  /** Present while the regrade window is open. */
  onRequest: ((target: RegradeTarget) => void) | null;
  requests: RegradeView[];
};

/** One criterion of the rubric: every level with its points, the level given marked in words and colour. */
function CriterionResult({ criterion, regrade }: { criterion: CriterionResultView; regrade: RegradeProps }) {
  const { t } = useTranslation('workspace');
  const titleId = `criterion-${criterion.id}`;
  const note = sourceNote(criterion.source, t);
  const given = criterion.level !== null ? criterion.levels[criterion.level] : undefined;
  const requests = regrade.requests.filter((r) => r.target.kind === 'criterion' && r.target.id === criterion.id);
  return (
    <li className="criterion-result" data-criterion={criterion.id}>
      <div className="criterion-result__head">
        <h4 id={titleId} className="criterion-result__title">
          {criterion.title}
        </h4>
        <span className="criterion-result__points">
          {points(criterion.earned)}/{points(criterion.points)}
          <span className="visually-hidden"> {t('review.pointsUnit', { count: criterion.points })}</span>
        </span>
      </div>
      <ol className="rubric-levels" aria-labelledby={titleId}>
        {criterion.levels.map((level, i) => {
          const isGiven = i === criterion.level;
          return (
            <li key={i} className={`rubric-level${isGiven ? ' rubric-level--given' : ''}`} aria-current={isGiven ? 'true' : undefined}>
              <span className="rubric-level__score">{t('review.pts', { count: level.score })}</span>
              <span className="rubric-level__text">{level.text}</span>
              {isGiven ? <span className="rubric-level__mark">{t('review.yourLevel')}</span> : null}
            </li>
          );
        })}
      </ol>
      {criterion.level === null ? <p className="muted">{t('review.notScored')}</p> : null}
      {note ? <p className="criterion-result__note">{note}</p> : null}
      <RegradeRow
        requests={requests}
        // Full marks leave nothing to regrade.
        onRequest={criterion.earned >= criterion.points ? null : regrade.onRequest}
        target={{ kind: 'criterion', id: criterion.id, title: criterion.title, current: given ? t('review.currentLevel', { earned: points(criterion.earned), points: Number(points(criterion.points)), level: given.text }) : t('review.currentNotScored'),
        }}
      />
    </li>
  );
}

/** The "Request regrade" button for one target, and what became of the requests already made. */
export function RegradeRow({ target, requests, onRequest }: { target: RegradeTarget; requests: RegradeView[]; onRequest: RegradeProps['onRequest'] }) {
  const { t } = useTranslation('workspace');
  // Each criterion or check can be regraded once (the server refuses a second request).
  const asked = requests.length > 0;
  if (!onRequest && !asked) return null;
  return (
    <div className="regrade-row">
      {requests.map((r) => (
        <p key={r.id} className="regrade-row__status">
          <span className={`pill pill--regrade-${r.status}`}>{regradePill(r.status, t)}</span>
        </p>
      ))}
      {onRequest && !asked ? (
        <button type="button" className="btn btn--small" onClick={() => onRequest(target)}>
          {t('regrade.request')}
          <span className="visually-hidden">{t('regrade.requestOf', { title: target.title })}</span>
        </button>
      ) : null}
    </div>
  );
}

export function CriteriaResults({ criteria, regrade }: { criteria: CriterionResultView[]; regrade: RegradeProps }) {
  const { t } = useTranslation('workspace');
  if (criteria.length === 0) return null;
  const earned = criteria.reduce((s, c) => s + c.earned, 0);
  const max = criteria.reduce((s, c) => s + c.points, 0);
  return (
    <section className="result__section" aria-labelledby="review-rubric">
      <h3 id="review-rubric" className="result__task-title">
        {t('review.rubricTitle', { earned: points(earned), max })}
      </h3>
      <ul className="criterion-results">
        {criteria.map((c) => (
          <CriterionResult key={c.id} criterion={c} regrade={regrade} />
        ))}
      </ul>
    </section>
  );
}

/** The reviewer's notes on lines of code; each jumps to its line in the editor. */
export function LineCommentList({ comments, onJump }: { comments: ReviewCommentView[]; onJump: (path: string, line: number) => void }) {
  const { t } = useTranslation('workspace');
  if (comments.length === 0) return null;
  const sorted = [...comments].sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line);
  return (
    <section className="result__section" aria-labelledby="review-comments">
      <h3 id="review-comments" className="result__task-title">
        {t('review.commentsTitle', { count: sorted.length })}
      </h3>
      <p className="field__hint">{t('review.commentsHint')}</p>
      <ul className="feedback-comments">
        {sorted.map((c) => (
          <li key={c.id}>
            <button type="button" className="feedback-comment" onClick={() => onJump(c.path, c.line)}>
              <span className="feedback-comment__where">
                {c.path}:{c.line}
              </span>
              <span className="feedback-comment__body">{c.body}</span>
              <span className="feedback-comment__who">{c.author ?? t('review.reviewer')}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The regrade window and every request the student made, with the reviewers' answers. */
export function RegradeRequests({ regrade }: { regrade: AttemptReviewView['regrade'] }) {
  const { t } = useTranslation('workspace');
  const { open, closesAt, requests } = regrade;
  if (!open && requests.length === 0 && !closesAt) return null;
  return (
    <section className="result__section" aria-labelledby="review-regrades">
      <h3 id="review-regrades" className="result__task-title">
        {t('regrade.title')}
      </h3>
      <p className="field__hint">
        {open
          ? closesAt
            ? t('regrade.openUntil', { date: formatDateTime(closesAt) })
            : t('regrade.open')
          : closesAt
            ? t('regrade.closedOn', { date: formatDateTime(closesAt) })
            : t('regrade.closed')}
      </p>
      {requests.length > 0 ? (
        <ul className="regrade-list">
          {requests.map((r) => (
            <li key={r.id} className="regrade-item" data-regrade={r.id}>
              <div className="regrade-item__head">
                <span className="regrade-item__target">{r.target.title}</span>
                <span className={`pill pill--regrade-${r.status}`}>{regradeStatusLabel(r.status, t)}</span>
              </div>
              <p className="regrade-item__meta">
                {t('regrade.kind', { kind: r.target.kind })} · {t('regrade.asked', { date: formatDate(r.createdAt) })}
                {r.resolvedAt ? ` · ${t('regrade.answered', { date: formatDate(r.resolvedAt) })}` : ''}
              </p>
              <p className="regrade-item__reason">
                <span className="visually-hidden">{t('regrade.yourReason')}</span>
                {r.reason}
              </p>
              {r.status === 'accepted' && r.from !== null && r.to !== null ? (
                <p className="regrade-item__change">
                  {t('regrade.changed', { from: points(r.from), to: r.to })}
                </p>
              ) : null}
              {r.reply ? (
                <p className="regrade-item__reply">
                  <span className="regrade-item__reply-label">{t('regrade.reply')}</span>
                  {r.reply}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** Criterion and check changes are in points; the final score reads as a percentage like everywhere else. */
const formatChange = (kind: AuditEntry['target']['kind'], t: TFunction<'workspace'>) => (kind === 'final' ? formatScore : (n: number) => t('review.pts', { count: Number(points(n)) }));

/** Every change to a score after release, oldest first: what, from → to, why, who. */
export function ScoreHistory({ review }: { attempt: AttemptView; review: AttemptReviewView }) {
  const { t } = useTranslation('workspace');
  if (review.changes.length === 0) return null;
  return (
    <section className="result__section" aria-labelledby="review-history">
      <h3 id="review-history" className="result__task-title">
        {t('regrade.historyTitle')}
      </h3>
      <ol className="score-history">
        {review.changes.map((c, i) => {
          const format = formatChange(c.target.kind, t);
          return (
            <li key={i} className="score-history__entry">
              <p>
                <span className="score-history__target">{c.target.title}</span>: {c.from === null ? '' : `${format(c.from)} → `}
                <strong>{format(c.to)}</strong>
              </p>
              <p className="score-history__meta">
                <time dateTime={c.at}>{formatDateTime(c.at)}</time>
                {c.actor ? ` · ${c.actor}` : ''}
                {c.reason ? ` · “${c.reason}”` : ''}
              </p>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
