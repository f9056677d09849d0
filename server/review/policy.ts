import type { Knex } from 'knex';
import { toBool } from '../db/values';
import { errors } from '../http/errors';
import { msg, type Msg } from '../messages';
import { chooseOrg, type Actor } from '../http/policy';

/** The enterprises the caller reviews for. */
export const reviewerOrgs = (actor: Actor) => actor.memberships.filter((m) => m.role === 'reviewer' && m.orgKind === 'enterprise').map((m) => m.orgId);

/**
 * Which enterprise's review work a call is about: the one named (if the caller reviews for
 * it) or the caller's only one. Another enterprise's id is "not found", never "forbidden",
 * so nobody learns which ids exist.
 */
export function resolveEnterprise(actor: Actor, enterpriseId?: string): string {
  return chooseOrg(reviewerOrgs(actor), enterpriseId, {
    none: () => errors.forbidden(msg('review.notReviewer')),
    several: msg('review.severalEnterprises'),
  });
}

export function assertReviewerOf(actor: Actor, enterpriseId: string, what: Msg = msg('notFound.reviewItem')): void {
  if (!reviewerOrgs(actor).includes(enterpriseId)) throw errors.notFound(what);
}

export async function isLead(db: Knex, actor: Actor, enterpriseId: string): Promise<boolean> {
  const row = await db('memberships').where({ user_id: actor.id, org_id: enterpriseId, role: 'reviewer' }).first('lead');
  return toBool(row?.lead);
}
