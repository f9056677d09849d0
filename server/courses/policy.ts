import type { Knex } from 'knex';
import { errors } from '../http/errors';
import type { Actor } from '../http/policy';

/** A teacher sees and changes only the courses they teach; a student only those they are enrolled in. */
export async function courseRole(db: Knex, actor: Actor, courseId: string): Promise<'teacher' | 'student' | null> {
  const rows: { role: 'teacher' | 'student' }[] = await db('course_members').where({ course_id: courseId, user_id: actor.id }).select('role');
  if (rows.some((r) => r.role === 'teacher')) return 'teacher';
  if (rows.some((r) => r.role === 'student')) return 'student';
  return null;
}

/** Not found rather than forbidden: an outsider learns nothing about which course ids exist. */
export async function assertTeacherOf(db: Knex, actor: Actor, courseId: string): Promise<void> {
  if (!(await db('courses').where({ id: courseId }).first('id'))) throw errors.notFound('Course');
  if ((await courseRole(db, actor, courseId)) !== 'teacher') throw errors.notFound('Course');
}
