import { useState, type FormEvent } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { formatDateTime, plural } from '../../app/format';
import { toProblem } from '../../app/problem';
import { Banner, OutcomeBanners } from '../../components/Banner';
import { EmptyState } from '../../components/EmptyState';
import { Page } from '../../components/Page';
import { FindPartnersPanel } from './FindPartnersPanel';
import { useWithdrawPracticeMutation } from '../competency/competencyApi';
import { useEnrolMutation, useGetCourseQuery, type CourseAssignment, type CourseDetail, type EnrolReport } from './coursesApi';
import { MODE_LABEL, REVEAL_LABEL, REVIEW_LABEL } from './labels';
import { NewerVersionNotice } from './NewerVersionNotice';
import './course.css';
import { FormActions } from '../../components/FormActions';

/** One course: its assignments (each with its live monitor) and its students. */
export function CoursePage() {
  const { courseId = '' } = useParams();
  const location = useLocation();
  const { data, error, isLoading } = useGetCourseQuery(courseId);
  const problem = toProblem(error);
  const state = location.state as { created?: boolean; assigned?: string } | null;

  if (isLoading) return <p className="muted">Loading the course…</p>;
  if (problem || !data) {
    return (
      <Page title="Course">
        <Banner tone="error">{problem?.status === 404 ? 'There is no such course, or you do not teach it.' : problem?.message}</Banner>
        <p>
          <Link to="/courses">Back to courses</Link>
        </p>
      </Page>
    );
  }
  const { course } = data;
  return (
    <Page
      title={course.title}
      intro={`${course.schoolName}${course.code ? ` · ${course.code}` : ''} · ${plural(data.students.length, 'student')}`}
      actions={
        <>
          <Link to={`/courses/${course.id}/report`} className="btn">
            Course report
          </Link>
          <Link to={`/courses/${course.id}/assignments/new`} className="btn btn--primary">
            Assign a scenario
          </Link>
        </>
      }
    >
      <p className="back-link">
        <Link to="/courses">Back to courses</Link>
      </p>
      {state?.created ? <Banner tone="success">Course created. Enrol students and assign a scenario.</Banner> : null}
      {state?.assigned ? (
        <Banner tone="success">
          Assigned <strong>{state.assigned}</strong>. Enrolled students see it on their home page now.
        </Banner>
      ) : null}
      <AssignmentsSection data={data} />
      <StudentsSection data={data} />
      <FindPartnersPanel courseId={course.id} />
    </Page>
  );
}

