import { z } from 'zod';
import type { OrgRef } from './partnerships';

/** Training bases of a partnership and the placements of a school's students at them (issue 16). */

const day = z.iso.date();
const names = z.array(z.string().trim().min(1).max(100)).max(50);

export const CreateBaseBody = z.object({
  partnershipId: z.string().uuid(),
  name: z.string().trim().min(1).max(200),
  site: z.string().trim().max(200).default(''),
  roles: names.min(1),
  competencies: names.default([]),
  capacity: z.number().int().min(1).max(10_000),
});

export const UpdateBaseBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    site: z.string().trim().max(200),
    roles: names.min(1),
    competencies: names,
    capacity: z.number().int().min(1).max(10_000),
  })
  .partial();

export const CreatePlacementBody = z.object({
  baseId: z.string().uuid(),
  studentId: z.string().uuid(),
  role: z.string().trim().min(1).max(100),
  startsOn: day,
  endsOn: day,
  weeklyHours: z.number().int().min(1).max(60),
  /** The school mentor; the caller by default. */
  teacherId: z.string().uuid().optional(),
  /** The course whose competency record the placement's assessments feed: the school mentor teaches it, the student is enrolled. */
  courseId: z.string().uuid().optional(),
});

export const PLACEMENT_STATUSES = ['planned', 'active', 'completed', 'cancelled'] as const;
export type PlacementStatus = (typeof PLACEMENT_STATUSES)[number];

export type TrainingBaseView = {
  id: string;
  partnershipId: string;
  school: OrgRef;
  enterprise: OrgRef;
  name: string;
  site: string;
  roles: string[];
  competencies: string[];
  capacity: number;
  createdAt: string;
  updatedAt: string;
};

export type PlacementView = {
  id: string;
  base: { id: string; name: string; enterprise: OrgRef };
  school: OrgRef;
  student: { id: string; name: string };
  teacher: { id: string; name: string };
  enterpriseMentor: { id: string; name: string } | null;
  course: { id: string; title: string } | null;
  role: string;
  startsOn: string;
  endsOn: string;
  weeklyHours: number;
  status: PlacementStatus;
  createdAt: string;
};

export type CreateBaseInput = z.infer<typeof CreateBaseBody>;
export type UpdateBaseInput = z.infer<typeof UpdateBaseBody>;
export type CreatePlacementInput = z.infer<typeof CreatePlacementBody>;

/*
 * Response bodies (the OpenAPI document of issue 19; under test every real response is held
 * to them), typed against the view types above so tsc proves the two agree.
 */

const OrgRefJson = z.object({ id: z.string(), name: z.string() });
const PersonRef = z.object({ id: z.string(), name: z.string() });

const TrainingBaseJson: z.ZodType<TrainingBaseView> = z.object({
  id: z.string(),
  partnershipId: z.string(),
  school: OrgRefJson,
  enterprise: OrgRefJson,
  name: z.string(),
  site: z.string(),
  roles: z.array(z.string()),
  competencies: z.array(z.string()),
  capacity: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const PlacementJson: z.ZodType<PlacementView> = z.object({
  id: z.string(),
  base: z.object({ id: z.string(), name: z.string(), enterprise: OrgRefJson }),
  school: OrgRefJson,
  student: PersonRef,
  teacher: PersonRef,
  enterpriseMentor: PersonRef.nullable(),
  course: z.object({ id: z.string(), title: z.string() }).nullable(),
  role: z.string(),
  startsOn: day,
  endsOn: day,
  weeklyHours: z.number().int(),
  status: z.enum(PLACEMENT_STATUSES),
  createdAt: z.iso.datetime(),
});

export const TrainingBasesResponse = z.object({ bases: z.array(TrainingBaseJson) });
export const TrainingBaseResponse = z.object({ base: TrainingBaseJson });
export const PlacementsResponse = z.object({ placements: z.array(PlacementJson) });
export const PlacementResponse = z.object({ placement: PlacementJson });
