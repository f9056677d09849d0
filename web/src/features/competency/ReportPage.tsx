import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import type { CourseReport } from '../../../../server/contract/competency';
import { plural } from '../../app/format';
import { toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { Page } from '../../components/Page';
import { CommentThread } from '../feedback/CommentThread';
import { reportCsvUrl, useGetCourseReportQuery } from './competencyApi';
import { Distribution } from './Distribution';
import { GapList } from './GapList';
import { Heatmap } from './Heatmap';
import { LevelLegend } from './LevelLegend';
import { METHOD_LABEL } from './levels';
import { MethodForm } from './MethodForm';
import { ModulesSection } from './ModulesSection';
import { PracticeList } from './PracticeList';
import './competency.css';

const SECTIONS = [
  { id: 'report-heatmap', title: 'Mastery heatmap' },
  { id: 'report-distribution', title: 'Distribution' },
  { id: 'report-gaps', title: 'Gaps' },
  { id: 'report-practice', title: 'Students who need targeted practice' },
  { id: 'report-modules', title: 'Modules and adjustments' },
  { id: 'report-method', title: 'Mastery method' },
] as const;

type SectionId = (typeof SECTIONS)[number]['id'];

function Section({ id, intro, actions, children }: { id: SectionId; intro?: ReactNode; actions?: ReactNode; children: ReactNode }) {
  const title = SECTIONS.find((s) => s.id === id)!.title;
  return (
    <section className="section report-section" id={id} aria-labelledby={`${id}-title`}>
      <div className="report-section__head">
        <h2 id={`${id}-title`} className="section__title">
          {title}
        </h2>
        {actions ? <div className="report-section__actions">{actions}</div> : null}
      </div>
      {intro ? <p className="section__intro">{intro}</p> : null}
      {children}
    </section>
  );
}

function CsvLink({ courseId, part, children }: { courseId: string; part: 'heatmap' | 'gaps'; children: string }) {
  return (
    <a className="btn btn--small" href={reportCsvUrl(courseId, part)} download>
      {children}
    </a>
  );
}

function ReportBody({ report }: { report: CourseReport }) {
  const courseId = report.course.id;
  return (
    <>
      <nav className="report-toc" aria-label="Sections of the report">
        <ul>
          {SECTIONS.map((s) => (
            <li key={s.id}>
              <a href={`#${s.id}`}>{s.title}</a>
            </li>
          ))}
        </ul>
      </nav>
      <Section
        id="report-heatmap"
        intro="Each student’s mastery of each competency. Open a cell for the evidence behind it."
        actions={<CsvLink courseId={courseId} part="heatmap">Export heatmap (CSV)</CsvLink>}
      >
        <LevelLegend levels={report.levels} />
        <Heatmap report={report} />
      </Section>
      <Section id="report-distribution" intro="How many students are at each level, per competency.">
        <Distribution report={report} />
      </Section>
      <Section
        id="report-gaps"
        intro="Competencies ranked by the share of assessed students below proficient, with the modules that teach them and what reviewers wrote."
        actions={<CsvLink courseId={courseId} part="gaps">Export gaps (CSV)</CsvLink>}
      >
        <GapList report={report} />
        <CommentThread kind="report_section" subjectId={`${courseId}:gaps`} title="Discussion of the gaps" intro="With the companies whose scenarios this course uses: their authors and reviewers read and answer here." />
      </Section>
      <Section id="report-practice" intro="Each suggestion trains the student’s weakest competencies. Assigning makes it a practice assignment only that student sees.">
        <PracticeList report={report} />
      </Section>
      <Section id="report-modules">
        <ModulesSection report={report} />
        <CommentThread kind="report_section" subjectId={`${courseId}:adjustments`} title="Discussion of the adjustments" />
      </Section>
      <Section id="report-method">
        <MethodForm courseId={courseId} method={report.method} />
      </Section>
    </>
  );
}

/** The teacher's view of a course's competencies: where the class stands, where it falls short, and what was changed about it. */
export function ReportPage() {
  const { courseId = '' } = useParams();
  const { data, error, isLoading, isFetching } = useGetCourseReportQuery(courseId);
  const problem = toProblem(error);
  const back = (
    <p className="back-link">
      <Link to={`/courses/${courseId}`}>Back to the course</Link>
    </p>
  );

  if (isLoading) return <p className="muted" role="status">Loading the course report…</p>;
  if (!data) {
    return (
      <Page title="Course report">
        {back}
        <Banner tone="error">{problem?.status === 404 || problem?.status === 403 ? 'There is no such course, or you do not teach it.' : problem?.message}</Banner>
      </Page>
    );
  }
  return (
    <Page
      title={`Report: ${data.course.title}`}
      heading={
        <>
          Course report <span className="report-heading__sub">{data.course.title}</span>
        </>
      }
      intro={`${plural(data.students.length, 'student')} · ${plural(data.competencies.length, 'competency', 'competencies')} · mastery by ${METHOD_LABEL[data.method.kind].toLowerCase()}`}
      actions={
        <button type="button" className="btn" onClick={() => window.print()}>
          Print report
        </button>
      }
    >
      {back}
      <p className="report-status" role="status">
        {isFetching ? 'Updating the report…' : ''}
      </p>
      {problem ? <Banner tone="error">{problem.message}</Banner> : null}
      <div className="report" aria-busy={isFetching || undefined}>
        <ReportBody report={data} />
      </div>
    </Page>
  );
}
