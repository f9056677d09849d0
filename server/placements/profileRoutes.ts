import { IdParams } from '../contract/accounts';
import {
  CreateTargetedBody,
  PlacementGapsResponse,
  PutRoleProfileBody,
  RoleProfilesQuery,
  RoleProfilesResponse,
  TargetedStudentResponse,
  TargetedStudentsResponse,
} from '../contract/profiles';
import { access } from '../http/policy';
import { route, type AnyRoute } from '../http/routes';
import type { AppDeps } from '../deps';
import { listRoleProfiles, placementGaps, putRoleProfile } from './roleProfiles';
import { createTargeted, listTargeted } from './targeted';

/** Requirement profiles, a placement's gap to its profile, and targeted education (issue 16). */
export function profileRoutes(deps: AppDeps): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/role-profiles',
      access: access.roles('admin', 'mentor', 'teacher'),
      summary: 'An enterprise’s requirement profiles per role (and per base): its admins and mentors, the partner schools’ teachers and admins',
      query: RoleProfilesQuery,
      response: RoleProfilesResponse,
      handler: async ({ actor, query }) => await listRoleProfiles(deps.db, actor!, query.enterpriseId),
    }),
    route({
      method: 'put',
      path: '/api/role-profiles',
      access: access.roles('admin'),
      summary: 'The enterprise’s admin replaces the profile of a role, at every base or at one (which then wins there)',
      body: PutRoleProfileBody,
      response: RoleProfilesResponse,
      handler: async ({ actor, body }) => await putRoleProfile(deps.db, actor!, body, deps.clock()),
    }),
    route({
      method: 'get',
      path: '/api/placements/:id/gaps',
      access: access.roles('student', 'teacher', 'mentor', 'admin'),
      summary: 'The placed student’s gap to the profile that applies, in the placement’s course (everyone with a relation to the placement)',
      params: IdParams,
      response: PlacementGapsResponse,
      handler: async ({ actor, params }) => await placementGaps(deps.db, actor!, params.id),
    }),
    route({
      method: 'get',
      path: '/api/courses/:id/targeted-education',
      access: access.roles('teacher'),
      summary: 'Students of the course below their placement’s profile after it: gaps, modules, scenarios, plans and whether each gap closed',
      params: IdParams,
      response: TargetedStudentsResponse,
      handler: async ({ actor, params }) => ({ students: await listTargeted(deps.db, actor!, params.id, deps.clock()) }),
    }),
    route({
      method: 'post',
      path: '/api/courses/:id/targeted-education',
      access: access.roles('teacher'),
      summary: 'One click: a targeted practice on the competencies below the profile, and the day to re-assess',
      params: IdParams,
      body: CreateTargetedBody,
      response: TargetedStudentResponse,
      status: 201,
      handler: async ({ actor, params, body }) => ({ student: await createTargeted(deps.db, actor!, params.id, body, deps.clock()) }),
    }),
  ];
}
