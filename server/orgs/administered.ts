import type { Knex } from 'knex';
import { errors } from '../http/errors';
import { adminOrgIds, type Actor } from '../http/policy';
import { msg } from '../messages';

/**
 * An organisation the caller administers (any, for the operator), for its settings pages (single
 * sign-on, learning records, LTI). Another tenant's is "not found", as if it did not exist.
 */
export async function administeredOrg(db: Knex, actor: Actor, orgId: string): Promise<{ id: string; kind: string }> {
  const org: { id: string; kind: string } | undefined = await db('organizations').where({ id: orgId }).first('id', 'kind');
  if (!org || (!actor.operator && !adminOrgIds(actor).has(orgId))) throw errors.notFound(msg('notFound.organisation'));
  return org;
}
