import type { Knex } from 'knex';
import type { ReportSection, SubjectKind } from '../contract/feedback';
import { courseRole, schoolsWhere } from '../courses/policy';
import { errors } from '../http/errors';
import { msg } from '../messages';
import { chooseOrg, type Actor, type Role } from '../http/policy';

/** Who may read an enterprise's insights: its authors, reviewers and administrators. */
export const INSIGHT_ROLES: readonly Role[] = ['author', 'reviewer', 'admin'];

export function insightEnterprises(actor: Actor): { id: string; name: string }[] {
  const out = new Map<string, string>();
  for (const m of actor.memberships) if (m.orgKind === 'enterprise' && INSIGHT_ROLES.includes(m.role)) out.set(m.orgId, m.orgName);
  return [...out].map(([id, name]) => ({ id, name }));
}

/**
 * Whose insights a call is about: the enterprise named (if the caller belongs to it) or the
 * caller's only one. Another enterprise's id is "not found", never "forbidden", so nobody
 * learns which ids exist.
 */
export function resolveInsightEnterprise(actor: Actor, enterpriseId?: string): { id: string; name: string } {
  return chooseOrg(insightEnterprises(actor), enterpriseId, {
    none: () => errors.notFound(msg('notFound.enterprise')),
    several: msg('feedback.severalEnterprises'),
    field: 'query.enterpriseId',
  });
}

export type Subject = { kind: 'report_section'; subjectId: string; courseId: string; section: ReportSection } | { kind: 'scenario_version'; subjectId: string; versionId: string };

/** The room of one thread's live comments; joined only through thread.join, after assertThreadAccess. */
export const threadRoom = (subject: Subject) => `thread:${subject.kind}:${subject.subjectId}`;

/** The thread's subject from already validated route params (see ThreadParams); ids are kept lower case so one subject is one thread. */
export function subjectOf(kind: SubjectKind, subjectId: string): Subject {
  const id = subjectId.toLowerCase();
  if (kind === 'report_section') {
    const [courseId, section] = id.split(':') as [string, ReportSection];
    return { kind, subjectId: id, courseId, section };
  }
  return { kind, subjectId: id, versionId: id };
}

const threadNotFound = () => errors.notFound(msg('notFound.thread'));

/**
 * Who talks about what:
 *  - a report section: the course's teachers, and the authors and reviewers of an enterprise
 *    owning a scenario assigned in the course (it is their scenario's results being discussed);
 *  - a scenario version: members of the enterprise owning it, and teachers of a course with an
 *    assignment of that version.
 * Anyone else gets "not found", whether or not the subject exists.
 */
export async function assertThreadAccess(db: Knex, actor: Actor, subject: Subject): Promise<void> {
  if (subject.kind === 'report_section') {
    if (!(await db('courses').where({ id: subject.courseId }).first('id'))) throw threadNotFound();
    if ((await courseRole(db, actor, subject.courseId)) === 'teacher') return;
    const enterprises = actor.memberships.filter((m) => m.orgKind === 'enterprise' && (m.role === 'author' || m.role === 'reviewer')).map((m) => m.orgId);
    if (enterprises.length > 0) {
      const theirs = await db('assignments as a')
        .join('scenario_versions as v', 'v.id', 'a.scenario_version_id')
        .join('scenarios as s', 's.id', 'v.scenario_id')
        .where('a.course_id', subject.courseId)
        .whereIn('s.owner_org_id', enterprises)
        .first('a.id');
      if (theirs) return;
    }
    throw threadNotFound();
  }
  const version = await db('scenario_versions as v').join('scenarios as s', 's.id', 'v.scenario_id').where('v.id', subject.versionId).first('s.owner_org_id');
  if (!version) throw threadNotFound();
  if (version.owner_org_id && actor.memberships.some((m) => m.orgId === version.owner_org_id)) return;
  const teaches = await db('assignments as a')
    .join('course_members as m', 'm.course_id', 'a.course_id')
    .join('courses as c', 'c.id', 'a.course_id')
    .where({ 'a.scenario_version_id': subject.versionId, 'm.user_id': actor.id, 'm.role': 'teacher' })
    .whereIn('c.school_id', schoolsWhere(actor, 'teacher'))
    .first('a.id');
  if (teaches) return;
  throw threadNotFound();
}
