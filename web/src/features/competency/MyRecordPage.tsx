import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { EmptyState } from '../../components/EmptyState';
import { Page } from '../../components/Page';
import { useSession } from '../auth/useSession';
import { MyDataSection } from '../privacy/MyDataSection';
import { useGetStudentRecordQuery, useListRecordCoursesQuery } from './competencyApi';
import { RecordBody, recordProblemText } from './RecordPage';

/** The student's own record: their courses, and the record of the one chosen (`?course=`). */
export function MyRecordPage() {
  const { t } = useTranslation('competency');
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const courses = useListRecordCoursesQuery();
  const list = courses.data ?? [];
  const courseId = list.some((c) => c.id === params.get('course')) ? params.get('course')! : (list[0]?.id ?? '');
  const record = useGetStudentRecordQuery({ courseId, studentId: session.user.id }, { skip: !courseId });
  const coursesProblem = toProblem(courses.error);

  const choose = (id: string) => {
    const next = new URLSearchParams(params);
    next.set('course', id);
    setParams(next, { replace: true });
  };

  return (
    <Page title={t('myRecord.title')} intro={t('myRecord.intro')}>
      {coursesProblem ? <Banner tone="error">{coursesProblem.message}</Banner> : null}
      {courses.isLoading ? (
        <p className="muted" role="status">
          {t('myRecord.loading')}
        </p>
      ) : null}
      {courses.data && list.length === 0 ? (
        <EmptyState title={t('myRecord.emptyTitle')}>{t('myRecord.emptyBody')}</EmptyState>
      ) : null}
      {list.length > 1 ? (
        <form className="filters record__course" aria-label={t('myRecord.chooseLabel')} onSubmit={(e) => e.preventDefault()}>
          <div className="field">
            <label className="field__label" htmlFor="record-course">
              {t('myRecord.course')}
            </label>
            <select id="record-course" className="input" value={courseId} onChange={(e) => choose(e.target.value)}>
              {list.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.title}
                </option>
              ))}
            </select>
          </div>
        </form>
      ) : null}
      {list.length === 1 ? <h2 className="section__title">{list[0]!.title}</h2> : null}
      {record.isFetching && !record.currentData ? (
        <p className="muted" role="status">
          {t('record.loading')}
        </p>
      ) : null}
      {record.error ? <Banner tone="error">{recordProblemText(record.error)}</Banner> : null}
      {record.currentData ? <RecordBody record={record.currentData} /> : null}
      <MyDataSection />
    </Page>
  );
}
