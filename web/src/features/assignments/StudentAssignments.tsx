import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { StudentAssignmentView } from '../../../../server/contract/workspace';
import { ServerEvents } from '../../../../server/contract/realtime';
import { formatDateTime, formatScore, formatTimeLeft } from '../../app/format';
import { onServerEvent } from '../../app/socket';
import { toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { EmptyState } from '../../components/EmptyState';
import { useServerNow } from '../connection/useServerNow';
import { useListMyAssignmentsQuery, useStartAttemptMutation } from './assignmentsApi';
import './assignments.css';

const STATUS_LABEL: Record<StudentAssignmentView['status'], string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  submitted: 'Submitted',
  awaiting_review: 'Awaiting review',
  graded: 'Graded',
  closed: 'Closed',
};

function canStart(a: StudentAssignmentView, now: number): boolean {
  if (Date.parse(a.opensAt) > now) return false;
  if (a.closesAt && Date.parse(a.closesAt) <= now) return false;
  return a.maxAttempts === null || a.attemptsUsed < a.maxAttempts;
}

/** The student's assignments: what is open, how far each got, and the way into the workspace. */
export function StudentAssignments() {
  const { data, error, isLoading, refetch } = useListMyAssignmentsQuery(undefined, { refetchOnMountOrArgChange: true });
  // A grade (or a deadline's automatic submit) can land while the dashboard is open.
  useEffect(() => onServerEvent(ServerEvents.attemptGraded, () => void refetch()), [refetch]);
  const [startAttempt, start] = useStartAttemptMutation();
  const [starting, setStarting] = useState<string | null>(null);
  const navigate = useNavigate();
  const now = useServerNow(30_000);

  const onStart = async (assignment: StudentAssignmentView) => {
    if (start.isLoading) return;
    setStarting(assignment.id);
    const result = await startAttempt(assignment.id);
    setStarting(null);
    if ('data' in result && result.data) await navigate(`/attempts/${result.data.id}`);
  };

  const problem = toProblem(error);
  const startProblem = toProblem(start.error);

  if (isLoading) return <p className="muted">Loading your assignments…</p>;
  if (problem) return <Banner tone="error">{problem.message}</Banner>;
  if (!data || data.length === 0) {
    return <EmptyState title="No assignments yet">Your teacher will assign scenarios to your course; they will appear here.</EmptyState>;
  }

  return (
    <>
      {startProblem ? <Banner tone="error">{startProblem.message}</Banner> : null}
      <ul className="assignment-list">
        {data.map((a) => {
          const titleId = `assignment-${a.id}`;
          const attempt = a.currentAttempt;
          const left = attempt && a.status === 'in_progress' ? Date.parse(attempt.deadlineAt) - now : null;
          const startable = canStart(a, now);
          return (
            <li key={a.id} className="assignment">
              <div className="assignment__main">
                <h4 id={titleId} className="assignment__title">
                  {a.title}
                </h4>
                <p className="assignment__meta">
                  {a.scenario.enterprise} · {a.scenario.role}
                </p>
                <p className="assignment__meta">
                  {a.courseTitle} · {a.mode === 'assessment' ? 'Assessment' : 'Practice'} · {a.timeLimitMinutes} min
                  {a.closesAt ? ` · closes ${formatDateTime(a.closesAt)}` : ''}
                  {a.maxAttempts !== null ? ` · attempt ${Math.min(a.attemptsUsed, a.maxAttempts)} of ${a.maxAttempts}` : ''}
                </p>
              </div>
              <div className="assignment__state">
                <span className={`pill pill--${a.status}`}>{STATUS_LABEL[a.status]}</span>
                {left !== null ? <span className="assignment__detail">{formatTimeLeft(left)} left</span> : null}
                {a.status === 'graded' && attempt?.finalScore != null ? (
                  <span className="assignment__detail">
                    {/* With enterprise review it is the combined grade; without, the automatic score. */}
                    Score <strong>{formatScore(attempt.finalScore)}</strong>
                  </span>
                ) : null}
              </div>
              <div className="assignment__actions">
                {a.status === 'in_progress' && attempt ? (
                  <Link className="btn btn--primary" to={`/attempts/${attempt.id}`}>
                    Continue<span className="visually-hidden"> {a.title}</span>
                  </Link>
                ) : null}
                {(a.status === 'submitted' || a.status === 'awaiting_review' || a.status === 'graded') && attempt ? (
                  <Link className="btn" to={`/attempts/${attempt.id}`}>
                    View result<span className="visually-hidden"> of {a.title}</span>
                  </Link>
                ) : null}
                {a.status !== 'in_progress' && startable ? (
                  <button
                    type="button"
                    className="btn"
                    aria-disabled={start.isLoading || undefined}
                    onClick={() => void onStart(a)}
                  >
                    {starting === a.id ? 'Starting…' : a.status === 'not_started' ? 'Start' : 'Start again'}
                    <span className="visually-hidden"> {a.title}</span>
                  </button>
                ) : null}
              </div>
            </li>
          );
        })}
      </ul>
    </>
  );
}
