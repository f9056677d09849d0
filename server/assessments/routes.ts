import { IdParams } from '../contract/accounts';
import {
  AssessmentParams,
  AssessmentPointResponse,
  AssessmentRemindersResponse,
  AssessmentResponse,
  PlacementAssessmentsResponse,
  SaveAssessmentBody,
  SetPointBody,
  SignAssessmentBody,
} from '../contract/assessments';
import { ServerEvents } from '../contract/realtime';
import { access } from '../http/policy';
import { route, type AnyRoute } from '../http/routes';
import type { AppDeps } from '../deps';
import { placementRoom } from '../placements/access';
import * as assessments from './service';

/** The event a placement's room hears when a mentor signs an assessment off. */
export const PLACEMENT_ASSESSMENT_EVENT = ServerEvents.placementAssessment;

export function assessmentRoutes(deps: AppDeps): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/placements/:id/assessments',
      access: access.roles('student', 'teacher', 'mentor', 'admin'),
      summary: 'A placement’s assessment points and assessments: the school sees both mentors’, an enterprise mentor their own, the student what both signed',
      params: IdParams,
      response: PlacementAssessmentsResponse,
      handler: async ({ actor, params }) => ({ assessments: await assessments.readAssessments(deps.db, actor!, params.id) }),
    }),
    route({
      method: 'put',
      path: '/api/placements/:id/assessments/:kind',
      access: access.roles('teacher'),
      summary: 'The school mentor or a teacher of the school sets an assessment point (mid or final) on a day inside the placement',
      params: AssessmentParams,
      body: SetPointBody,
      response: AssessmentPointResponse,
      handler: async ({ actor, params, body }) => ({ point: await assessments.setPoint(deps.db, actor!, params.id, params.kind, body.dueOn, deps.clock()) }),
    }),
    route({
      method: 'put',
      path: '/api/placements/:id/assessments/:kind/mine',
      access: access.roles('teacher', 'mentor'),
      summary: 'Autosave of the caller’s draft assessment at a point (based on a revision; a stale one is a conflict)',
      params: AssessmentParams,
      body: SaveAssessmentBody,
      response: AssessmentResponse,
      handler: async ({ actor, params, body }) => ({ assessment: await assessments.saveDraft(deps.db, actor!, params.id, params.kind, body, deps.clock()) }),
    }),
    route({
      method: 'post',
      path: '/api/placements/:id/assessments/:kind/mine/sign',
      access: access.roles('teacher', 'mentor'),
      summary: 'The caller signs their assessment off: name, time, hash of the content; read-only from then on',
      params: AssessmentParams,
      body: SignAssessmentBody,
      response: AssessmentResponse,
      handler: async ({ actor, params, body }) => {
        const assessment = await assessments.signAssessment(deps.db, actor!, params.id, params.kind, body.revision, deps.clock());
        deps.publisher.toRoom(placementRoom(params.id), PLACEMENT_ASSESSMENT_EVENT, { placementId: params.id });
        return { assessment };
      },
    }),
    route({
      method: 'post',
      path: '/api/placements/:id/assessments/:kind/mine/versions',
      access: access.roles('teacher', 'mentor'),
      summary: 'A correction of the caller’s signed assessment: a new draft version that supersedes it',
      params: AssessmentParams,
      status: 201,
      response: AssessmentResponse,
      handler: async ({ actor, params }) => ({ assessment: await assessments.newVersion(deps.db, actor!, params.id, params.kind, deps.clock()) }),
    }),
    route({
      method: 'get',
      path: '/api/assessment-reminders',
      access: access.roles('teacher', 'mentor'),
      summary: 'Assessment points where the caller is a mentor and has not signed off yet, by due day',
      response: AssessmentRemindersResponse,
      handler: async ({ actor }) => ({ reminders: await assessments.reminders(deps.db, actor!) }),
    }),
  ];
}
