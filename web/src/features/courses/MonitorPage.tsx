import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import type { MonitorRow } from '../../../../server/contract/workspace';
import { formatAgo, formatClock, formatProportion } from '../../app/format';
import { compareNames } from '../../app/names';
import { useAppSelector } from '../../app/hooks';
import { toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { EmptyState } from '../../components/EmptyState';
import { Page } from '../../components/Page';
import { selectLinkStatus } from '../connection/connectionSlice';
import { useServerNow } from '../connection/useServerNow';
import { useGetCourseQuery, useGetMonitorQuery } from './coursesApi';
import { attemptStatusLabel } from './labels';
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
  const { t } = useTranslation('courses');
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
  const rows = [...(data?.rows ?? [])].sort((a, b) => compareNames(a.student.name, b.student.name) || a.number - b.number);
  const counts = rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
  const students = new Set(rows.map((r) => r.student.id)).size;
  const shown = show === 'all' ? rows : rows.filter((r) => r.status === show);
  const title = assignment ? t('monitor.titleFor', { title: assignment.title }) : t('monitor.title');
  const summaryPart: Record<MonitorRow['status'], (count: number) => string> = {
    not_started: (count) => t('monitor.summaryPart.notStarted', { count }),
    in_progress: (count) => t('monitor.summaryPart.inProgress', { count }),
    submitted: (count) => t('monitor.summaryPart.submitted', { count }),
    graded: (count) => t('monitor.summaryPart.graded', { count }),
  };
  const nobodyIs: Record<MonitorRow['status'], string> = {
    not_started: t('monitor.nobodyIs.notStarted'),
    in_progress: t('monitor.nobodyIs.inProgress'),
    submitted: t('monitor.nobodyIs.submitted'),
    graded: t('monitor.nobodyIs.graded'),
  };

  const setShow = (value: string) => {
    const next = new URLSearchParams(params);
    if (value === 'all') next.delete('show');
    else next.set('show', value);
    setParams(next, { replace: true });
  };

  return (
    <Page
      title={title}
      intro={course.data ? t('monitor.intro', { course: course.data.course.title, count: course.data.students.length }) : undefined}
    >
      <p className="back-link">
        <Link to={`/courses/${courseId}`}>{course.data ? t('monitor.back', { title: course.data.course.title }) : t('monitor.backFallback')}</Link>
      </p>
      {problem ? <Banner tone="error">{problem.status === 404 ? t('monitor.notFound') : problem.message}</Banner> : null}
      <div className="monitor-bar">
        <p className="monitor-bar__summary">
          {data
            ? rows.length === 0
              ? t('monitor.nobody')
              : t('monitor.summary', {
                  counts: SHOW_ORDER.filter((s) => counts[s])
                    .map((s) => summaryPart[s](counts[s]!))
                    .join(t('monitor.summarySeparator')),
                  students,
                })
            : isLoading
              ? t('monitor.loading')
              : ''}
        </p>
        <p className={`monitor-bar__live monitor-bar__live--${link === 'live' ? 'on' : 'off'}`}>
          {link === 'live' ? t('monitor.live') : t('monitor.paused')}
        </p>
      </div>
      {rows.length > 0 ? (
        <div className="filters monitor-filter">
          <div className="field">
            <label className="field__label" htmlFor="monitor-show">
              {t('monitor.show')}
            </label>
            <select id="monitor-show" className="input" value={show} onChange={(e) => setShow(e.target.value)}>
              <option value="all">{t('monitor.everyone', { count: rows.length })}</option>
              {SHOW_ORDER.map((s) => (
                <option key={s} value={s}>
                  {t('monitor.option', { label: attemptStatusLabel(s), count: counts[s] ?? 0 })}
                </option>
              ))}
            </select>
          </div>
        </div>
      ) : null}
      {data && rows.length === 0 ? (
        <EmptyState title={t('monitor.emptyTitle')}>{t('monitor.emptyBody')}</EmptyState>
      ) : null}
      {rows.length > 0 && shown.length === 0 ? (
        <p className="muted" role="status">
          {nobodyIs[show as MonitorRow['status']]}
        </p>
      ) : null}
      {shown.length > 0 ? (
        <div className="table-wrap" role="region" aria-label={t('monitor.tableLabel')} tabIndex={0}>
          <table className="table table--monitor">
            <thead>
              <tr>
                <th scope="col">{t('monitor.student')}</th>
                <th scope="col">{t('monitor.status')}</th>
                <th scope="col" className="table__num">
                  {t('monitor.timeLeft')}
                </th>
                <th scope="col">{t('monitor.lastActivity')}</th>
                <th scope="col" className="table__num">
                  {t('monitor.visibleChecks')}
                </th>
                <th scope="col" className="table__num">
                  {t('monitor.events')}
                </th>
                <th scope="col" className="table__num">
                  {t('monitor.score')}
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

function Row({ row, now }: { row: MonitorRow; now: number }) {
  const { t } = useTranslation('courses');
  const started = row.attemptId !== null;
  const left = row.deadlineAt ? Date.parse(row.deadlineAt) - now : 0;
  const allPassing = row.visibleTotal > 0 && row.visiblePassing === row.visibleTotal;
  const none = (
    <>
      <span aria-hidden="true">—</span>
      <span className="visually-hidden">{t('monitor.none')}</span>
    </>
  );
  return (
    <tr data-attempt={row.attemptId ?? undefined} data-student={row.student.id}>
      <th scope="row" className="table__name">
        {row.student.name}
        {row.number > 1 ? <span className="table__sub">{t('monitor.attempt', { number: row.number })}</span> : null}
      </th>
      <td>
        <span className={`pill pill--${row.status}`}>{attemptStatusLabel(row.status)}</span>
      </td>
      <td className="table__num">{row.status === 'in_progress' ? (left > 0 ? formatClock(left) : t('monitor.timeUp')) : none}</td>
      <td className="table__date">{row.lastActivityAt ? formatAgo(row.lastActivityAt, now) : none}</td>
      <td className={`table__num${started && allPassing ? ' table__num--good' : ''}`} data-col="checks">
        {started ? (
          t('monitor.checks', { passing: row.visiblePassing, total: row.visibleTotal })
        ) : (
          none
        )}
        {/* The student's own list leaves out tasks an event has not unlocked: so does the count. */}
        {started && row.visibleLocked > 0 ? <span className="table__sub">{t('monitor.locked', { count: row.visibleLocked })}</span> : null}
      </td>
      <td className="table__num">{started ? row.eventsDelivered : none}</td>
      <td className="table__num" data-col="score">
        {row.autoScore === null ? none : formatProportion(row.autoScore)}
      </td>
    </tr>
  );
}
