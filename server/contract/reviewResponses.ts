import { z } from 'zod';
import type {
  AgreementNumbers,
  AgreementView,
  AttemptReviewView,
  AuditEntry,
  CalibrationItemView,
  CriterionResultView,
  ModerationView,
  QueueItemView,
  QueueView,
  RegradeQueueItem,
  RegradeView,
  ReviewAlertsView,
  ReviewCommentView,
  ReviewItemDetail,
  ReviewView,
  RubricLevelView,
  StudentFeedbackView,
  StudentRef,
} from './review';
import { CheckResultJson } from './work';

/**
 * Response bodies of the review routes (the OpenAPI document of issue 19; under test every
 * real response is held to them), typed against the view types of ./review so tsc proves the
 * two agree. Apart from ./review to keep each file readable; the web imports neither's values.
 * Giving a claim back answers 204 and has none.
 */

const PersonRef = z.object({ id: z.string(), name: z.string() });
const Titled = z.object({ title: z.string() });

const StudentRefJson: z.ZodType<StudentRef> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('named'), name: z.string(), school: z.string() }),
  z.object({ kind: z.literal('pseudonym'), pseudonym: z.string() }),
]);

const MODERATOR_RULES = ['lead', 'reviewer', 'scoring-lead', 'nobody'] as const;
const ModerationJson = z.object({ by: z.enum(MODERATOR_RULES), people: z.array(PersonRef) }) satisfies z.ZodType<ModerationView>;

const QueueItemJson: z.ZodType<QueueItemView> = z.object({
  id: z.string(),
  student: StudentRefJson,
  scenario: z.object({ id: z.string(), slug: z.string(), title: z.string(), version: z.string() }),
  assignment: z.object({ id: z.string(), title: z.string(), course: z.string().nullable() }),
  mode: z.enum(['single', 'double']),
  status: z.enum(['open', 'moderation', 'done']),
  submittedAt: z.iso.datetime(),
  autoScore: z.number(),
  reviewsIn: z.number().int(),
  reviewsNeeded: z.number().int(),
  mine: z.object({ status: z.enum(['claimed', 'submitted']), claimExpiresAt: z.iso.datetime().nullable() }).nullable(),
  claimedByOther: z.boolean(),
  calibration: z.boolean(),
  moderation: ModerationJson.nullable(),
});

const count = z.number().int();
export const QueueResponse: z.ZodType<QueueView> = z.object({
  enterpriseId: z.string(),
  items: z.array(QueueItemJson),
  total: count,
  counts: z.object({ open: count, mine: count, moderation: count, regrades: count, calibration: count, stuck: count }),
  filters: z.object({ scenarios: z.array(z.object({ id: z.string(), title: z.string() })), assignments: z.array(z.object({ id: z.string(), title: z.string() })) }),
  isLead: z.boolean(),
});

const RubricLevelJson: z.ZodType<RubricLevelView> = z.object({ score: z.number(), text: z.string() });

const ReviewCommentJson: z.ZodType<ReviewCommentView> = z.object({
  id: z.string(),
  path: z.string(),
  line: z.number().int(),
  revision: z.number().int(),
  body: z.string(),
  author: z.string().nullable(),
  createdAt: z.iso.datetime(),
});

const ReviewJson: z.ZodType<ReviewView> = z.object({
  id: z.string(),
  kind: z.enum(['primary', 'moderation', 'calibration']),
  reviewer: PersonRef.nullable(),
  status: z.enum(['claimed', 'submitted']),
  scores: z.array(z.object({ criterionId: z.string(), level: z.number().int(), points: z.number() })),
  overallComment: z.string(),
  moderationNote: z.string().nullable(),
  submittedAt: z.iso.datetime().nullable(),
});

const AuditEntryJson: z.ZodType<AuditEntry> = z.object({
  at: z.iso.datetime(),
  actor: z.string().nullable(),
  target: z.object({ kind: z.enum(['criterion', 'check', 'final']), id: z.string(), title: z.string() }),
  from: z.number().nullable(),
  to: z.number(),
  reason: z.string(),
});

const LevelPick = z.object({ criterionId: z.string(), level: z.number().int() });

const ReviewItemDetailJson: z.ZodType<ReviewItemDetail> = z.object({
  enterpriseId: z.string(),
  item: QueueItemJson,
  tasks: z.array(z.object({ id: z.string(), title: z.string(), instructions: z.string() })),
  rubric: z.array(
    z.object({ id: z.string(), task: z.string(), title: z.string(), description: z.string().nullable(), points: z.number(), levels: z.array(RubricLevelJson) }),
  ),
  rubricVersion: z.string(),
  files: z.array(z.object({ path: z.string(), revision: z.number().int(), content: z.string(), starter: z.string().nullable() })),
  checks: z.array(CheckResultJson),
  mine: ReviewJson.nullable(),
  others: z.array(ReviewJson),
  comments: z.array(ReviewCommentJson),
  flagged: z.array(z.string()),
  calibration: z.object({ agreed: z.array(LevelPick), mine: z.array(LevelPick.extend({ difference: z.number() })).nullable() }).nullable(),
  canModerate: z.boolean(),
  moderation: ModerationJson.extend({ noteRequired: z.boolean() }).nullable(),
  audit: z.array(AuditEntryJson),
});
export const ReviewDetailResponse = z.object({ detail: ReviewItemDetailJson });

