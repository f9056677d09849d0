import { Link, useParams, useSearchParams } from 'react-router';
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
import './monitor.css';

type Show = MonitorRow['status'] | 'all';

const SHOW_ORDER: MonitorRow['status'][] = ['not_started', 'in_progress', 'submitted', 'graded'];

function isShow(value: string | null): value is MonitorRow['status'] {
  return value !== null && (SHOW_ORDER as string[]).includes(value);
}

/**
 * The teacher's live table of one assignment: every student it is for, started or not; rows
 * change as students work (monitor.updated). The filter lives in the URL (`?show=not_started`).
 */
export function MonitorPage() {
  const { courseId = '', assignmentId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const showParam = params.get('show');
  const show: Show = isShow(showParam) ? showParam : 'all';
  const course = useGetCourseQuery(courseId);
  const { data, error, isLoading } = useGetMonitorQuery(assignmentId);
  const link = useAppSelector(selectLinkStatus);
  const now = useServerNow(1000);
  const assignment = course.data?.assignments.find((a) => a.id === assignmentId);
  const problem = toProblem(error);
  const rows = [...(data?.rows ?? [])].sort((a, b) => a.student.name.localeCompare(b.student.name) || a.number - b.number);
  const counts = rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
  const students = new Set(rows.map((r) => r.student.id)).size;
  const shown = show === 'all' ? rows : rows.filter((r) => r.status === show);
  const title = assignment ? `Live monitor: ${assignment.title}` : 'Live monitor';

  const setShow = (value: string) => {
    const next = new URLSearchParams(params);
    if (value === 'all') next.delete('show');
    else next.set('show', value);
    setParams(next, { replace: true });
  };

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
              ? 'Nobody to monitor: the course has no students yet'
              : `${SHOW_ORDER.filter((s) => counts[s])
                  .map((s) => `${counts[s]} ${STATUS_SUMMARY[s]}`)
                  .join(' · ')} (${plural(students, 'student')})`
            : isLoading
              ? 'Loading…'
              : ''}
        </p>
        <p className={`monitor-bar__live monitor-bar__live--${link === 'live' ? 'on' : 'off'}`}>
          {link === 'live' ? 'Updating live' : 'Paused: reconnecting to the server…'}
        </p>
      </div>
      {rows.length > 0 ? (
        <div className="filters monitor-filter">
          <div className="field">
            <label className="field__label" htmlFor="monitor-show">
              Show
            </label>
            <select id="monitor-show" className="input" value={show} onChange={(e) => setShow(e.target.value)}>
              <option value="all">Everyone ({rows.length})</option>
              {SHOW_ORDER.map((s) => (
                <option key={s} value={s}>
                  {ATTEMPT_STATUS_LABEL[s]} ({counts[s] ?? 0})
                </option>
              ))}
            </select>
          </div>
        </div>
      ) : null}
      {data && rows.length === 0 ? (
        <EmptyState title="No students yet">Enrol students in the course; each gets a row here, started or not.</EmptyState>
      ) : null}
      {rows.length > 0 && shown.length === 0 ? (
        <p className="muted" role="status">
          Nobody is {ATTEMPT_STATUS_LABEL[show as MonitorRow['status']]?.toLowerCase()} right now.
        </p>
      ) : null}
      {shown.length > 0 ? (
        <div className="table-wrap" role="region" aria-label="Students" tabIndex={0}>
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
              {shown.map((row) => (
                <Row key={row.attemptId ?? `student-${row.student.id}`} row={row} now={now} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Page>
  );
}

/** How the summary line counts each status ("2 in progress · 4 not started"). */
const STATUS_SUMMARY: Record<MonitorRow['status'], string> = { not_started: 'not started', in_progress: 'in progress', submitted: 'submitted', graded: 'graded' };

function Row({ row, now }: { row: MonitorRow; now: number }) {
  const started = row.attemptId !== null;
  const left = row.deadlineAt ? Date.parse(row.deadlineAt) - now : 0;
  const allPassing = row.visibleTotal > 0 && row.visiblePassing === row.visibleTotal;
  const none = (
    <>
      <span aria-hidden="true">—</span>
      <span className="visually-hidden">none</span>
    </>
  );
  return (
    <tr data-attempt={row.attemptId ?? undefined} data-student={row.student.id}>
      <th scope="row" className="table__name">
        {row.student.name}
        {row.number > 1 ? <span className="table__sub">attempt {row.number}</span> : null}
      </th>
      <td>
        <span className={`pill pill--${row.status}`}>{ATTEMPT_STATUS_LABEL[row.status] ?? row.status}</span>
      </td>
      <td className="table__num">{row.status === 'in_progress' ? (left > 0 ? formatClock(left) : 'time up') : none}</td>
      <td className="table__date">{row.lastActivityAt ? formatAgo(row.lastActivityAt, now) : none}</td>
      <td className={`table__num${started && allPassing ? ' table__num--good' : ''}`} data-col="checks">
        {started ? (
          `${row.visiblePassing}/${row.visibleTotal}`
        ) : (
          none
        )}
        {/* The student's own list leaves out tasks an event has not unlocked: so does the count. */}
        {started && row.visibleLocked > 0 ? <span className="table__sub">{row.visibleLocked} more locked</span> : null}
      </td>
      <td className="table__num">{started ? row.eventsDelivered : none}</td>
      <td className="table__num" data-col="score">
        {row.autoScore === null ? none : formatScore(row.autoScore)}
      </td>
    </tr>
  );
}
