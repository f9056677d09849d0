import type { Knex } from 'knex';
import { errors } from '../http/errors';
import { adminOrgIds, type Actor } from '../http/policy';
import { msg } from '../messages';

/** The person a personal-data request is about, with the organisations whose admins may act for them. */
export type Subject = {
  id: string;
  name: string;
  email: string;
  locale: string | null;
  erased: boolean;
  memberships: { orgId: string; role: string; orgKind: string }[];
  /** The schools where the person is a student. */
  schoolIds: string[];
};

async function load(db: Knex, userId: string): Promise<Subject | null> {
  const user: { id: string; name: string; email: string; locale: string | null; erased_at: unknown } | undefined = await db('users').where({ id: userId }).first('id', 'name', 'email', 'locale', 'erased_at');
  if (!user) return null;
  const rows: { org_id: string; role: string; kind: string }[] = await db('memberships as m').join('organizations as o', 'o.id', 'm.org_id').where('m.user_id', userId).select('m.org_id', 'm.role', 'o.kind');
  const memberships = rows.map((r) => ({ orgId: r.org_id, role: r.role, orgKind: r.kind }));
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    locale: user.locale,
    erased: user.erased_at !== null && user.erased_at !== undefined,
    memberships,
    schoolIds: [...new Set(memberships.filter((m) => m.role === 'student' && m.orgKind === 'school').map((m) => m.orgId))],
  };
}

/**
 * A student the caller may act for: the platform operator for anyone who is a student somewhere,
 * an organisation's admin for a student of a school they administer. Anyone else — another
 * tenant's student, a teacher, an id that exists nowhere — is "not found", one answer for all.
 */
export async function studentSubject(db: Knex, actor: Actor, userId: string): Promise<Subject> {
  const subject = await load(db, userId);
  const mine = adminOrgIds(actor);
  const allowed = subject && subject.schoolIds.length > 0 && (actor.operator || subject.schoolIds.some((id) => mine.has(id)));
  if (!subject || !allowed) throw errors.notFound(msg('notFound.user'));
  return subject;
}

/** The caller themselves: everyone may download what the platform holds about them. */
export async function selfSubject(db: Knex, actor: Actor): Promise<Subject> {
  const subject = await load(db, actor.id);
  if (!subject) throw errors.notFound(msg('notFound.user'));
  return subject;
}
