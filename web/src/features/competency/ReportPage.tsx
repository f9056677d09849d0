import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { CourseReport } from '../../../../server/contract/competency';
import { toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { Page } from '../../components/Page';
import { CommentThread } from '../feedback/CommentThread';
import { reportCsvUrl, useGetCourseReportQuery } from './competencyApi';
import { Distribution } from './Distribution';
import { GapList } from './GapList';
import { Heatmap } from './Heatmap';
import { LevelLegend } from './LevelLegend';
import { methodLabel } from './levels';
import { MethodForm } from './MethodForm';
import { RecomputeProgress } from './RecomputeProgress';
import { useMasteryRecompute } from './useMasteryRecompute';
import { ModulesSection } from './ModulesSection';
import { PracticeList } from './PracticeList';
import { SourcesTable } from './SourcesTable';
import './competency.css';

const SECTIONS = [
  { id: 'report-heatmap', key: 'report.section.heatmap' },
  { id: 'report-distribution', key: 'report.section.distribution' },
  { id: 'report-gaps', key: 'report.section.gaps' },
  { id: 'report-sources', key: 'report.section.sources' },
  { id: 'report-practice', key: 'report.section.practice' },
  { id: 'report-modules', key: 'report.section.modules' },
  { id: 'report-method', key: 'report.section.method' },
] as const;

type SectionId = (typeof SECTIONS)[number]['id'];

function Section({ id, intro, actions, children }: { id: SectionId; intro?: ReactNode; actions?: ReactNode; children: ReactNode }) {
  const { t } = useTranslation('competency');
  const title = t(SECTIONS.find((s) => s.id === id)!.key);
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

function CsvLink({ courseId, part, children }: { courseId: string; part: 'heatmap' | 'gaps' | 'sources'; children: string }) {
  const { i18n } = useTranslation('competency');
  return (
    <a className="btn btn--small" href={reportCsvUrl(courseId, part, i18n.language)} download>
      {children}
    </a>
  );
}

function ReportBody({ report }: { report: CourseReport }) {
  const { t } = useTranslation('competency');
  const courseId = report.course.id;
  const recompute = useMasteryRecompute(courseId, report.recompute);
  return (
    <>
      {recompute ? <RecomputeProgress job={recompute} /> : null}
      <nav className="report-toc" aria-label={t('report.toc')}>
        <ul>
          {SECTIONS.map((s) => (
            <li key={s.id}>
              <a href={`#${s.id}`}>{t(s.key)}</a>
            </li>
          ))}
        </ul>
      </nav>
      <Section
        id="report-heatmap"
        intro={t('report.heatmapIntro')}
        actions={
          <CsvLink courseId={courseId} part="heatmap">
            {t('report.exportHeatmap')}
          </CsvLink>
        }
      >
        <LevelLegend levels={report.levels} />
        <Heatmap report={report} />
      </Section>
      <Section id="report-distribution" intro={t('report.distributionIntro')}>
        <Distribution report={report} />
      </Section>
      <Section
        id="report-gaps"
        intro={t('report.gapsIntro')}
        actions={
          <CsvLink courseId={courseId} part="gaps">
            {t('report.exportGaps')}
          </CsvLink>
        }
      >
        <GapList report={report} />
        <CommentThread kind="report_section" subjectId={`${courseId}:gaps`} title={t('report.gapsDiscussion')} intro={t('report.gapsDiscussionIntro')} />
      </Section>
      <Section
        id="report-sources"
        intro={t('report.sourcesIntro')}
        actions={
          report.sources.length > 0 ? (
            <CsvLink courseId={courseId} part="sources">
              {t('report.exportSources')}
            </CsvLink>
          ) : undefined
        }
      >
        <SourcesTable report={report} />
      </Section>
      <Section id="report-practice" intro={t('report.practiceIntro')}>
        <PracticeList report={report} />
      </Section>
      <Section id="report-modules">
        <ModulesSection report={report} />
        <CommentThread kind="report_section" subjectId={`${courseId}:adjustments`} title={t('report.adjustmentsDiscussion')} />
      </Section>
      <Section id="report-method">
        {recompute ? <RecomputeProgress job={recompute} /> : null}
        <MethodForm courseId={courseId} method={report.method} />
      </Section>
    </>
  );
}

/** The teacher's view of a course's competencies: where the class stands, where it falls short, and what was changed about it. */
export function ReportPage() {
  const { t, i18n } = useTranslation('competency');
  const { courseId = '' } = useParams();
  const { data, error, isLoading, isFetching } = useGetCourseReportQuery(courseId);
  const problem = toProblem(error);
  const back = (
    <p className="back-link">
      <Link to={`/courses/${courseId}`}>{t('report.back')}</Link>
    </p>
  );

  if (isLoading) {
    return (
      <p className="muted" role="status">
        {t('report.loading')}
      </p>
    );
  }
  if (!data) {
    return (
      <Page title={t('report.title')}>
        {back}
        <Banner tone="error">{problem?.status === 404 || problem?.status === 403 ? t('report.notFound') : problem?.message}</Banner>
      </Page>
    );
  }
  return (
    <Page
      title={t('report.pageTitle', { course: data.course.title })}
      heading={
        <>
          {t('report.title')} <span className="report-heading__sub">{data.course.title}</span>
        </>
      }
      intro={t('report.intro', {
        students: data.students.length,
        competencies: data.competencies.length,
        method: methodLabel(data.method.kind).toLocaleLowerCase(i18n.language),
      })}
      actions={
        <button type="button" className="btn" onClick={() => window.print()}>
          {t('report.print')}
        </button>
      }
    >
      {back}
      <p className="report-status" role="status">
        {isFetching ? t('report.updating') : ''}
      </p>
      {problem ? <Banner tone="error">{problem.message}</Banner> : null}
      <div className="report" aria-busy={isFetching || undefined}>
        <ReportBody report={data} />
      </div>
    </Page>
  );
}
