import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type {
  AssessmentConflict,
  AssessmentContentT,
  AssessmentKind,
  AssessmentPointView,
  AssessmentReminder,
  AssessmentSide,
  AssessmentView,
  PlacementAssessmentsView,
  SaveAssessmentInput,
} from '../contract/assessments';
import { competencyIndex, levelsFor } from '../competency/case';
import type { ProficiencyLevel } from '../competency/mastery';
import { isUniqueViolation } from '../attempts/repo';
import { toIso } from '../db/values';
import { AppError, errors } from '../http/errors';
import type { Actor } from '../http/policy';
import { invalidField } from '../http/validate';
import { msg } from '../messages';
import { placementAccess, type PlacementAccess, type PlacementFacts } from '../placements/access';
import { contentHash } from './content';
import { recordSigned } from './record';

/**
 * Workplace assessments (issue 16). The school side (the school mentor, or a teacher of the
 * school) sets the points; at each point the school mentor and the enterprise mentor each
 * keep one assessment: a draft autosaved by revision, then signed off and never changed
 * again. A correction is the next version, superseding the signed one. Everyone else with a
 * relation to the placement is refused; strangers are told it does not exist.
 */

type Row = {
  id: string;
  point_id: string;
  placement_id: string;
  assessor_id: string;
  assessor_name?: string;
  kind?: AssessmentKind;
  side: AssessmentSide;
  version: number;
  supersedes_id: string | null;
  status: 'draft' | 'signed';
  revision: number;
  content_json: string;
  signer_name: string | null;
  signed_at: Date | number | null;
  content_hash: string | null;
  updated_at: Date | number;
};
type PointRow = { id: string; placement_id: string; kind: AssessmentKind; due_on: string };

function present(r: Row): AssessmentView {
  return {
    id: r.id,
    kind: r.kind!,
    side: r.side,
    assessor: { id: r.assessor_id, name: r.assessor_name ?? '' },
    version: Number(r.version),
    supersedesId: r.supersedes_id,
    status: r.status,
    revision: Number(r.revision),
    content: JSON.parse(r.content_json) as AssessmentContentT,
    signedAt: toIso(r.signed_at),
    signerName: r.signer_name,
    contentHash: r.content_hash,
    updatedAt: toIso(r.updated_at)!,
  };
}

const assessments = (db: Knex) =>
  db('workplace_assessments as a')
    .join('assessment_points as p', 'p.id', 'a.point_id')
    .join('users as u', 'u.id', 'a.assessor_id')
    .select('a.*', 'p.kind', 'u.name as assessor_name');

/** The caller's side as an assessor of this placement, if they are one of its two mentors. */
export function sideOf(access: PlacementAccess): AssessmentSide | null {
  if (access.relations.has('schoolMentor')) return 'school';
  if (access.relations.has('enterpriseMentor')) return 'enterprise';
  return null;
}

const isSchoolTeacher = (actor: Actor, p: PlacementFacts) => actor.memberships.some((m) => m.orgId === p.schoolId && m.role === 'teacher');

/** The competencies a placement is assessed on: those its training base trains. */
async function competenciesOf(db: Knex, p: PlacementFacts): Promise<string[]> {
  const base: { competencies_json: string } = await db('training_bases').where({ id: p.baseId }).first('competencies_json');
  return JSON.parse(base.competencies_json) as string[];
}

