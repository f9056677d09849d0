import { z } from 'zod';
import { PASSWORD_MIN } from './constants';
import { PLACEMENT_STATUSES, type PlacementStatus } from './placements';

/** A placement's enterprise mentor, the one-time invitation of an external mentor, and its lifecycle (issue 16). */

export const NameMentorBody = z.object({ userId: z.string().uuid() });

export const InviteMentorBody = z.object({
  name: z.string().trim().min(1).max(200),
  email: z.string().trim().toLowerCase().max(254).pipe(z.email()),
});

/** Any text: a malformed token is answered as an unknown one, so nothing tells them apart. */
export const InvitationParams = z.object({ token: z.string().max(200) });

export const AcceptInvitationBody = z.object({
  /** The new account's password; not needed when the invitee is signed in as the invited account already. */
  password: z.string().min(PASSWORD_MIN).max(1024).optional(),
});

export const PlacementParams = z.object({ id: z.string().uuid('must be an id') });

export const UpdatePlacementBody = z
  .object({
    status: z.enum(PLACEMENT_STATUSES),
    startsOn: z.iso.date(),
    endsOn: z.iso.date(),
    weeklyHours: z.number().int().min(1).max(60),
  })
  .partial()
  .strict();

/** Where a placement may go from each status: forward through the period, or called off before it ends. */
export const STATUS_TRANSITIONS: Record<PlacementStatus, readonly PlacementStatus[]> = {
  planned: ['active', 'cancelled'],
  active: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

export type MentorCandidate = { id: string; name: string };

/** The link is shown once, to hand over; only its hash is kept. */
export type CreatedInvitation = { id: string; name: string; email: string; expiresAt: string; token: string; path: string };

/** What a link's holder learns before accepting: who invites them, for whom, where and when. Nothing more. */
export type InvitationPreview = {
  inviter: string;
  student: string;
  base: string;
  enterprise: string;
  startsOn: string;
  endsOn: string;
};

/** Pushed to a placement's room: its status, dates, hours or mentor changed. */
export type PlacementChanged = { placementId: string };

export const PlacementJoin = z.object({ placementId: z.string().uuid() });

export type NameMentorInput = z.infer<typeof NameMentorBody>;
export type InviteMentorInput = z.infer<typeof InviteMentorBody>;
export type UpdatePlacementInput = z.infer<typeof UpdatePlacementBody>;

/*
 * Response bodies (the OpenAPI document of issue 19; under test every real response is held
 * to them), typed against the view types above so tsc proves the two agree. Updating a
 * placement and naming its mentor answer with PlacementResponse (./placements); accepting an
 * invitation answers with the new session (SessionView, ./accounts).
 */

export const MentorCandidatesResponse = z.object({ mentors: z.array(z.object({ id: z.string(), name: z.string() }) satisfies z.ZodType<MentorCandidate>) });

export const CreatedInvitationResponse = z.object({
  invitation: z.object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    expiresAt: z.iso.datetime(),
    token: z.string(),
    path: z.string(),
  }) satisfies z.ZodType<CreatedInvitation>,
});

export const InvitationPreviewResponse = z.object({
  invitation: z.object({
    inviter: z.string(),
    student: z.string(),
    base: z.string(),
    enterprise: z.string(),
    startsOn: z.iso.date(),
    endsOn: z.iso.date(),
  }) satisfies z.ZodType<InvitationPreview>,
});
