import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { SessionViewT } from '../../../../server/contract/accounts';
import { toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { EmptyState } from '../../components/EmptyState';
import { useListCoursesQuery } from '../courses/coursesApi';
import { AssessmentReminders } from '../assessments/AssessmentReminders';
import { TalentLinks } from '../talent/TalentLinks';
import { RoleSection } from './RoleSection';

export function TeacherHome({ session }: { session: SessionViewT }) {
  const { t } = useTranslation('home');
  const { data, error, isLoading } = useListCoursesQuery();
  const courses = (data ?? []).filter((c) => c.role === 'teacher');
  const problem = toProblem(error);
  return (
    <RoleSection role="teacher" title={t('teacher.title')} session={session}>
      <AssessmentReminders />
      <div className="panel">
        <h3 className="panel__title">{t('teacher.courses')}</h3>
        {problem ? <Banner tone="error">{problem.message}</Banner> : null}
        {isLoading ? <p className="muted">{t('teacher.loading')}</p> : null}
        {data && courses.length === 0 ? (
          <EmptyState title={t('teacher.noneYet')}>{t('teacher.noneYetText')}</EmptyState>
        ) : null}
        {courses.length > 0 ? (
          <ul className="course-list">
            {courses.map((c) => (
              <li key={c.id}>
                <Link to={`/courses/${c.id}`} className="course-list__title">
                  {c.title}
                </Link>
                <span className="muted">
                  {c.code ? `${c.code} · ` : ''}
                  {t('teacher.students', { count: c.studentCount })}
                </span>
              </li>
            ))}
          </ul>
        ) : null}
        <p className="stat__links">
          <Link to="/courses">{t('teacher.all')}</Link>
        </p>
      </div>
      <div className="panel-grid panel-grid--after">
        <TalentLinks session={session} role="teacher" />
      </div>
    </RoleSection>
  );
}
