import { IdParams } from '../contract/accounts';
import { CandidatesQuery, EnterpriseParams, InvitationAnswerBody, InvitationBody, OptionalEnterpriseQuery, PutConsentBody, ShortlistBody, CandidateParams } from '../contract/talent';
import type { AppDeps } from '../deps';
import { access } from '../http/policy';
import { route, type AnyRoute } from '../http/routes';
import { candidate, candidates } from './candidates';
import { myConsents, putConsent, revokeConsent } from './consent';
import * as invitations from './invitations';

/** Talent selection (issue 16): the student's consent, the enterprise's candidates, shortlist and invitations, the school's view. */
export function talentRoutes(deps: AppDeps): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/me/talent-consents',
      access: access.roles('student'),
      summary: 'The partner enterprises of the student’s schools, the student’s consent to each, and the log of every grant, change and revocation',
      handler: async ({ actor }) => myConsents(deps.db, actor!),
    }),
    route({
      method: 'put',
      path: '/api/me/talent-consents/:enterpriseId',
      access: access.roles('student'),
      summary: 'The student opts in as a candidate of a partner enterprise, or changes what they share (logged)',
      params: EnterpriseParams,
      body: PutConsentBody,
      handler: async ({ actor, params, body }) => putConsent(deps.db, actor!, params.enterpriseId, body.shares, deps.clock()),
    }),
    route({
      method: 'delete',
      path: '/api/me/talent-consents/:enterpriseId',
      access: access.roles('student'),
      summary: 'The student revokes their consent: the enterprise no longer sees them (logged)',
      params: EnterpriseParams,
      handler: async ({ actor, params }) => revokeConsent(deps.db, actor!, params.enterpriseId, deps.clock()),
    }),
    route({
      method: 'get',
      path: '/api/talent/candidates',
      access: access.roles('admin'),
      summary: 'The enterprise admin’s candidates for a role (and base): consenting students of partner schools, ranked by fit to the role’s profile',
      query: CandidatesQuery,
      handler: async ({ actor, query }) => candidates(deps.db, actor!, query),
    }),
    route({
      method: 'get',
      path: '/api/talent/candidates/:candidateId',
      access: access.roles('admin'),
      summary: 'One consenting candidate by the enterprise’s ref for them (never a user id), with their fit to a role’s profile; anyone else is not found',
      params: CandidateParams,
      query: CandidatesQuery,
      handler: async ({ actor, params, query }) => ({ candidate: await candidate(deps.db, actor!, params.candidateId, query) }),
    }),
    route({
      method: 'put',
      path: '/api/talent/candidates/:candidateId/shortlist',
      access: access.roles('admin'),
      summary: 'The enterprise admin shortlists a consenting candidate for a role, with a note',
      params: CandidateParams,
      body: ShortlistBody,
      status: 204,
      handler: async ({ actor, params, body }) => invitations.shortlist(deps.db, actor!, params.candidateId, body, deps.clock()),
    }),
    route({
      method: 'delete',
      path: '/api/talent/candidates/:candidateId/shortlist',
      access: access.roles('admin'),
      summary: 'The enterprise admin takes a candidate off the shortlist',
      params: CandidateParams,
      query: OptionalEnterpriseQuery,
      status: 204,
      handler: async ({ actor, params, query }) => invitations.unlist(deps.db, actor!, params.candidateId, query.enterpriseId),
    }),
    route({
      method: 'get',
      path: '/api/talent/shortlist',
      access: access.roles('admin'),
      summary: 'The enterprise’s shortlist: consenting candidates only',
      query: OptionalEnterpriseQuery,
      handler: async ({ actor, query }) => ({ shortlist: await invitations.listShortlist(deps.db, actor!, query.enterpriseId) }),
    }),
    route({
      method: 'post',
      path: '/api/talent/candidates/:candidateId/invitations',
      access: access.roles('admin'),
      summary: 'The enterprise admin invites a consenting candidate to an interview (role, time, place, message)',
      params: CandidateParams,
      body: InvitationBody,
      status: 201,
      handler: async ({ actor, params, body }) => ({ invitation: await invitations.invite(deps.db, actor!, params.candidateId, body, deps.clock()) }),
    }),
    route({
      method: 'get',
      path: '/api/talent/invitations',
      access: access.roles('admin'),
      summary: 'The enterprise’s interview invitations; one whose student revoked consent shows only that it was withdrawn',
      query: OptionalEnterpriseQuery,
      handler: async ({ actor, query }) => ({ invitations: await invitations.sentInvitations(deps.db, actor!, query.enterpriseId) }),
    }),
    route({
      method: 'get',
      path: '/api/talent/school-invitations',
      access: access.roles('teacher', 'admin'),
      summary: 'Interview invitations of the students of the caller’s schools (teachers and admins)',
      handler: async ({ actor }) => ({ invitations: await invitations.schoolInvitations(deps.db, actor!) }),
    }),
    route({
      method: 'get',
      path: '/api/me/talent-invitations',
      access: access.roles('student'),
      summary: 'The student’s interview invitations',
      handler: async ({ actor }) => ({ invitations: await invitations.myInvitations(deps.db, actor!) }),
    }),
    route({
      method: 'put',
      path: '/api/me/talent-invitations/:id/answer',
      access: access.roles('student'),
      summary: 'The student accepts or declines an interview invitation',
      params: IdParams,
      body: InvitationAnswerBody,
      handler: async ({ actor, params, body }) => ({ invitation: await invitations.answer(deps.db, actor!, params.id, body.answer, deps.clock()) }),
    }),
  ];
}