export async function readAssessments(db: Knex, actor: Actor, placementId: string): Promise<PlacementAssessmentsView> {
  const access = await placementAccess(db, actor, placementId, ['schoolMentor', 'enterpriseMentor', 'school', 'student']);
  const p = access.placement;
  const side = sideOf(access);
  const schoolSees = access.relations.has('schoolMentor') || access.relations.has('school');
  const codes = await competenciesOf(db, p);
  const [levels, index, student, base] = await Promise.all([
    levelsFor(db, codes),
    competencyIndex(db),
    db('users').where({ id: p.studentId }).first('id', 'name'),
    db('training_bases').where({ id: p.baseId }).first('name'),
  ]);
  const points: PointRow[] = await db('assessment_points').where({ placement_id: p.id }).orderBy('due_on').orderBy('kind', 'desc');
  const rows: Row[] = await assessments(db).where('a.placement_id', p.id).orderBy('a.version', 'desc');
  // The school sees both sides (its own drafts too); an enterprise mentor sees their own
  // assessments only; the student reads what both mentors signed about them. Nobody reads
  // another assessor's unsigned draft.
  const studentSees = access.relations.has('student');
  const visible = rows.filter((r) => (r.assessor_id === actor.id || r.status === 'signed') && (schoolSees || studentSees || r.side === side));
  const pointViews: AssessmentPointView[] = points.map((pt) => {
    const at = visible.filter((r) => r.point_id === pt.id).map(present);
    const school = at.filter((a) => a.side === 'school');
    const enterprise = at.filter((a) => a.side === 'enterprise');
    return { kind: pt.kind, dueOn: pt.due_on, school, enterprise, disagreements: disagreements(school, enterprise) };
  });
  return {
    placement: { id: p.id, student: { id: student.id, name: student.name }, startsOn: p.startsOn, endsOn: p.endsOn, role: p.role, baseName: base.name },
    you: { side, setsPoints: access.relations.has('schoolMentor') || isSchoolTeacher(actor, p) },
    competencies: codes.map((code) => ({ code, title: index.get(code)?.title ?? code })),
    levels: levels.map((l) => ({ id: l.id, label: l.label, min: l.min })),
    feedsRecord: p.courseId !== null,
    points: pointViews,
  };
}

/** Where both sides' newest signed assessments name different levels for a competency. */
export function disagreements(school: AssessmentView[], enterprise: AssessmentView[]): string[] {
  const a = school.find((x) => x.status === 'signed');
  const b = enterprise.find((x) => x.status === 'signed');
  if (!a || !b) return [];
  const other = new Map(b.content.ratings.map((r) => [r.code, r.levelId]));
  return a.content.ratings.filter((r) => other.has(r.code) && other.get(r.code) !== r.levelId).map((r) => r.code);
}

export async function setPoint(db: Knex, actor: Actor, placementId: string, kind: AssessmentKind, dueOn: string, now: Date): Promise<{ kind: AssessmentKind; dueOn: string }> {
  const access = await placementAccess(db, actor, placementId, ['schoolMentor', 'school']);
  const p = access.placement;
  if (!access.relations.has('schoolMentor') && !isSchoolTeacher(actor, p)) throw errors.forbidden(msg('assessments.notSchoolSide'));
  if (dueOn < p.startsOn || dueOn > p.endsOn) throw invalidField('body.dueOn', msg('assessments.dueOutside', { startsOn: p.startsOn, endsOn: p.endsOn }));
  const existing = await db('assessment_points').where({ placement_id: p.id, kind }).first('id');
  if (existing) await db('assessment_points').where({ id: existing.id }).update({ due_on: dueOn, updated_at: now });
  else {
    try {
      await db('assessment_points').insert({ id: randomUUID(), placement_id: p.id, kind, due_on: dueOn, set_by: actor.id, created_at: now, updated_at: now });
    } catch (err) {
      // Two teachers setting the same point at once: the later one's day wins.
      if (!isUniqueViolation(err)) throw err;
      await db('assessment_points').where({ placement_id: p.id, kind }).update({ due_on: dueOn, updated_at: now });
    }
  }
  return { kind, dueOn };
}

type Assessor = { access: PlacementAccess; side: AssessmentSide; point: PointRow; levels: ProficiencyLevel[]; codes: string[] };

/** The caller as one of the placement's two mentors, and the point they assess at. */
async function asAssessor(db: Knex, actor: Actor, placementId: string, kind: AssessmentKind): Promise<Assessor> {
  const access = await placementAccess(db, actor, placementId, ['schoolMentor', 'enterpriseMentor', 'school', 'enterprise']);
  const side = sideOf(access);
  if (!side) throw errors.forbidden(msg('assessments.notAssessor'));
  const point: PointRow | undefined = await db('assessment_points').where({ placement_id: placementId, kind }).first();
  if (!point) throw errors.conflict(msg('assessments.pointNotSet', { kind }));
  const codes = await competenciesOf(db, access.placement);
  return { access, side, point, codes, levels: await levelsFor(db, codes) };
}

