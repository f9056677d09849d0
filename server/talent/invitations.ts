import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { InvitationInput, InvitationStatus, InvitationView, ShortlistEntry, ShortlistInput } from '../contract/talent';
import { toBool, toIso } from '../db/values';
import { errors } from '../http/errors';
import { invalidField } from '../http/validate';
import type { Actor } from '../http/policy';
import { msg } from '../messages';
import { chooseEnterprise, consentingStudents, enterpriseBase } from './candidates';
import { currentConsents } from './consent';

/**
 * The enterprise's shortlist and its interview invitations. Shortlisting and inviting need a
 * current consent, like seeing the candidate. An invitation, once sent, belongs to the student
 * and their school as well: it stays visible to them after a revocation, while the enterprise
 * is told only that the student withdrew.
 */

/** The consenting student the enterprise calls `candidateRef`, or not found. */
async function consenting(db: Knex, enterpriseId: string, candidateRef: string) {
  const row = (await consentingStudents(db, enterpriseId, { candidateRef }))[0];
  if (!row) throw errors.notFound(msg('notFound.candidate'));
  return row;
}

export async function shortlist(db: Knex, actor: Actor, candidateRef: string, input: ShortlistInput, now: Date): Promise<void> {
  const enterprise = chooseEnterprise(actor, input.enterpriseId);
  const { student_id } = await consenting(db, enterprise.id, candidateRef);
  await db('talent_shortlist')
    .insert({ enterprise_id: enterprise.id, student_id, role: input.role, note: input.note, created_by: actor.id, created_at: now, updated_at: now })
    .onConflict(['enterprise_id', 'student_id'])
    .merge(['role', 'note', 'updated_at']);
}

/** Taking a candidate off the shortlist; not being on it is no error. */
export async function unlist(db: Knex, actor: Actor, candidateRef: string, enterpriseId: string | undefined): Promise<void> {
  const enterprise = chooseEnterprise(actor, enterpriseId);
  const { student_id } = await consenting(db, enterprise.id, candidateRef);
  await db('talent_shortlist').where({ enterprise_id: enterprise.id, student_id }).delete();
}

/** The shortlist, joined with current consents: a student who revoked is gone from it at once. */
export async function listShortlist(db: Knex, actor: Actor, enterpriseId: string | undefined): Promise<ShortlistEntry[]> {
  const enterprise = chooseEnterprise(actor, enterpriseId);
  const rows = await currentConsents(db)
    .join('talent_shortlist as sl', (j) => j.on('sl.student_id', 'c.student_id').andOn('sl.enterprise_id', 'c.enterprise_id'))
    .join('organizations as s', 's.id', 'c.school_id')
    .where('c.enterprise_id', enterprise.id)
    .orderBy([{ column: 'sl.updated_at', order: 'desc' }, { column: 'sl.student_id' }])
    .distinct('sl.student_id', 'c.candidate_ref', 'sl.role', 'sl.note', 'sl.updated_at', 'c.shares_identity', 'u.name as student_name', 'c.school_id', 's.name as school_name');
  return rows.map((r) => {
    const identity = toBool(r.shares_identity);
    return {
      student: { id: r.candidate_ref, name: identity ? r.student_name : null, school: identity ? { id: r.school_id, name: r.school_name } : null },
      role: r.role,
      note: r.note,
      at: toIso(r.updated_at)!,
    };
  });
}

function invitations(db: Knex) {
  return db('talent_invitations as i')
    .join('organizations as e', 'e.id', 'i.enterprise_id')
    .join('organizations as s', 's.id', 'i.school_id')
    .join('users as u', 'u.id', 'i.student_id')
    .leftJoin('training_bases as b', 'b.id', 'i.base_id')
    .select('i.*', 'e.name as enterprise_name', 's.name as school_name', 'u.name as student_name', 'b.name as base_name')
    .orderBy([{ column: 'i.interview_at', order: 'desc' }, { column: 'i.id' }]);
}

