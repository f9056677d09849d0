import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { formatDateTime } from '../../app/format';
import { sortByName } from '../../app/names';
import { SLOT, withSlot } from '../../app/richText';
import { toProblem } from '../../app/problem';
import { Banner, OutcomeBanners } from '../../components/Banner';
import { EmptyState } from '../../components/EmptyState';
import { Page } from '../../components/Page';
import { FindPartnersPanel } from './FindPartnersPanel';
import { useWithdrawPracticeMutation } from '../competency/competencyApi';
import { useEnrolMutation, useGetCourseQuery, type CourseAssignment, type CourseDetail, type EnrolReport } from './coursesApi';
import { modeLabel, revealLabel, reviewLabel } from './labels';
import { NewerVersionNotice } from './NewerVersionNotice';
import './course.css';
import { FormActions } from '../../components/FormActions';

/** One course: its assignments (each with its live monitor) and its students. */
export function CoursePage() {
  const { t } = useTranslation('courses');
  const { courseId = '' } = useParams();
  const location = useLocation();
  const { data, error, isLoading } = useGetCourseQuery(courseId);
  const problem = toProblem(error);
  const state = location.state as { created?: boolean; assigned?: string } | null;

  if (isLoading) return <p className="muted">{t('course.loading')}</p>;
  if (problem || !data) {
    return (
      <Page title={t('course.fallbackTitle')}>
        <Banner tone="error">{problem?.status === 404 ? t('course.notFound') : problem?.message}</Banner>
        <p>
          <Link to="/courses">{t('course.back')}</Link>
        </p>
      </Page>
    );
  }
  const { course } = data;
  return (
    <Page
      title={course.title}
      intro={t('course.intro', { school: course.schoolName, code: course.code || 'none', students: data.students.length })}
      actions={
        <>
          <Link to={`/courses/${course.id}/report`} className="btn">
            {t('course.report')}
          </Link>
          <Link to={`/courses/${course.id}/targeted`} className="btn">
            {t('course.targeted')}
          </Link>
          <Link to={`/courses/${course.id}/assignments/new`} className="btn btn--primary">
            {t('course.assign')}
          </Link>
        </>
      }
    >
      <p className="back-link">
        <Link to="/courses">{t('course.back')}</Link>
      </p>
      {state?.created ? <Banner tone="success">{t('course.created')}</Banner> : null}
      {state?.assigned ? <Banner tone="success">{withSlot(t('course.assigned', { title: SLOT }), <strong>{state.assigned}</strong>)}</Banner> : null}
      <AssignmentsSection data={data} />
      <StudentsSection data={data} />
      <FindPartnersPanel courseId={course.id} />
    </Page>
  );
}

