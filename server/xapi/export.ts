import { once } from 'node:events';
import type { Response } from 'express';
import { courseRole } from '../courses/policy';
import type { AppDeps } from '../deps';
import { errors } from '../http/errors';
import { adminOrgIds, type Actor } from '../http/policy';
import { msg } from '../messages';
import { courseStatements } from './collect';
import { identityOf } from './settings';

/**
 * A course's statements as newline-delimited JSON: one statement per line, written as the
 * collector reads them page by page, so a large course streams in constant memory. The same
 * statements (same ids) the LRS gets, so an LRS loaded from this file and fed by forwarding
 * holds each once. Teachers of the course and admins of its school; anyone else: not found.
 */
export async function exportCourse(deps: AppDeps, actor: Actor, courseId: string, res: Response): Promise<void> {
  const course: { id: string; school_id: string } | undefined = await deps.db('courses').where({ id: courseId }).first('id', 'school_id');
  if (!course) throw errors.notFound(msg('notFound.course'));
  const teaches = (await courseRole(deps.db, actor, courseId)) === 'teacher';
  if (!teaches && !adminOrgIds(actor).has(course.school_id)) throw errors.notFound(msg('notFound.course'));
  const identity = await identityOf(deps.db, deps.config, course.school_id, deps.clock());
  res.status(200);
  res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="course-${courseId}-xapi.ndjson"`);
  res.setHeader('X-Experience-API-Version', '1.0.3');
  let closed = false;
  res.on('close', () => {
    closed = true;
  });
  for await (const c of courseStatements(deps.db, identity, courseId)) {
    if (closed) return;
    if (!res.write(`${JSON.stringify(c.statement)}\n`)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
  }
  res.end();
}