type InvitationRow = Record<string, unknown> & { id: string; enterprise_id: string; student_id: string; school_id: string; base_id: string | null; status: InvitationStatus };

/** The full invitation, as the student and their school see it. */
function present(r: InvitationRow): InvitationView {
  return {
    id: r.id,
    enterprise: { id: r.enterprise_id, name: r.enterprise_name as string },
    student: { id: r.student_id, name: r.student_name as string },
    school: { id: r.school_id, name: r.school_name as string },
    base: r.base_id ? { id: r.base_id, name: (r.base_name as string) ?? '' } : null,
    role: r.role as string,
    at: toIso(r.interview_at as Date)!,
    place: r.place as string,
    message: r.message as string,
    status: r.status,
    respondedAt: toIso(r.responded_at as Date | null),
    createdAt: toIso(r.created_at as Date)!,
  };
}

/** What the enterprise sees: the student only as far as their current consent shares them, and by their candidate ref. */
function presentToEnterprise(r: InvitationRow, consent: { shares_identity: unknown; candidate_ref: string } | undefined): InvitationView {
  const full = present(r);
  if (!consent) return { ...full, student: null, school: null, status: 'withdrawn', respondedAt: null };
  const identity = toBool(consent.shares_identity as boolean);
  return { ...full, student: { id: consent.candidate_ref, name: identity ? full.student!.name : null }, school: identity ? full.school : null };
}

export async function invite(db: Knex, actor: Actor, candidateRef: string, input: InvitationInput, now: Date): Promise<InvitationView> {
  const enterprise = chooseEnterprise(actor, input.enterpriseId);
  const student = await consenting(db, enterprise.id, candidateRef);
  const interviewAt = new Date(input.at);
  if (interviewAt.getTime() <= now.getTime()) throw invalidField('body.at', msg('talent.interviewInPast'));
  const base = input.baseId ? await enterpriseBase(db, enterprise.id, input.baseId) : null;
  const id = randomUUID();
  await db('talent_invitations').insert({
    id,
    enterprise_id: enterprise.id,
    student_id: student.student_id,
    school_id: student.school_id,
    base_id: base?.id ?? null,
    role: input.role,
    interview_at: interviewAt,
    place: input.place,
    message: input.message,
    status: 'sent',
    responded_at: null,
    created_by: actor.id,
    created_at: now,
  });
  return presentToEnterprise(await invitations(db).where('i.id', id).first(), student);
}

export async function sentInvitations(db: Knex, actor: Actor, enterpriseId: string | undefined): Promise<InvitationView[]> {
  const enterprise = chooseEnterprise(actor, enterpriseId);
  const [rows, consents] = await Promise.all([invitations(db).where('i.enterprise_id', enterprise.id), consentingStudents(db, enterprise.id)]);
  const byStudent = new Map(consents.map((c) => [c.student_id, c]));
  return (rows as InvitationRow[]).map((r) => presentToEnterprise(r, byStudent.get(r.student_id)));
}

export async function myInvitations(db: Knex, actor: Actor): Promise<InvitationView[]> {
  return ((await invitations(db).where('i.student_id', actor.id)) as InvitationRow[]).map(present);
}

/** Invitations of the students of the schools where the caller teaches or administers. */
export async function schoolInvitations(db: Knex, actor: Actor): Promise<InvitationView[]> {
  const schools = actor.memberships.filter((m) => m.orgKind === 'school' && (m.role === 'teacher' || m.role === 'admin')).map((m) => m.orgId);
  if (schools.length === 0) return [];
  return ((await invitations(db).whereIn('i.school_id', schools)) as InvitationRow[]).map(present);
}

export async function answer(db: Knex, actor: Actor, id: string, answer: 'accepted' | 'declined', now: Date): Promise<InvitationView> {
  const row = await db('talent_invitations').where({ id, student_id: actor.id }).first('id');
  if (!row) throw errors.notFound(msg('notFound.invitation'));
  await db('talent_invitations').where({ id }).update({ status: answer, responded_at: now });
  return present(await invitations(db).where('i.id', id).first());
}