const latestOf = (db: Knex, pointId: string, assessorId: string): Promise<Row | undefined> =>
  assessments(db).where({ 'a.point_id': pointId, 'a.assessor_id': assessorId }).orderBy('a.version', 'desc').first();

/** Ratings name the placement's competencies, once each, at one of their framework's levels. */
function checkContent(content: AssessmentContentT, codes: string[], levels: ProficiencyLevel[]): void {
  const seen = new Set<string>();
  content.ratings.forEach((r, i) => {
    if (!codes.includes(r.code)) throw invalidField(`body.content.ratings.${i}.code`, msg('assessments.unknownCompetency', { code: r.code, listed: codes.join(', ') }));
    if (seen.has(r.code)) throw invalidField(`body.content.ratings.${i}.code`, msg('assessments.duplicateRating', { code: r.code }));
    seen.add(r.code);
    if (!levels.some((l) => l.id === r.levelId)) throw invalidField(`body.content.ratings.${i}.levelId`, msg('assessments.unknownLevel', { levelId: r.levelId, levels: levels.map((l) => l.id).join(', ') }));
  });
}

const signedReadOnly = (r: Row) => errors.conflict(msg('assessments.signedReadOnly', { version: Number(r.version) }), { reason: 'signed' });

function staleSave(current: Row): AppError {
  return errors.conflict(msg('assessments.changedElsewhere', { revision: Number(current.revision) }), {
    serverRevision: Number(current.revision),
    serverContent: JSON.parse(current.content_json),
  } satisfies AssessmentConflict);
}

/**
 * Autosave of the caller's assessment at a point. A save names the revision it was based on;
 * anything else is a conflict answered with the server's version. A resend of a save whose
 * answer was lost finds its own revision there and is answered as before.
 */
