import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { StudentRecord } from '../../../../server/contract/competency';
import { toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { EmptyState } from '../../components/EmptyState';
import { Page } from '../../components/Page';
import { useGetStudentRecordQuery } from './competencyApi';
import { LevelLegend } from './LevelLegend';
import { methodDescription, methodLabel, weightsDescription } from './levels';
import { RecordTable } from './RecordTable';

/** The record itself: how mastery is calculated, then every competency with its evidence. */
export function RecordBody({ record }: { record: StudentRecord }) {
  const { t } = useTranslation('competency');
  return (
    <div className="record">
      <div className="method__current record__method">
        <p className="method__label">{t('record.methodIn', { course: record.course.title })}</p>
        <p className="method__name">{methodLabel(record.method.kind)}</p>
        <p>{methodDescription(record.method)}</p>
        <p>
          {t('record.sourcesHow')} {weightsDescription(record.method.sources)}
        </p>
      </div>
      <LevelLegend levels={record.levels} />
      {record.competencies.length === 0 ? (
        <EmptyState title={t('record.emptyTitle')}>{t('record.emptyBody')}</EmptyState>
      ) : (
        <RecordTable record={record} />
      )}
    </div>
  );
}

export function recordProblemText(error: Parameters<typeof toProblem>[0]): string | undefined {
  const problem = toProblem(error);
  if (problem?.status === 404 || problem?.status === 403) return i18next.t('record.notFound', { ns: 'competency' });
  return problem?.message;
}

/** A teacher's view of one student's competency record in a course. */
export function RecordPage() {
  const { t } = useTranslation('competency');
  const { courseId = '', studentId = '' } = useParams();
  const { data, error, isLoading } = useGetStudentRecordQuery({ courseId, studentId });
  const back = (
    <p className="back-link">
      <Link to={`/courses/${courseId}/report`}>{t('record.back')}</Link>
    </p>
  );
  if (isLoading) {
    return (
      <p className="muted" role="status">
        {t('record.loading')}
      </p>
    );
  }
  if (!data) {
    return (
      <Page title={t('record.title')}>
        {back}
        <Banner tone="error">{recordProblemText(error)}</Banner>
      </Page>
    );
  }
  return (
    <Page
      title={t('record.pageTitle', { student: data.student.name })}
      heading={
        <>
          {data.student.name} <span className="report-heading__sub">{t('record.sub', { course: data.course.title })}</span>
        </>
      }
    >
      {back}
      <RecordBody record={data} />
    </Page>
  );
}
