import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { readerManifests } from '../attempts/packages';
import { newerVersions } from '../authoring/versions';
import type { CreateAssignmentParsed, CreateCourseInput, EnrolInput } from '../contract/workspace';
import { toBool, toIso } from '../db/values';
import { errors } from '../http/errors';
import { msg, render } from '../messages';
import { invalidField, issueOf } from '../http/validate';
import type { Actor } from '../http/policy';
import { activePartnerIds, assertAssignable, isAssignable } from '../orgs/partnerships';
import type { ScenarioManifestT } from '../scenarios/schema';
import { assertTeacherOf, holdsAt } from './policy';
import type { AssignmentRow } from './repo';

export type CourseSummary = { id: string; title: string; code: string | null; schoolId: string; schoolName: string; role: 'teacher' | 'student'; studentCount: number };

export async function listCourses(db: Knex, actor: Actor): Promise<CourseSummary[]> {
  type Row = { id: string; title: string; code: string | null; school_id: string; school_name: string; role: 'teacher' | 'student' };
  const all: Row[] = await db('course_members as m')
    .join('courses as c', 'c.id', 'm.course_id')
    .join('organizations as o', 'o.id', 'c.school_id')
    .where('m.user_id', actor.id)
    .orderBy('c.title')
    .select('c.id', 'c.title', 'c.code', 'c.school_id', 'o.name as school_name', 'm.role');
  const rows = all.filter((r) => holdsAt(actor, r.school_id, r.role));
  const counts: { course_id: string; n: number | string }[] = rows.length
    ? await db('course_members')
        .whereIn(
          'course_id',
          rows.map((r) => r.id),
        )
        .where('role', 'student')
        .groupBy('course_id')
        .select('course_id')
        .count({ n: '*' })
    : [];
  const countBy = new Map(counts.map((c) => [c.course_id, Number(c.n)]));
  // A teacher who is also enrolled sees the course once, as its teacher.
  const byId = new Map<string, CourseSummary>();
  for (const r of rows) {
    const existing = byId.get(r.id);
    if (existing && existing.role === 'teacher') continue;
    byId.set(r.id, { id: r.id, title: r.title, code: r.code, schoolId: r.school_id, schoolName: r.school_name, role: r.role, studentCount: countBy.get(r.id) ?? 0 });
  }
  return [...byId.values()];
}

export async function createCourse(db: Knex, actor: Actor, input: CreateCourseInput, now: Date): Promise<CourseSummary> {
  // A school the caller belongs to in no role is another tenant's: not found (see chooseOrg).
  if (input.schoolId && !actor.memberships.some((m) => m.orgId === input.schoolId)) throw errors.notFound(msg('notFound.school'));
  const schools = actor.memberships.filter((m) => m.role === 'teacher' && m.orgKind === 'school');
  const school = input.schoolId ? schools.find((s) => s.orgId === input.schoolId) : schools[0];
  if (!school) throw invalidField('body.schoolId', msg('field.notYourSchool'));
  if (!input.schoolId && schools.length > 1) {
    throw errors.validation(msg('courses.severalSchools'), [issueOf('body.schoolId', msg('field.severalSchools'))]);
  }
  const id = randomUUID();
  await db.transaction(async (trx) => {
    await trx('courses').insert({ id, school_id: school.orgId, title: input.title, code: input.code ?? null, created_at: now });
    await trx('course_members').insert({ course_id: id, user_id: actor.id, role: 'teacher', created_at: now });
  });
  return { id, title: input.title, code: input.code ?? null, schoolId: school.orgId, schoolName: school.orgName, role: 'teacher', studentCount: 0 };
}

export type EnrolReport = { enrolled: { id: string; name: string; email: string }[]; alreadyEnrolled: string[]; problems: { line: number; text: string; message: string }[] };

const EMAIL = /[^\s,;<>"']+@[^\s,;<>"']+\.[^\s,;<>"']+/;

/**
 * Enrols students of the course's school, picked by id or pasted as e-mails / CSV lines.
 * Good rows are kept, bad rows are reported by line: one typo does not block a class.
 */