function AssignmentsSection({ data }: { data: CourseDetail }) {
  const { t } = useTranslation('courses');
  const [withdraw, withdrawing] = useWithdrawPracticeMutation();
  const [notice, setNotice] = useState<string | null>(null);
  const problem = toProblem(withdrawing.error);

  // Targeted practice can be withdrawn while nobody has started it (the server says so otherwise).
  const onWithdraw = async (a: CourseAssignment) => {
    if (withdrawing.isLoading) return;
    setNotice(null);
    const result = await withdraw({ courseId: data.course.id, assignmentId: a.id });
    if (!('error' in result)) setNotice(t('assignments.withdrew', { title: a.title, names: a.onlyFor.join(t('partners.listSeparator')), count: a.onlyFor.length }));
  };

  return (
    <section className="section" aria-labelledby="course-assignments">
      <h2 id="course-assignments" className="section__title">
        {t('assignments.title')}
      </h2>
      <OutcomeBanners notice={notice} onDismiss={() => setNotice(null)} problem={problem} />
      {data.assignments.length === 0 ? (
        <EmptyState title={t('assignments.emptyTitle')}>{t('assignments.emptyBody')}</EmptyState>
      ) : (
        <div className="table-wrap" role="region" aria-label={t('assignments.tableLabel')} tabIndex={0}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('assignments.assignment')}</th>
                <th scope="col">{t('assignments.mode')}</th>
                <th scope="col" className="hide-narrow">
                  {t('assignments.window')}
                </th>
                <th scope="col" className="hide-narrow">
                  {t('assignments.results')}
                </th>
                <th scope="col" className="hide-narrow">
                  {t('assignments.review')}
                </th>
                <th scope="col">
                  <span className="visually-hidden">{t('assignments.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.assignments.map((a) => (
                <tr key={a.id}>
                  <th scope="row" className="table__name table__name--wrap">
                    {a.title}
                    <span className="table__sub table__sub--mono">
                      {a.scenario.slug} {a.scenario.version}
                    </span>
                    {a.onlyFor.length > 0 ? <span className="table__sub">{t('assignments.practiceFor', { names: a.onlyFor.join(t('partners.listSeparator')) })}</span> : null}
                    <NewerVersionNotice assignment={a} />
                  </th>
                  <td>
                    {modeLabel(a.mode)}
                    <span className="table__sub">
                      {t('assignments.limits', { minutes: a.timeLimitMinutes, attempts: a.maxAttempts === null ? 'unlimited' : 'limited', max: a.maxAttempts ?? 0 })}
                    </span>
                  </td>
                  <td className="hide-narrow table__date">
                    {formatDateTime(a.opensAt)}
                    <span className="table__sub">{a.closesAt ? t('assignments.closes', { date: formatDateTime(a.closesAt) }) : t('assignments.noClose')}</span>
                  </td>
                  <td className="hide-narrow">{revealLabel(a.revealPolicy)}</td>
                  <td className="hide-narrow">
                    {reviewLabel(a.review)}
                    {a.review !== 'none' && a.blindReview ? <span className="table__sub">{t('assignments.blind')}</span> : null}
                  </td>
                  <td className="course-assignment__actions">
                    <Link to={`/courses/${data.course.id}/assignments/${a.id}`} className="btn btn--small">
                      {t('assignments.monitor')}
                      <span className="visually-hidden">{t('assignments.monitorFor', { title: a.title })}</span>
                    </Link>
                    {a.onlyFor.length > 0 ? (
                      <button type="button" className="btn btn--small btn--quiet" aria-disabled={withdrawing.isLoading || undefined} onClick={() => void onWithdraw(a)}>
                        {t('assignments.withdraw')}
                        <span className="visually-hidden">{t('assignments.withdrawWhat', { title: a.title })}</span>
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function StudentsSection({ data }: { data: CourseDetail }) {
  const { t } = useTranslation('courses');
  const [enrol, { isLoading, error }] = useEnrolMutation();
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [text, setText] = useState('');
  const [report, setReport] = useState<EnrolReport | null>(null);
  const problem = toProblem(error);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (isLoading) return;
    setReport(null);
    const result = await enrol({ courseId: data.course.id, ...(picked.size ? { userIds: [...picked] } : {}), ...(text.trim() ? { text } : {}) });
    if ('data' in result && result.data) {
      setReport(result.data);
      setPicked(new Set());
      // Lines that went wrong stay in the box to be fixed; the rest are done.
      const bad = new Set(result.data.problems.map((p) => p.line));
      setText(
        text
          .split(/\r?\n/)
          .filter((_, i) => bad.has(i + 1))
          .join('\n'),
      );
    }
  };

  const toggle = (id: string) =>
    setPicked((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <section className="section" aria-labelledby="course-students">
      <h2 id="course-students" className="section__title">
        {t('students.title')}
      </h2>
      <div className="two-col">
        <div>
          {data.students.length === 0 ? (
            <EmptyState title={t('students.emptyTitle')}>{t('students.emptyBody', { school: data.course.schoolName })}</EmptyState>
          ) : (
            <ul className="people" aria-label={t('students.listLabel')}>
              {sortByName(data.students, (s) => s.name).map((s) => (
                <li key={s.id}>
                  <span className="people__name">{s.name}</span> <span className="people__email">{s.email}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          {report ? <EnrolResult report={report} /> : null}
          {problem ? <Banner tone="error">{problem.fields.text ? t('students.pickOrPaste') : problem.message}</Banner> : null}
          <form className="form form--card" onSubmit={(e) => void onSubmit(e)} aria-label={t('students.formLabel')} noValidate>
            <fieldset className="fieldset">
              <legend className="fieldset__legend">{t('students.ofSchool', { school: data.course.schoolName })}</legend>
              {data.candidates.length === 0 ? (
                <p className="field__hint">{t('students.allEnrolled')}</p>
              ) : (
                <ul className="checklist">
                  {sortByName(data.candidates, (c) => c.name).map((c) => (
                    <li key={c.id}>
                      <label className="check">
                        <input type="checkbox" checked={picked.has(c.id)} onChange={() => toggle(c.id)} />
                        <span>
                          {c.name} <span className="muted">{c.email}</span>
                        </span>
                      </label>
                    </li>
                  ))}
                </ul>
              )}
            </fieldset>
            <div className="field">
              <label className="field__label" htmlFor="enrol-text">
                {t('students.pasteLabel')}
              </label>
              <p className="field__hint" id="enrol-text-hint">
                {t('students.pasteHint')}
              </p>
              <textarea
                id="enrol-text"
                className="input input--mono"
                rows={5}
                value={text}
                aria-describedby="enrol-text-hint"
                onChange={(e) => setText(e.target.value)}
                spellCheck={false}
              />
            </div>
            <FormActions busy={isLoading} label={t('students.submit')} busyLabel={t('students.busy')} />
          </form>
        </div>
      </div>
    </section>
  );
}

function EnrolResult({ report }: { report: EnrolReport }) {
  const { t } = useTranslation('courses');
  const list = (names: string[]) => names.join(t('partners.listSeparator'));
  return (
    <div
      className={`banner ${report.problems.length === 0 ? 'banner--success' : report.enrolled.length > 0 ? 'banner--warning' : 'banner--error'}`}
      role={report.problems.length ? 'alert' : 'status'}
    >
      <div className="banner__body">
        <p>
          {report.enrolled.length > 0 ? t('students.enrolled', { count: report.enrolled.length, names: list(report.enrolled.map((s) => s.name)) }) : t('students.nobody')}
          {report.alreadyEnrolled.length > 0 ? t('students.already', { names: list(report.alreadyEnrolled) }) : ''}
        </p>
        {report.problems.length > 0 ? (
          <>
            <p>{t('students.badLines', { count: report.problems.length })}</p>
            <ul className="problem-lines">
              {report.problems.map((p) => (
                <li key={`${p.line}:${p.text}`}>
                  {p.line > 0 ? <strong>{t('students.line', { line: p.line })}</strong> : null}
                  <code>{p.text}</code> — {p.message}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </div>
    </div>
  );
}
