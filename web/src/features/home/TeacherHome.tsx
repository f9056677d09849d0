import { Link } from 'react-router';
import type { SessionViewT } from '../../../../server/contract/accounts';
import { plural } from '../../app/format';
import { toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { EmptyState } from '../../components/EmptyState';
import { useListCoursesQuery } from '../courses/coursesApi';
import { RoleSection } from './RoleSection';

export function TeacherHome({ session }: { session: SessionViewT }) {
  const { data, error, isLoading } = useListCoursesQuery();
  const courses = (data ?? []).filter((c) => c.role === 'teacher');
  const problem = toProblem(error);
  return (
    <RoleSection role="teacher" title="My teaching" session={session}>
      <div className="panel">
        <h3 className="panel__title">Courses</h3>
        {problem ? <Banner tone="error">{problem.message}</Banner> : null}
        {isLoading ? <p className="muted">Loading courses…</p> : null}
        {data && courses.length === 0 ? (
          <EmptyState title="No courses yet">
            Courses you teach will appear here. From a course you assign scenarios and follow your students’ attempts live.
          </EmptyState>
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
                  {plural(c.studentCount, 'student')}
                </span>
              </li>
            ))}
          </ul>
        ) : null}
        <p className="stat__links">
          <Link to="/courses">All courses and new course</Link>
        </p>
      </div>
    </RoleSection>
  );
}