function AssignmentsSection({ data }: { data: CourseDetail }) {
  const [withdraw, withdrawing] = useWithdrawPracticeMutation();
  const [notice, setNotice] = useState<string | null>(null);
  const problem = toProblem(withdrawing.error);

  // Targeted practice can be withdrawn while nobody has started it (the server says so otherwise).
  const onWithdraw = async (a: CourseAssignment) => {
    if (withdrawing.isLoading) return;
    setNotice(null);
    const result = await withdraw({ courseId: data.course.id, assignmentId: a.id });
    if (!('error' in result)) setNotice(`Withdrew ${a.title}: ${a.onlyFor.join(', ')} no longer ${a.onlyFor.length === 1 ? 'sees' : 'see'} it.`);
  };

  return (
    <section className="section" aria-labelledby="course-assignments">
      <h2 id="course-assignments" className="section__title">
        Assignments
      </h2>
      <OutcomeBanners notice={notice} onDismiss={() => setNotice(null)} problem={problem} />
      {data.assignments.length === 0 ? (
        <EmptyState title="Nothing assigned yet">Use “Assign a scenario” to give the course a published scenario.</EmptyState>
      ) : (
        <div className="table-wrap" role="region" aria-label="Assignments table" tabIndex={0}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Assignment</th>
                <th scope="col">Mode</th>
                <th scope="col" className="hide-narrow">
                  Window
                </th>
                <th scope="col" className="hide-narrow">
                  Results shown
                </th>
                <th scope="col" className="hide-narrow">
                  Review
                </th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
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
                    {a.onlyFor.length > 0 ? <span className="table__sub">Practice for {a.onlyFor.join(', ')} only</span> : null}
                    <NewerVersionNotice assignment={a} />
                  </th>
                  <td>
                    {MODE_LABEL[a.mode]}
                    <span className="table__sub">
                      {a.timeLimitMinutes} min · {a.maxAttempts === null ? 'unlimited attempts' : plural(a.maxAttempts, 'attempt')}
                    </span>
                  </td>
                  <td className="hide-narrow table__date">
                    {formatDateTime(a.opensAt)}
                    <span className="table__sub">{a.closesAt ? `to ${formatDateTime(a.closesAt)}` : 'no closing date'}</span>
                  </td>
                  <td className="hide-narrow">{REVEAL_LABEL[a.revealPolicy]}</td>
                  <td className="hide-narrow">
                    {REVIEW_LABEL[a.review]}
                    {a.review !== 'none' && a.blindReview ? <span className="table__sub">blind</span> : null}
                  </td>
                  <td className="course-assignment__actions">
                    <Link to={`/courses/${data.course.id}/assignments/${a.id}`} className="btn btn--small">
                      Live monitor<span className="visually-hidden"> for {a.title}</span>
                    </Link>
                    {a.onlyFor.length > 0 ? (
                      <button type="button" className="btn btn--small btn--quiet" aria-disabled={withdrawing.isLoading || undefined} onClick={() => void onWithdraw(a)}>
                        Withdraw<span className="visually-hidden"> {a.title}</span>
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
        Students
      </h2>
      <div className="two-col">
        <div>
          {data.students.length === 0 ? (
            <EmptyState title="No students yet">Enrol students of {data.course.schoolName} with the form.</EmptyState>
          ) : (
            <ul className="people" aria-label="Enrolled students">
              {data.students.map((s) => (
                <li key={s.id}>
                  <span className="people__name">{s.name}</span> <span className="people__email">{s.email}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          {report ? <EnrolResult report={report} /> : null}
          {problem ? <Banner tone="error">{problem.fields.text ? 'Pick students or paste at least one e-mail address.' : problem.message}</Banner> : null}
          <form className="form form--card" onSubmit={(e) => void onSubmit(e)} aria-label="Enrol students" noValidate>
            <fieldset className="fieldset">
              <legend className="fieldset__legend">Students of {data.course.schoolName}</legend>
              {data.candidates.length === 0 ? (
                <p className="field__hint">Every student of the school is enrolled.</p>
              ) : (
                <ul className="checklist">
                  {data.candidates.map((c) => (
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
                Or paste e-mail addresses
              </label>
              <p className="field__hint" id="enrol-text-hint">
                One student per line, or a CSV export: the first e-mail address on each line is used.
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
            <FormActions busy={isLoading} label="Enrol" busyLabel="Enrolling…" />
          </form>
        </div>
      </div>
    </section>
  );
}

function EnrolResult({ report }: { report: EnrolReport }) {
  return (
    <div
      className={`banner ${report.problems.length === 0 ? 'banner--success' : report.enrolled.length > 0 ? 'banner--warning' : 'banner--error'}`}
      role={report.problems.length ? 'alert' : 'status'}
    >
      <div className="banner__body">
        <p>
          {report.enrolled.length > 0 ? `Enrolled ${plural(report.enrolled.length, 'student')}: ${report.enrolled.map((s) => s.name).join(', ')}.` : 'Nobody new was enrolled.'}
          {report.alreadyEnrolled.length > 0 ? ` Already enrolled: ${report.alreadyEnrolled.join(', ')}.` : ''}
        </p>
        {report.problems.length > 0 ? (
          <>
            <p>{plural(report.problems.length, 'line')} could not be used; they are left in the box to fix:</p>
            <ul className="problem-lines">
              {report.problems.map((p) => (
                <li key={`${p.line}:${p.text}`}>
                  {p.line > 0 ? <strong>Line {p.line}: </strong> : null}
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
