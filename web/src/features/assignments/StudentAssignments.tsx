import { useEffect, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { StudentAssignmentView } from '../../../../server/contract/workspace';
import { ServerEvents } from '../../../../server/contract/realtime';
import { formatDateTime, formatScore, formatTimeLeft } from '../../app/format';
import { onServerEvent } from '../../app/socket';
import { toProblem } from '../../app/problem';
import { preloadWorkspace, whenIdle } from '../../app/preload';
import { Banner } from '../../components/Banner';
import { EmptyState } from '../../components/EmptyState';
import { useServerNow } from '../connection/useServerNow';
import { useListMyAssignmentsQuery, useStartAttemptMutation } from './assignmentsApi';
import './assignments.css';

function canStart(a: StudentAssignmentView, now: number): boolean {
  if (Date.parse(a.opensAt) > now) return false;
  if (a.closesAt && Date.parse(a.closesAt) <= now) return false;
  return a.maxAttempts === null || a.attemptsUsed < a.maxAttempts;
}

/** The student's assignments: what is open, how far each got, and the way into the workspace. */
export function StudentAssignments() {
  const { t } = useTranslation('assignments');
  const STATUS_LABEL: Record<StudentAssignmentView['status'], string> = {
    not_started: t('status.not_started'),
    in_progress: t('status.in_progress'),
    submitted: t('status.submitted'),
    awaiting_review: t('status.awaiting_review'),
    graded: t('status.graded'),
    closed: t('status.closed'),
  };
  const { data, error, isLoading, refetch } = useListMyAssignmentsQuery(undefined, { refetchOnMountOrArgChange: true });
  // A grade (or a deadline's automatic submit) can land while the dashboard is open.
  useEffect(() => onServerEvent(ServerEvents.attemptGraded, () => void refetch()), [refetch]);
  const [startAttempt, start] = useStartAttemptMutation();
  const [starting, setStarting] = useState<string | null>(null);
  const navigate = useNavigate();
  const now = useServerNow(30_000);
  // Start or Continue is the likely next click: the workspace (Monaco, megabytes) loads while the
  // student reads the list, and at the latest on pointerdown, before the click and the server's answer.
  const hasAssignments = Boolean(data && data.length > 0);
  useEffect(() => (hasAssignments ? whenIdle(preloadWorkspace) : undefined), [hasAssignments]);

  const onStart = async (assignment: StudentAssignmentView) => {
    if (start.isLoading) return;
    setStarting(assignment.id);
    const result = await startAttempt(assignment.id);
    setStarting(null);
    if ('data' in result && result.data) await navigate(`/attempts/${result.data.id}`);
  };

  const problem = toProblem(error);
  const startProblem = toProblem(start.error);

  if (isLoading) return <p className="muted">{t('loading')}</p>;
  if (problem) return <Banner tone="error">{problem.message}</Banner>;
  if (!data || data.length === 0) {
    return <EmptyState title={t('noneYet')}>{t('noneYetText')}</EmptyState>;
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
                  {[
                    a.courseTitle,
                    t('mode', { mode: a.mode }),
                    t('minutes', { minutes: a.timeLimitMinutes }),
                    ...(a.closesAt ? [t('closes', { date: formatDateTime(a.closesAt) })] : []),
                    ...(a.maxAttempts !== null ? [t('attemptOf', { used: Math.min(a.attemptsUsed, a.maxAttempts), max: a.maxAttempts })] : []),
                  ].join(' · ')}
                </p>
              </div>
              <div className="assignment__state">
                <span className={`pill pill--${a.status}`}>{STATUS_LABEL[a.status]}</span>
                {left !== null ? <span className="assignment__detail">{t('left', { time: formatTimeLeft(left) })}</span> : null}
                {a.status === 'graded' && attempt?.finalScore != null ? (
                  <span className="assignment__detail">
                    {/* With enterprise review it is the combined grade; without, the automatic score. */}
                    <Trans t={t} i18nKey="score" values={{ score: formatScore(attempt.finalScore) }} components={{ strong: <strong /> }} />
                  </span>
                ) : null}
              </div>
              <div className="assignment__actions">
                {a.status === 'in_progress' && attempt ? (
                  <Link className="btn btn--primary" to={`/attempts/${attempt.id}`} onPointerDown={preloadWorkspace}>
                    {t('continue')}
                    <span className="visually-hidden">{t('titleSr', { title: a.title })}</span>
                  </Link>
                ) : null}
                {(a.status === 'submitted' || a.status === 'awaiting_review' || a.status === 'graded') && attempt ? (
                  <Link className="btn" to={`/attempts/${attempt.id}`} onPointerDown={preloadWorkspace}>
                    {t('viewResult')}
                    <span className="visually-hidden">{t('ofSr', { title: a.title })}</span>
                  </Link>
                ) : null}
                {a.status !== 'in_progress' && startable ? (
                  <button
                    type="button"
                    className="btn"
                    aria-disabled={start.isLoading || undefined}
                    onPointerDown={preloadWorkspace}
                    onClick={() => void onStart(a)}
                  >
                    {starting === a.id ? t('starting') : a.status === 'not_started' ? t('start') : t('startAgain')}
                    <span className="visually-hidden">{t('titleSr', { title: a.title })}</span>
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
