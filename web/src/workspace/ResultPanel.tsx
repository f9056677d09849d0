import { useTranslation } from 'react-i18next';
import type { RegradeView } from '../../../server/contract/review';
import type { AttemptView, CheckResultView } from '../../../server/contract/workspace';
import { formatDateTime, formatList, formatScore } from '../app/format';
import { checkMessages } from '../app/serverText';
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
  const { t } = useTranslation('workspace');
  const { result, review } = attempt;
  if (!result) {
    return (
      <div className="result" role="status">
        <p className="result__headline">{attempt.submittedAt ? t('result.submittedAt', { at: formatDateTime(attempt.submittedAt) }) : t('result.submitted')}</p>
        <p className="muted">{t('result.checking')}</p>
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
          <p className="result__headline">{t('result.awaiting')}</p>
          <p>{t('result.awaitingText')}</p>
          {score !== null ? (
            <p>
              {t('result.autoSoFar')} <strong>{formatScore(score)}</strong>
            </p>
          ) : null}
        </div>
      ) : (
        <div className={`result__card ${score === null ? '' : passed ? 'result__card--pass' : 'result__card--fail'}`}>
          {score === null ? (
            <p className="result__headline">{t('result.gradedHidden')}</p>
          ) : (
            <>
              <p className="result__label">{t('result.yourScore')}</p>
              <p className="result__score" data-score={score}>
                {formatScore(score)}
              </p>
              <p>{t(passed ? 'result.passed' : 'result.notPassedYet', { needed: formatScore(attempt.scenario.passAt) })}</p>
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
          {score !== null ? t('result.autoTitleScore', { score: formatScore(score) }) : t('result.autoTitle')}
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
  const { t } = useTranslation('workspace');
  const state = check.passed === null ? 'hidden' : check.passed ? 'passed' : 'failed';
  const label = { hidden: t('result.state.hidden'), passed: t('result.state.passed'), failed: t('result.state.failed') }[state];
  const current = { hidden: t('result.current.hidden'), passed: t('result.current.passed'), failed: t('result.current.failed') }[state];
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
          {checkMessages(check).map((m, i) => (
            <li key={i}>
              <pre>{m}</pre>
            </li>
          ))}
        </ul>
      ) : null}
      <RegradeRow
        target={{ kind: 'check', id: check.id, title: check.title, current: earned !== null ? t('result.current.points', { earned, points: check.points }) : current }}
        requests={requests}
        onRequest={earned !== null && earned >= check.points ? null : regrade.onRequest}
      />
    </li>
  );
}

/** Tasks whose message had not arrived when the work was submitted, and what they counted for (the author's choice). */
function LockedAtSubmission({ attempt }: { attempt: AttemptView }) {
  const { t } = useTranslation('workspace');
  const locked = attempt.tasks.map((task, i) => ({ task, name: t('result.taskName', { n: i + 1, title: task.title }) })).filter(({ task }) => task.locked);
  if (locked.length === 0) return null;
  const names = formatList(locked.map((l) => l.name));
  return (
    <p className="result__omitted">
      {t(attempt.upcoming.lockedTasks === 'omit' ? 'result.lockedOmitted' : 'result.lockedGraded', { names, count: locked.length })}
    </p>
  );
}
