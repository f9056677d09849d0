import type { Knex } from 'knex';
import { toBool } from '../db/values';
import { errors } from '../http/errors';
import { msg, type Msg } from '../messages';
import type { Actor } from '../http/policy';

/**
 * Who may do what with an enterprise's scenarios: its authors edit drafts and publish, its
 * reviewers read drafts and every file of every version. Anyone else learns nothing (404).
 */
export type EnterpriseRole = 'author' | 'reviewer';

export function enterpriseRole(actor: Actor, orgId: string | null): EnterpriseRole | null {
  if (!orgId) return null;
  const roles = actor.memberships.filter((m) => m.orgId === orgId && m.orgKind === 'enterprise').map((m) => m.role);
  if (roles.includes('author')) return 'author';
  // The enterprise's own admin reads like its reviewers (and decides sharing and visibility).
  if (roles.includes('reviewer') || roles.includes('admin')) return 'reviewer';
  return null;
}

/** The enterprises whose scenarios the caller authors or reviews. */
export const authoringOrgs = (actor: Actor) =>
  [...new Set(actor.memberships.filter((m) => m.orgKind === 'enterprise' && (m.role === 'author' || m.role === 'reviewer')).map((m) => m.orgId))];

/** Reading an enterprise's authoring space: its authors and reviewers. */
export function assertMember(actor: Actor, orgId: string | null, what: Msg = msg('notFound.enterprise')): EnterpriseRole {
  const role = enterpriseRole(actor, orgId);
  if (!role) throw errors.notFound(what);
  return role;
}

/** Changing it: authors only; a reviewer is told why rather than "not found". */
export function assertAuthor(actor: Actor, orgId: string | null, what: Msg = msg('notFound.enterprise')): void {
  if (assertMember(actor, orgId, what) !== 'author') throw errors.forbidden(msg('authoring.authorsOnly'));
}

/**
 * What a reader outside the owning enterprise may see of a published version: the student's
 * view (brief, tasks, starter files, events, visible checks) plus, where the partnership
 * shares them, the solution and the hidden checks.
 */
export type VersionReadAccess = { full: boolean };

export async function versionReadAccess(db: Knex, actor: Actor, scenario: { owner_org_id: string | null; public: boolean | number | string | null }): Promise<VersionReadAccess | null> {
  // `admin` is per organisation: another enterprise's or a school's admin is no reader of this
  // package; they read it as their organisation may (a school's admin is not its teacher).
  if (enterpriseRole(actor, scenario.owner_org_id)) return { full: true };
  const schoolIds = actor.memberships.filter((m) => m.orgKind === 'school' && m.role === 'teacher').map((m) => m.orgId);
  if (schoolIds.length === 0) return null;
  // Library scenarios (no owner) are the platform's own: every teacher reads them whole.
  if (!scenario.owner_org_id) return { full: true };
  const partnerships: { shares_solutions: boolean | number }[] = await db('partnerships')
    .whereIn('school_id', schoolIds)
    .where({ enterprise_id: scenario.owner_org_id, status: 'active' })
    .select('shares_solutions');
  if (partnerships.length > 0) return { full: partnerships.some((p) => toBool(p.shares_solutions)) };
  return toBool(scenario.public) ? { full: false } : null;
}
