import { z } from 'zod';
import type { LevelView } from './competency';
import type { OrgRef } from './partnerships';

/**
 * Talent selection (issue 16, 人才选拔): a student opts in per partner enterprise and chooses
 * what it sees. Their competency levels against the enterprise's role profiles are always part
 * of an opt-in (there is nothing to select on otherwise); their name and school, and their
 * workplace assessments, only when they tick them. Without a current consent the enterprise
 * sees nothing of the student.
 */

export const ConsentShares = z.object({
  /** Name and school; without it the enterprise sees an anonymous candidate. */
  identity: z.boolean(),
  /** Workplace assessment results (competency, level, date, where). */
  assessments: z.boolean(),
});
export type ConsentSharesT = z.infer<typeof ConsentShares>;

export const PutConsentBody = z.object({ shares: ConsentShares });
export const EnterpriseParams = z.object({ enterpriseId: z.string().uuid() });
/** The enterprise's ref for a candidate (per student × enterprise), never the student's user id. */
export const CandidateParams = z.object({ candidateId: z.string().uuid() });

export const CandidatesQuery = z.object({
  role: z.string().trim().min(1).max(100),
  baseId: z.string().uuid().optional(),
  /** Which of the caller's enterprises, when they administer several. */
  enterpriseId: z.string().uuid().optional(),
});

export const ShortlistBody = z.object({
  role: z.string().trim().min(1).max(100),
  note: z.string().trim().max(2000).default(''),
  enterpriseId: z.string().uuid().optional(),
});

export const OptionalEnterpriseQuery = z.object({ enterpriseId: z.string().uuid().optional() });

export const InvitationBody = z.object({
  role: z.string().trim().min(1).max(100),
  baseId: z.string().uuid().optional(),
  at: z.iso.datetime({ offset: true }),
  place: z.string().trim().min(1).max(500),
  message: z.string().trim().max(2000).default(''),
  enterpriseId: z.string().uuid().optional(),
});

export const InvitationAnswerBody = z.object({ answer: z.enum(['accepted', 'declined']) });

export const CONSENT_ACTIONS = ['granted', 'changed', 'revoked'] as const;
export type ConsentAction = (typeof CONSENT_ACTIONS)[number];

export type ConsentView = { shares: ConsentSharesT; grantedAt: string; updatedAt: string };
export type ConsentEntry = { enterprise: OrgRef; school: OrgRef; consent: ConsentView | null };
export type ConsentLogEntry = { id: number; enterprise: OrgRef; action: ConsentAction; shares: ConsentSharesT; by: { id: string; name: string }; at: string };
export type MyConsentsView = { enterprises: ConsentEntry[]; log: ConsentLogEntry[] };

/**
 * meets: every required competency at or above its level. nearlyMeets: every required
 * competency assessed and each at most NEARLY_GAP below its level's minimum. below: the rest.
 * noProfile: the enterprise states no requirements for the role.
 */
export const FITS = ['meets', 'nearlyMeets', 'below', 'noProfile'] as const;
export type Fit = (typeof FITS)[number];
export const NEARLY_GAP = 0.1;

/** A proficiency level of the competency's framework. */
export type LevelRef = LevelView;
export type CandidateCompetency = { code: string; title: string; required: LevelRef; level: LevelRef | null; value: number | null; gap: number; meets: boolean };
export type WorkplaceAssessmentView = { code: string; title: string; level: LevelRef | null; value: number; on: string; enterprise: string; role: string };

export type CandidateView = {
  /** The enterprise's ref for the candidate: another enterprise knows the same student by another one. */
  id: string;
  /** Null when the student shares no name and school. */
  name: string | null;
  school: OrgRef | null;
  shares: ConsentSharesT;
  fit: Fit;
  totalGap: number;
  competencies: CandidateCompetency[];
  /** Null when the student does not share them. */
  assessments: WorkplaceAssessmentView[] | null;
  shortlist: { role: string; note: string; at: string } | null;
};
export type CandidatesView = { enterprise: OrgRef; role: string; baseId: string | null; profileFromBase: boolean; candidates: CandidateView[] };

/** `student.id` is the candidate ref, as in CandidateView. */
export type ShortlistEntry = { student: { id: string; name: string | null; school: OrgRef | null }; role: string; note: string; at: string };

