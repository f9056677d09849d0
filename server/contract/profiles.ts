import { z } from 'zod';
import type { OrgRef } from './partnerships';

/** Requirement profiles (岗位能力要求) and targeted education (针对性培养), issue 16. */

export const RoleProfilesQuery = z.object({ enterpriseId: z.string().uuid().optional() });

export const PutRoleProfileBody = z.object({
  enterpriseId: z.string().uuid().optional(),
  /** A profile for the role at this base only; without it, for the role at every base of the enterprise. */
  baseId: z.string().uuid().optional(),
  role: z.string().trim().min(1).max(100),
  entries: z.array(z.object({ code: z.string().trim().min(1).max(100), level: z.string().trim().min(1).max(64) })).max(100),
});

export const CreateTargetedBody = z.object({
  placementId: z.string().uuid(),
  /** One of the suggested scenarios; the best suggestion by default. */
  scenarioVersionId: z.string().uuid().optional(),
  reassessOn: z.iso.date(),
});

export type LevelView = { id: string; label: string; min: number };
export type ProfileEntryView = { code: string; title: string; level: LevelView; levels: LevelView[] };

export type RoleProfileView = {
  role: string;
  base: { id: string; name: string } | null;
  entries: ProfileEntryView[];
  updatedAt: string | null;
};

export type RoleProfilesView = {
  enterprise: OrgRef;
  /** The enterprise's bases with their roles, for choosing what a profile is for. */
  bases: { id: string; name: string; roles: string[] }[];
  profiles: RoleProfileView[];
  canEdit: boolean;
  /** For an editor: the levels each competency may be required at (its framework's), by code. */
  levelChoices: Record<string, LevelView[]>;
};

export type ProfileGapView = {
  code: string;
  title: string;
  required: LevelView;
  /** The student's mastery, null when nothing has been assessed yet. */
  value: number | null;
  gap: number;
  meets: boolean;
};

export type PlacementGapsView = {
  placementId: string;
  role: string;
  /** Which profile applies: the base's own, the role's at every base, or none stated. */
  scope: 'base' | 'role' | 'none';
  course: { id: string; title: string } | null;
  /** Null when the placement has no course: there is no record to compare. */
  gaps: ProfileGapView[] | null;
};

export type TargetedScenario = { versionId: string; title: string; covers: string[] };
export type TargetedPlanView = {
  id: string;
  codes: string[];
  assignment: { id: string; title: string } | null;
  reassessOn: string;
  createdBy: string;
  createdAt: string;
  status: 'open' | 'closed';
  closedAt: string | null;
};
export type TargetedRow = {
  placement: { id: string; role: string; base: string; enterprise: string; endsOn: string };
  student: { id: string; name: string };
  gaps: (ProfileGapView & { modules: { id: string; title: string }[] })[];
  scenarios: TargetedScenario[];
  plans: TargetedPlanView[];
};

export type PutRoleProfileInput = z.infer<typeof PutRoleProfileBody>;
export type CreateTargetedInput = z.infer<typeof CreateTargetedBody>;

/*
 * Response bodies (the OpenAPI document of issue 19; under test every real response is held
 * to them), typed against the view types above so tsc proves the two agree.
 */

const LevelJson: z.ZodType<LevelView> = z.object({ id: z.string(), label: z.string(), min: z.number() });

const ProfileGapJson = z.object({
  code: z.string(),
  title: z.string(),
  required: LevelJson,
  value: z.number().nullable(),
  gap: z.number(),
  meets: z.boolean(),
}) satisfies z.ZodType<ProfileGapView>;

export const RoleProfilesResponse: z.ZodType<RoleProfilesView> = z.object({
  enterprise: z.object({ id: z.string(), name: z.string() }),
  bases: z.array(z.object({ id: z.string(), name: z.string(), roles: z.array(z.string()) })),
  profiles: z.array(
    z.object({
      role: z.string(),
      base: z.object({ id: z.string(), name: z.string() }).nullable(),
      entries: z.array(z.object({ code: z.string(), title: z.string(), level: LevelJson, levels: z.array(LevelJson) })),
      updatedAt: z.iso.datetime().nullable(),
    }),
  ),
  canEdit: z.boolean(),
  levelChoices: z.record(z.string(), z.array(LevelJson)),
});

export const PlacementGapsResponse: z.ZodType<PlacementGapsView> = z.object({
  placementId: z.string(),
  role: z.string(),
  scope: z.enum(['base', 'role', 'none']),
  course: z.object({ id: z.string(), title: z.string() }).nullable(),
  gaps: z.array(ProfileGapJson).nullable(),
});

const TargetedRowJson: z.ZodType<TargetedRow> = z.object({
  placement: z.object({ id: z.string(), role: z.string(), base: z.string(), enterprise: z.string(), endsOn: z.iso.date() }),
  student: z.object({ id: z.string(), name: z.string() }),
  gaps: z.array(ProfileGapJson.extend({ modules: z.array(z.object({ id: z.string(), title: z.string() })) })),
  scenarios: z.array(z.object({ versionId: z.string(), title: z.string(), covers: z.array(z.string()) })),
  plans: z.array(
    z.object({
      id: z.string(),
      codes: z.array(z.string()),
      assignment: z.object({ id: z.string(), title: z.string() }).nullable(),
      reassessOn: z.iso.date(),
      createdBy: z.string(),
      createdAt: z.iso.datetime(),
      status: z.enum(['open', 'closed']),
      closedAt: z.iso.datetime().nullable(),
    }) satisfies z.ZodType<TargetedPlanView>,
  ),
});

export const TargetedStudentsResponse = z.object({ students: z.array(TargetedRowJson) });
export const TargetedStudentResponse = z.object({ student: TargetedRowJson });
