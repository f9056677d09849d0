import type { RegradeView } from '../../../server/contract/review';
import type { AttemptView, CheckResultView } from '../../../server/contract/workspace';
import { formatDateTime, formatScore, plural } from '../app/format';
import { CriteriaResults, FinalScoreCard, LineCommentList, ModerationRecord, OverallComments, RegradeRequests, RegradeRow, ScoreHistory, type RegradeTarget } from './ReviewFeedback';

type Props = {
  attempt: AttemptView;
  /** Opens the regrade dialog; only the student who owns the attempt gets one. */
  onRequestRegrade?: (target: RegradeTarget) => void;
  /** Shows a reviewer's line comment in the editor. */
  onJumpToComment?: (path: string, line: number) => void;
};

/** After submitting: the score and the checks, as far as the assignment's reveal policy allows; then the enterprise review. */
export function ResultPanel({ attempt, onRequestRegrade, onJumpToComment }: Props) {
  const { result, review } = attempt;
  if (!result) {
    return (
      <div className="result" role="status">
        <p className="result__headline">Submitted{attempt.submittedAt ? ` at ${formatDateTime(attempt.submittedAt)}` : ''}.</p>
        <p className="muted">Your work is being checked. The result appears here in a moment.</p>
      </div>
    );
  }
  const released = review?.status === 'released' ? review : null;
  const awaitingReview = review ? review.status === 'pending' : attempt.status === 'submitted';
  const score = result.autoScore;
  const passed = score !== null && score >= attempt.scenario.passAt;
  const tasks = attempt.tasks.map((t) => ({ task: t, checks: result.checks.filter((c) => c.task === t.id) })).filter((g) => g.checks.length > 0);
  const regrade = {
    onRequest: released?.regrade.open && onRequestRegrade ? onRequestRegrade : null,
    requests: released?.regrade.requests ?? [],
  };
  return (
    <div className="result">
      {released ? (
        <FinalScoreCard attempt={attempt} review={released} />
      ) : awaitingReview ? (
        <div className="result__card result__card--review" data-review-state="pending">
          <p className="result__headline">Awaiting enterprise review</p>
          <p>A reviewer from the company will assess your work. Their feedback and your final grade appear here and on your home page.</p>
          {score !== null ? (
            <p>
              Automatic checks so far: <strong>{formatScore(score)}</strong>
            </p>
          ) : null}
        </div>
      ) : (
        <div className={`result__card ${score === null ? '' : passed ? 'result__card--pass' : 'result__card--fail'}`}>
          {score === null ? (
            <p className="result__headline">Graded. Your score is shown when the assignment closes.</p>
          ) : (
            <>
              <p className="result__label">Your score</p>
              <p className="result__score" data-score={score}>
                {formatScore(score)}
              </p>
              <p>{passed ? `Passed (${formatScore(attempt.scenario.passAt)} needed).` : `Not passed yet: ${formatScore(attempt.scenario.passAt)} is needed.`}</p>
            </>
          )}
        </div>
      )}
      {released ? (
        <>
          <OverallComments overall={released.overall} />
          <ModerationRecord moderation={released.moderation} />
          <CriteriaResults criteria={released.criteria} regrade={regrade} />
          <LineCommentList comments={released.comments} onJump={(path, line) => onJumpToComment?.(path, line)} />
        </>
      ) : null}
      {tasks.length > 0 && released ? (
        <h3 className="result__group-title">
          Automatic checks{score !== null ? `: ${formatScore(score)}` : ''}
        </h3>
      ) : null}
      <LockedAtSubmission attempt={attempt} />
      {tasks.map(({ task, checks }) => (
        <section key={task.id} className="result__task" aria-labelledby={`result-${task.id}`}>
          <h3 id={`result-${task.id}`} className="result__task-title">
            {task.title}
          </h3>
          <ul className="check-results">
            {checks.map((c) => (
              <ResultRow key={c.id} check={c} regrade={regrade} />
            ))}
          </ul>
        </section>
      ))}
      {released ? (
        <>
          <RegradeRequests regrade={released.regrade} />
          <ScoreHistory attempt={attempt} review={released} />
        </>
      ) : null}
    </div>
  );
}

function ResultRow({ check, regrade }: { check: CheckResultView; regrade: { onRequest: ((t: RegradeTarget) => void) | null; requests: RegradeView[] } }) {
  const state = check.passed === null ? 'hidden' : check.passed ? 'passed' : 'failed';
  const label = { hidden: 'Result not shown', passed: 'Passed', failed: 'Not passed' }[state];
  const earned = check.earned !== null ? Math.round(check.earned * 100) / 100 : null;
  const requests = regrade.requests.filter((r) => r.target.kind === 'check' && r.target.id === check.id);
  return (
    <li className={`check-result check-result--${state}`} data-check={check.id}>
      <div className="check-result__head">
        <span className="check-result__icon" aria-hidden="true" />
        <span className="check-result__title">{check.title}</span>
        <span className="check-result__state">
          {label}
          {earned !== null ? ` · ${earned}/${check.points}` : ''}
        </span>
      </div>
      {check.messages.length > 0 ? (
        <ul className="check-result__messages">
          {check.messages.map((m, i) => (
            <li key={i}>
              <pre>{m}</pre>
            </li>
          ))}
        </ul>
      ) : null}
      <RegradeRow
        target={{ kind: 'check', id: check.id, title: check.title, current: earned !== null ? `${earned} of ${plural(check.points, 'point')}` : label.toLowerCase() }}
        requests={requests}
        onRequest={earned !== null && earned >= check.points ? null : regrade.onRequest}
      />
    </li>
  );
}

/** Tasks whose message had not arrived when the work was submitted, and what they counted for (the author's choice). */
function LockedAtSubmission({ attempt }: { attempt: AttemptView }) {
  const locked = attempt.tasks.map((t, i) => ({ t, name: `Task ${i + 1}, “${t.title}”` })).filter(({ t }) => t.locked);
  if (locked.length === 0) return null;
  const names = locked.map((l) => l.name).join(' and ');
  const one = locked.length === 1;
  return (
    <p className="result__omitted">
      {attempt.upcoming.lockedTasks === 'omit'
        ? `${names} ${one ? 'was' : 'were'} still locked when you submitted: left out of your score.`
        : `${names} ${one ? 'was' : 'were'} still locked when you submitted; graded with the rest of your work.`}
    </p>
  );
}
