import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { CreateBaseInput, CreatePlacementInput, PlacementStatus, PlacementView, TrainingBaseView, UpdateBaseInput } from '../contract/placements';
import { toIso } from '../db/values';
import { errors } from '../http/errors';
import { invalidField } from '../http/validate';
import type { Actor } from '../http/policy';
import { msg } from '../messages';

/**
 * Training bases and placements (issue 16). Every query is scoped here by the caller's
 * organisations: an enterprise's admin runs its bases on its active partnerships; the partner
 * school's teachers and admins read them and place the school's students; a student reads
 * their own placements. Anyone else is told the object does not exist.
 */

/** Full time: overlapping placements of one student may not add up to more hours a week. */
export const FULL_TIME_HOURS = 40;

type BaseRow = {
  id: string;
  partnership_id: string;
  enterprise_id: string;
  name: string;
  site: string;
  roles_json: string;
  competencies_json: string;
  capacity: number;
  created_at: Date | number;
  updated_at: Date | number;
};
type JoinedBase = BaseRow & { school_id: string; school_name: string; enterprise_name: string; status: string };

const listOf = (json: string): string[] => JSON.parse(json) as string[];

function presentBase(row: JoinedBase): TrainingBaseView {
  return {
    id: row.id,
    partnershipId: row.partnership_id,
    school: { id: row.school_id, name: row.school_name },
    enterprise: { id: row.enterprise_id, name: row.enterprise_name },
    name: row.name,
    site: row.site,
    roles: listOf(row.roles_json),
    competencies: listOf(row.competencies_json),
    capacity: Number(row.capacity),
    createdAt: toIso(row.created_at)!,
    updatedAt: toIso(row.updated_at)!,
  };
}

function bases(db: Knex) {
  return db('training_bases as b')
    .join('partnerships as p', 'p.id', 'b.partnership_id')
    .join('organizations as s', 's.id', 'p.school_id')
    .join('organizations as e', 'e.id', 'b.enterprise_id')
    .select('b.*', 'p.school_id', 'p.status', 's.name as school_name', 'e.name as enterprise_name');
}

const orgIdsWith = (actor: Actor, roles: string[], kind: 'school' | 'enterprise') =>
  actor.memberships.filter((m) => m.orgKind === kind && roles.includes(m.role)).map((m) => m.orgId);

/** Bases the caller runs (enterprise admin) or whose partnership's school they teach at or administer. */
export async function listBases(db: Knex, actor: Actor): Promise<TrainingBaseView[]> {
  const enterprises = orgIdsWith(actor, ['admin'], 'enterprise');
  const schools = orgIdsWith(actor, ['admin', 'teacher'], 'school');
  if (enterprises.length === 0 && schools.length === 0) return [];
  const rows: JoinedBase[] = await bases(db)
    .where((w) => w.whereIn('b.enterprise_id', enterprises).orWhere((s) => s.whereIn('p.school_id', schools).where('p.status', 'active')))
    .orderBy([{ column: 'e.name' }, { column: 'b.name' }, { column: 'b.id' }]);
  return rows.map(presentBase);
}

async function baseView(db: Knex, id: string): Promise<TrainingBaseView> {
  return presentBase(await bases(db).where('b.id', id).first());
}

export async function createBase(db: Knex, actor: Actor, input: CreateBaseInput, now: Date): Promise<TrainingBaseView> {
  const p: { id: string; enterprise_id: string; status: string } | undefined = await db('partnerships').where({ id: input.partnershipId }).first('id', 'enterprise_id', 'status');
  // Only the enterprise side's admin runs bases; the school side and strangers learn nothing.
  if (!p || !orgIdsWith(actor, ['admin'], 'enterprise').includes(p.enterprise_id)) throw errors.notFound(msg('notFound.partnership'));
  if (p.status !== 'active') throw errors.conflict(msg('placements.partnershipNotActive', { status: p.status }));
  const id = randomUUID();
  await db('training_bases').insert({
    id,
    partnership_id: p.id,
    enterprise_id: p.enterprise_id,
    name: input.name,
    site: input.site,
    roles_json: JSON.stringify([...new Set(input.roles)]),
    competencies_json: JSON.stringify([...new Set(input.competencies)]),
    capacity: input.capacity,
    created_at: now,
    updated_at: now,
  });
  return baseView(db, id);
}

export async function updateBase(db: Knex, actor: Actor, id: string, input: UpdateBaseInput, now: Date): Promise<TrainingBaseView> {
  const row: JoinedBase | undefined = await bases(db).where('b.id', id).first();
  if (!row || !orgIdsWith(actor, ['admin'], 'enterprise').includes(row.enterprise_id)) throw errors.notFound(msg('notFound.trainingBase'));
  if (row.status !== 'active') throw errors.conflict(msg('placements.partnershipNotActive', { status: row.status }));
  const patch: Record<string, unknown> = { updated_at: now };
  if (input.name !== undefined) patch.name = input.name;
  if (input.site !== undefined) patch.site = input.site;
  if (input.roles !== undefined) patch.roles_json = JSON.stringify([...new Set(input.roles)]);
  if (input.competencies !== undefined) patch.competencies_json = JSON.stringify([...new Set(input.competencies)]);
  if (input.capacity !== undefined) patch.capacity = input.capacity;
  await db('training_bases').where({ id }).update(patch);
  return baseView(db, id);
}