export type InvitationStatus = 'sent' | 'accepted' | 'declined';
export type InvitationView = {
  id: string;
  enterprise: OrgRef;
  /**
   * The student's user id on the student's and school's side; on the enterprise's side their
   * candidate ref, with a null name when they share no identity, and null once they withdrew.
   */
  student: { id: string; name: string | null } | null;
  school: OrgRef | null;
  base: { id: string; name: string } | null;
  role: string;
  at: string;
  place: string;
  message: string;
  /** On the enterprise's side only 'withdrawn' once the student revoked their consent. */
  status: InvitationStatus | 'withdrawn';
  respondedAt: string | null;
  createdAt: string;
};

export type PutConsentInput = z.infer<typeof PutConsentBody>;
export type CandidatesQueryT = z.infer<typeof CandidatesQuery>;
export type ShortlistInput = z.infer<typeof ShortlistBody>;
export type InvitationInput = z.infer<typeof InvitationBody>;

/*
 * Response bodies (the OpenAPI document of issue 19; under test every real response is held
 * to them), typed against the view types above so tsc proves the two agree. Shortlisting and
 * taking off the shortlist answer 204 and have none.
 */

const OrgRefJson: z.ZodType<OrgRef> = z.object({ id: z.string(), name: z.string() });
const LevelJson: z.ZodType<LevelRef> = z.object({ id: z.string(), label: z.string(), min: z.number() });

export const MyConsentsResponse: z.ZodType<MyConsentsView> = z.object({
  enterprises: z.array(
    z.object({
      enterprise: OrgRefJson,
      school: OrgRefJson,
      consent: z.object({ shares: ConsentShares, grantedAt: z.iso.datetime(), updatedAt: z.iso.datetime() }).nullable(),
    }),
  ),
  log: z.array(
    z.object({
      id: z.number().int(),
      enterprise: OrgRefJson,
      action: z.enum(CONSENT_ACTIONS),
      shares: ConsentShares,
      by: z.object({ id: z.string(), name: z.string() }),
      at: z.iso.datetime(),
    }),
  ),
});

const CandidateJson: z.ZodType<CandidateView> = z.object({
  id: z.string(),
  name: z.string().nullable(),
  school: OrgRefJson.nullable(),
  shares: ConsentShares,
  fit: z.enum(FITS),
  totalGap: z.number(),
  competencies: z.array(
    z.object({ code: z.string(), title: z.string(), required: LevelJson, level: LevelJson.nullable(), value: z.number().nullable(), gap: z.number(), meets: z.boolean() }),
  ),
  assessments: z
    .array(z.object({ code: z.string(), title: z.string(), level: LevelJson.nullable(), value: z.number(), on: z.iso.date(), enterprise: z.string(), role: z.string() }))
    .nullable(),
  shortlist: z.object({ role: z.string(), note: z.string(), at: z.iso.datetime() }).nullable(),
});

export const CandidatesResponse: z.ZodType<CandidatesView> = z.object({
  enterprise: OrgRefJson,
  role: z.string(),
  baseId: z.string().nullable(),
  profileFromBase: z.boolean(),
  candidates: z.array(CandidateJson),
});
export const CandidateResponse = z.object({ candidate: CandidateJson });

export const ShortlistResponse = z.object({
  shortlist: z.array(
    z.object({
      student: z.object({ id: z.string(), name: z.string().nullable(), school: OrgRefJson.nullable() }),
      role: z.string(),
      note: z.string(),
      at: z.iso.datetime(),
    }) satisfies z.ZodType<ShortlistEntry>,
  ),
});

const InvitationJson: z.ZodType<InvitationView> = z.object({
  id: z.string(),
  enterprise: OrgRefJson,
  student: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
  school: OrgRefJson.nullable(),
  base: z.object({ id: z.string(), name: z.string() }).nullable(),
  role: z.string(),
  at: z.iso.datetime(),
  place: z.string(),
  message: z.string(),
  status: z.enum(['sent', 'accepted', 'declined', 'withdrawn']),
  respondedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export const TalentInvitationResponse = z.object({ invitation: InvitationJson });
export const TalentInvitationsResponse = z.object({ invitations: z.array(InvitationJson) });