export async function saveDraft(db: Knex, actor: Actor, placementId: string, kind: AssessmentKind, input: SaveAssessmentInput, now: Date): Promise<AssessmentView> {
  const a = await asAssessor(db, actor, placementId, kind);
  checkContent(input.content, a.codes, a.levels);
  const json = JSON.stringify(input.content);
  const current = await latestOf(db, a.point.id, actor.id);
  if (current?.status === 'signed') throw signedReadOnly(current);
  if (current && Number(current.revision) === input.baseRevision + 1 && current.content_json === json) return present(current);
  if (!current) {
    if (input.baseRevision !== 0) throw errors.conflict(msg('assessments.changedElsewhere', { revision: 0 }), { serverRevision: 0, serverContent: { ratings: [], evidence: '' } });
    const id = randomUUID();
    try {
      await db('workplace_assessments').insert({
        id, point_id: a.point.id, placement_id: placementId, assessor_id: actor.id, side: a.side, version: 1, supersedes_id: null,
        status: 'draft', revision: 1, content_json: json, created_at: now, updated_at: now,
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      throw staleSave((await latestOf(db, a.point.id, actor.id))!);
    }
    return present((await assessments(db).where('a.id', id).first()));
  }
  if (Number(current.revision) !== input.baseRevision) throw staleSave(current);
  // Guarded: only the revision the save was based on, and only while it is a draft (a sign-off
  // from another device between the read and this write leaves it untouched).
  const n = await db('workplace_assessments')
    .where({ id: current.id, revision: input.baseRevision, status: 'draft' })
    .update({ content_json: json, revision: input.baseRevision + 1, updated_at: now });
  if (n === 0) {
    const again = (await latestOf(db, a.point.id, actor.id))!;
    throw again.status === 'signed' ? signedReadOnly(again) : staleSave(again);
  }
  return present((await assessments(db).where('a.id', current.id).first()));
}

/**
 * Sign-off: the assessor's name, the time and the hash of the content, for the revision they
 * read. Every competency needs a level. The signed assessment enters the record and the
 * placement's room hears of it.
 */
export async function signAssessment(db: Knex, actor: Actor, placementId: string, kind: AssessmentKind, revision: number, now: Date): Promise<AssessmentView> {
  const a = await asAssessor(db, actor, placementId, kind);
  const current = await latestOf(db, a.point.id, actor.id);
  if (!current) throw errors.conflict(msg('assessments.nothingToSign'));
  if (current.status === 'signed') throw signedReadOnly(current);
  if (Number(current.revision) !== revision) throw staleSave(current);
  const content = JSON.parse(current.content_json) as AssessmentContentT;
  checkContent(content, a.codes, a.levels);
  const rated = new Set(content.ratings.map((r) => r.code));
  const missing = a.codes.filter((c) => !rated.has(c));
  if (missing.length > 0) throw errors.validation(msg('assessments.incomplete', { missing: missing.join(', '), count: missing.length }));
  await db.transaction(async (trx) => {
    const n = await trx('workplace_assessments')
      .where({ id: current.id, revision, status: 'draft' })
      .update({ status: 'signed', signer_name: actor.name, signed_at: now, content_hash: contentHash(content), updated_at: now });
    if (n === 0) throw staleSave((await latestOf(trx, a.point.id, actor.id))!);
    await recordSigned(trx, { ...a.access.placement }, { id: current.id, supersedesId: current.supersedes_id, assessorId: actor.id, content, levels: a.levels, signedAt: now });
  });
  return present((await assessments(db).where('a.id', current.id).first()));
}

/** A correction: the next version, a draft with the signed one's content, linked to it. */
export async function newVersion(db: Knex, actor: Actor, placementId: string, kind: AssessmentKind, now: Date): Promise<AssessmentView> {
  const a = await asAssessor(db, actor, placementId, kind);
  const current = await latestOf(db, a.point.id, actor.id);
  if (!current) throw errors.conflict(msg('assessments.nothingToCorrect'));
  if (current.status !== 'signed') throw errors.conflict(msg('assessments.draftOpen', { version: Number(current.version) }));
  const id = randomUUID();
  try {
    await db('workplace_assessments').insert({
      id, point_id: a.point.id, placement_id: placementId, assessor_id: actor.id, side: a.side, version: Number(current.version) + 1,
      supersedes_id: current.id, status: 'draft', revision: 1, content_json: current.content_json, created_at: now, updated_at: now,
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    throw errors.conflict(msg('assessments.draftOpen', { version: Number(current.version) + 1 }));
  }
  return present((await assessments(db).where('a.id', id).first()));
}

/** Points where the caller is one of the two mentors and has not signed their assessment yet. */
export async function reminders(db: Knex, actor: Actor): Promise<AssessmentReminder[]> {
  const points: (PointRow & { student_id: string; student_name: string })[] = await db('assessment_points as p')
    .join('placements as pl', 'pl.id', 'p.placement_id')
    .join('users as s', 's.id', 'pl.student_id')
    .where((w) => w.where('pl.teacher_id', actor.id).orWhere('pl.enterprise_mentor_id', actor.id))
    .whereNot('pl.status', 'cancelled')
    .orderBy([{ column: 'p.due_on' }, { column: 's.name' }, { column: 'p.id' }])
    .select('p.*', 'pl.student_id', 's.name as student_name');
  if (points.length === 0) return [];
  const mine: { point_id: string; status: string; version: number }[] = await db('workplace_assessments')
    .where({ assessor_id: actor.id })
    .whereIn('point_id', points.map((p) => p.id))
    .select('point_id', 'status', 'version');
  const latest = new Map<string, { status: string; version: number }>();
  for (const r of mine) if ((latest.get(r.point_id)?.version ?? 0) < Number(r.version)) latest.set(r.point_id, { status: r.status, version: Number(r.version) });
  return points
    .filter((p) => latest.get(p.id)?.status !== 'signed')
    .map((p) => ({ placementId: p.placement_id, student: { id: p.student_id, name: p.student_name }, kind: p.kind, dueOn: p.due_on, state: latest.has(p.id) ? 'draft' : 'none' }));
}
