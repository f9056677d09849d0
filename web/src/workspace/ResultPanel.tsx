import type { AttemptView, CheckResultView } from '../../../server/contract/workspace';
import { formatDateTime, formatScore } from '../app/format';

/** After submitting: the score and the checks, as far as the assignment's reveal policy allows. */
export function ResultPanel({ attempt }: { attempt: AttemptView }) {
  const { result } = attempt;
  if (!result) {
    return (
      <div className="result" role="status">
        <p className="result__headline">Submitted{attempt.submittedAt ? ` at ${formatDateTime(attempt.submittedAt)}` : ''}.</p>
        <p className="muted">Your work is being checked. The result appears here in a moment.</p>
      </div>
    );
  }
  const awaitingReview = attempt.status === 'submitted';
  const score = result.autoScore;
  const passed = score !== null && score >= attempt.scenario.passAt;
  const tasks = attempt.tasks.map((t) => ({ task: t, checks: result.checks.filter((c) => c.task === t.id) })).filter((g) => g.checks.length > 0);
  return (
    <div className="result">
      {awaitingReview ? (
        <div className="result__card result__card--review">
          <p className="result__headline">Submitted: awaiting enterprise review</p>
          <p>A reviewer from the company will assess your work; their feedback and the final grade appear on your home page.</p>
          {score !== null ? <p>Automatic checks so far: <strong>{formatScore(score)}</strong></p> : null}
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
      {tasks.map(({ task, checks }) => (
        <section key={task.id} className="result__task" aria-labelledby={`result-${task.id}`}>
          <h3 id={`result-${task.id}`} className="result__task-title">
            {task.title}
          </h3>
          <ul className="check-results">
            {checks.map((c) => (
              <ResultRow key={c.id} check={c} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

function ResultRow({ check }: { check: CheckResultView }) {
  const state = check.passed === null ? 'hidden' : check.passed ? 'passed' : 'failed';
  const label = { hidden: 'Result not shown', passed: 'Passed', failed: 'Not passed' }[state];
  return (
    <li className={`check-result check-result--${state}`}>
      <div className="check-result__head">
        <span className="check-result__icon" aria-hidden="true" />
        <span className="check-result__title">{check.title}</span>
        <span className="check-result__state">
          {label}
          {check.earned !== null ? ` · ${Math.round(check.earned * 100) / 100}/${check.points}` : ''}
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
    </li>
  );
}
