import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { CreatedInvitation, InvitationPreview, InviteMentorInput, MentorCandidate, PlacementChanged } from '../contract/mentors';
import type { PlacementView } from '../contract/placements';
import { ServerEvents } from '../contract/realtime';
import { toDate } from '../db/values';
import { errors } from '../http/errors';
import type { Actor } from '../http/policy';
import { invalidField } from '../http/validate';
import { msg } from '../messages';
import type { Publisher } from '../realtime/publisher';
import { hashPassword } from '../accounts/passwords';
import { findUserByEmail, insertUser } from '../accounts/repo';
import type { LoginLimiter } from '../accounts/loginLimiter';
import { ALL_RELATIONS, placementAccess, placementFacts, placementRoom, type PlacementFacts } from './access';
import { placementView } from './service';
import { mentorInvited } from '../mail/notices';

/**
 * A placement's enterprise mentor: a member of the base's enterprise with the `mentor` role,
 * named by the school side or the enterprise's admin, or an outside engineer invited by a
 * one-time link that opens an account limited to their mentees (PebblePad's external assessors,
 * without the weeks of account requests).
 */

export const INVITATION_DAYS = 14;
const DAY_MS = 86_400_000;

export type MentorDeps = { db: Knex; clock: () => Date; publisher: Publisher };

/** Every socket in the placement's room refreshes what it shows of it. */
export function publishChanged(publisher: Publisher, placementId: string): void {
  publisher.toRoom(placementRoom(placementId), ServerEvents.placementChanged, { placementId } satisfies PlacementChanged);
}

const OPEN = ['planned', 'active'];

/**
 * The placement, when the caller may choose its enterprise mentor: its school mentor, a teacher
 * of its school, an admin of the base's enterprise. Others who can see it are refused (403);
 * strangers are told it does not exist.
 */
async function managedPlacement(db: Knex, actor: Actor, id: string): Promise<PlacementFacts> {
  const { placement: p, relations } = await placementAccess(db, actor, id, ALL_RELATIONS);
  const teaches = actor.memberships.some((m) => m.orgId === p.schoolId && m.role === 'teacher');
  if (!relations.has('schoolMentor') && !teaches && !relations.has('enterprise')) throw errors.forbidden(msg('mentors.manageForbidden'));
  if (!OPEN.includes(p.status)) throw errors.conflict(msg('mentors.placementClosed', { status: p.status }));
  return p;
}

/** The base's enterprise's mentors (enabled accounts), to choose from. */
export async function mentorCandidates(db: Knex, actor: Actor, placementId: string): Promise<MentorCandidate[]> {
  const { placement: p, relations } = await placementAccess(db, actor, placementId, ALL_RELATIONS);
  const teaches = actor.memberships.some((m) => m.orgId === p.schoolId && m.role === 'teacher');
  if (!relations.has('schoolMentor') && !teaches && !relations.has('enterprise')) throw errors.forbidden(msg('mentors.manageForbidden'));
  const rows: { id: string; name: string }[] = await db('memberships as m')
    .join('users as u', 'u.id', 'm.user_id')
    .where({ 'm.org_id': p.enterpriseId, 'm.role': 'mentor' })
    .where((w) => w.where('u.disabled', false).orWhereNull('u.disabled'))
    .orderBy([{ column: 'u.name' }, { column: 'u.id' }])
    .select('u.id', 'u.name');
  return rows.map((r) => ({ id: r.id, name: r.name }));
}

/** Names the mentor and tells everyone concerned: the room, and the mentor it replaces (whose sockets leave the room). */
async function setMentor(deps: MentorDeps, trx: Knex, p: PlacementFacts, userId: string): Promise<void> {
  await trx('placements').where({ id: p.id }).update({ enterprise_mentor_id: userId, updated_at: deps.clock() });
}

function afterMentorChanged(deps: MentorDeps, p: PlacementFacts, userId: string): void {
  if (p.enterpriseMentorId && p.enterpriseMentorId !== userId) deps.publisher.accessChanged(p.enterpriseMentorId);
  publishChanged(deps.publisher, p.id);
}

export async function nameMentor(deps: MentorDeps, actor: Actor, placementId: string, userId: string): Promise<PlacementView> {
  const p = await managedPlacement(deps.db, actor, placementId);
  const holds = await deps.db('memberships').where({ user_id: userId, org_id: p.enterpriseId, role: 'mentor' }).first('id');
  if (!holds) {
    const enterprise: { name: string } = await deps.db('organizations').where({ id: p.enterpriseId }).first('name');
    throw invalidField('body.userId', msg('mentors.notEnterpriseMentor', { enterprise: enterprise.name }));
  }
  await setMentor(deps, deps.db, p, userId);
  afterMentorChanged(deps, p, userId);
  return placementView(deps.db, placementId);
}

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

