import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldMessage, toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { EmptyState } from '../../components/EmptyState';
import { ErrorSummary } from '../../components/ErrorSummary';
import { Field } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { Page } from '../../components/Page';
import { useGetCourseQuery, useListCoursesQuery } from '../courses/coursesApi';
import { PlacementCard } from './PlacementCard';
import { useCreatePlacementMutation, useListTrainingBasesQuery } from './placementActionsApi';
import { useListPlacementsQuery } from './placementsApi';
import './placements.css';

/** A teacher's page: the school's placements, and placing a student of one of their courses at a training base. */
export function PlacementsPage() {
  const { t } = useTranslation('placements');
  const placements = useListPlacementsQuery();
  const problem = toProblem(placements.error);
  return (
    <Page title={t('list.title')} intro={t('list.intro')}>
      {problem ? <Banner tone="error">{problem.message}</Banner> : null}
      {placements.isLoading ? <p className="muted">{t('loading')}</p> : null}
      {placements.data && placements.data.length === 0 ? <EmptyState title={t('list.emptyTitle')}>{t('list.emptyBody')}</EmptyState> : null}
      {(placements.data ?? []).length > 0 ? (
        <section className="section" aria-labelledby="placements-heading">
          <h2 id="placements-heading" className="section__title">
            {t('list.heading')}
          </h2>
          <ul className="placement-list">
            {placements.data!.map((p) => (
              <PlacementCard key={p.id} placement={p} manage={{ status: true, mentor: true }} />
            ))}
          </ul>
        </section>
      ) : null}
      <NewPlacement />
    </Page>
  );
}

function NewPlacement() {
  const { t } = useTranslation('placements');
  const LABEL: Record<string, string> = {
    courseId: t('create.course'),
    studentId: t('create.student'),
    baseId: t('create.base'),
    role: t('create.role'),
    startsOn: t('create.startsOn'),
    endsOn: t('create.endsOn'),
    weeklyHours: t('create.weeklyHours'),
    teacherId: t('create.schoolMentor'),
  };
  const courses = useListCoursesQuery();
  const bases = useListTrainingBasesQuery();
  const [courseId, setCourseId] = useState('');
  const course = useGetCourseQuery(courseId, { skip: !courseId });
  const [studentId, setStudentId] = useState('');
  const [baseId, setBaseId] = useState('');
  const [role, setRole] = useState('');
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [hours, setHours] = useState('20');
  const [create, state] = useCreatePlacementMutation();
  const [created, setCreated] = useState<string | null>(null);
  const problem = toProblem(state.error);
  const errorFor = (f: string) => (problem?.fields[f] ? fieldMessage(LABEL[f] ?? f, problem.fields[f]) : undefined);
  const base = (bases.data ?? []).find((b) => b.id === baseId);
  const teaching = (courses.data ?? []).filter((c) => c.role === 'teacher');

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (state.isLoading) return;
    setCreated(null);
    const result = await create({ baseId, studentId, role, startsOn, endsOn, weeklyHours: Number(hours), ...(courseId ? { courseId } : {}) });
    if ('data' in result && result.data) setCreated(t('create.done', { student: result.data.student.name, base: result.data.base.name }));
  };

  return (
    <section className="section" aria-labelledby="new-placement-title">
      <h2 id="new-placement-title" className="section__title">
        {t('create.title')}
      </h2>
      {created ? (
        <Banner tone="success" onDismiss={() => setCreated(null)}>
          {created}
        </Banner>
      ) : null}
      {bases.data && bases.data.length === 0 ? <p className="muted">{t('create.noBases')}</p> : null}
      {problem ? (
        <ErrorSummary
          focusKey={state.error}
          items={Object.keys(problem.fields).map((f) => ({ text: errorFor(f)!, target: `placement-${f}` }))}
          message={Object.keys(problem.fields).length === 0 ? problem.message : undefined}
        />
      ) : null}
      <form className="form form--card" onSubmit={(e) => void onSubmit(e)} noValidate aria-label={t('create.title')}>
        <Field id="placement-courseId" label={LABEL.courseId} hint={t('create.courseHint')} error={errorFor('courseId')}>
          {(control) => (
            <select {...control} className="input" value={courseId} onChange={(e) => (setCourseId(e.target.value), setStudentId(''))}>
              <option value="">{t('create.choose')}</option>
              {teaching.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.title}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="placement-studentId" label={LABEL.studentId} error={errorFor('studentId')}>
          {(control) => (
            <select {...control} className="input" value={studentId} onChange={(e) => setStudentId(e.target.value)}>
              <option value="">{t('create.choose')}</option>
              {(course.data?.students ?? []).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="placement-baseId" label={LABEL.baseId} error={errorFor('baseId')}>
          {(control) => (
            <select {...control} className="input" value={baseId} onChange={(e) => (setBaseId(e.target.value), setRole(''))}>
              <option value="">{t('create.choose')}</option>
              {(bases.data ?? []).map((b) => (
                <option key={b.id} value={b.id}>
                  {t('create.baseOption', { base: b.name, enterprise: b.enterprise.name })}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="placement-role" label={LABEL.role} error={errorFor('role')}>
          {(control) => (
            <select {...control} className="input" value={role} onChange={(e) => setRole(e.target.value)}>
              <option value="">{t('create.choose')}</option>
              {(base?.roles ?? []).map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="placement-form__dates">
          <Field id="placement-startsOn" label={LABEL.startsOn} error={errorFor('startsOn')}>
            {(control) => <input {...control} className="input" type="date" value={startsOn} onChange={(e) => setStartsOn(e.target.value)} />}
          </Field>
          <Field id="placement-endsOn" label={LABEL.endsOn} error={errorFor('endsOn')}>
            {(control) => <input {...control} className="input" type="date" value={endsOn} onChange={(e) => setEndsOn(e.target.value)} />}
          </Field>
        </div>
        <Field id="placement-weeklyHours" label={LABEL.weeklyHours} hint={t('create.weeklyHoursHint')} error={errorFor('weeklyHours')}>
          {(control) => <input {...control} className="input" type="number" min={1} max={60} inputMode="numeric" value={hours} onChange={(e) => setHours(e.target.value)} />}
        </Field>
        <FormActions busy={state.isLoading} label={t('create.submit')} busyLabel={t('create.busy')} />
      </form>
    </section>
  );
}
