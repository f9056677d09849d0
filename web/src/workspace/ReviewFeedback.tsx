import type { AttemptReviewView, AuditEntry, CriterionResultView, RegradeView, ReviewCommentView } from '../../../server/contract/review';
import type { AttemptView } from '../../../server/contract/workspace';
import { formatDate, formatDateTime, formatScore, plural } from '../app/format';

/** What the student can ask a regrade of: a rubric criterion or a check. */
export type RegradeTarget = { kind: 'criterion' | 'check'; id: string; title: string; current: string };

const SOURCE_NOTE: Record<CriterionResultView['source'], string | null> = {
  review: null,
  mean: 'The average of two reviewers’ scores.',
  moderation: 'Decided by a moderator after two reviewers disagreed.',
  regrade: 'Changed after a regrade request.',
};

const REGRADE_STATUS_LABEL: Record<RegradeView['status'], string> = { open: 'Waiting for a reviewer', accepted: 'Accepted', declined: 'Declined' };

/** Weights read as plain numbers in the formula: 0.4, 0.6. */
function weight(w: number): string {
  return String(Math.round(w * 100) / 100);
}

function points(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** The final grade once the enterprise released it: score, how it is made up, and the window for regrades. */
export function FinalScoreCard({ attempt, review }: { attempt: AttemptView; review: AttemptReviewView }) {
  const auto = attempt.result?.autoScore ?? null;
  const final = review.finalScore;
  const passed = final !== null && final >= attempt.scenario.passAt;
  return (
    <div className={`result__card ${final === null ? '' : passed ? 'result__card--pass' : 'result__card--fail'}`}>
      {final === null ? (
        <p className="result__headline">Reviewed. Your final score is shown when the assignment closes.</p>
      ) : (
        <>
          <p className="result__label">Final score</p>
          <p className="result__score" data-score={final}>
            {formatScore(final)}
          </p>
          <p>{passed ? `Passed (${formatScore(attempt.scenario.passAt)} needed).` : `Not passed: ${formatScore(attempt.scenario.passAt)} is needed.`}</p>
        </>
      )}
      <p className="score-formula">
        <span className="score-formula__label">How it is calculated: </span>
        {final !== null && auto !== null && review.reviewScore !== null ? (
          <>
            {weight(review.weights.auto)} × {formatScore(auto)} <span className="score-formula__term">automatic checks</span> + {weight(review.weights.review)} ×{' '}
            {formatScore(review.reviewScore)} <span className="score-formula__term">enterprise review</span> = <strong>{formatScore(final)}</strong>
          </>
        ) : (
          <>
            {weight(review.weights.auto)} × automatic checks + {weight(review.weights.review)} × enterprise review
          </>
        )}
      </p>
    </div>
  );
}

/** The reviewers' overall words. */
export function OverallComments({ overall }: { overall: AttemptReviewView['overall'] }) {
  const said = overall.filter((o) => o.comment.trim().length > 0);
  if (said.length === 0) return null;
  return (
    <section className="result__section" aria-labelledby="review-overall">
      <h3 id="review-overall" className="result__task-title">
        Reviewer feedback
      </h3>
      {said.map((o, i) => (
        <figure key={i} className="review-quote">
          <blockquote className="review-quote__text">{o.comment}</blockquote>
          <figcaption className="review-quote__who">— {o.reviewer ?? 'Reviewer'}</figcaption>
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
  if (!moderation?.byScorer) return null;
  return (
    <section className="result__section" aria-labelledby="review-moderation">
      <h3 id="review-moderation" className="result__task-title">
        How the disagreement was settled
      </h3>
      <p>
        Your two reviewers disagreed on {moderation.criteria === 1 ? 'one criterion' : `${moderation.criteria} criteria`}. No reviewer who had not scored your work was
        available, so a lead reviewer who had scored it settled it, and noted why:
      </p>
      {moderation.note ? (
        <figure className="review-quote">
          <blockquote className="review-quote__text">{moderation.note}</blockquote>
        </figure>
      ) : null}
      <p className="muted">If you think this was unfair, you can ask for a regrade of that criterion.</p>
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
  const titleId = `criterion-${criterion.id}`;
  const note = SOURCE_NOTE[criterion.source];
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
          <span className="visually-hidden"> {criterion.points === 1 ? 'point' : 'points'}</span>
        </span>
      </div>
      <ol className="rubric-levels" aria-labelledby={titleId}>
        {criterion.levels.map((level, i) => {
          const isGiven = i === criterion.level;
          return (
            <li key={i} className={`rubric-level${isGiven ? ' rubric-level--given' : ''}`} aria-current={isGiven ? 'true' : undefined}>
              <span className="rubric-level__score">{plural(level.score, 'pt')}</span>
              <span className="rubric-level__text">{level.text}</span>
              {isGiven ? <span className="rubric-level__mark">Your level</span> : null}
            </li>
          );
        })}
      </ol>
      {criterion.level === null ? <p className="muted">Not scored.</p> : null}
      {note ? <p className="criterion-result__note">{note}</p> : null}
      <RegradeRow
        requests={requests}
        // Full marks leave nothing to regrade.
        onRequest={criterion.earned >= criterion.points ? null : regrade.onRequest}
        target={{ kind: 'criterion', id: criterion.id, title: criterion.title, current: given ? `${points(criterion.earned)} of ${points(criterion.points)} ${criterion.points === 1 ? 'point' : 'points'}: “${given.text}”` : 'not scored' }}
      />
    </li>
  );
}

/** The "Request regrade" button for one target, and what became of the requests already made. */
export function RegradeRow({ target, requests, onRequest }: { target: RegradeTarget; requests: RegradeView[]; onRequest: RegradeProps['onRequest'] }) {
  // Each criterion or check can be regraded once (the server refuses a second request).
  const asked = requests.length > 0;
  if (!onRequest && !asked) return null;
  return (
    <div className="regrade-row">
      {requests.map((r) => (
        <p key={r.id} className="regrade-row__status">
          <span className={`pill pill--regrade-${r.status}`}>Regrade: {REGRADE_STATUS_LABEL[r.status].toLowerCase()}</span>
        </p>
      ))}
      {onRequest && !asked ? (
        <button type="button" className="btn btn--small" onClick={() => onRequest(target)}>
          Request regrade<span className="visually-hidden"> of {target.title}</span>
        </button>
      ) : null}
    </div>
  );
}

export function CriteriaResults({ criteria, regrade }: { criteria: CriterionResultView[]; regrade: RegradeProps }) {
  if (criteria.length === 0) return null;
  const earned = criteria.reduce((s, c) => s + c.earned, 0);
  const max = criteria.reduce((s, c) => s + c.points, 0);
  return (
    <section className="result__section" aria-labelledby="review-rubric">
      <h3 id="review-rubric" className="result__task-title">
        Enterprise review: {points(earned)} of {plural(max, 'point')}
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
  if (comments.length === 0) return null;
  const sorted = [...comments].sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line);
  return (
    <section className="result__section" aria-labelledby="review-comments">
      <h3 id="review-comments" className="result__task-title">
        Comments on your code ({sorted.length})
      </h3>
      <p className="field__hint">They are also shown under their lines in the editor. Choose one to go to its line.</p>
      <ul className="feedback-comments">
        {sorted.map((c) => (
          <li key={c.id}>
            <button type="button" className="feedback-comment" onClick={() => onJump(c.path, c.line)}>
              <span className="feedback-comment__where">
                {c.path}:{c.line}
              </span>
              <span className="feedback-comment__body">{c.body}</span>
              <span className="feedback-comment__who">{c.author ?? 'Reviewer'}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The regrade window and every request the student made, with the reviewers' answers. */
export function RegradeRequests({ regrade }: { regrade: AttemptReviewView['regrade'] }) {
  const { open, closesAt, requests } = regrade;
  if (!open && requests.length === 0 && !closesAt) return null;
  return (
    <section className="result__section" aria-labelledby="review-regrades">
      <h3 id="review-regrades" className="result__task-title">
        Regrade requests
      </h3>
      <p className="field__hint">
        {open
          ? `If you think a score is wrong, use “Request regrade” next to it${closesAt ? `, until ${formatDateTime(closesAt)}` : ''}. Each criterion or check can be regraded once; a reviewer of the company answers.`
          : closesAt
            ? `Regrade requests closed on ${formatDateTime(closesAt)}.`
            : 'Regrade requests are closed.'}
      </p>
      {requests.length > 0 ? (
        <ul className="regrade-list">
          {requests.map((r) => (
            <li key={r.id} className="regrade-item" data-regrade={r.id}>
              <div className="regrade-item__head">
                <span className="regrade-item__target">{r.target.title}</span>
                <span className={`pill pill--regrade-${r.status}`}>{REGRADE_STATUS_LABEL[r.status]}</span>
              </div>
              <p className="regrade-item__meta">
                {r.target.kind === 'criterion' ? 'Rubric criterion' : 'Check'} · asked {formatDate(r.createdAt)}
                {r.resolvedAt ? ` · answered ${formatDate(r.resolvedAt)}` : ''}
              </p>
              <p className="regrade-item__reason">
                <span className="visually-hidden">Your reason: </span>
                {r.reason}
              </p>
              {r.status === 'accepted' && r.from !== null && r.to !== null ? (
                <p className="regrade-item__change">
                  Score changed from <strong>{points(r.from)}</strong> to <strong>{points(r.to)}</strong> {r.to === 1 ? 'point' : 'points'}.
                </p>
              ) : null}
              {r.reply ? (
                <p className="regrade-item__reply">
                  <span className="regrade-item__reply-label">Reply: </span>
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
const formatChange = (kind: AuditEntry['target']['kind']) => (kind === 'final' ? formatScore : (n: number) => `${points(n)} pts`);

/** Every change to a score after release, oldest first: what, from → to, why, who. */
export function ScoreHistory({ review }: { attempt: AttemptView; review: AttemptReviewView }) {
  if (review.changes.length === 0) return null;
  return (
    <section className="result__section" aria-labelledby="review-history">
      <h3 id="review-history" className="result__task-title">
        Score history
      </h3>
      <ol className="score-history">
        {review.changes.map((c, i) => {
          const format = formatChange(c.target.kind);
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