type PlacementRow = {
  id: string;
  base_id: string;
  base_name: string;
  enterprise_id: string;
  enterprise_name: string;
  school_id: string;
  school_name: string;
  student_id: string;
  student_name: string;
  teacher_id: string;
  teacher_name: string;
  enterprise_mentor_id: string | null;
  mentor_name: string | null;
  course_id: string | null;
  course_title: string | null;
  role: string;
  starts_on: string;
  ends_on: string;
  weekly_hours: number;
  status: PlacementStatus;
  created_at: Date | number;
};

function placements(db: Knex) {
  return db('placements as pl')
    .join('training_bases as b', 'b.id', 'pl.base_id')
    .join('organizations as e', 'e.id', 'b.enterprise_id')
    .join('organizations as s', 's.id', 'pl.school_id')
    .join('users as st', 'st.id', 'pl.student_id')
    .join('users as t', 't.id', 'pl.teacher_id')
    .leftJoin('users as m', 'm.id', 'pl.enterprise_mentor_id')
    .leftJoin('courses as c', 'c.id', 'pl.course_id')
    .select(
      'pl.*',
      'b.name as base_name',
      'b.enterprise_id',
      'e.name as enterprise_name',
      's.name as school_name',
      'st.name as student_name',
      't.name as teacher_name',
      'm.name as mentor_name',
      'c.title as course_title',
    );
}

function presentPlacement(r: PlacementRow): PlacementView {
  return {
    id: r.id,
    base: { id: r.base_id, name: r.base_name, enterprise: { id: r.enterprise_id, name: r.enterprise_name } },
    school: { id: r.school_id, name: r.school_name },
    student: { id: r.student_id, name: r.student_name },
    teacher: { id: r.teacher_id, name: r.teacher_name },
    enterpriseMentor: r.enterprise_mentor_id ? { id: r.enterprise_mentor_id, name: r.mentor_name ?? '' } : null,
    course: r.course_id ? { id: r.course_id, title: r.course_title ?? '' } : null,
    role: r.role,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    weeklyHours: Number(r.weekly_hours),
    status: r.status,
    createdAt: toIso(r.created_at)!,
  };
}

/** The caller's own placements (student), their mentees' (enterprise mentor), their school's (teacher, school admin), those at their bases (enterprise admin). */
export async function listPlacements(db: Knex, actor: Actor): Promise<PlacementView[]> {
  const schools = orgIdsWith(actor, ['admin', 'teacher'], 'school');
  const enterprises = orgIdsWith(actor, ['admin'], 'enterprise');
  const student = actor.memberships.some((m) => m.role === 'student');
  const mentorOf = orgIdsWith(actor, ['mentor'], 'enterprise');
  const mentor = mentorOf.length > 0;
  if (schools.length === 0 && enterprises.length === 0 && !student && !mentor) return [];
  const rows: PlacementRow[] = await placements(db)
    .where((w) => {
      w.whereIn('pl.school_id', schools).orWhereIn('b.enterprise_id', enterprises);
      if (student) w.orWhere('pl.student_id', actor.id);
      // An enterprise mentor sees their own mentees only, not the rest of the enterprise's.
      if (mentor) w.orWhere((m) => m.where('pl.enterprise_mentor_id', actor.id).whereIn('b.enterprise_id', mentorOf));
    })
    .orderBy([{ column: 'pl.starts_on', order: 'desc' }, { column: 'st.name' }, { column: 'pl.id' }]);
  return rows.map(presentPlacement);
}

const member = (db: Knex, userId: string, orgId: string, role: string) => db('memberships').where({ user_id: userId, org_id: orgId, role }).first('id');

/**
 * Refuses a period whose hours, added to the student's other overlapping placements (not
 * cancelled, not `exceptId`), exceed full time. Call inside the transaction that writes, after
 * locking the student's row.
 */
export async function assertWithinFullTime(
  trx: Knex,
  studentId: string,
  period: { startsOn: string; endsOn: string; weeklyHours: number },
  exceptId: string | null,
): Promise<void> {
  // Days as YYYY-MM-DD compare as strings; two periods overlap when each starts by the other's end.
  const query = trx('placements')
    .where({ student_id: studentId })
    .whereNot({ status: 'cancelled' })
    .where('starts_on', '<=', period.endsOn)
    .where('ends_on', '>=', period.startsOn);
  if (exceptId) query.whereNot({ id: exceptId });
  const overlapping: { weekly_hours: number }[] = await query.select('weekly_hours');
  const hours = overlapping.reduce((sum, r) => sum + Number(r.weekly_hours), 0);
  if (overlapping.length > 0 && hours + period.weeklyHours > FULL_TIME_HOURS) {
    throw errors.conflict(msg('placements.overFullTime', { hours, adding: period.weeklyHours, limit: FULL_TIME_HOURS }));
  }
}

