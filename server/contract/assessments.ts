import { z } from 'zod';
import { IdParams } from './accounts';

/** Workplace assessments of a placement (issue 16): points, both mentors' assessments, sign-off. */

export const ASSESSMENT_KINDS = ['mid', 'final'] as const;
export type AssessmentKind = (typeof ASSESSMENT_KINDS)[number];
export type AssessmentSide = 'school' | 'enterprise';

export const AssessmentParams = IdParams.extend({ kind: z.enum(ASSESSMENT_KINDS) });

export const SetPointBody = z.object({ dueOn: z.iso.date() });

export const Rating = z.object({
  code: z.string().trim().min(1).max(100),
  levelId: z.string().trim().min(1).max(64),
  comment: z.string().max(2000).default(''),
});

/** What an assessor writes: a level (and a comment) per competency, and what they observed. */
export const AssessmentContent = z.object({
  ratings: z.array(Rating).max(100),
  evidence: z.string().max(10_000).default(''),
});

export const SaveAssessmentBody = z.object({
  /** The revision the edit was based on: 0 for a first save. A stale one is a conflict. */
  baseRevision: z.number().int().min(0),
  content: AssessmentContent,
});

export const SignAssessmentBody = z.object({
  /** The revision the assessor read before signing: a newer one (another device) is a conflict. */
  revision: z.number().int().min(1),
});

export type AssessmentContentT = z.infer<typeof AssessmentContent>;
export type SaveAssessmentInput = z.infer<typeof SaveAssessmentBody>;

/** A stale save's answer (`details` of the 409): what the server has, to resolve against. */
export type AssessmentConflict = { serverRevision: number; serverContent: AssessmentContentT };

export type AssessmentView = {
  id: string;
  kind: AssessmentKind;
  side: AssessmentSide;
  assessor: { id: string; name: string };
  version: number;
  supersedesId: string | null;
  status: 'draft' | 'signed';
  revision: number;
  content: AssessmentContentT;
  signedAt: string | null;
  signerName: string | null;
  contentHash: string | null;
  updatedAt: string;
};

export type AssessmentPointView = {
  kind: AssessmentKind;
  dueOn: string;
  /** Every version the caller may read, newest first, per side. */
  school: AssessmentView[];
  enterprise: AssessmentView[];
  /** Competencies whose levels differ between both sides' newest signed assessments. */
  disagreements: string[];
};

export type PlacementAssessmentsView = {
  placement: { id: string; student: { id: string; name: string }; startsOn: string; endsOn: string; role: string; baseName: string };
  /** The caller's side as an assessor (null: they read only), and whether they set points. */
  you: { side: AssessmentSide | null; setsPoints: boolean };
  competencies: { code: string; title: string }[];
  levels: { id: string; label: string; min: number }[];
  /** False when the placement has no course: signed assessments then enter no record. */
  feedsRecord: boolean;
  points: AssessmentPointView[];
};

export type AssessmentReminder = {
  placementId: string;
  student: { id: string; name: string };
  kind: AssessmentKind;
  dueOn: string;
  /** The caller's assessment at the point: not started, or a draft not signed yet. */
  state: 'none' | 'draft';
};

/*
 * Response bodies (the OpenAPI document of issue 19; under test every real response is held
 * to them). Each is typed against the view type above, so tsc proves the two agree.
 */

const PersonRef = z.object({ id: z.string(), name: z.string() });

/** Stored content, as the client reads it: the defaults were applied when it was saved. */
const AssessmentContentJson: z.ZodType<AssessmentContentT> = z.object({
  ratings: z.array(z.object({ code: z.string(), levelId: z.string(), comment: z.string() })),
  evidence: z.string(),
});

const AssessmentViewJson: z.ZodType<AssessmentView> = z.object({
  id: z.string(),
  kind: z.enum(ASSESSMENT_KINDS),
  side: z.enum(['school', 'enterprise']),
  assessor: PersonRef,
  version: z.number().int(),
  supersedesId: z.string().nullable(),
  status: z.enum(['draft', 'signed']),
  revision: z.number().int(),
  content: AssessmentContentJson,
  signedAt: z.iso.datetime().nullable(),
  signerName: z.string().nullable(),
  contentHash: z.string().nullable(),
  updatedAt: z.iso.datetime(),
});

const AssessmentPointJson: z.ZodType<AssessmentPointView> = z.object({
  kind: z.enum(ASSESSMENT_KINDS),
  dueOn: z.iso.date(),
  school: z.array(AssessmentViewJson),
  enterprise: z.array(AssessmentViewJson),
  disagreements: z.array(z.string()),
});

const PlacementAssessmentsJson: z.ZodType<PlacementAssessmentsView> = z.object({
  placement: z.object({ id: z.string(), student: PersonRef, startsOn: z.iso.date(), endsOn: z.iso.date(), role: z.string(), baseName: z.string() }),
  you: z.object({ side: z.enum(['school', 'enterprise']).nullable(), setsPoints: z.boolean() }),
  competencies: z.array(z.object({ code: z.string(), title: z.string() })),
  levels: z.array(z.object({ id: z.string(), label: z.string(), min: z.number() })),
  feedsRecord: z.boolean(),
  points: z.array(AssessmentPointJson),
});

const AssessmentReminderJson: z.ZodType<AssessmentReminder> = z.object({
  placementId: z.string(),
  student: PersonRef,
  kind: z.enum(ASSESSMENT_KINDS),
  dueOn: z.iso.date(),
  state: z.enum(['none', 'draft']),
});

export const PlacementAssessmentsResponse = z.object({ assessments: PlacementAssessmentsJson });
export const AssessmentPointResponse = z.object({ point: z.object({ kind: z.enum(ASSESSMENT_KINDS), dueOn: z.iso.date() }) });
export const AssessmentResponse = z.object({ assessment: AssessmentViewJson });
export const AssessmentRemindersResponse = z.object({ reminders: z.array(AssessmentReminderJson) });
