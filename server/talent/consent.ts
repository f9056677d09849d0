import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { ConsentAction, ConsentEntry, ConsentLogEntry, ConsentSharesT, MyConsentsView } from '../contract/talent';
import { toBool, toIso } from '../db/values';
import { errors } from '../http/errors';
import type { Actor } from '../http/policy';
import { msg } from '../messages';

/**
 * A student's consent to be a candidate of one partner enterprise (授权同意). Only the student
 * grants, changes or revokes it; every change is appended to their log. "Current" means not
 * revoked, the partnership through which it was given still active, and the person still a
 * student of that school: a consent stops counting the moment any of these stops being true.
 */

export const studentSchools = (actor: Actor) => actor.memberships.filter((m) => m.role === 'student' && m.orgKind === 'school').map((m) => m.orgId);

/**
 * Consent rows that count now, with the school through which they were given. Every query an
 * enterprise makes about students starts here, so no path reaches a student without consent.
 */
export function currentConsents(db: Knex) {
  return db('talent_consents as c')
    .join('partnerships as p', (j) => j.on('p.school_id', 'c.school_id').andOn('p.enterprise_id', 'c.enterprise_id'))
    .join('memberships as sm', (j) => j.on('sm.user_id', 'c.student_id').andOn('sm.org_id', 'c.school_id'))
    .join('users as u', 'u.id', 'c.student_id')
    .whereNull('c.revoked_at')
    .where('p.status', 'active')
    .where('sm.role', 'student')
    .where('u.disabled', false);
}

const sharesOf = (r: { shares_identity: unknown; shares_assessments: unknown }): ConsentSharesT => ({
  identity: toBool(r.shares_identity as boolean),
  assessments: toBool(r.shares_assessments as boolean),
});

/** The partner enterprises of the student's schools (active partnerships), each with the student's consent, and the log. */
export async function myConsents(db: Knex, actor: Actor): Promise<MyConsentsView> {
  const schools = studentSchools(actor);
  const partners: { enterprise_id: string; enterprise_name: string; school_id: string; school_name: string }[] = await db('partnerships as p')
    .join('organizations as e', 'e.id', 'p.enterprise_id')
    .join('organizations as s', 's.id', 'p.school_id')
    .whereIn('p.school_id', schools)
    .where('p.status', 'active')
    .orderBy([{ column: 'e.name' }, { column: 'e.id' }, { column: 's.name' }])
    .select('p.enterprise_id', 'e.name as enterprise_name', 'p.school_id', 's.name as school_name');
  const rows = await db('talent_consents').where({ student_id: actor.id }).whereNull('revoked_at').select('*');
  const byEnterprise = new Map(rows.map((r) => [r.enterprise_id as string, r]));
  const seen = new Set<string>();
  const enterprises: ConsentEntry[] = [];
  for (const p of partners) {
    if (seen.has(p.enterprise_id)) continue;
    seen.add(p.enterprise_id);
    const r = byEnterprise.get(p.enterprise_id);
    enterprises.push({
      enterprise: { id: p.enterprise_id, name: p.enterprise_name },
      school: { id: p.school_id, name: p.school_name },
      consent: r ? { shares: sharesOf(r), grantedAt: toIso(r.granted_at)!, updatedAt: toIso(r.updated_at)! } : null,
    });
  }
  const log = await db('talent_consent_log as l')
    .join('organizations as e', 'e.id', 'l.enterprise_id')
    .join('users as u', 'u.id', 'l.by_user_id')
    .where('l.student_id', actor.id)
    .orderBy('l.id', 'desc')
    .select('l.*', 'e.name as enterprise_name', 'u.name as by_name');
  return {
    enterprises,
    log: log.map(
      (l): ConsentLogEntry => ({
        id: Number(l.id),
        enterprise: { id: l.enterprise_id, name: l.enterprise_name },
        action: l.action as ConsentAction,
        shares: sharesOf(l),
        by: { id: l.by_user_id, name: l.by_name },
        at: toIso(l.at)!,
      }),
    ),
  };
}

async function appendLog(db: Knex, actor: Actor, enterpriseId: string, action: ConsentAction, shares: ConsentSharesT, now: Date) {
  await db('talent_consent_log').insert({
    student_id: actor.id,
    enterprise_id: enterpriseId,
    action,
    shares_identity: shares.identity,
    shares_assessments: shares.assessments,
    by_user_id: actor.id,
    at: now,
  });
}

/** Grants a consent, or changes what it shares. An enterprise that is no active partner of the student's school is not found. */
export async function putConsent(db: Knex, actor: Actor, enterpriseId: string, shares: ConsentSharesT, now: Date): Promise<MyConsentsView> {
  const partnership = await db('partnerships').whereIn('school_id', studentSchools(actor)).where({ enterprise_id: enterpriseId, status: 'active' }).orderBy('school_id').first('school_id');
  if (!partnership) throw errors.notFound(msg('notFound.enterprise'));
  await db.transaction(async (trx) => {
    const row = await trx('talent_consents').where({ student_id: actor.id, enterprise_id: enterpriseId }).first();
    const values = { shares_identity: shares.identity, shares_assessments: shares.assessments, updated_at: now };
    if (!row) {
      await trx('talent_consents').insert({ student_id: actor.id, enterprise_id: enterpriseId, school_id: partnership.school_id, ...values, granted_at: now, revoked_at: null, candidate_ref: randomUUID() });
      await appendLog(trx, actor, enterpriseId, 'granted', shares, now);
    } else if (row.revoked_at) {
      // Granted again after a revocation: a fresh consent, through the school that partners now,
      // under a fresh candidate ref, so the enterprise cannot tie it to the revoked one.
      await trx('talent_consents').where({ student_id: actor.id, enterprise_id: enterpriseId }).update({ ...values, school_id: partnership.school_id, granted_at: now, revoked_at: null, candidate_ref: randomUUID() });
      await appendLog(trx, actor, enterpriseId, 'granted', shares, now);
    } else {
      const before = sharesOf(row);
      if (before.identity === shares.identity && before.assessments === shares.assessments) return;
      await trx('talent_consents').where({ student_id: actor.id, enterprise_id: enterpriseId }).update(values);
      await appendLog(trx, actor, enterpriseId, 'changed', shares, now);
    }
  });
  return myConsents(db, actor);
}

/** Revokes at once: the enterprise's candidates and shortlist lose the student, and its note about them is deleted. */
export async function revokeConsent(db: Knex, actor: Actor, enterpriseId: string, now: Date): Promise<MyConsentsView> {
  await db.transaction(async (trx) => {
    const row = await trx('talent_consents').where({ student_id: actor.id, enterprise_id: enterpriseId }).whereNull('revoked_at').first();
    if (!row) throw errors.notFound(msg('notFound.consent'));
    await trx('talent_consents').where({ student_id: actor.id, enterprise_id: enterpriseId }).update({ revoked_at: now, updated_at: now });
    await trx('talent_shortlist').where({ student_id: actor.id, enterprise_id: enterpriseId }).delete();
    await appendLog(trx, actor, enterpriseId, 'revoked', sharesOf(row), now);
  });
  return myConsents(db, actor);
}