/**
 * Refuses a period in which the base already has as many students as its capacity: at any
 * day of the period, the placements there (not cancelled, not `exceptId`) that overlap it
 * count. Call inside the transaction that writes; the base's row serialises two teachers
 * filling its last place at once (on PostgreSQL; SQLite has one writer anyway).
 */
export async function assertBaseHasRoom(trx: Knex, baseId: string, period: { startsOn: string; endsOn: string }, exceptId: string | null): Promise<void> {
  const lock = trx('training_bases').where({ id: baseId }).first('name', 'capacity');
  if (trx.client.config.client === 'pg') lock.forUpdate();
  const base: { name: string; capacity: number } = await lock;
  const query = trx('placements').where({ base_id: baseId }).whereNot({ status: 'cancelled' }).where('starts_on', '<=', period.endsOn).where('ends_on', '>=', period.startsOn);
  if (exceptId) query.whereNot({ id: exceptId });
  const rows: { starts_on: string; ends_on: string }[] = await query.select('starts_on', 'ends_on');
  // The most students there on one day: placements start and end on days, so the busiest day
  // is one on which some placement starts (or the period's first day).
  const days = [period.startsOn, ...rows.map((r) => r.starts_on).filter((d) => d > period.startsOn && d <= period.endsOn)];
  const busiest = Math.max(0, ...days.map((d) => rows.filter((r) => r.starts_on <= d && r.ends_on >= d).length));
  if (busiest >= Number(base.capacity)) throw errors.conflict(msg('placements.baseFull', { base: base.name, capacity: Number(base.capacity) }));
}

/** One placement as the API shows it (the caller's access is checked before). */
export async function placementView(db: Knex, id: string): Promise<PlacementView> {
  return presentPlacement(await placements(db).where('pl.id', id).first());
}

export async function createPlacement(db: Knex, actor: Actor, input: CreatePlacementInput, now: Date): Promise<PlacementView> {
  const schools = orgIdsWith(actor, ['teacher'], 'school');
  const base: JoinedBase | undefined = await bases(db).where('b.id', input.baseId).whereIn('p.school_id', schools).first();
  // A base of another school's partnership is not found, as one that exists nowhere.
  if (!base) throw errors.notFound(msg('notFound.trainingBase'));
  if (base.status !== 'active') throw errors.conflict(msg('placements.partnershipNotActive', { status: base.status }));
  const schoolId = base.school_id;
  if (!(await member(db, input.studentId, schoolId, 'student'))) throw invalidField('body.studentId', msg('placements.notSchoolStudent'));
  const teacherId = input.teacherId ?? actor.id;
  if (!(await member(db, teacherId, schoolId, 'teacher'))) throw invalidField('body.teacherId', msg('placements.notSchoolTeacher'));
  const roles = listOf(base.roles_json);
  if (!roles.includes(input.role)) throw invalidField('body.role', msg('placements.roleNotOffered', { base: base.name, roles: roles.join(', ') }));
  if (input.courseId) {
    const course = await db('courses').where({ id: input.courseId, school_id: schoolId }).first('id');
    const teaches = course && (await db('course_members').where({ course_id: course.id, user_id: teacherId, role: 'teacher' }).first('course_id'));
    if (!teaches) throw invalidField('body.courseId', msg('placements.notMentorsCourse'));
    if (!(await db('course_members').where({ course_id: input.courseId, user_id: input.studentId, role: 'student' }).first('course_id'))) {
      throw invalidField('body.courseId', msg('placements.studentNotInCourse'));
    }
  }
  if (input.endsOn < input.startsOn) throw invalidField('body.endsOn', msg('placements.endsBeforeStart', { startsOn: input.startsOn }));

  const id = randomUUID();
  await db.transaction(async (trx) => {
    // Two teachers placing one student at once: the student's row serialises them (SQLite
    // serialises writers anyway), so neither misses the other's hours.
    const lock = trx('users').where({ id: input.studentId }).first('id');
    if (trx.client.config.client === 'pg') lock.forUpdate();
    await lock;
    await assertWithinFullTime(trx, input.studentId, input, null);
    await assertBaseHasRoom(trx, base.id, input, null);
    await trx('placements').insert({
      id,
      base_id: base.id,
      student_id: input.studentId,
      school_id: schoolId,
      teacher_id: teacherId,
      enterprise_mentor_id: null,
      course_id: input.courseId ?? null,
      role: input.role,
      starts_on: input.startsOn,
      ends_on: input.endsOn,
      weekly_hours: input.weeklyHours,
      status: 'planned',
      created_at: now,
      updated_at: now,
    });
  });
  return placementView(db, id);
}