/** A new one-time link for the placement; any older one not yet used stops working. */
export async function inviteMentor(deps: MentorDeps, actor: Actor, placementId: string, input: InviteMentorInput): Promise<CreatedInvitation> {
  const p = await managedPlacement(deps.db, actor, placementId);
  const token = randomBytes(32).toString('base64url');
  const now = deps.clock();
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * DAY_MS);
  const id = randomUUID();
  await deps.db.transaction(async (trx) => {
    await trx('mentor_invitations').where({ placement_id: p.id }).whereNull('used_at').whereNull('revoked_at').update({ revoked_at: now });
    await trx('mentor_invitations').insert({
      id,
      placement_id: p.id,
      token_hash: digest(token),
      name: input.name,
      email: input.email,
      invited_by: actor.id,
      created_at: now,
      expires_at: expiresAt,
      used_at: null,
      revoked_at: null,
      accepted_by: null,
    });
    await mentorInvited(trx, { to: input.email, name: input.name, placementId: p.id, inviterId: actor.id, path: `/mentor-invitation/${token}`, expiresAt }, now);
  });
  return { id, name: input.name, email: input.email, expiresAt: expiresAt.toISOString(), token, path: `/mentor-invitation/${token}` };
}

/** Stops the placement's pending invitations (the placement ended or was called off). */
export async function revokeInvitations(db: Knex, placementId: string, now: Date): Promise<void> {
  await db('mentor_invitations').where({ placement_id: placementId }).whereNull('used_at').whereNull('revoked_at').update({ revoked_at: now });
}

type InvitationRow = { id: string; placement_id: string; name: string; email: string; invited_by: string; expires_at: Date | number; used_at: unknown; revoked_at: unknown };

/**
 * The invitation a token opens, if it still may be used. Unknown, malformed, expired, used,
 * revoked, or for a placement that is over: all one answer, so a holder learns nothing of which.
 */
async function liveInvitation(db: Knex, token: string, now: Date): Promise<{ row: InvitationRow; placement: PlacementFacts }> {
  const invalid = () => errors.notFound(msg('mentors.invitationInvalid'));
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) throw invalid();
  const row: InvitationRow | undefined = await db('mentor_invitations').where({ token_hash: digest(token) }).first();
  if (!row || row.used_at || row.revoked_at || toDate(row.expires_at)!.getTime() <= now.getTime()) throw invalid();
  const placement = await placementFacts(db, row.placement_id);
  if (!placement || !OPEN.includes(placement.status)) throw invalid();
  return { row, placement };
}

/**
 * Counts a look at a link as sign-in does (per address, and per address and "invitation"), and
 * forgives it when the token is good: only guessing slows down.
 */
async function limited<T>(limiter: LoginLimiter, ip: string, run: () => Promise<T>): Promise<T> {
  const ticket = await limiter.begin('mentor-invitation', ip);
  const result = await run();
  await limiter.succeeded(ticket);
  return result;
}

export async function previewInvitation(deps: MentorDeps & { limiter: LoginLimiter }, token: string, ip: string): Promise<InvitationPreview> {
  return limited(deps.limiter, ip, async () => {
    const { row, placement } = await liveInvitation(deps.db, token, deps.clock());
    const view = await placementView(deps.db, placement.id);
    const inviter: { name: string } = await deps.db('users').where({ id: row.invited_by }).first('name');
    return { inviter: inviter.name, student: view.student.name, base: view.base.name, enterprise: view.base.enterprise.name, startsOn: view.startsOn, endsOn: view.endsOn };
  });
}

/**
 * Accepts: creates the invitee's account (or, when their address has one, takes the signed-in
 * owner of it), gives it the `mentor` role in the base's enterprise and names it the
 * placement's enterprise mentor. The invitation is claimed in the same transaction, so a link
 * opened twice at once makes one account. Returns who to sign in, when a new account was made.
 */
export async function acceptInvitation(
  deps: MentorDeps & { limiter: LoginLimiter },
  actor: Actor | null,
  token: string,
  input: { password?: string | undefined },
  ip: string,
): Promise<{ userId: string; created: boolean }> {
  const { row, placement } = await limited(deps.limiter, ip, () => liveInvitation(deps.db, token, deps.clock()));
  const existing = await findUserByEmail(deps.db, row.email);
  if (existing && actor?.id !== existing.id) throw errors.conflict(msg('mentors.invitationSignInFirst', { email: row.email }));
  if (!existing && !input.password) throw invalidField('body.password', msg('mentors.passwordNeeded'));
  const passwordHash = existing ? null : await hashPassword(input.password!);
  const now = deps.clock();
  const userId = await deps.db.transaction(async (trx) => {
    const claimed = await trx('mentor_invitations').where({ id: row.id }).whereNull('used_at').whereNull('revoked_at').update({ used_at: now });
    if (claimed !== 1) throw errors.notFound(msg('mentors.invitationInvalid'));
    let id: string;
    if (existing) {
      id = existing.id;
      const holds = await trx('memberships').where({ user_id: id, org_id: placement.enterpriseId, role: 'mentor' }).first('id');
      if (!holds) await trx('memberships').insert({ id: randomUUID(), user_id: id, org_id: placement.enterpriseId, role: 'mentor', lead: false, created_at: now });
    } else {
      id = await insertUser(trx, { email: row.email, name: row.name, passwordHash: passwordHash!, memberships: [{ orgId: placement.enterpriseId, role: 'mentor' }] }, now);
    }
    await trx('mentor_invitations').where({ id: row.id }).update({ accepted_by: id });
    await setMentor(deps, trx, placement, id);
    return id;
  });
  // A new role for an existing account: its open sockets take it up.
  if (existing) deps.publisher.accessChanged(userId);
  afterMentorChanged(deps, placement, userId);
  return { userId, created: !existing };
}
