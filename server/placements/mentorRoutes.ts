import {
  AcceptInvitationBody,
  CreatedInvitationResponse,
  InvitationParams,
  InvitationPreviewResponse,
  InviteMentorBody,
  MentorCandidatesResponse,
  NameMentorBody,
  PlacementParams,
  UpdatePlacementBody,
} from '../contract/mentors';
import { SessionView, type SessionViewT } from '../contract/accounts';
import { PlacementResponse } from '../contract/placements';
import { access } from '../http/policy';
import { route, type AnyRoute } from '../http/routes';
import type { AppDeps } from '../deps';
import { cookieOptions } from '../accounts/routes';
import { getUser } from '../accounts/service';
import { orgLocaleOf } from '../accounts/repo';
import { SESSION_COOKIE } from '../accounts/sessions';
import { acceptInvitation, inviteMentor, mentorCandidates, nameMentor, previewInvitation } from './mentors';
import { updatePlacement } from './lifecycle';

/** A placement's enterprise mentor (named or invited by link) and its lifecycle (issue 16). */
export function mentorRoutes(deps: AppDeps): AnyRoute[] {
  return [
    route({
      method: 'patch',
      path: '/api/placements/:id',
      access: access.roles('teacher'),
      summary: 'The school side (school mentor, the school’s teachers) changes a placement’s status, dates or weekly hours',
      params: PlacementParams,
      body: UpdatePlacementBody,
      response: PlacementResponse,
      handler: async ({ actor, params, body }) => ({ placement: await updatePlacement(deps, actor!, params.id, body) }),
    }),
    route({
      method: 'get',
      path: '/api/placements/:id/mentor-candidates',
      access: access.roles('teacher', 'admin'),
      summary: 'The mentors of the base’s enterprise, to name one the placement’s enterprise mentor',
      params: PlacementParams,
      response: MentorCandidatesResponse,
      handler: async ({ actor, params }) => ({ mentors: await mentorCandidates(deps.db, actor!, params.id) }),
    }),
    route({
      method: 'put',
      path: '/api/placements/:id/enterprise-mentor',
      access: access.roles('teacher', 'admin'),
      summary: 'Name a mentor of the base’s enterprise the placement’s enterprise mentor (school mentor, the school’s teachers, the enterprise’s admins)',
      params: PlacementParams,
      body: NameMentorBody,
      response: PlacementResponse,
      handler: async ({ actor, params, body }) => ({ placement: await nameMentor(deps, actor!, params.id, body.userId) }),
    }),
    route({
      method: 'post',
      path: '/api/placements/:id/mentor-invitations',
      access: access.roles('teacher', 'admin'),
      summary: 'Invite an outside engineer as the enterprise mentor: a one-time link, shown once, valid 14 days; it replaces any earlier one',
      params: PlacementParams,
      body: InviteMentorBody,
      response: CreatedInvitationResponse,
      status: 201,
      handler: async ({ actor, params, body }) => ({ invitation: await inviteMentor(deps, actor!, params.id, body) }),
    }),
    route({
      method: 'get',
      path: '/api/mentor-invitations/:token',
      access: access.public,
      summary: 'What an invitation link is for: who invites, for which student, base and period (rate-limited like sign-in)',
      params: InvitationParams,
      response: InvitationPreviewResponse,
      handler: async ({ params, req }) => ({ invitation: await previewInvitation(deps, params.token, req.ip ?? 'unknown') }),
    }),
    route({
      method: 'post',
      path: '/api/mentor-invitations/:token/accept',
      access: access.public,
      summary: 'Accept an invitation: creates the mentor’s account (or takes the signed-in owner of the invited address), names them the enterprise mentor and signs them in',
      params: InvitationParams,
      body: AcceptInvitationBody,
      response: SessionView,
      handler: async ({ params, body, req, res, actor }): Promise<SessionViewT> => {
        const { userId, created } = await acceptInvitation(deps, actor, params.token, body, req.ip ?? 'unknown');
        let expiresAt = req.sessionExpiresAt;
        if (created) {
          // The new account is the one signed in: the browser's previous session ends, as at sign-in.
          if (actor) await deps.sessions.destroy(actor.sessionId);
          const session = await deps.sessions.create(userId, { ip: req.ip ?? 'unknown', userAgent: req.get('user-agent') });
          res.cookie(SESSION_COOKIE, session.token, cookieOptions(req, session.expiresAt));
          expiresAt = session.expiresAt;
        }
        const user = await getUser(deps.db, userId);
        return {
          user,
          roles: [...new Set(user.memberships.map((m) => m.role))],
          operator: user.operator,
          orgLocale: await orgLocaleOf(deps.db, userId),
          expiresAt: expiresAt!.toISOString(),
        };
      },
    }),
  ];
}
