import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { formatNumber } from '../../app/format';
import { fieldMessage, toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { EmptyState } from '../../components/EmptyState';
import { ErrorSummary } from '../../components/ErrorSummary';
import { Field } from '../../components/Field';
import { Page } from '../../components/Page';
import { useCreateCourseMutation, useListCoursesQuery } from './coursesApi';
import { FormActions } from '../../components/FormActions';
import './courses.css';

/** The courses a teacher teaches, and a short form to open a new one. */
export function CoursesPage() {
  const { t } = useTranslation('courses');
  const FIELD_LABEL: Record<string, string> = { title: t('create.titleLabel'), code: t('create.codeField'), schoolId: t('create.schoolField') };
  const { data, error, isLoading } = useListCoursesQuery();
  const [createCourse, create] = useCreateCourseMutation();
  const [title, setTitle] = useState('');
  const [code, setCode] = useState('');
  const navigate = useNavigate();
  const courses = (data ?? []).filter((c) => c.role === 'teacher');
  const problem = toProblem(error);
  const createProblem = toProblem(create.error);
  const errorFor = (field: string) => (createProblem?.fields[field] ? fieldMessage(FIELD_LABEL[field] ?? field, createProblem.fields[field]) : undefined);

  const onCreate = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (create.isLoading) return;
    const result = await createCourse({ title, ...(code.trim() ? { code: code.trim() } : {}) });
    if ('data' in result && result.data) await navigate(`/courses/${result.data.id}`, { state: { created: true } });
  };

  return (
    <Page title={t('list.title')} intro={t('list.intro')}>
      {problem ? <Banner tone="error">{problem.message}</Banner> : null}
      {isLoading ? <p className="muted">{t('list.loading')}</p> : null}
      {data && courses.length === 0 ? <EmptyState title={t('list.emptyTitle')}>{t('list.emptyBody')}</EmptyState> : null}
      {courses.length > 0 ? (
        <div className="table-wrap" role="region" aria-label={t('list.tableLabel')} tabIndex={0}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('list.course')}</th>
                <th scope="col">{t('list.school')}</th>
                <th scope="col" className="table__num">
                  {t('list.students')}
                </th>
              </tr>
            </thead>
            <tbody>
              {courses.map((c) => (
                <tr key={c.id}>
                  <th scope="row" className="table__name">
                    <Link to={`/courses/${c.id}`}>{c.title}</Link>
                    {c.code ? <span className="table__sub table__sub--mono">{c.code}</span> : null}
                  </th>
                  <td>{c.schoolName}</td>
                  <td className="table__num">{formatNumber(c.studentCount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      <section className="section" aria-labelledby="new-course-title">
        <h2 id="new-course-title" className="section__title">
          {t('create.title')}
        </h2>
        <div className="form-layout">
          {createProblem ? (
            <ErrorSummary
              focusKey={create.error}
              items={Object.keys(createProblem.fields).map((f) => ({ text: errorFor(f)!, ...(f in FIELD_LABEL && f !== 'schoolId' ? { target: `course-${f}` } : {}) }))}
              message={Object.keys(createProblem.fields).length === 0 ? createProblem.message : undefined}
            />
          ) : null}
          <form className="form form--card" onSubmit={(e) => void onCreate(e)} noValidate aria-label={t('create.title')}>
            <Field id="course-title" label={t('create.titleLabel')} hint={t('create.titleHint')} error={errorFor('title')}>
              {(control) => <input {...control} className="input" value={title} onChange={(e) => setTitle(e.target.value)} autoComplete="off" />}
            </Field>
            <Field id="course-code" label={t('create.codeLabel')} hint={t('create.codeHint')} error={errorFor('code')}>
              {(control) => <input {...control} className="input input--mono" value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" />}
            </Field>
            <FormActions busy={create.isLoading} label={t('create.submit')} busyLabel={t('create.busy')} />
          </form>
        </div>
      </section>
    </Page>
  );
}
