import { IdParams } from '../contract/accounts';
import {
  CreateBaseBody,
  CreatePlacementBody,
  PlacementResponse,
  PlacementsResponse,
  TrainingBaseResponse,
  TrainingBasesResponse,
  UpdateBaseBody,
} from '../contract/placements';
import { access } from '../http/policy';
import { route, type AnyRoute } from '../http/routes';
import type { AppDeps } from '../deps';
import * as placements from './service';

export function placementRoutes(deps: AppDeps): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/training-bases',
      access: access.roles('admin', 'teacher'),
      summary: 'Training bases the caller’s enterprise runs, or those of the caller’s school’s active partnerships',
      response: TrainingBasesResponse,
      handler: async ({ actor }) => ({ bases: await placements.listBases(deps.db, actor!) }),
    }),
    route({
      method: 'post',
      path: '/api/training-bases',
      access: access.roles('admin'),
      summary: 'The enterprise’s admin opens a training base on an active partnership',
      body: CreateBaseBody,
      response: TrainingBaseResponse,
      status: 201,
      handler: async ({ actor, body }) => ({ base: await placements.createBase(deps.db, actor!, body, deps.clock()) }),
    }),
    route({
      method: 'patch',
      path: '/api/training-bases/:id',
      access: access.roles('admin'),
      summary: 'The enterprise’s admin changes a training base (name, site, roles, competencies, capacity)',
      params: IdParams,
      body: UpdateBaseBody,
      response: TrainingBaseResponse,
      handler: async ({ actor, params, body }) => ({ base: await placements.updateBase(deps.db, actor!, params.id, body, deps.clock()) }),
    }),
    route({
      method: 'get',
      path: '/api/placements',
      access: access.roles('student', 'teacher', 'mentor', 'admin'),
      summary: 'Placements: the student’s own, the mentor’s mentees’, the school’s (teachers, admins), those at the enterprise’s bases (admins)',
      response: PlacementsResponse,
      handler: async ({ actor }) => ({ placements: await placements.listPlacements(deps.db, actor!) }),
    }),
    route({
      method: 'post',
      path: '/api/placements',
      access: access.roles('teacher'),
      summary: 'A teacher places one of the school’s students at a training base of an active partnership',
      body: CreatePlacementBody,
      response: PlacementResponse,
      status: 201,
      handler: async ({ actor, body }) => ({ placement: await placements.createPlacement(deps.db, actor!, body, deps.clock()) }),
    }),
  ];
}
