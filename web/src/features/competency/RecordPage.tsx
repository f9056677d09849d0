import { Link, useParams } from 'react-router';
import type { StudentRecord } from '../../../../server/contract/competency';
import { toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { EmptyState } from '../../components/EmptyState';
import { Page } from '../../components/Page';
import { useGetStudentRecordQuery } from './competencyApi';
import { LevelLegend } from './LevelLegend';
import { METHOD_LABEL } from './levels';
import { RecordTable } from './RecordTable';

/** The record itself: how mastery is calculated, then every competency with its evidence. */
export function RecordBody({ record }: { record: StudentRecord }) {
  return (
    <div className="record">
      <div className="method__current record__method">
        <p className="method__label">How mastery is calculated in {record.course.title}</p>
        <p className="method__name">{METHOD_LABEL[record.method.kind]}</p>
        <p>{record.method.description}</p>
      </div>
      <LevelLegend levels={record.levels} />
      {record.competencies.length === 0 ? (
        <EmptyState title="No competencies yet">The record fills in as work on the course’s scenarios is graded and reviewed.</EmptyState>
      ) : (
        <RecordTable record={record} />
      )}
    </div>
  );
}

export function recordProblemText(error: Parameters<typeof toProblem>[0]): string | undefined {
  const problem = toProblem(error);
  if (problem?.status === 404 || problem?.status === 403) return 'There is no such record, or it is not yours to see.';
  return problem?.message;
}

/** A teacher's view of one student's competency record in a course. */
export function RecordPage() {
  const { courseId = '', studentId = '' } = useParams();
  const { data, error, isLoading } = useGetStudentRecordQuery({ courseId, studentId });
  const back = (
    <p className="back-link">
      <Link to={`/courses/${courseId}/report`}>Back to the course report</Link>
    </p>
  );
  if (isLoading) return <p className="muted" role="status">Loading the record…</p>;
  if (!data) {
    return (
      <Page title="Competency record">
        {back}
        <Banner tone="error">{recordProblemText(error)}</Banner>
      </Page>
    );
  }
  return (
    <Page
      title={`${data.student.name}: competency record`}
      heading={
        <>
          {data.student.name} <span className="report-heading__sub">Competency record · {data.course.title}</span>
        </>
      }
    >
      {back}
      <RecordBody record={data} />
    </Page>
  );
}
