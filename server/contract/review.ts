import { z } from 'zod';
import type { CheckResultView, WorkspaceFile } from './work';

/**
 * Enterprise review: the queue, the review page, scores, comments, agreement and regrades.
 * Wire shapes shared by the server and the web (the web imports types only).
 *
 * Identity rule: wherever a payload names the student it uses `StudentRef`; under blind
 * review that is a pseudonym stable per assignment and carries no id, name or email.
 */

const uuid = z.string().uuid();

export const QUEUE_STATUSES = ['open', 'mine', 'moderation', 'done'] as const;

export const QueueQuery = z.object({
  enterpriseId: uuid.optional(),
  status: z.enum(QUEUE_STATUSES).default('open'),
  scenarioId: uuid.optional(),
  assignmentId: uuid.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const EnterpriseQuery = z.object({ enterpriseId: uuid.optional(), scenarioId: uuid.optional() });

const comment = z
  .string()
  .trim()
  .max(5_000, 'must be at most 5000 characters')
  .refine((c) => !c.includes('\u0000'), 'must not contain NUL characters');

export const LevelScore = z.object({ criterionId: z.string().min(1).max(64), level: z.number().int().min(0).max(20) });

export const LineComment = z.object({
  path: z.string().min(1).max(300),
  line: z.number().int().min(1).max(1_000_000),
  body: comment.pipe(z.string().min(1, 'field.empty')),
});

export const SubmitReviewBody = z.object({
  scores: z.array(LevelScore).max(200),
  comments: z.array(LineComment).max(500).default([]),
  overallComment: comment.default(''),
  /**
   * Moderation by a lead who scored the work themselves (nobody independent could): why, on
   * the record. Required then, refused otherwise.
   */
  moderationNote: comment.optional(),
});

export { MODERATION_NOTE_MIN } from './constants';

export const CalibrationBody = z.object({ scores: z.array(LevelScore).min(1).max(200) });

export const RegradeRequestBody = z.object({
  target: z.object({ kind: z.enum(['criterion', 'check']), id: z.string().min(1).max(64) }),
  reason: comment.pipe(z.string().min(10, 'field.sayWhyAtLeast')),
});

export const RegradeDecisionBody = z
  .object({
    decision: z.enum(['accept', 'decline']),
    /** For a criterion: the new level index. */
    level: z.number().int().min(0).max(20).optional(),
    /** For a check: the new points earned. */
    points: z.number().min(0).max(100_000).optional(),
    reply: comment.pipe(z.string().min(1, 'field.tellStudentWhy')),
  })
  .refine((b) => b.decision === 'decline' || b.level !== undefined || b.points !== undefined, {
    message: 'field.acceptNeedsValue',
    path: ['level'],
  });

export const RegradeQuery = z.object({
  enterpriseId: uuid.optional(),
  status: z.enum(['open', 'resolved']).default('open'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const EnterpriseRef = z.object({ enterpriseId: uuid });

export const AlertsQuery = z.object({ enterpriseId: uuid.optional() });

export const StudentFeedbackQuery = z.object({ limit: z.coerce.number().int().min(1).max(20).default(3) });

/** The student as a reviewer may see them. */
export type StudentRef = { kind: 'named'; name: string; school: string } | { kind: 'pseudonym'; pseudonym: string };

/** `stuck`: items in moderation that no reviewer who did not score them can settle. */
export type QueueCounts = { open: number; mine: number; moderation: number; regrades: number; calibration: number; stuck: number };

/**
 * Who may settle a disagreement: a lead who did not score the work; failing that any reviewer
 * who did not; failing that (nobody independent is left) a lead who scored it, with a note on
 * the record; or nobody until an admin adds a reviewer or makes a scorer a lead.
 */
export type ModeratorRule = 'lead' | 'reviewer' | 'scoring-lead' | 'nobody';
export type ModerationView = { by: ModeratorRule; people: { id: string; name: string }[] };

export type QueueItemView = {
  id: string;
  student: StudentRef;
  scenario: { id: string; slug: string; title: string; version: string };
  assignment: { id: string; title: string; course: string | null };
  mode: 'single' | 'double';
  status: 'open' | 'moderation' | 'done';
  submittedAt: string;
  autoScore: number;
  /** Reviews submitted / needed. */
  reviewsIn: number;
  reviewsNeeded: number;
  /** The caller's own claim or review on it. */
  mine: { status: 'claimed' | 'submitted'; claimExpiresAt: string | null } | null;
  /** Someone else holds an unexpired claim on the last free slot. */
  claimedByOther: boolean;
  calibration: boolean;
  /** In moderation: who may settle it (null otherwise). */
  moderation: ModerationView | null;
};

export type QueueView = {
  enterpriseId: string;
  items: QueueItemView[];
  total: number;
  counts: QueueCounts;
  filters: { scenarios: { id: string; title: string }[]; assignments: { id: string; title: string }[] };
  isLead: boolean;
};

export type RubricLevelView = { score: number; text: string };
export type RubricCriterionView = { id: string; task: string; title: string; description: string | null; points: number; levels: RubricLevelView[] };

export type ReviewCommentView = { id: string; path: string; line: number; revision: number; body: string; author: string | null; createdAt: string };

export type ReviewView = {
  id: string;
  kind: 'primary' | 'moderation' | 'calibration';
  /** null when the reviewer must stay anonymous to the reader. */
  reviewer: { id: string; name: string } | null;
  status: 'claimed' | 'submitted';
  scores: { criterionId: string; level: number; points: number }[];
  overallComment: string;
  /** A moderation by someone who also scored the work: their note on why. */
  moderationNote: string | null;
  submittedAt: string | null;
};

export type ReviewFile = WorkspaceFile & { starter: string | null };

export type ReviewItemDetail = {
  /** The enterprise whose queue room carries this item's changes. */
  enterpriseId: string;
  item: QueueItemView;
  tasks: { id: string; title: string; instructions: string }[];
  rubric: RubricCriterionView[];
  /** Rubric version: the hash of the rubric snapshot this item is scored against. */
  rubricVersion: string;
  files: ReviewFile[];
  /** Every check, hidden ones included, with their messages. */
  checks: CheckResultView[];
  mine: ReviewView | null;
  /** The other reviews, shown once every independent review is in (never before). */
  others: ReviewView[];
  comments: ReviewCommentView[];
  /** Double review: criteria whose two scores differ by more than the threshold. */
  flagged: string[];
  /** Calibration: the agreed levels, shown to a reviewer after they scored it. */
  calibration: { agreed: { criterionId: string; level: number }[]; mine: { criterionId: string; level: number; difference: number }[] | null } | null;
  canModerate: boolean;
  /** In moderation: who may settle it, and whether the caller must leave a note to. */
  moderation: (ModerationView & { noteRequired: boolean }) | null;
  audit: AuditEntry[];
};

/** One score change after release. Criterion and check scores are points; the final score is 0..1. */
export type AuditEntry = {
  at: string;
  actor: string | null;
  target: { kind: 'criterion' | 'check' | 'final'; id: string; title: string };
  from: number | null;
  to: number;
  reason: string;
};

export type CriterionResultView = {
  id: string;
  task: string;
  title: string;
  points: number;
  earned: number;
  level: number | null;
  levelText: string | null;
  levels: RubricLevelView[];
  source: 'review' | 'mean' | 'moderation' | 'regrade';
};

export type RegradeView = {
  id: string;
  target: { kind: 'criterion' | 'check'; id: string; title: string };
  reason: string;
  status: 'open' | 'accepted' | 'declined';
  reply: string | null;
  from: number | null;
  to: number | null;
  createdAt: string;
  resolvedAt: string | null;
};

/** What the student (and their teacher) see of the review once the grade is released. */
export type AttemptReviewView = {
  status: 'pending' | 'released';
  reviewScore: number | null;
  finalScore: number | null;
  weights: { auto: number; review: number };
  criteria: CriterionResultView[];
  comments: ReviewCommentView[];
  overall: { reviewer: string | null; comment: string }[];
  regrade: { open: boolean; closesAt: string | null; requests: RegradeView[] };
  changes: AuditEntry[];
  /** Two reviewers disagreed and someone settled it; `note` when that someone had scored the work too. */
  moderation: { criteria: number; byScorer: boolean; note: string | null } | null;
};

/** One released review on the student's home: what, how well, the start of what the reviewer said. */
export type StudentFeedbackItem = {
  attemptId: string;
  scenario: { title: string };
  assignment: { title: string; course: string };
  releasedAt: string;
  finalScore: number;
  reviewScore: number | null;
  /** The first overall comment, cut at a word near 240 characters; null when nobody wrote one. */
  excerpt: string | null;
  truncated: boolean;
  lineComments: number;
};
export type StudentFeedbackView = { items: StudentFeedbackItem[]; total: number };

/** Disagreements nobody independent can settle, for the enterprise's admins and lead reviewers. */
export type ReviewAlert = {
  itemId: string;
  scenario: { title: string };
  assignment: { title: string };
  submittedAt: string;
  waitingSince: string;
  criteria: number;
  scorers: { id: string; name: string; lead: boolean }[];
  by: Extract<ModeratorRule, 'scoring-lead' | 'nobody'>;
};
export type ReviewAlertsView = { enterpriseId: string; items: ReviewAlert[]; total: number; reviewers: number };

export type RegradeQueueItem = RegradeView & {
  itemId: string | null;
  student: StudentRef;
  scenario: { title: string };
  assignment: { title: string };
  current: number | null;
  max: number;
  levels: RubricLevelView[] | null;
  /** You scored this work: another reviewer should decide when there is one. */
  youReviewed: boolean;
};

export type CalibrationItemView = {
  itemId: string;
  scenario: { title: string };
  student: StudentRef;
  scored: boolean;
  /** Per criterion: your level minus the agreed level (after you scored). */
  differences: { criterionId: string; title: string; agreed: number; yours: number; difference: number }[] | null;
};

export type AgreementView = {
  enterpriseId: string;
  scenarios: {
    id: string;
    title: string;
    pairs: number;
    overall: AgreementNumbers;
    criteria: ({ id: string; title: string } & AgreementNumbers)[];
  }[];
  reviewers: ({ id: string; name: string } & AgreementNumbers)[];
  pairs: ({ a: { id: string; name: string }; b: { id: string; name: string } } & AgreementNumbers)[];
};

/**
 * `n` pairs of levels from `items` double-reviewed submissions. Kappa is given only from
 * `kappaMinItems` submissions on (2k², k the most levels a criterion here has: Cicchetti 1981);
 * `kappaStatus` says why it is missing. `kappaInterval` (95 %) only where each submission gives
 * one pair (a single criterion), since its standard error assumes independent pairs.
 */
export type AgreementNumbers = {
  n: number;
  items: number;
  exactAgreement: number | null;
  meanAbsDifference: number | null;
  kappa: number | null;
  kappaStatus: 'ok' | 'too_few' | 'no_variation';
  kappaMinItems: number;
  kappaInterval: { low: number; high: number } | null;
};

/** Pushed to the enterprise's queue room. Counts are the enterprise's (not the reader's own: refetch the queue for those). */
/** `reviewers`: someone became or stopped being a reviewer or lead, which can settle or strand a moderation. */
export type QueueChangeReason = 'submitted' | 'claimed' | 'released' | 'reviewed' | 'calibration' | 'regrade' | 'reviewers';
/** Admins who do not review hear the same event in the enterprise's alerts room, with `item` null. */
export type QueueChanged = { enterpriseId: string; reason: QueueChangeReason; counts: Pick<QueueCounts, 'open' | 'moderation' | 'regrades' | 'stuck'>; item: QueueItemView | null };

export type QueueQueryInput = z.infer<typeof QueueQuery>;
export type SubmitReviewInput = z.infer<typeof SubmitReviewBody>;
export type RegradeRequestInput = z.infer<typeof RegradeRequestBody>;
export type RegradeDecisionInput = z.infer<typeof RegradeDecisionBody>;