export async function enrol(db: Knex, actor: Actor, courseId: string, input: EnrolInput, now: Date): Promise<EnrolReport> {
  await assertTeacherOf(db, actor, courseId);
  const course = await db('courses').where({ id: courseId }).first('school_id');
  const report: EnrolReport = { enrolled: [], alreadyEnrolled: [], problems: [] };
  const wanted = new Map<string, { line: number; text: string } | null>();
  for (const id of input.userIds ?? []) wanted.set(`id:${id}`, null);
  const lines = (input.text ?? '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const text = raw.trim();
    if (!text) return;
    const email = text.match(EMAIL)?.[0]?.toLowerCase();
    if (!email) {
      if (i === 0 && /mail/i.test(text)) return; // a CSV header row
      report.problems.push({ line: i + 1, text: text.slice(0, 200), message: 'no e-mail address on this line' });
      return;
    }
    wanted.set(`email:${email}`, { line: i + 1, text: text.slice(0, 200) });
  });
  const ids = [...wanted.keys()].filter((k) => k.startsWith('id:')).map((k) => k.slice(3));
  const emails = [...wanted.keys()].filter((k) => k.startsWith('email:')).map((k) => k.slice(6));
  const students: { id: string; name: string; email: string }[] = await db('users as u')
    .join('memberships as m', 'm.user_id', 'u.id')
    .where('m.org_id', course.school_id)
    .where('m.role', 'student')
    .where((w) => w.whereIn('u.id', ids.length ? ids : ['-']).orWhereIn('u.email', emails.length ? emails : ['-']))
    .distinct('u.id', 'u.name', 'u.email');
  const foundEmails = new Set(students.map((s) => s.email));
  const foundIds = new Set(students.map((s) => s.id));
  for (const email of emails) {
    if (!foundEmails.has(email)) {
      const at = wanted.get(`email:${email}`)!;
      report.problems.push({ line: at.line, text: at.text, message: `${email} is not a student of this course's school` });
    }
  }
  for (const id of ids) if (!foundIds.has(id)) report.problems.push({ line: 0, text: id, message: 'not a student of this course\'s school' });
  report.problems.sort((a, b) => a.line - b.line);
  const existing = new Set(
    (await db('course_members').where({ course_id: courseId, role: 'student' }).select('user_id')).map((r: { user_id: string }) => r.user_id),
  );
  const fresh = students.filter((s) => !existing.has(s.id));
  report.alreadyEnrolled = students.filter((s) => existing.has(s.id)).map((s) => s.email);
  if (fresh.length > 0) {
    // Two teachers enrolling the same student at once: the second insert is a no-op.
    await db('course_members')
      .insert(fresh.map((s) => ({ course_id: courseId, user_id: s.id, role: 'student', created_at: now })))
      .onConflict(['course_id', 'user_id', 'role'])
      .ignore();
  }
  report.enrolled = fresh;
  return report;
}

export async function courseDetail(db: Knex, actor: Actor, courseId: string) {
  await assertTeacherOf(db, actor, courseId);
  const course = await db('courses as c').join('organizations as o', 'o.id', 'c.school_id').where('c.id', courseId).first('c.*', 'o.name as school_name');
  const students: { id: string; name: string; email: string }[] = await db('course_members as m')
    .join('users as u', 'u.id', 'm.user_id')
    .where({ 'm.course_id': courseId, 'm.role': 'student' })
    .orderBy('u.name')
    .select('u.id', 'u.name', 'u.email');
  const candidates: { id: string; name: string; email: string }[] = await db('memberships as ms')
    .join('users as u', 'u.id', 'ms.user_id')
    .where({ 'ms.org_id': course.school_id, 'ms.role': 'student' })
    .whereNotIn(
      'u.id',
      students.map((s) => s.id),
    )
    .orderBy('u.name')
    .select('u.id', 'u.name', 'u.email');
  return {
    course: { id: course.id as string, title: course.title as string, code: course.code as string | null, schoolId: course.school_id as string, schoolName: course.school_name as string },
    students,
    candidates,
    assignments: await listCourseAssignments(db, courseId),
  };
}


export async function listCourseAssignments(db: Knex, courseId: string) {
  const rows: (AssignmentRow & { slug: string; version: string })[] = await db('assignments as a')
    .join('scenario_versions as v', 'v.id', 'a.scenario_version_id')
    .join('scenarios as s', 's.id', 'v.scenario_id')
    .where('a.course_id', courseId)
    .orderBy('a.created_at')
    .select('a.*', 's.slug', 'v.version');
  // Targeted practice is for some students only: the teacher sees for whom.
  const targets: { assignment_id: string; name: string }[] = rows.length
    ? await db('assignment_targets as t')
        .join('users as u', 'u.id', 't.student_id')
        .whereIn(
          't.assignment_id',
          rows.map((r) => r.id),
        )
        .orderBy('u.name')
        .select('t.assignment_id', 'u.name')
    : [];
  const newer = await newerVersions(
    db,
    rows.map((r) => r.scenario_version_id),
  );
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    scenario: { slug: r.slug, version: r.version, versionId: r.scenario_version_id },
    /** Versions published after the assigned one: the teacher decides whether to move to them. */
    newerVersion: newer.get(r.scenario_version_id) ?? null,
    mode: r.mode,
    opensAt: toIso(r.opens_at)!,
    closesAt: toIso(r.closes_at),
    timeLimitMinutes: r.time_limit_minutes,
    maxAttempts: r.max_attempts,
    revealPolicy: r.reveal_policy,
    review: r.review,
    blindReview: toBool(r.blind_review),
    regradeWindowDays: Number(r.regrade_window_days),
    moderationThreshold: Number(r.moderation_threshold),
    /** Names of the students a targeted practice assignment is for; empty: the whole course. */
    onlyFor: targets.filter((t) => t.assignment_id === r.id).map((t) => t.name),
  }));
}

