import { IdParams } from '../contract/accounts';
import { AlertsQuery, CalibrationBody, EnterpriseQuery, QueueQuery, RegradeDecisionBody, RegradeQuery, RegradeRequestBody, StudentFeedbackQuery, SubmitReviewBody } from '../contract/review';
import { access } from '../http/policy';
import {
  AgreementResponse,
  CalibrationItemsResponse,
  QueueResponse,
  RegradeDecisionResponse,
  RegradeRequestResponse,
  RegradesResponse,
  ReviewAlertsResponse,
  ReviewDetailResponse,
  StudentFeedbackResponse,
} from '../contract/reviewResponses';
import { route, type AnyRoute } from '../http/routes';
import type { AppDeps } from '../deps';
import { announceGraded } from '../attempts/grading';
import * as regrades from './regrades';
import { detail } from './detail';
import { queue } from './queue';
import * as reviews from './service';
import { agreementView, calibrationItems } from './stats';
import { reviewAlerts } from './moderators';
import { studentFeedback } from './studentFeedback';

export function reviewRoutes(deps: AppDeps): AnyRoute[] {
  // A released or changed grade reaches the student (and the teacher's monitor) at once.
  const withNotify = { ...deps, onGraded: (attemptId: string) => announceGraded(deps, attemptId) };
  return [
    route({
      method: 'get',
      path: '/api/review-queue',
      access: access.roles('reviewer'),
      summary: 'The enterprise’s review queue, filtered and paginated (then follow reviewQueue.changed)',
      query: QueueQuery,
      response: QueueResponse,
      handler: ({ actor, query }) => queue(deps, actor!, query),
    }),
    route({
      method: 'post',
      path: '/api/review-items/:id/claim',
      access: access.roles('reviewer'),
      summary: `Claim a submission to review (the claim lasts ${reviews.CLAIM_MINUTES} minutes; claiming again extends it)`,
      params: IdParams,
      status: 201,
      response: ReviewDetailResponse,
      handler: async ({ actor, params }) => ({ detail: await reviews.claim(deps, actor!, params.id) }),
    }),
    route({
      method: 'delete',
      path: '/api/review-items/:id/claim',
      access: access.roles('reviewer'),
      summary: 'Give a claimed submission back to the queue',
      params: IdParams,
      status: 204,
      handler: ({ actor, params }) => reviews.release(deps, actor!, params.id),
    }),
    route({
      method: 'get',
      path: '/api/review-items/:id',
      access: access.roles('reviewer'),
      summary: 'The review page: files with their starters, every check, tasks, rubric, reviews and comments',
      params: IdParams,
      response: ReviewDetailResponse,
      handler: async ({ actor, params }) => ({ detail: await detail(deps, actor!, params.id) }),
    }),
    route({
      method: 'post',
      path: '/api/review-items/:id/reviews',
      access: access.roles('reviewer'),
      summary: 'Submit a review (primary, moderation or calibration, as the item’s state says)',
      params: IdParams,
      body: SubmitReviewBody,
      response: ReviewDetailResponse,
      handler: async ({ actor, params, body }) => ({ detail: await reviews.submitReview(withNotify, actor!, params.id, body) }),
    }),
    route({
      method: 'post',
      path: '/api/review-items/:id/calibration',
      access: access.roles('reviewer'),
      summary: 'Lead reviewer: make a reviewed submission a calibration item with agreed levels',
      params: IdParams,
      body: CalibrationBody,
      response: ReviewDetailResponse,
      handler: async ({ actor, params, body }) => ({ detail: await reviews.markCalibration(deps, actor!, params.id, body) }),
    }),
    route({
      method: 'get',
      path: '/api/review-calibration',
      access: access.roles('reviewer'),
      summary: 'The calibration set: items to score and, once scored, how far off each criterion was',
      query: EnterpriseQuery,
      response: CalibrationItemsResponse,
      handler: async ({ actor, query }) => ({ items: await calibrationItems(deps, actor!, query) }),
    }),
    route({
      method: 'get',
      path: '/api/review-agreement',
      access: access.roles('reviewer'),
      summary: 'Lead reviewer: agreement per scenario, criterion, reviewer and reviewer pair',
      query: EnterpriseQuery,
      response: AgreementResponse,
      handler: ({ actor, query }) => agreementView(deps, actor!, query),
    }),
    route({
      method: 'get',
      path: '/api/review-alerts',
      access: access.roles('admin', 'reviewer'),
      summary: 'Disagreements no reviewer who did not score them can settle, for an enterprise’s admins and reviewers (then follow reviewAlerts.join)',
      query: AlertsQuery,
      response: ReviewAlertsResponse,
      handler: ({ actor, query }) => reviewAlerts(deps.db, actor!, query),
    }),
    route({
      method: 'get',
      path: '/api/released-reviews',
      access: access.roles('student'),
      summary: 'The signed-in student’s released reviews, newest first: score and the start of the reviewer’s comment',
      query: StudentFeedbackQuery,
      response: StudentFeedbackResponse,
      handler: ({ actor, query }) => studentFeedback(deps, actor!, query),
    }),
    route({
      method: 'get',
      path: '/api/regrade-requests',
      access: access.roles('reviewer'),
      summary: 'Regrade requests to the enterprise, open or resolved',
      query: RegradeQuery,
      response: RegradesResponse,
      handler: ({ actor, query }) => regrades.listRegrades(deps, actor!, query),
    }),
    route({
      method: 'post',
      path: '/api/regrade-requests/:id/decision',
      access: access.roles('reviewer'),
      summary: 'Accept a regrade request with a new score, or decline it; both with a reply',
      params: IdParams,
      body: RegradeDecisionBody,
      response: RegradeDecisionResponse,
      handler: async ({ actor, params, body }) => ({ request: await regrades.decideRegrade(withNotify, actor!, params.id, body) }),
    }),
    route({
      method: 'post',
      path: '/api/attempts/:id/regrade-requests',
      access: access.roles('student'),
      summary: 'Ask for a regrade of one rubric criterion or check, within the regrade window',
      params: IdParams,
      body: RegradeRequestBody,
      response: RegradeRequestResponse,
      status: 201,
      handler: async ({ actor, params, body }) => ({ request: await regrades.requestRegrade(deps, actor!, params.id, body) }),
    }),
  ];
}
