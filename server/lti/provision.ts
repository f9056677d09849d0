import { randomBytes, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { JWTPayload } from 'jose';
import { hashPassword } from '../accounts/passwords';
import { recordAudit } from '../audit/record';
import { toBool } from '../db/values';
import { CLAIM, LtiRefusal } from './claims';
import type { RegistrationRow } from './registrations';

const MEMBERSHIP = 'http://purl.imsglobal.org/vocab/lis/v2/membership#';

/** The LTI context role → the Practicum role; an instructor (teaching assistants included) teaches. */
export function roleFrom(claims: JWTPayload): 'student' | 'teacher' | null {
  const raw = claims[CLAIM.roles];
  const roles = Array.isArray(raw) ? raw.filter((r): r is string => typeof r === 'string') : [];
  if (roles.some((r) => r === `${MEMBERSHIP}Instructor` || r.startsWith('http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#'))) return 'teacher';
  if (roles.includes(`${MEMBERSHIP}Learner`)) return 'student';
  return null;
}

const text = (v: unknown, max: number): string | undefined => (typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : undefined);

export type Provisioned = { userId: string; email: string; how: 'link' | 'created'; role: 'student' | 'teacher'; courseId: string | null };

/**
 * The Practicum account for the platform's person, always inside the registration's school: by
 * (registration, sub) once linked, else a new account. Never by e-mail: a platform's address is
 * not proof of owning a Practicum account, so an address already taken gets a placeholder and
 * the two accounts stay apart. Then the platform's course (context) becomes a course of the
 * school, made on its first launch, and the person is enrolled in it with the mapped role.
 */
export async function provision(db: Knex, registration: RegistrationRow, claims: JWTPayload, now: Date): Promise<Provisioned> {
  const role = roleFrom(claims);
  if (!role) throw new LtiRefusal('noRole');
  const orgId = registration.org_id;
  const sub = String(claims.sub);
  const link = await db('lti_links').where({ registration_id: registration.id, sub }).first('user_id');
  let userId: string;
  let email: string;
  let how: Provisioned['how'];
  if (link) {
    const user = await db('users as u')
      .join('memberships as m', 'm.user_id', 'u.id')
      .where({ 'u.id': link.user_id, 'm.org_id': orgId, 'm.role': role })
      .first('u.id', 'u.email', 'u.disabled');
    // The role the platform gives now must be one the school's account holds: a launch does not grant roles.
    if (!user) throw new LtiRefusal('notMember');
    if (toBool(user.disabled as boolean | number)) throw new LtiRefusal('disabled');
    await db('lti_links').where({ registration_id: registration.id, sub }).update({ last_used_at: now });
    ({ id: userId, email } = user as { id: string; email: string });
    how = 'link';
  } else {
    ({ userId, email } = await createAccount(db, registration, sub, role, claims, now));
    how = 'created';
  }
  const courseId = await enrol(db, registration, claims, userId, role, now);
  return { userId, email, how, role, courseId };
}

async function createAccount(db: Knex, registration: RegistrationRow, sub: string, role: 'student' | 'teacher', claims: JWTPayload, now: Date) {
  const claimed = text(claims.email, 254)?.toLowerCase();
  const valid = claimed && /^[^\s@]+@[^\s@]+$/.test(claimed) ? claimed : undefined;
  const taken = valid ? await db('users').where({ email: valid }).first('id') : undefined;
  const userId = randomUUID();
  // users.email is required and unique; the placeholder's .invalid domain (RFC 2606) never receives mail.
  const email = valid && !taken ? valid : `lti-${userId}@invalid`;
  const joined = [text(claims.given_name, 100), text(claims.family_name, 100)].filter(Boolean).join(' ');
  const name = text(claims.name, 200) ?? (joined || (valid ?? `LTI ${sub.slice(0, 40)}`));
  // Nobody knows this password: the account signs in through the platform (or after a reset).
  const passwordHash = await hashPassword(randomBytes(32).toString('base64url'));
  await db.transaction(async (trx) => {
    await trx('users').insert({ id: userId, email, name, password_hash: passwordHash, disabled: false, created_at: now, updated_at: now });
    await trx('memberships').insert({ id: randomUUID(), user_id: userId, org_id: registration.org_id, role, lead: false, class_name: null, created_at: now });
    await trx('lti_links').insert({ registration_id: registration.id, sub, user_id: userId, created_at: now, last_used_at: now });
    await recordAudit(
      trx,
      { actor: null, actorLabel: 'lti', orgId: registration.org_id, action: 'user.created', target: { kind: 'user', id: userId }, detail: { via: 'lti', registrationId: registration.id, role } },
      now,
    );
  });
  return { userId, email };
}

/** The course for the launch's context (made in the school on first sight), with the person enrolled; null without a context. */
async function enrol(db: Knex, registration: RegistrationRow, claims: JWTPayload, userId: string, role: 'student' | 'teacher', now: Date): Promise<string | null> {
  const context = claims[CLAIM.context] as { id?: unknown; title?: unknown; label?: unknown } | undefined;
  const contextId = text(context?.id, 255);
  if (!contextId) return null;
  return db.transaction(async (trx) => {
    const known = await trx('lti_contexts').where({ registration_id: registration.id, context_id: contextId }).first('course_id');
    let courseId = known?.course_id as string | undefined;
    if (!courseId) {
      courseId = randomUUID();
      const title = text(context?.title, 200) ?? text(context?.label, 200) ?? contextId.slice(0, 200);
      await trx('courses').insert({ id: courseId, school_id: registration.org_id, title, code: text(context?.label, 40) ?? null, created_at: now });
      await trx('lti_contexts').insert({ registration_id: registration.id, context_id: contextId, course_id: courseId, created_at: now });
    }
    const member = await trx('course_members').where({ course_id: courseId, user_id: userId, role }).first('user_id');
    if (!member) await trx('course_members').insert({ course_id: courseId, user_id: userId, role, created_at: now });
    return courseId;
  });
}
