import type { Knex } from 'knex';
import { recordAudit } from '../audit/record';
import type { ErasurePolicyT } from '../contract/privacy';
import { errors } from '../http/errors';
import { adminOrgIds, type Actor } from '../http/policy';
import { msg } from '../messages';

/** Whether erasing one of the organisation's students keeps their assessment records: its own admins, or the operator. */
export async function getErasurePolicy(db: Knex, actor: Actor, orgId: string): Promise<ErasurePolicyT> {
  const org: { erasure_keeps_scores: boolean | number } | undefined = await db('organizations').where({ id: orgId }).first('erasure_keeps_scores');
  if (!org) throw errors.notFound(msg('notFound.organisation'));
  if (!actor.operator && !adminOrgIds(actor).has(orgId)) throw errors.forbidden();
  return { orgId, keepsScores: org.erasure_keeps_scores === true || org.erasure_keeps_scores === 1 };
}

/**
 * Sets whether erasing one of the organisation's students keeps their assessment records: its
 * own admins (or the operator) decide, and the audit log keeps before and after. Organisation ids
 * are no secret (the directory lists them), so another organisation's is "forbidden".
 */
export async function setErasurePolicy(db: Knex, actor: Actor, orgId: string, keepsScores: boolean, ip: string | undefined, now: Date): Promise<ErasurePolicyT> {
  const org: { id: string; erasure_keeps_scores: boolean | number } | undefined = await db('organizations').where({ id: orgId }).first('id', 'erasure_keeps_scores');
  if (!org) throw errors.notFound(msg('notFound.organisation'));
  if (!actor.operator && !adminOrgIds(actor).has(orgId)) throw errors.forbidden();
  const before = org.erasure_keeps_scores === true || org.erasure_keeps_scores === 1;
  await db.transaction(async (trx) => {
    await trx('organizations').where({ id: orgId }).update({ erasure_keeps_scores: keepsScores });
    await recordAudit(trx, { actor, orgId, action: 'organisation.changed', target: { kind: 'organisation', id: orgId }, ip: ip ?? null, detail: { erasureKeepsScores: { before, after: keepsScores } } }, now);
  });
  return { orgId, keepsScores };
}
