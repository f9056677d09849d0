import { msg, type Msg } from '../messages';
import { errors } from './errors';
import { issueOf } from './validate';

import { ROLES, type Role } from '../contract/constants';
import type { TokenScope } from '../contract/apiTokens';

export { ROLES, type Role };

/** `lead` marks a lead reviewer (moderation, agreement, calibration). */
export type Membership = { id: string; orgId: string; orgName: string; orgKind: 'school' | 'enterprise'; role: Role; lead?: boolean };

/** Who is calling: the signed-in user with every role they hold, in which organisation. */
export type Actor = {
  id: string;
  email: string;
  name: string;
  sessionId: string;
  memberships: Membership[];
  roles: ReadonlySet<Role>;
  /** A platform operator runs the installation; it is no organisation's role and grants none. */
  operator: boolean;
  /**
   * Set when a script calls with an organisation's API token (Bearer): a service actor with no
   * memberships and no roles, so no role rule lets it in; only routes that name one of its
   * scopes do (server/http/routes.ts), and their services scope it to `orgId`.
   */
  token?: { id: string; orgId: string; scopes: readonly TokenScope[] };
};

/** What an access rule may name: a role in some organisation, or the platform operator. */
export type AccessRole = Role | 'operator';

/**
 * Access rules are data: every HTTP route and socket event declares one, and `authorize` is
 * the only code that reads them. Resource-level scoping (a teacher sees only their courses)
 * lives in each domain's policy on top of this.
 */
export type Access = { kind: 'public' } | { kind: 'authenticated' } | { kind: 'roles'; roles: readonly AccessRole[] };

export const access = {
  public: { kind: 'public' } as Access,
  authenticated: { kind: 'authenticated' } as Access,
  roles: (...roles: AccessRole[]): Access => ({ kind: 'roles', roles }),
};

export const holds = (actor: Actor, role: AccessRole): boolean => (role === 'operator' ? actor.operator : actor.roles.has(role));

export function authorize(rule: Access, actor: Actor | null): void {
  if (rule.kind === 'public') return;
  if (!actor) throw errors.unauthenticated();
  if (rule.kind === 'roles' && !rule.roles.some((r) => holds(actor, r))) throw errors.forbidden();
}

/**
 * A token caller reaches a route only when the route names one of the token's scopes; a route
 * that names none (accounts, sessions, administration, everything not meant for scripts) is
 * closed to every token, whatever its access rule says.
 */
export function authorizeToken(routeScopes: readonly TokenScope[] | undefined, actor: Actor): void {
  if (!routeScopes?.some((s) => actor.token!.scopes.includes(s))) throw errors.forbidden(msg('apiToken.scopeMissing'));
}

/** The organisation a token caller acts for, when it holds `scope`; null for people. */
export const tokenOrg = (actor: Actor, scope: TokenScope): string | null => (actor.token?.scopes.includes(scope) ? actor.token.orgId : null);

/** The organisations the caller administers (an operator administers none by that title). */
export const adminOrgIds = (actor: Actor): Set<string> => new Set(actor.memberships.filter((m) => m.role === 'admin').map((m) => m.orgId));

export function describeAccess(rule: Access): string {
  return rule.kind === 'roles' ? rule.roles.join('|') : rule.kind;
}

/**
 * Which of the caller's organisations a call is about: the one named (when it is theirs) or
 * their only one. Another organisation's id is "not found", never "forbidden", so nobody learns
 * which ids exist; `none` and `several` say what to do otherwise.
 */
export function chooseOrg<T extends string | { id: string }>(
  mine: T[],
  requested: string | undefined,
  messages: { none: () => Error; several: Msg; field?: string; what?: Msg },
): T {
  const idOf = (o: T) => (typeof o === 'string' ? o : o.id);
  if (requested) {
    const found = mine.find((o) => idOf(o) === requested);
    if (!found) throw errors.notFound(messages.what ?? msg('notFound.enterprise'));
    return found;
  }
  if (mine.length === 0) throw messages.none();
  if (mine.length > 1) throw errors.validation(messages.several, [issueOf(messages.field ?? 'enterpriseId', msg('field.required'))]);
  return mine[0]!;
}
