import { CreateOrgBody, IdParams } from '../contract/accounts';
import {
  OrgDirectoryResponse,
  OrgResponse,
  OrgsResponse,
  PartnerRequestBody,
  PartnerRequestResponse,
  PartnerSuggestionsResponse,
  PartnershipResponse,
  PartnershipsResponse,
  ProposePartnershipBody,
  ScenarioVisibilityBody,
  ScenarioVisibilityResponse,
  SolutionSharingBody,
  UpdatePartnershipBody,
} from '../contract/partnerships';
import { access, adminOrgIds } from '../http/policy';
import { route, type AnyRoute } from '../http/routes';
import type { AppDeps } from '../deps';
import * as partnerships from './partnerships';
import * as orgs from './service';
import { partnerSuggestions, requestPartner } from './suggestions';

export function orgRoutes(deps: AppDeps): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/orgs',
      access: access.roles('admin', 'operator'),
      summary: 'The organisations the caller administers (all of them, for an operator), with member counts and partners',
      response: OrgsResponse,
      handler: async ({ actor }) => ({ orgs: await orgs.listOrgs(deps.db, actor!.operator ? undefined : [...adminOrgIds(actor!)]) }),
    }),
    route({
      method: 'get',
      path: '/api/org-directory',
      access: access.roles('admin', 'operator'),
      summary: 'Every organisation’s name and kind, to propose partnerships to',
      response: OrgDirectoryResponse,
      handler: async () => ({ orgs: await orgs.directory(deps.db) }),
    }),
    route({
      method: 'post',
      path: '/api/orgs',
      access: access.roles('operator'),
      summary: 'Create a school or an enterprise (platform operators)',
      body: CreateOrgBody,
      response: OrgResponse,
      status: 201,
      handler: async ({ actor, body }) => ({ org: await orgs.createOrg(deps.db, body, deps.clock(), actor) }),
    }),
    route({
      method: 'get',
      path: '/api/partnerships',
      access: access.roles('admin'),
      summary: 'Partnerships of the organisations the caller administers',
      response: PartnershipsResponse,
      handler: async ({ actor }) => ({ partnerships: await partnerships.listPartnerships(deps.db, actor!) }),
    }),
    route({
      method: 'post',
      path: '/api/partnerships',
      access: access.roles('admin'),
      summary: 'Propose a partnership to an organisation of the other kind (reopens an ended one)',
      body: ProposePartnershipBody,
      response: PartnershipResponse,
      status: 201,
      handler: async ({ actor, body }) => ({ partnership: await partnerships.propose(deps.db, actor!, body, deps.clock()) }),
    }),
    route({
      method: 'patch',
      path: '/api/partnerships/:id',
      access: access.roles('admin'),
      summary: 'Accept (the side that did not propose) or end (either side) a partnership',
      params: IdParams,
      body: UpdatePartnershipBody,
      response: PartnershipResponse,
      handler: async ({ actor, params, body }) => ({ partnership: await partnerships.updatePartnership(deps.db, actor!, params.id, body, deps.clock()) }),
    }),
    route({
      method: 'put',
      path: '/api/partnerships/:id/sharing',
      access: access.roles('admin'),
      summary: 'The enterprise’s admin shares (or stops sharing) solutions and hidden checks with the partner school’s teachers',
      params: IdParams,
      body: SolutionSharingBody,
      response: PartnershipResponse,
      handler: async ({ actor, params, body }) => ({ partnership: await partnerships.setSolutionSharing(deps.db, actor!, params.id, body.sharesSolutions, deps.clock()) }),
    }),
    route({
      method: 'put',
      path: '/api/scenarios/:id/visibility',
      access: access.roles('author', 'admin'),
      summary: 'The owning enterprise opens a scenario to every school (public) or to partners only',
      params: IdParams,
      body: ScenarioVisibilityBody,
      response: ScenarioVisibilityResponse,
      handler: async ({ actor, params, body }) => ({ scenario: await partnerships.setScenarioPublic(deps.db, actor!, params.id, body.public, deps.clock()) }),
    }),
    route({
      method: 'get',
      path: '/api/courses/:id/partner-suggestions',
      access: access.roles('teacher'),
      summary: 'Enterprises ranked by how much of the course modules’ competencies their scenarios cover',
      response: PartnerSuggestionsResponse,
      params: IdParams,
      handler: ({ actor, params }) => partnerSuggestions(deps.db, actor!, params.id),
    }),
    route({
      method: 'post',
      path: '/api/courses/:id/partner-requests',
      access: access.roles('teacher'),
      summary: 'Propose a partnership with an enterprise on behalf of the course’s school',
      params: IdParams,
      body: PartnerRequestBody,
      response: PartnerRequestResponse,
      status: 201,
      handler: async ({ actor, params, body }) => ({ partnership: await requestPartner(deps.db, actor!, params.id, body.enterpriseId, deps.clock()) }),
    }),
  ];
}