export async function createAssignment(db: Knex, actor: Actor, courseId: string, input: CreateAssignmentParsed, now: Date) {
  await assertTeacherOf(db, actor, courseId);
  const version = await db('scenario_versions').where({ id: input.scenarioVersionId }).first('id', 'title', 'manifest_json');
  if (!version) throw invalidField('body.scenarioVersionId', msg('field.noSuchVersion'));
  const course: { school_id: string } = await db('courses').where({ id: courseId }).first('school_id');
  await assertAssignable(db, version.id, course.school_id);
  const manifest = JSON.parse(version.manifest_json) as ScenarioManifestT;
  if (input.review !== 'none') {
    // Review needs someone to do it and something to score: an owning enterprise and a rubric.
    const owner = await db('scenario_versions as v').join('scenarios as s', 's.id', 'v.scenario_id').where('v.id', version.id).first('s.owner_org_id');
    const problem = !owner?.owner_org_id ? msg('field.noReviewingEnterprise') : manifest.tasks.every((t) => t.rubric.length === 0) ? msg('field.noRubric') : null;
    if (problem) throw errors.validation(msg('courses.noReview', { reason: render(problem) }), [issueOf('body.review', problem)]);
  }
  const id = randomUUID();
  const maxAttempts = input.mode === 'practice' ? null : (input.maxAttempts ?? 1);
  await db('assignments').insert({
    id,
    course_id: courseId,
    scenario_version_id: input.scenarioVersionId,
    title: input.title ?? manifest.title,
    mode: input.mode,
    opens_at: input.opensAt ? new Date(input.opensAt) : now,
    closes_at: input.closesAt ? new Date(input.closesAt) : null,
    time_limit_minutes: input.timeLimitMinutes ?? manifest.durationMinutes,
    max_attempts: maxAttempts,
    reveal_policy: input.revealPolicy,
    review: input.review,
    // Blind is a property of the review; without one there is nobody to hide anyone from.
    blind_review: input.review !== 'none' && input.blindReview,
    regrade_window_days: input.regradeWindowDays,
    moderation_threshold: input.moderationThreshold,
    created_by: actor.id,
    created_at: now,
  });
  return (await listCourseAssignments(db, courseId)).find((a) => a.id === id)!;
}

/**
 * Published versions with who publishes them and whether the caller may assign them: at the
 * given course's school, or else at any school where they teach (non-teachers: never).
 */
export async function listPublishedVersions(db: Knex, actor: Actor, courseId?: string) {
  let schoolIds = actor.memberships.filter((m) => m.role === 'teacher' && m.orgKind === 'school').map((m) => m.orgId);
  if (courseId) {
    await assertTeacherOf(db, actor, courseId);
    schoolIds = [(await db('courses').where({ id: courseId }).first('school_id')).school_id];
  }
  const partners = await activePartnerIds(db, schoolIds);
  const rows: {
    id: string;
    slug: string;
    version: string;
    title: string;
    industry: string;
    manifest_json: string;
    published_at: Date | number;
    owner_id: string | null;
    owner_name: string | null;
    public: boolean | number;
  }[] = await db('scenario_versions as v')
    .join('scenarios as s', 's.id', 'v.scenario_id')
    .leftJoin('organizations as o', 'o.id', 's.owner_org_id')
    .orderBy([{ column: 's.slug' }, { column: 'v.seq', order: 'desc' }])
    .select('v.id', 's.slug', 'v.version', 'v.title', 'v.industry', 'v.manifest_json', 'v.published_at', 's.owner_org_id as owner_id', 'o.name as owner_name', 's.public');
  // Title, company and role in the teacher's language when the package is written in it.
  const manifests = await readerManifests(db, rows);
  return rows.map((r) => {
    const m = manifests.get(r.id)!;
    const owner = r.owner_id ? { id: r.owner_id, name: r.owner_name ?? '' } : null;
    return {
      id: r.id,
      slug: r.slug,
      version: r.version,
      title: m.title,
      industry: r.industry,
      enterprise: m.enterprise,
      role: m.role,
      durationMinutes: m.durationMinutes,
      competencies: m.competencies,
      publishedAt: toIso(r.published_at)!,
      owner,
      public: toBool(r.public),
      assignable: schoolIds.length > 0 && isAssignable({ owner, public: toBool(r.public) }, partners),
    };
  });
}