const CalibrationItemJson: z.ZodType<CalibrationItemView> = z.object({
  itemId: z.string(),
  scenario: Titled,
  student: StudentRefJson,
  scored: z.boolean(),
  differences: z
    .array(z.object({ criterionId: z.string(), title: z.string(), agreed: z.number().int(), yours: z.number().int(), difference: z.number() }))
    .nullable(),
});
export const CalibrationItemsResponse = z.object({ items: z.array(CalibrationItemJson) });

const agreementFields = {
  n: count,
  items: count,
  exactAgreement: z.number().nullable(),
  meanAbsDifference: z.number().nullable(),
  kappa: z.number().nullable(),
  kappaStatus: z.enum(['ok', 'too_few', 'no_variation']),
  kappaMinItems: count,
  kappaInterval: z.object({ low: z.number(), high: z.number() }).nullable(),
};
const AgreementNumbersJson = z.object(agreementFields) satisfies z.ZodType<AgreementNumbers>;

export const AgreementResponse: z.ZodType<AgreementView> = z.object({
  enterpriseId: z.string(),
  scenarios: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      pairs: count,
      overall: AgreementNumbersJson,
      criteria: z.array(z.object({ id: z.string(), title: z.string(), ...agreementFields })),
    }),
  ),
  reviewers: z.array(z.object({ id: z.string(), name: z.string(), ...agreementFields })),
  pairs: z.array(z.object({ a: PersonRef, b: PersonRef, ...agreementFields })),
});

export const ReviewAlertsResponse: z.ZodType<ReviewAlertsView> = z.object({
  enterpriseId: z.string(),
  items: z.array(
    z.object({
      itemId: z.string(),
      scenario: Titled,
      assignment: Titled,
      submittedAt: z.iso.datetime(),
      waitingSince: z.iso.datetime(),
      criteria: count,
      scorers: z.array(z.object({ id: z.string(), name: z.string(), lead: z.boolean() })),
      by: z.enum(['scoring-lead', 'nobody']),
    }),
  ),
  total: count,
  reviewers: count,
});

export const StudentFeedbackResponse: z.ZodType<StudentFeedbackView> = z.object({
  items: z.array(
    z.object({
      attemptId: z.string(),
      scenario: Titled,
      assignment: z.object({ title: z.string(), course: z.string() }),
      releasedAt: z.iso.datetime(),
      finalScore: z.number(),
      reviewScore: z.number().nullable(),
      excerpt: z.string().nullable(),
      truncated: z.boolean(),
      lineComments: count,
    }),
  ),
  total: count,
});

const regradeFields = {
  id: z.string(),
  target: z.object({ kind: z.enum(['criterion', 'check']), id: z.string(), title: z.string() }),
  reason: z.string(),
  status: z.enum(['open', 'accepted', 'declined']),
  reply: z.string().nullable(),
  from: z.number().nullable(),
  to: z.number().nullable(),
  createdAt: z.iso.datetime(),
  resolvedAt: z.iso.datetime().nullable(),
};
const RegradeJson = z.object(regradeFields) satisfies z.ZodType<RegradeView>;

const RegradeQueueItemJson: z.ZodType<RegradeQueueItem> = z.object({
  ...regradeFields,
  itemId: z.string().nullable(),
  student: StudentRefJson,
  scenario: Titled,
  assignment: Titled,
  current: z.number().nullable(),
  max: z.number(),
  levels: z.array(RubricLevelJson).nullable(),
  youReviewed: z.boolean(),
});

export const RegradesResponse = z.object({ requests: z.array(RegradeQueueItemJson), total: count });
export const RegradeDecisionResponse = z.object({ request: RegradeQueueItemJson });
export const RegradeRequestResponse = z.object({ request: RegradeJson });

const CriterionResultJson: z.ZodType<CriterionResultView> = z.object({
  id: z.string(),
  task: z.string(),
  title: z.string(),
  points: z.number(),
  earned: z.number(),
  level: z.number().int().nullable(),
  levelText: z.string().nullable(),
  levels: z.array(RubricLevelJson),
  source: z.enum(['review', 'mean', 'moderation', 'regrade']),
});

/** The review as the student (and their teacher) read it in an attempt (./attempts embeds it). */
export const AttemptReviewJson: z.ZodType<AttemptReviewView> = z.object({
  status: z.enum(['pending', 'released']),
  reviewScore: z.number().nullable(),
  finalScore: z.number().nullable(),
  weights: z.object({ auto: z.number(), review: z.number() }),
  criteria: z.array(CriterionResultJson),
  comments: z.array(ReviewCommentJson),
  overall: z.array(z.object({ reviewer: z.string().nullable(), comment: z.string() })),
  regrade: z.object({ open: z.boolean(), closesAt: z.iso.datetime().nullable(), requests: z.array(RegradeJson) }),
  changes: z.array(AuditEntryJson),
  moderation: z.object({ criteria: count, byScorer: z.boolean(), note: z.string().nullable() }).nullable(),
});
