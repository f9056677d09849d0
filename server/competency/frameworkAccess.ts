import type { Knex } from 'knex';
import { currentLocale } from '../http/locale';
import type { FrameworkSummary } from '../contract/competency';
import { errors } from '../http/errors';
import { msg } from '../messages';
import { adminOrgIds, chooseOrg, tokenOrg, type Actor } from '../http/policy';
import { parseLevels, translated } from './case';

/**
 * Who manages which framework. Shared frameworks (no owner: the shipped one and any the
 * platform adds) belong to the platform operators; a framework an organisation imported for
 * itself belongs to that organisation's admins. Everyone signed in reads every framework:
 * competency frameworks are published standards, and a partner school must read the
 * framework an enterprise's scenarios are mapped to.
 */

/** A token with `frameworks:write` manages its own organisation's frameworks, as that organisation's admins do. */
const managedOrgs = (actor: Actor): Set<string> => {
  const viaToken = tokenOrg(actor, 'frameworks:write');
  return viaToken ? new Set([viaToken]) : adminOrgIds(actor);
};

const manages = (actor: Actor, orgId: string | null) => (orgId === null ? actor.operator : managedOrgs(actor).has(orgId));

export async function listFrameworks(db: Knex, actor: Actor): Promise<FrameworkSummary[]> {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- the row type, over several lines, reads better after the query
  const rows = (await db('frameworks as f')
    .leftJoin('framework_items as i', 'i.framework_id', 'f.id')
    .leftJoin('organizations as o', 'o.id', 'f.org_id')
    .groupBy('f.id', 'f.identifier', 'f.title', 'f.translations_json', 'f.levels_json', 'f.org_id', 'o.name')
    .orderBy('f.title')
    .select('f.id', 'f.identifier', 'f.title', 'f.translations_json', 'f.levels_json', 'f.org_id', 'o.name as org_name')
    .count({ items: 'i.identifier' })) as {
    id: string;
    identifier: string;
    title: string;
    translations_json: string | null;
    levels_json: string | null;
    org_id: string | null;
    org_name: string | null;
    items: number | string;
  }[];
  const locale = currentLocale();
  return rows.map((f) => ({
    id: f.id,
    identifier: f.identifier,
    title: translated<string>(f.translations_json, locale) ?? f.title,
    items: Number(f.items),
    levels: parseLevels(f.levels_json),
    owner: f.org_id ? { id: f.org_id, name: f.org_name ?? '' } : null,
    canManage: manages(actor, f.org_id),
  }));
}

/**
 * The owner an import is for: shared for an operator (unless they name an organisation they
 * administer), otherwise the organisation the caller administers (named when several).
 */
export function importOwner(actor: Actor, requested: string | undefined): string | null {
  if (actor.operator && !requested) return null;
  const mine = [...managedOrgs(actor)];
  return chooseOrg(mine, requested, {
    none: () => errors.forbidden(msg('competency.importNotAllowed')),
    several: msg('competency.severalOrganisations'),
    field: 'query.orgId',
    what: msg('notFound.organisation'),
  });
}

/** Changing a framework: 404 when there is none, 403 (with who decides) when it is not the caller's. */
export async function assertManages(db: Knex, actor: Actor, frameworkId: string): Promise<void> {
  const row: { org_id: string | null } | undefined = await db('frameworks').where({ id: frameworkId }).first('org_id');
  if (!row) throw errors.notFound(msg('notFound.framework'));
  if (!manages(actor, row.org_id)) {
    throw errors.forbidden(row.org_id === null ? msg('competency.sharedManaged') : msg('competency.foreignManaged'));
  }
}
