import type { Knex } from 'knex';
import { errors } from '../http/errors';
import type { Actor } from '../http/policy';
import { msg } from '../messages';

/**
 * Who the caller is to one placement. Every placement route (logbook, assessments, rooms)
 * asks this first and decides from the answer; a caller with no relation is told the
 * placement does not exist, as for an id that exists nowhere.
 *  - student: the placed student
 *  - schoolMentor: the teacher named as the school mentor
 *  - enterpriseMentor: the engineer named as the enterprise mentor (a member or an invited mentor)
 *  - school: a teacher or admin of the placement's school
 *  - enterprise: an admin of the enterprise that runs the base
 */
export type PlacementRelation = 'student' | 'schoolMentor' | 'enterpriseMentor' | 'school' | 'enterprise';

export type PlacementFacts = {
  id: string;
  baseId: string;
  enterpriseId: string;
  schoolId: string;
  studentId: string;
  teacherId: string;
  enterpriseMentorId: string | null;
  courseId: string | null;
  role: string;
  startsOn: string;
  endsOn: string;
  weeklyHours: number;
  status: string;
};

export type PlacementAccess = { placement: PlacementFacts; relations: ReadonlySet<PlacementRelation> };

export async function placementFacts(db: Knex, placementId: string): Promise<PlacementFacts | undefined> {
  const r = await db('placements as pl')
    .join('training_bases as b', 'b.id', 'pl.base_id')
    .where('pl.id', placementId)
    .first('pl.*', 'b.enterprise_id');
  if (!r) return undefined;
  return {
    id: r.id,
    baseId: r.base_id,
    enterpriseId: r.enterprise_id,
    schoolId: r.school_id,
    studentId: r.student_id,
    teacherId: r.teacher_id,
    enterpriseMentorId: r.enterprise_mentor_id ?? null,
    courseId: r.course_id ?? null,
    role: r.role,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    weeklyHours: Number(r.weekly_hours),
    status: r.status,
  };
}

export function relationsOf(actor: Actor, p: PlacementFacts): Set<PlacementRelation> {
  const out = new Set<PlacementRelation>();
  if (p.studentId === actor.id) out.add('student');
  if (p.teacherId === actor.id) out.add('schoolMentor');
  const holds = (orgId: string, roles: string[]) => actor.memberships.some((m) => m.orgId === orgId && roles.includes(m.role));
  // Named as the mentor and still a mentor of the enterprise: an admin who takes the role away
  // ends the access at once, without editing every placement.
  if (p.enterpriseMentorId === actor.id && holds(p.enterpriseId, ['mentor'])) out.add('enterpriseMentor');
  if (holds(p.schoolId, ['teacher', 'admin'])) out.add('school');
  if (holds(p.enterpriseId, ['admin'])) out.add('enterprise');
  return out;
}

/**
 * The placement and the caller's relations to it, when the caller holds one of `allowed`;
 * otherwise "not found". Pass every relation to learn what the caller may see.
 */
export async function placementAccess(db: Knex, actor: Actor, placementId: string, allowed: readonly PlacementRelation[]): Promise<PlacementAccess> {
  const placement = await placementFacts(db, placementId);
  const relations = placement ? relationsOf(actor, placement) : new Set<PlacementRelation>();
  if (!placement || !allowed.some((r) => relations.has(r))) throw errors.notFound(msg('notFound.placement'));
  return { placement, relations };
}

export const ALL_RELATIONS: readonly PlacementRelation[] = ['student', 'schoolMentor', 'enterpriseMentor', 'school', 'enterprise'];

/** The socket room of one placement: its logbook entries, assessments and status changes are pushed there. */
export const placementRoom = (placementId: string) => `placement:${placementId}`;
