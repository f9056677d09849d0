import { z } from 'zod';

/** School–enterprise partnerships and the coverage ranking a teacher chooses partners from. */

export const PARTNERSHIP_STATUSES = ['proposed', 'active', 'ended'] as const;
export type PartnershipStatus = (typeof PARTNERSHIP_STATUSES)[number];

export const ProposePartnershipBody = z.object({
  /** The organisation of the other kind to partner with. */
  partnerId: z.string().uuid('must be an organisation id'),
  /** The caller's own organisation; needed only when they administer several of that kind. */
  orgId: z.string().uuid('must be an organisation id').optional(),
});

/** Accept (active) or end (ended) a partnership; `proposed` is reached only by proposing. */
export const UpdatePartnershipBody = z.object({
  status: z.enum(['active', 'ended'], { message: 'must be active (accept) or ended (end)' }),
});

export const PartnerRequestBody = z.object({
  enterpriseId: z.string().uuid('must be an enterprise id'),
});

export const ScenarioVersionsQuery = z.object({
  /** Say assignability for this course's school only (the teacher must teach it). */
  courseId: z.string().uuid('must be a course id').optional(),
});

export type OrgRef = { id: string; name: string };

export type PartnershipView = {
  id: string;
  school: OrgRef;
  enterprise: OrgRef;
  status: PartnershipStatus;
  /** Null for partnerships set up before proposals were recorded. */
  proposedBy: OrgRef | null;
  createdAt: string;
  acceptedAt: string | null;
  endedAt: string | null;
  /** What the caller, as an admin of one side, may do now. */
  canAccept: boolean;
  canEnd: boolean;
  /** The school's teachers read solutions and hidden checks of the enterprise's scenarios. */
  sharesSolutions: boolean;
  /** The caller administers the enterprise side, which decides the sharing. */
  canShare: boolean;
};

export type SuggestedScenario = { scenarioId: string; versionId: string; slug: string; title: string; version: string; public: boolean; covered: string[] };

export type PartnerSuggestion = {
  enterprise: OrgRef;
  /** Share of the course modules' distinct competencies this enterprise's latest versions name, 0..1. */
  coverage: number;
  covered: string[];
  scenarios: SuggestedScenario[];
  partnership: { id: string; status: PartnershipStatus } | null;
};

export type PartnerSuggestions = {
  moduleCompetencies: { code: string; title: string; modules: string[] }[];
  enterprises: PartnerSuggestion[];
  /** Module competencies no enterprise's published scenario covers. */
  uncovered: string[];
  /** Module competencies no active partner of the school covers. */
  uncoveredByPartners: string[];
};

export type ProposePartnershipInput = z.infer<typeof ProposePartnershipBody>;
export type UpdatePartnershipInput = z.infer<typeof UpdatePartnershipBody>;
export type PartnerRequestInput = z.infer<typeof PartnerRequestBody>;

/** An enterprise opens a scenario to every school (or closes it to partners again). */
export const ScenarioVisibilityBody = z.object({ public: z.boolean() });

export const SolutionSharingBody = z.object({ sharesSolutions: z.boolean() });
