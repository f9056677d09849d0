import type { Knex } from 'knex';
import { errors } from '../http/errors';
import { msg } from '../messages';
import type { Actor } from '../http/policy';

type CourseRole = 'teacher' | 'student';

/**
 * A place in a course lasts while the person holds that role at the course's school: a teacher
 * or student whose school took the role away (who left it for another) keeps their enrolment
 * rows, as history, but no longer reads or acts in the course.
 */
export const holdsAt = (actor: Actor, schoolId: string, role: CourseRole): boolean => actor.memberships.some((m) => m.orgId === schoolId && m.role === role);

/** The schools where the caller holds `role`: the only ones whose courses they take part in. */
export const schoolsWhere = (actor: Actor, role: CourseRole): string[] => actor.memberships.filter((m) => m.orgKind === 'school' && m.role === role).map((m) => m.orgId);

/** A teacher sees and changes only the courses they teach; a student only those they are enrolled in. */
export async function courseRole(db: Knex, actor: Actor, courseId: string): Promise<CourseRole | null> {
  // An API token of the course's school stands in for its teachers, on the routes its scopes open.
  if (actor.token) {
    const course: { school_id: string } | undefined = await db('courses').where({ id: courseId }).first('school_id');
    return course?.school_id === actor.token.orgId ? 'teacher' : null;
  }
  const rows: { role: CourseRole; school_id: string }[] = await db('course_members as m')
    .join('courses as c', 'c.id', 'm.course_id')
    .where({ 'm.course_id': courseId, 'm.user_id': actor.id })
    .select('m.role', 'c.school_id');
  const holds = (role: CourseRole) => rows.some((r) => r.role === role && holdsAt(actor, r.school_id, role));
  if (holds('teacher')) return 'teacher';
  if (holds('student')) return 'student';
  return null;
}

/** Not found rather than forbidden: an outsider learns nothing about which course ids exist. */
export async function assertTeacherOf(db: Knex, actor: Actor, courseId: string): Promise<void> {
  if (!(await db('courses').where({ id: courseId }).first('id'))) throw errors.notFound(msg('notFound.course'));
  if ((await courseRole(db, actor, courseId)) !== 'teacher') throw errors.notFound(msg('notFound.course'));
}
