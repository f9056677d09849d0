import { z } from 'zod';
import { DirectoryOrg, OrgView } from './accounts';

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

/*
 * Response bodies of the organisation and partnership routes (the OpenAPI document of issue
 * 19; under test every real response is held to them), typed against the view types above so
 * tsc proves the two agree. Organisations themselves are described in ./accounts.
 */

const OrgRefJson: z.ZodType<OrgRef> = z.object({ id: z.string(), name: z.string() });

const PartnershipJson: z.ZodType<PartnershipView> = z.object({
  id: z.string(),
  school: OrgRefJson,
  enterprise: OrgRefJson,
  status: z.enum(PARTNERSHIP_STATUSES),
  proposedBy: OrgRefJson.nullable(),
  createdAt: z.iso.datetime(),
  acceptedAt: z.iso.datetime().nullable(),
  endedAt: z.iso.datetime().nullable(),
  canAccept: z.boolean(),
  canEnd: z.boolean(),
  sharesSolutions: z.boolean(),
  canShare: z.boolean(),
});

const SuggestedScenarioJson: z.ZodType<SuggestedScenario> = z.object({
  scenarioId: z.string(),
  versionId: z.string(),
  slug: z.string(),
  title: z.string(),
  version: z.string(),
  public: z.boolean(),
  covered: z.array(z.string()),
});

export const OrgsResponse = z.object({ orgs: z.array(OrgView) });
export const OrgDirectoryResponse = z.object({ orgs: z.array(DirectoryOrg) });
export const OrgResponse = z.object({ org: OrgView });
export const PartnershipsResponse = z.object({ partnerships: z.array(PartnershipJson) });
export const PartnershipResponse = z.object({ partnership: PartnershipJson });
/** A teacher's request answers with the partnership's id and status only. */
export const PartnerRequestResponse = z.object({ partnership: z.object({ id: z.string(), status: z.enum(PARTNERSHIP_STATUSES) }) });
export const ScenarioVisibilityResponse = z.object({ scenario: z.object({ id: z.string(), slug: z.string(), public: z.boolean() }) });

export const PartnerSuggestionsResponse: z.ZodType<PartnerSuggestions> = z.object({
  moduleCompetencies: z.array(z.object({ code: z.string(), title: z.string(), modules: z.array(z.string()) })),
  enterprises: z.array(
    z.object({
      enterprise: OrgRefJson,
      coverage: z.number().min(0).max(1),
      covered: z.array(z.string()),
      scenarios: z.array(SuggestedScenarioJson),
      partnership: z.object({ id: z.string(), status: z.enum(PARTNERSHIP_STATUSES) }).nullable(),
    }) satisfies z.ZodType<PartnerSuggestion>,
  ),
  uncovered: z.array(z.string()),
  uncoveredByPartners: z.array(z.string()),
});
