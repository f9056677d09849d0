import { Link, useParams } from 'react-router';
import type { MonitorRow } from '../../../../server/contract/workspace';
import { formatAgo, formatClock, formatScore, plural } from '../../app/format';
import { useAppSelector } from '../../app/hooks';
import { toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { EmptyState } from '../../components/EmptyState';
import { Page } from '../../components/Page';
import { selectLinkStatus } from '../connection/connectionSlice';
import { useServerNow } from '../connection/useServerNow';
import { useGetCourseQuery, useGetMonitorQuery } from './coursesApi';
import { ATTEMPT_STATUS_LABEL } from './labels';

/** The teacher's live table of one assignment; rows change as students work (monitor.updated). */
export function MonitorPage() {
  const { courseId = '', assignmentId = '' } = useParams();
  const course = useGetCourseQuery(courseId);
  const { data, error, isLoading } = useGetMonitorQuery(assignmentId);
  const link = useAppSelector(selectLinkStatus);
  const now = useServerNow(1000);
  const assignment = course.data?.assignments.find((a) => a.id === assignmentId);
  const problem = toProblem(error);
  const rows = [...(data?.rows ?? [])].sort((a, b) => a.student.name.localeCompare(b.student.name));
  const counts = rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
  const title = assignment ? `Live monitor: ${assignment.title}` : 'Live monitor';

  return (
    <Page
      title={title}
      intro={course.data ? `${course.data.course.title} · ${plural(course.data.students.length, 'student')} enrolled` : undefined}
    >
      <p className="back-link">
        <Link to={`/courses/${courseId}`}>Back to {course.data?.course.title ?? 'the course'}</Link>
      </p>
      {problem ? <Banner tone="error">{problem.status === 404 ? 'There is no such assignment, or you do not teach its course.' : problem.message}</Banner> : null}
      <div className="monitor-bar">
        <p className="monitor-bar__summary">
          {data
            ? rows.length === 0
              ? 'No attempts yet'
              : [
                  counts.in_progress ? `${plural(counts.in_progress, 'student')} working` : null,
                  counts.submitted ? `${counts.submitted} submitted` : null,
                  counts.graded ? `${counts.graded} graded` : null,
                ]
                  .filter(Boolean)
                  .join(' · ')
            : isLoading
              ? 'Loading…'
              : ''}
        </p>
        <p className={`monitor-bar__live monitor-bar__live--${link === 'live' ? 'on' : 'off'}`}>
          {link === 'live' ? 'Updating live' : 'Paused: reconnecting to the server…'}
        </p>
      </div>
      {data && rows.length === 0 ? (
        <EmptyState title="Nobody has started yet">Rows appear here the moment a student starts this assignment.</EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <div className="table-wrap" role="region" aria-label="Attempts" tabIndex={0}>
          <table className="table table--monitor">
            <thead>
              <tr>
                <th scope="col">Student</th>
                <th scope="col">Status</th>
                <th scope="col" className="table__num">
                  Time left
                </th>
                <th scope="col">Last activity</th>
                <th scope="col" className="table__num">
                  Visible checks
                </th>
                <th scope="col" className="table__num">
                  Events
                </th>
                <th scope="col" className="table__num">
                  Score
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <Row key={row.attemptId} row={row} now={now} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Page>
  );
}

function Row({ row, now }: { row: MonitorRow; now: number }) {
  const left = Date.parse(row.deadlineAt) - now;
  const allPassing = row.visibleTotal > 0 && row.visiblePassing === row.visibleTotal;
  return (
    <tr data-attempt={row.attemptId}>
      <th scope="row" className="table__name">
        {row.student.name}
      </th>
      <td>
        <span className={`pill pill--${row.status}`}>{ATTEMPT_STATUS_LABEL[row.status] ?? row.status}</span>
      </td>
      <td className="table__num">{row.status === 'in_progress' ? (left > 0 ? formatClock(left) : 'time up') : '—'}</td>
      <td className="table__date">{formatAgo(row.lastActivityAt, now)}</td>
      <td className={`table__num${allPassing ? ' table__num--good' : ''}`} data-col="checks">
        {row.visiblePassing}/{row.visibleTotal}
      </td>
      <td className="table__num">{row.eventsDelivered}</td>
      <td className="table__num" data-col="score">
        {row.autoScore === null ? '—' : formatScore(row.autoScore)}
      </td>
    </tr>
  );
}
